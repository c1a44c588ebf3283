// Progress metrics' context: the filtered rows, indexed by client, and the window (see definitions.ts).
import { dayCounter, mondayOf, type DayOf } from '../dates';
import { STAGES, type Stage } from '../schema';
import type { Client, Coach, Goal, Item, MetricsFilter, MetricsInput, Milestone, Package, Prep, Session, StageChange } from './definitions';
import { DEFAULT_WEEKS, isDeletedSession, MAX_WINDOW_WEEKS } from './rules';

interface Span {
  from: number;
  to: number;
}

export interface Context {
  today: number;
  dayOf: DayOf;
  range: Span;
  window: Span & { firstMonday: number; weeks: number };
  coachById: Map<string, Coach>;
  /** Clients kept by the filter (coach and organization), by name. */
  clients: Client[];
  /** Clients of the filter's organization, whatever their coach: their sessions may be held by a kept coach. */
  orgClients: Client[];
  sessionsOf: Map<string, Session[]>;
  itemsOf: Map<string, ItemFacts[]>;
  goalsOf: Map<string, Goal[]>;
  prepOf: Map<string, Prep[]>;
  /** Last session day on or before today, and on or before today − 7, per kept client. */
  lastSeen: Map<string, { now: number | null; weekAgo: number | null }>;
  /** Per kept client: the first day it entered each stage (see "Pipeline"). */
  entered: Map<string, Map<Stage, number>>;
  /** Per kept client: days from first outreach to active, and the day it became active. */
  toActive: Map<string, { days: number; activeDay: number }>;
  packagesOf: Map<string, Package[]>;
  milestonesOf: Map<string, Milestone[]>;
  filter: MetricsFilter;
}

/** The first day each stage was entered, from the client's StageHistory rows (see "Pipeline"). */
function enteredStages(client: Client, history: readonly StageChange[] | undefined, dayOf: DayOf): Map<Stage, number> {
  const entered = new Map<Stage, number>();
  if (!history?.length) {
    const day = dayOf(client.created_at);
    if (STAGES.includes(client.stage as Stage) && day !== null) entered.set(client.stage as Stage, day);
    return entered;
  }
  for (const h of history) {
    const day = dayOf(h.changed_at);
    if (day === null || !STAGES.includes(h.to_stage as Stage)) continue;
    const seen = entered.get(h.to_stage as Stage);
    if (seen === undefined || day < seen) entered.set(h.to_stage as Stage, day);
  }
  return entered;
}

/** Days from the first outreach to the first entry into active on or after it (see "Time to active"). */
function timeToActive(
  sessions: readonly Session[] | undefined,
  history: readonly StageChange[] | undefined,
  entered: Map<Stage, number>,
  dayOf: DayOf,
): { days: number; activeDay: number } | null {
  let start: number | null = null;
  for (const s of sessions ?? []) {
    const day = s.kind === 'outreach' ? dayOf(s.started_at) : null;
    if (day !== null && (start === null || day < start)) start = day;
  }
  if (start === null) {
    const days = [entered.get('prospect'), entered.get('contacted')].filter((d): d is number => d !== undefined);
    start = days.length ? Math.min(...days) : null;
  }
  if (start === null) return null;
  let active: number | null = null;
  for (const h of history ?? []) {
    const day = h.to_stage === 'active' ? dayOf(h.changed_at) : null;
    if (day !== null && day >= start && (active === null || day < active)) active = day;
  }
  return active === null ? null : { days: active - start, activeDay: active };
}

function groupBy<T extends { client_id: string }>(rows: readonly T[], keep: ReadonlyMap<string, unknown>): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    if (!keep.has(row.client_id)) continue;
    const list = map.get(row.client_id);
    if (list) list.push(row);
    else map.set(row.client_id, [row]);
  }
  return map;
}

function inOrganization(client: Client, filter: MetricsFilter): boolean {
  const org = filter.organization?.trim().toLowerCase();
  return org === undefined || String(client.organization).trim().toLowerCase() === org;
}

export const keepsCoach = (coachId: string, filter: MetricsFilter) => filter.coachId === undefined || coachId === filter.coachId;

