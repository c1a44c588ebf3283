// The client's engagement as the panel shows and changes it (PRODUCT.md: Clients' stage, cadence and
// package; Packages; Goals with milestones and measures; `updateClient` and capture's `client`/`goals`).
// Pure functions over the cached `sync` answer, plus one storage step that keeps the cache true after
// a change, before the web app answers (the next `sync` replaces the whole cache).
import { CLIENT_MADE_ID } from '../../shared/api';
import { DAY_MS } from '../../shared/dates';
import { RENEWAL_DAYS } from '../../shared/metrics';
import { blankWireRow, STAGES, type Stage, type WireRow } from '../../shared/schema';
import type { RequestFields } from './api';
import { dayOf } from './format';
import { withLock } from './lock';
import { syncCacheItem, type SyncCache } from './storage';

/** The fields of an `updateClient` request as queued (without v/op/token). */
export type ClientUpdate = RequestFields<'updateClient'>;
export type ClientChangeInput = NonNullable<ClientUpdate['client']>;
export type GoalChangeInput = NonNullable<ClientUpdate['goals']>[number];

export const STAGE_LABELS: Record<Stage, string> = {
  prospect: 'Prospect',
  contacted: 'Contacted',
  breakthrough: 'Breakthrough',
  active: 'Active',
  maintenance: 'Maintenance',
  closed: 'Closed',
};

/** An id for a goal or milestone made here, as the web app wants them (1–64 of A-Za-z0-9_-). */
export function makeId(prefix: 'g' | 'm'): string {
  const id = `${prefix}_${crypto.randomUUID().replace(/-/g, '')}`;
  if (!CLIENT_MADE_ID.test(id)) throw new Error(`Made an id the web app would refuse: ${id}`);
  return id;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A day plus some days (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface GoalView {
  goal: WireRow<'Goals'>;
  milestones: WireRow<'Milestones'>[];
}

export interface Engagement {
  client: WireRow<'Clients'>;
  stage: Stage | '';
  /** The active package's days, or null when the client has none. */
  pkg: { start: string; end: string; daysLeft: number | null } | null;
  cadenceDays: number | null;
  nextSession: string;
  goals: GoalView[];
  /** The package ends within RENEWAL_DAYS (or ended already): Renew and Close with a plan are offered. */
  renewalDue: boolean;
}

/** The engagement of a cached client, as of `today` (YYYY-MM-DD in the sheet's time zone). */
export function engagementOf(cache: SyncCache | null, clientId: string, timeZone: string, today: string): Engagement | null {
  const client = cache?.clients.find((c) => c.client_id === clientId);
  if (!cache || !client) return null;
  const start = dayOf(client.package_start, timeZone);
  const end = dayOf(client.package_end, timeZone);
  const pkg = start || end ? { start, end, daysLeft: end ? daysBetween(today, end) : null } : null;
  const milestones = cache.milestones ?? [];
  const goals = (cache.goals ?? [])
    .filter((g) => g.client_id === clientId)
    .map((goal) => ({ goal, milestones: milestones.filter((m) => m.goal_id === goal.goal_id && m.client_id === clientId) }));
  const cadence = Number(client.cadence_days);
  const stage = (STAGES as readonly string[]).includes(String(client.stage)) ? (client.stage as Stage) : '';
  return {
    client,
    stage,
    pkg,
    cadenceDays: Number.isFinite(cadence) && cadence > 0 ? cadence : null,
    nextSession: dayOf(client.next_session_at, timeZone),
    goals,
    renewalDue: stage !== 'closed' && pkg?.daysLeft !== null && pkg?.daysLeft !== undefined && pkg.daysLeft <= RENEWAL_DAYS,
  };
}

/** "ends in 12 days", "ends today", "ended 3 days ago". */
export function daysLeftWords(daysLeft: number): string {
  if (daysLeft === 0) return 'ends today';
  if (daysLeft === 1) return 'ends tomorrow';
  if (daysLeft > 1) return `ends in ${daysLeft} days`;
  return daysLeft === -1 ? 'ended yesterday' : `ended ${-daysLeft} days ago`;
}

/**
 * A request date for the cache: a calendar day stays YYYY-MM-DD (dayOf reads it as that day in any
 * time zone; the sheet's own midnight is only known to the web app), a date-time becomes ISO.
 */
function wireDate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!text) return '';
  return text.length === 10 ? text : new Date(text).toISOString();
}

function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The cache after a change of a client's engagement, the way the web app applies it (engagement.ts):
 * only the fields given change; a renewal ends the active package as renewed; closing ends it; goals
 * and milestones are upserted by their ids. `packageId` is the web app's answer when known.
 */
