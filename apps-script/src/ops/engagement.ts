// The coaching engagement of one client (PRODUCT.md, `client {…}` and `goals [{…}]` of capture and
// updateClient): stage moves with StageHistory, the package and its renewals, cadence, next session,
// email, reminders, a hand-over to another coach, and goals with milestones and measures.
//
// `planEngagement` validates every change and works out every row to write without touching the
// sheet or the loaded rows; `writeEngagement` then writes the plan. So a refused request writes
// nothing. Repeating a request is harmless:
// - goals and milestones carry ids made by the extension: an id already stored for this client is
//   updated with the fields given (the same values again change nothing);
// - a stage equal to the current one appends no StageHistory row;
// - `renew` names its new package by a derived id (client + dates): once it exists, renewing again
//   changes nothing;
// - StageHistory and Packages are written before the Clients row that mirrors them, and an execution
//   cut short between the two (time limit) is completed, not doubled, by the retry: a stage change
//   already recorded as the client's last StageHistory row is not recorded again.
import type { ClientChange, GoalChange } from '../../../shared/api';
import { toCellDate } from '../../../shared/dates';
import type { GoalStatus, MilestoneStatus, Row, Stage } from '../../../shared/schema';
import type { Coach } from '../auth';
import { badRequest } from '../errors';
import { derivedId, newId } from '../ids';
import { appendRecords, findRecords, openTable, updateRecords, type Located, type Table, type TableRef } from '../sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The stage of a client first seen without one (PRODUCT.md: a client being coached). */
export const DEFAULT_STAGE: Stage = 'active';

/**
 * The engagement rows one request is about, found by key (sheet.ts): the client's StageHistory and
 * Packages rows (by client_id), and the goals and milestones the request names (by their ids, in
 * every client's rows, so that another client's id is refused). Nothing else is read.
 */
export interface EngagementTables {
  goals: TableRef<'Goals'>;
  milestones: TableRef<'Milestones'>;
  packages: TableRef<'Packages'>;
  history: TableRef<'StageHistory'>;
  /** The client's StageHistory rows in sheet order (rows are only ever appended). */
  clientHistory: Located<'StageHistory'>[];
  /** The client's packages, and a renewal's derived package id wherever it is. */
  clientPackages: Located<'Packages'>[];
  /** The goals named by the request (and by `extraGoalIds`), whoever's they are. */
  namedGoals: Located<'Goals'>[];
  /** The milestones named by the request, whoever's they are. */
  namedMilestones: Located<'Milestones'>[];
}

/**
 * Opens the engagement tabs and reads the rows of one request: a header row per tab, one search per
 * key column, then only the matching rows. `extraGoalIds` are further goal ids to look up (a
 * capture's items may name a stored goal).
 */
export function loadEngagement(
  ss: Spreadsheet,
  clientId: string,
  change: ClientChange | undefined,
  goals: readonly GoalChange[],
  extraGoalIds: readonly string[] = [],
): EngagementTables {
  const history = openTable(ss, 'StageHistory');
  const packages = openTable(ss, 'Packages');
  const goalTable = openTable(ss, 'Goals');
  const milestones = openTable(ss, 'Milestones');
  const clientPackages = findRecords(packages, 'client_id', [clientId]);
  if (change?.renew) {
    // The renewal's id is derived from the client and dates; a row under it that is not the client's
    // is refused by planning, so it is looked up wherever it is.
    const id = renewalId(clientId, change.renew.packageStart, change.renew.packageEnd);
    if (!clientPackages.some((p) => p.record.package_id === id)) {
      clientPackages.push(...findRecords(packages, 'package_id', [id]));
      clientPackages.sort((a, b) => a.row - b.row);
    }
  }
  return {
    history,
    packages,
    goals: goalTable,
    milestones,
    clientHistory: findRecords(history, 'client_id', [clientId]),
    clientPackages,
    namedGoals: findRecords(goalTable, 'goal_id', [...goals.map((g) => g.goalId), ...extraGoalIds]),
    namedMilestones: findRecords(
      milestones,
      'milestone_id',
      goals.flatMap((g) => g.milestones.map((m) => m.milestoneId)),
    ),
  };
}

/** The id of the package a renewal starts: the same request names the same package. */
function renewalId(clientId: string, start: string, end: string): string {
  return derivedId('pkg', clientId, start, end);
}

/**
 * What planning reads of the op (capture or updateClient): who asks, the coaches, when, the sheet's time
 * zone, and the request's client change and goals.
 */
export interface EngagementOp {
  coach: Coach;
  coaches: Table<'Coaches'>;
  now: Date;
  timeZone: string;
  request: { client?: ClientChange; goals: readonly GoalChange[] };
}

