// Sheet rows for the pure planners' tests: every column present, with overrides; and a preparation
// answer as the cells of a Prep row, for TestProgram.write.
import { blankRow, columnsOf, type Row } from '../../shared/schema';

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

/**
 * A client's preparation answer as the form writes it, as the cells of a Prep row (the empty ones ''):
 * submitted at 14:00 UTC on `day`, rated 4, with a testimonial shared with leaders or not; `more` fills
 * other columns.
 */
export function prepAnswer(
  prepId: string,
  clientId: string,
  day: string,
  testimonial: string,
  consent: boolean,
  more: Partial<Record<'wins' | 'challenges' | 'want_from_next', string>> = {},
): unknown[] {
  const answer: Record<string, unknown> = {
    prep_id: prepId,
    client_id: clientId,
    submitted_at: new Date(`${day}T14:00:00Z`),
    progress_rating: 4,
    testimonial,
    share_consent: consent,
    ...more,
  };
  return columnsOf('Prep').map((column) => answer[column] ?? '');
}

export { seededRandom } from '../../shared/random';
