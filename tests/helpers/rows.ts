// Sheet rows for the pure planners' tests: every column present, with overrides.
import { blankRow, type Row } from '../../shared/schema';

export function coachRow(over: Partial<Row<'Coaches'>> = {}): Row<'Coaches'> {
  return blankRow('Coaches', {
    coach_id: 'co1',
    name: 'Ana Rivera',
    email: 'ana@example.org',
    role: 'coach',
    token_hash: 'h',
    active: true,
    ...over,
  });
}

export function clientRow(over: Partial<Row<'Clients'>> = {}): Row<'Clients'> {
  return blankRow('Clients', {
    client_id: 'c1',
    name: 'Maya Thompson',
    email: 'maya@example.org',
    organization: 'Lincoln MS',
    coach_id: 'co1',
    stage: 'active',
    cadence_days: 14,
    reminders: true,
    ...over,
  });
}

export function itemRow(over: Partial<Row<'ActionItems'>> = {}): Row<'ActionItems'> {
  return blankRow('ActionItems', {
    item_id: 'i1',
    session_id: 's1',
    client_id: 'c1',
    owner: 'client',
    text: 'Try a timer',
    status: 'open',
    reminder_count: 0,
    ...over,
  });
}

export { seededRandom } from '../../shared/random';