/** The client the op is about. */
export interface EngagementClient {
  /** The client as stored, or as about to be appended (`isNew`). Not modified by planning. */
  client: Row<'Clients'>;
  isNew: boolean;
  /** StageHistory change_id when the stage changes (derived from a captureId, or new). */
  changeId: string;
}

export interface EngagementPlan {
  /** Fields of the Clients row to set (already including updated_at when anything changed). */
  clientFields: Partial<Row<'Clients'>>;
  stageRow: Partial<Row<'StageHistory'>> | null;
  stageChanged: boolean;
  packageUpdates: Located<'Packages'>[];
  newPackages: Partial<Row<'Packages'>>[];
  goalUpdates: Located<'Goals'>[];
  newGoals: Partial<Row<'Goals'>>[];
  milestoneUpdates: Located<'Milestones'>[];
  newMilestones: Partial<Row<'Milestones'>>[];
  goalIds: string[];
  milestoneIds: string[];
  /** The active package after the change ('' when none). */
  packageId: string;
}

/** The last StageHistory row of a client among rows in sheet order (rows are only ever appended). */
export function lastStageRow(rows: readonly Row<'StageHistory'>[], clientId: string): Row<'StageHistory'> | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    if (rows[i]!.client_id === clientId) return rows[i]!;
  }
  return null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** Copies `fields` into a copy of `row`; returns null when nothing differs. */
function patched<R extends object>(row: R, fields: Partial<R>): R | null {
  const out = { ...row };
  let changed = false;
  for (const [k, value] of Object.entries(fields) as [keyof R, R[keyof R]][]) {
    if (value === undefined || sameValue(out[k], value)) continue;
    out[k] = value;
    changed = true;
  }
  return changed ? out : null;
}

const time = (d: Date | '') => (d instanceof Date ? d.getTime() : -Infinity);

/** The client's active package (the latest-starting one if a person left several active). */
function activePackage(packages: readonly Located<'Packages'>[], clientId: string): Located<'Packages'> | null {
  let found: Located<'Packages'> | null = null;
  for (const p of packages) {
    if (p.record.client_id !== clientId || p.record.status !== 'active') continue;
    if (!found || time(p.record.start_date) >= time(found.record.start_date)) found = p;
  }
  return found;
}

/** A new active package row (a renewal's, or the first one a change of dates starts). */
function newPackage(id: string, clientId: string, start: Date, end: Date | '', now: Date): Partial<Row<'Packages'>> {
  return {
    package_id: id,
    client_id: clientId,
    start_date: start,
    end_date: end,
    status: 'active',
    note: '',
    created_at: now,
    updated_at: now,
  };
}

