import type { LastSession, SyncAnswer } from '../../../shared/api';
import { isOpenItem } from '../../../shared/items';
import type { Row, TabName } from '../../../shared/schema';
import { seesAllClients } from '../auth';
import { loadSettings } from '../settings';
import { findRecords, openTable, readTable, toWire } from '../sheet';
import type { OpContext } from './context';

/** How many of each client's latest sessions `lastSessions` carries (the debrief shows the newest). */
export const LAST_SESSIONS_PER_CLIENT = 3;

/**
 * The clients the coach may see, their goals, milestones and packages, open action items, each client's
 * latest preparation, the caller's own latest sessions per client (never another coach's notes, whatever
 * the caller's role) and the program settings the panel follows.
 * A coach's sync reads only their clients' rows (keyed lookups by coach_id, then client_id); leaders
 * and admins see every client, so theirs reads those tabs whole.
 */
export function sync({ ss, coach }: OpContext<'sync'>): SyncAnswer {
  const all = seesAllClients(coach);
  const clients = all
    ? readTable(ss, 'Clients').rows.filter((c) => c.client_id)
    : findRecords(openTable(ss, 'Clients'), 'coach_id', [coach.coach_id])
        .map((l) => l.record)
        .filter((c) => c.client_id);
  const ids = clients.map((c) => c.client_id);
  const visible = new Set(ids);
  const ofClients = <T extends TabName>(tab: T): Row<T>[] => {
    const rows = all ? readTable(ss, tab).rows : findRecords(openTable(ss, tab), 'client_id' as never, ids).map((l) => l.record);
    return rows.filter((r) => visible.has((r as { client_id: string }).client_id));
  };
  const goals = ofClients('Goals');
  const milestones = ofClients('Milestones');
  const packages = ofClients('Packages');
  const openItems = ofClients('ActionItems').filter((i) => isOpenItem(i));
  const settings = loadSettings(ss);
  const latest = new Map<string, Row<'Prep'>>();
  for (const prep of ofClients('Prep')) {
    const seen = latest.get(prep.client_id);
    if (!seen || time(prep.submitted_at) > time(seen.submitted_at)) latest.set(prep.client_id, prep);
  }
  const own = new Map<string, Row<'Sessions'>[]>();
  // Only the caller's own sessions, found by coach_id (never another coach's notes, whatever the role).
  for (const { record: s } of findRecords(openTable(ss, 'Sessions'), 'coach_id', [coach.coach_id])) {
    if (!visible.has(s.client_id) || s.deleted_at !== '') continue;
    const list = own.get(s.client_id) ?? [];
    list.push(s);
    own.set(s.client_id, list);
  }
  const lastSessions: LastSession[] = [];
  for (const list of own.values()) {
    list.sort((a, b) => time(b.started_at) - time(a.started_at));
    for (const s of list.slice(0, LAST_SESSIONS_PER_CLIENT)) {
      const wire = toWire<'Sessions'>(s);
      lastSessions.push({
        session_id: wire.session_id,
        client_id: wire.client_id,
        started_at: wire.started_at,
        kind: wire.kind,
        notes: wire.notes,
        confidential: wire.confidential,
      });
    }
  }
  return {
    clients: clients.map((r) => toWire<'Clients'>(r)),
    goals: goals.map((r) => toWire<'Goals'>(r)),
    milestones: milestones.map((r) => toWire<'Milestones'>(r)),
    packages: packages.map((r) => toWire<'Packages'>(r)),
    openItems: openItems.map((r) => toWire<'ActionItems'>(r)),
    latestPrep: [...latest.values()].map((r) => toWire<'Prep'>(r)),
    lastSessions,
    settings: {
      confidentialByDefault: settings.confidential_by_default,
      maxOpenItems: settings.max_open_items,
      clientSignoff: settings.client_signoff,
    },
  };
}

function time(value: Date | ''): number {
  return value instanceof Date ? value.getTime() : 0;
}
