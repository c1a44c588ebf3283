import type { SyncAnswer } from '../../../shared/api';
import { OPEN_ITEM_STATUSES, type Row } from '../../../shared/schema';
import { seesAllClients } from '../auth';
import { loadSettings } from '../settings';
import { readTable, toWire } from '../sheet';
import type { OpContext } from './context';

/**
 * The clients the coach may see, their goals, milestones and packages, open action items, each client's
 * latest preparation, and the program settings the panel follows.
 */
export function sync({ ss, coach }: OpContext<'sync'>): SyncAnswer {
  const all = seesAllClients(coach);
  const clients = readTable(ss, 'Clients').rows.filter((c) => c.client_id && (all || c.coach_id === coach.coach_id));
  const visible = new Set(clients.map((c) => c.client_id));
  const goals = readTable(ss, 'Goals').rows.filter((g) => visible.has(g.client_id));
  const milestones = readTable(ss, 'Milestones').rows.filter((m) => visible.has(m.client_id));
  const packages = readTable(ss, 'Packages').rows.filter((p) => visible.has(p.client_id));
  const openItems = readTable(ss, 'ActionItems').rows.filter(
    (i) => visible.has(i.client_id) && OPEN_ITEM_STATUSES.includes(i.status as never),
  );
  const settings = loadSettings(ss);
  const latest = new Map<string, Row<'Prep'>>();
  for (const prep of readTable(ss, 'Prep').rows) {
    if (!visible.has(prep.client_id)) continue;
    const seen = latest.get(prep.client_id);
    if (!seen || time(prep.submitted_at) > time(seen.submitted_at)) latest.set(prep.client_id, prep);
  }
  return {
    clients: clients.map((r) => toWire<'Clients'>(r)),
    goals: goals.map((r) => toWire<'Goals'>(r)),
    milestones: milestones.map((r) => toWire<'Milestones'>(r)),
    packages: packages.map((r) => toWire<'Packages'>(r)),
    openItems: openItems.map((r) => toWire<'ActionItems'>(r)),
    latestPrep: [...latest.values()].map((r) => toWire<'Prep'>(r)),
    settings: { confidentialByDefault: settings.confidential_by_default, maxOpenItems: settings.max_open_items },
  };
}

function time(value: Date | ''): number {
  return value instanceof Date ? value.getTime() : 0;
}