/** Validates and works out every write; throws a bad_request naming the field, touching nothing. */
export function planEngagement(t: EngagementTables, op: EngagementOp, req: EngagementClient): EngagementPlan {
  const { client } = req;
  const { coach: caller, now, timeZone } = op;
  const change = op.request.client;
  const clientId = client.client_id;
  const date = (text: string | undefined): Date | undefined => (text === undefined ? undefined : toCellDate(text, timeZone));
  const fields: Partial<Row<'Clients'>> = {};
  const plan: EngagementPlan = {
    clientFields: fields,
    stageRow: null,
    stageChanged: false,
    packageUpdates: [],
    newPackages: [],
    goalUpdates: [],
    newGoals: [],
    milestoneUpdates: [],
    newMilestones: [],
    goalIds: [],
    milestoneIds: [],
    packageId: '',
  };

  // ---- client fields
  if (change?.coachId !== undefined && change.coachId !== client.coach_id) {
    if (caller.role !== 'admin') throw badRequest('client.coachId', 'Only an admin can hand a client to another coach.');
    const target = op.coaches.rows.find((c) => c.coach_id === change.coachId && c.active === true);
    if (!target) throw badRequest('client.coachId', `No active coach ${JSON.stringify(change.coachId)}.`);
    fields.coach_id = target.coach_id;
  }
  if (change?.stageNote !== undefined && change.stage === undefined) {
    throw badRequest('client.stageNote', 'A stage note goes with a stage.');
  }
  if (change?.cadenceDays !== undefined) fields.cadence_days = change.cadenceDays;
  if (change?.nextSessionAt !== undefined) fields.next_session_at = date(change.nextSessionAt)!;
  if (change?.email !== undefined) fields.email = change.email;
  if (change?.reminders !== undefined) fields.reminders = change.reminders;

  // ---- stage
  const from: Stage | '' = req.isNew ? '' : client.stage;
  const to: Stage | '' = change?.stage ?? (req.isNew ? client.stage || DEFAULT_STAGE : client.stage);
  if (to !== '' && (req.isNew || to !== from)) {
    fields.stage = to;
    fields.stage_changed_at = now;
    plan.stageChanged = true;
    const last = lastStageRow(
      t.clientHistory.map((l) => l.record),
      clientId,
    );
    // A retry after an execution cut short between the StageHistory row and the Clients row.
    const recorded = req.isNew ? last !== null : last !== null && last.from_stage === from && last.to_stage === to;
    if (!recorded) {
      plan.stageRow = {
        change_id: req.changeId,
        client_id: clientId,
        coach_id: caller.coach_id,
        from_stage: from,
        to_stage: to,
        changed_at: now,
        note: change?.stageNote ?? '',
      };
    }
  }

  // ---- package
  const renew = change?.renew;
  if (renew && (change.packageStart !== undefined || change.packageEnd !== undefined)) {
    throw badRequest('client.renew', 'Give either renew or packageStart/packageEnd, not both.');
  }
  const active = activePackage(t.clientPackages, clientId);
  const activeRow = active?.record ?? null;
  if (renew) {
    const start = date(renew.packageStart)!;
    const end = date(renew.packageEnd)!;
    if (end.getTime() < start.getTime()) throw badRequest('client.renew.packageEnd', 'The package cannot end before it starts.');
    const id = renewalId(clientId, renew.packageStart, renew.packageEnd);
    for (const p of t.clientPackages) {
      if (p.record.client_id === clientId && p.record.status === 'active' && p.record.package_id !== id) {
        plan.packageUpdates.push({ row: p.row, record: { ...p.record, status: 'renewed', updated_at: now } });
      }
    }
    const existing = t.clientPackages.find((p) => p.record.package_id === id) ?? null;
    if (existing && existing.record.client_id !== clientId) {
      throw badRequest('client.renew', 'That package belongs to another client.');
    }
    if (!existing) {
      plan.newPackages.push(newPackage(id, clientId, start, end, now));
      fields.package_start = start;
      fields.package_end = end;
    } else {
      const row = existing.record;
      if (row.status !== 'active') plan.packageUpdates.push({ row: existing.row, record: { ...row, status: 'active', updated_at: now } });
      fields.package_start = row.start_date;
      fields.package_end = row.end_date;
    }
    plan.packageId = id;
  } else if (change?.packageStart !== undefined || change?.packageEnd !== undefined) {
    const start = date(change.packageStart) ?? (activeRow?.start_date || undefined);
    const end = change.packageEnd !== undefined ? date(change.packageEnd)! : (activeRow?.end_date ?? '');
    if (!start) throw badRequest('client.packageStart', 'The client has no active package: give packageStart to start one.');
    if (end instanceof Date && end.getTime() < start.getTime()) {
      throw badRequest(
        change.packageEnd !== undefined ? 'client.packageEnd' : 'client.packageStart',
        'The package cannot end before it starts.',
      );
    }
    if (active && activeRow) {
      const row = patched(activeRow, { start_date: start, end_date: end });
      if (row) plan.packageUpdates.push({ row: active.row, record: { ...row, updated_at: now } });
      plan.packageId = activeRow.package_id;
    } else {
      const id = newId('pkg');
      plan.newPackages.push(newPackage(id, clientId, start, end, now));
      plan.packageId = id;
    }
    fields.package_start = start;
    fields.package_end = end;
  } else if (to === 'closed' && active && activeRow) {
    // Closing the engagement ends its package; with no active package the client has none to renew.
    plan.packageUpdates.push({ row: active.row, record: { ...activeRow, status: 'ended', updated_at: now } });
    fields.package_start = '';
    fields.package_end = '';
  } else if (activeRow) {
    plan.packageId = activeRow.package_id;
  }

  planGoals(t, op, client.client_id, plan);

  // Only fields that differ count as a change of the client.
  const clientPatch = patched(client, fields);
  plan.clientFields = clientPatch ? { ...fields, updated_at: now } : {};
  return plan;
}