export function withClientChange(
  cache: SyncCache,
  clientId: string,
  change: ClientChangeInput | undefined,
  goals: readonly GoalChangeInput[] = [],
  now = new Date(),
  packageId?: string,
): SyncCache {
  const at = now.toISOString();
  let { clients, packages = [], goals: goalRows = [], milestones = [] } = cache;
  const stored = clients.find((c) => c.client_id === clientId);
  if (change && stored) {
    const fields: Partial<WireRow<'Clients'>> = defined({
      cadence_days: change.cadenceDays,
      next_session_at: wireDate(change.nextSessionAt),
      email: change.email,
      reminders: change.reminders,
      coach_id: change.coachId,
    }) as Partial<WireRow<'Clients'>>;
    if (change.stage && change.stage !== stored.stage) Object.assign(fields, { stage: change.stage, stage_changed_at: at });
    const renew = change.renew;
    if (renew) {
      packages = packages.map((p) => (p.client_id === clientId && p.status === 'active' ? { ...p, status: 'renewed', updated_at: at } : p));
      packages = [
        ...packages,
        blankWireRow('Packages', {
          package_id: packageId ?? '',
          client_id: clientId,
          start_date: wireDate(renew.packageStart),
          end_date: wireDate(renew.packageEnd),
          status: 'active',
          created_at: at,
          updated_at: at,
        } as Partial<WireRow<'Packages'>>),
      ];
      Object.assign(fields, { package_start: wireDate(renew.packageStart), package_end: wireDate(renew.packageEnd) });
    } else if (change.packageStart !== undefined || change.packageEnd !== undefined) {
      Object.assign(fields, defined({ package_start: wireDate(change.packageStart), package_end: wireDate(change.packageEnd) }));
    } else if (change.stage === 'closed') {
      packages = packages.map((p) => (p.client_id === clientId && p.status === 'active' ? { ...p, status: 'ended', updated_at: at } : p));
      Object.assign(fields, { package_start: '', package_end: '' });
    }
    clients = clients.map((c) => (c.client_id === clientId ? { ...c, ...fields, updated_at: at } : c));
  }
  for (const goal of goals) {
    const existing = goalRows.find((g) => g.goal_id === goal.goalId);
    const fields = defined({
      title: goal.title,
      success_measure: goal.successMeasure,
      measure_baseline: goal.measureBaseline,
      measure_current: goal.measureCurrent,
      target_date: wireDate(goal.targetDate),
      status: goal.status,
    }) as Partial<WireRow<'Goals'>>;
    if (goal.status && goal.status !== 'open' && existing?.status !== goal.status) fields.closed_at = at;
    if (goal.status === 'open') fields.closed_at = '';
    goalRows = upsert(goalRows, 'Goals', 'goal_id', goal.goalId, fields, { client_id: clientId }, at);
    for (const m of goal.milestones ?? []) {
      const mExisting = milestones.find((x) => x.milestone_id === m.milestoneId);
      const mFields = defined({ title: m.title, due_date: wireDate(m.due), status: m.status }) as Partial<WireRow<'Milestones'>>;
      if (m.status) mFields.reached_at = m.status === 'reached' ? mExisting?.reached_at || at : '';
      milestones = upsert(
        milestones,
        'Milestones',
        'milestone_id',
        m.milestoneId,
        mFields,
        { goal_id: goal.goalId, client_id: clientId },
        at,
      );
    }
  }
  return { ...cache, clients, packages, goals: goalRows, milestones };
}

/**
 * `rows` with the row whose `key` is `id` changed by `fields`, or, when there is none, a new open row
 * of the id, its owners (`parents`) and the fields: how a goal or milestone the coach edits or adds is
 * shown until the sheet's own rows come with the next sync.
 */
function upsert<T extends 'Goals' | 'Milestones'>(
  rows: WireRow<T>[],
  tab: T,
  key: 'goal_id' | 'milestone_id',
  id: string,
  fields: Partial<WireRow<T>>,
  parents: Partial<WireRow<T>>,
  at: string,
): WireRow<T>[] {
  const idOf = (row: WireRow<T>) => (row as Record<string, unknown>)[key];
  if (rows.some((row) => idOf(row) === id)) return rows.map((row) => (idOf(row) === id ? { ...row, ...fields, updated_at: at } : row));
  return [
    ...rows,
    blankWireRow(tab, { status: 'open', ...fields, [key]: id, ...parents, created_at: at, updated_at: at } as Partial<WireRow<T>>),
  ];
}

/** Applies a change of a client's engagement to the stored cache (no cache yet: nothing to correct). */
export function applyClientChangeToCache(
  clientId: string,
  change: ClientChangeInput | undefined,
  goals: readonly GoalChangeInput[] = [],
  packageId?: string,
): Promise<void> {
  return withLock('followthrough-sync-cache', async () => {
    const cache = await syncCacheItem.getValue();
    if (!cache) return;
    // Once delivered, a renewal's package only gets its id: the row was added when the coach chose it.
    const next =
      packageId && change?.renew
        ? {
            ...cache,
            packages: (cache.packages ?? []).map((p) =>
              p.client_id === clientId && p.status === 'active' && !p.package_id ? { ...p, package_id: packageId } : p,
            ),
          }
        : withClientChange(cache, clientId, change, goals);
    await syncCacheItem.setValue(next);
  });
}