function windowOf(today: number, from: number | null, to: number | null): Context['window'] {
  const end = to ?? (from === null ? mondayOf(today) + 6 : today);
  const start = from ?? mondayOf(end) - (DEFAULT_WEEKS - 1) * 7;
  const firstMonday = mondayOf(start);
  const weeks = end < start ? 0 : (mondayOf(end) - firstMonday) / 7 + 1;
  if (weeks > MAX_WINDOW_WEEKS) throw new RangeError('metrics: choose a range of at most 10 years.');
  return { from: start, to: end, firstMonday, weeks };
}

export function prepare(input: MetricsInput): Context {
  const filter = input.filter ?? {};
  const dayOf = dayCounter(input.timeZone);
  const today = dayOf(input.now);
  if (today === null) throw new Error('metrics: `now` is not a valid date');
  const from = filter.from === undefined ? null : dayOf(filter.from);
  const to = filter.to === undefined ? null : dayOf(filter.to);
  const orgClients = input.clients.filter((c) => inOrganization(c, filter));
  orgClients.sort((a, b) => a.name.localeCompare(b.name) || a.client_id.localeCompare(b.client_id));
  const clients = orgClients.filter((c) => keepsCoach(c.coach_id, filter));
  const byId = new Map(clients.map((c) => [c.client_id, c]));
  // A deleted session keeps its row with deleted_at set; every figure ignores it.
  const held = input.sessions.filter((s) => !isDeletedSession(s));
  const sessionsOf = groupBy(held, new Map(orgClients.map((c) => [c.client_id, c])));
  const historyOf = groupBy(input.stageHistory ?? [], byId);
  const entered = new Map<string, Map<Stage, number>>();
  const toActive = new Map<string, { days: number; activeDay: number }>();
  for (const c of clients) {
    const stages = enteredStages(c, historyOf.get(c.client_id), dayOf);
    entered.set(c.client_id, stages);
    const t = timeToActive(sessionsOf.get(c.client_id), historyOf.get(c.client_id), stages, dayOf);
    if (t) toActive.set(c.client_id, t);
  }
  const lastSeen = new Map<string, { now: number | null; weekAgo: number | null }>();
  for (const c of clients) {
    let now: number | null = null;
    let weekAgo: number | null = null;
    for (const s of sessionsOf.get(c.client_id) ?? []) {
      const day = dayOf(s.started_at);
      if (day === null || day > today) continue;
      if (now === null || day > now) now = day;
      if (day <= today - 7 && (weekAgo === null || day > weekAgo)) weekAgo = day;
    }
    lastSeen.set(c.client_id, { now, weekAgo });
  }
  return {
    today,
    dayOf,
    filter,
    range: { from: from ?? -Infinity, to: to ?? Infinity },
    window: windowOf(today, from, to),
    coachById: new Map(input.coaches.map((c) => [c.coach_id, c])),
    clients,
    orgClients,
    sessionsOf,
    lastSeen,
    itemsOf: groupBy(
      input.items.filter((i) => byId.has(i.client_id)).map((row) => itemFacts(row, dayOf)),
      byId,
    ),
    goalsOf: groupBy(input.goals, byId),
    prepOf: groupBy(input.prep, byId),
    entered,
    toActive,
    packagesOf: groupBy(input.packages ?? [], byId),
    milestonesOf: groupBy(input.milestones ?? [], byId),
  };
}

export const within = (day: number | null, span: Span): day is number => day !== null && day >= span.from && day <= span.to;

/** An item with its days worked out once. */
export interface ItemFacts {
  client_id: string;
  row: Item;
  due: number | null;
  created: number | null;
  /** The day it stopped being open: completed_at (else updated_at) when done, updated_at when derailed or dropped. */
  closed: number | null;
}

function itemFacts(row: Item, dayOf: DayOf): ItemFacts {
  const closed =
    row.status === 'done'
      ? (dayOf(row.completed_at) ?? dayOf(row.updated_at))
      : row.status === 'derailed' || row.status === 'dropped'
        ? dayOf(row.updated_at)
        : null;
  return { client_id: row.client_id, row, due: dayOf(row.due_date), created: dayOf(row.created_at), closed };
}