function planGoals(t: EngagementTables, op: EngagementOp, clientId: string, plan: EngagementPlan): void {
  const { now, timeZone } = op;
  const date = (text: string | undefined): Date | undefined => (text === undefined ? undefined : toCellDate(text, timeZone));
  const goals: NamedRows<'Goals'> = { noun: 'Goal', byId: new Map(t.namedGoals.map((g) => [g.record.goal_id, g])), seen: new Set() };
  const milestones: NamedRows<'Milestones'> = {
    noun: 'Milestone',
    byId: new Map(t.namedMilestones.map((m) => [m.record.milestone_id, m])),
    seen: new Set(),
  };

  op.request.goals.forEach((goal, n) => {
    const at = `goals.${n}`;
    const located = namedRow(goals, goal.goalId, `${at}.goalId`, clientId);
    const stored = located?.record ?? null;
    if (!stored && goal.title === undefined) throw badRequest(`${at}.title`, 'Required for a new goal.');
    const fields: Partial<Row<'Goals'>> = {
      title: goal.title,
      success_measure: goal.successMeasure,
      measure_baseline: goal.measureBaseline,
      measure_current: goal.measureCurrent,
      target_date: date(goal.targetDate),
      status: goal.status,
    };
    if (goal.status !== undefined) fields.closed_at = closedAt(stored?.status || 'open', stored?.closed_at ?? '', goal.status, now);
    queueRow(located, { goal_id: goal.goalId, client_id: clientId }, fields, now, plan.goalUpdates, plan.newGoals);
    plan.goalIds.push(goal.goalId);

    goal.milestones.forEach((m, k) => {
      const mAt = `${at}.milestones.${k}`;
      const mLocated = namedRow(milestones, m.milestoneId, `${mAt}.milestoneId`, clientId);
      const mStored = mLocated?.record ?? null;
      if (mStored && mStored.goal_id !== goal.goalId)
        throw badRequest(`${mAt}.milestoneId`, `Milestone ${JSON.stringify(m.milestoneId)} belongs to another goal.`);
      if (!mStored && m.title === undefined) throw badRequest(`${mAt}.title`, 'Required for a new milestone.');
      const mFields: Partial<Row<'Milestones'>> = { title: m.title, due_date: date(m.due), status: m.status };
      if (m.status !== undefined) mFields.reached_at = reachedAt(mStored?.reached_at ?? '', m.status, now);
      const ids = { milestone_id: m.milestoneId, goal_id: goal.goalId, client_id: clientId };
      queueRow(mLocated, ids, mFields, now, plan.milestoneUpdates, plan.newMilestones);
      plan.milestoneIds.push(m.milestoneId);
    });
  });
}

/** The stored goals or milestones a request may name, by id, and the ids it has named so far. */
interface NamedRows<T extends 'Goals' | 'Milestones'> {
  noun: string;
  byId: ReadonlyMap<string, Located<T>>;
  seen: Set<string>;
}

/**
 * The stored row an id of the request names (null for a new id): refused (at `field`) when the request
 * names the id twice or when it is another client's.
 */
function namedRow<T extends 'Goals' | 'Milestones'>(rows: NamedRows<T>, id: string, field: string, clientId: string): Located<T> | null {
  if (rows.seen.has(id)) throw badRequest(field, `${rows.noun} ${JSON.stringify(id)} appears twice.`);
  rows.seen.add(id);
  const located = rows.byId.get(id) ?? null;
  if (located && located.record.client_id !== clientId)
    throw badRequest(field, `${rows.noun} ${JSON.stringify(id)} belongs to another client.`);
  return located;
}

/**
 * Queues the write of a named goal or milestone: the stored row with `fields` set (only when one of
 * them differs, and then with updated_at), or a new row of its `ids` and the fields given, open unless
 * a status is given (a field not given is written empty).
 */
function queueRow<T extends 'Goals' | 'Milestones'>(
  located: Located<T> | null,
  ids: Partial<Row<T>>,
  fields: Partial<Row<T>>,
  now: Date,
  updates: Located<T>[],
  added: Partial<Row<T>>[],
): void {
  if (!located) {
    added.push({ ...ids, ...fields, status: fields.status ?? 'open', created_at: now, updated_at: now });
    return;
  }
  const row = patched(located.record, fields);
  if (row) updates.push({ row: located.row, record: { ...row, updated_at: now } });
}

/**
 * closed_at after a status change: set when a goal is achieved or dropped (or goes straight to
 * maintenance), kept while it moves between achieved and maintenance, cleared when it is reopened.
 */
function closedAt(from: GoalStatus | '', closed: Date | '', to: GoalStatus, now: Date): Date | '' {
  if (to === 'open') return '';
  const settled = (s: GoalStatus | '') => s === 'achieved' || s === 'maintenance';
  const keep = closed instanceof Date && (from === to || (settled(from) && settled(to)));
  return keep ? closed : now;
}

/** reached_at after a status change: set once when reached, cleared otherwise. */
function reachedAt(reached: Date | '', to: MilestoneStatus, now: Date): Date | '' {
  if (to !== 'reached') return '';
  return reached instanceof Date ? reached : now;
}

/** Writes a plan: StageHistory and Packages first, Goals and Milestones, the Clients row last (by the caller). */
export function writeEngagement(t: EngagementTables, plan: EngagementPlan): void {
  if (plan.stageRow) appendRecords(t.history, [plan.stageRow]);
  // Only the changed rows: rows between them belong to other clients and are not touched.
  updateRecords(t.packages, plan.packageUpdates);
  appendRecords(t.packages, plan.newPackages);
  updateRecords(t.goals, plan.goalUpdates);
  appendRecords(t.goals, plan.newGoals);
  updateRecords(t.milestones, plan.milestoneUpdates);
  appendRecords(t.milestones, plan.newMilestones);
}
