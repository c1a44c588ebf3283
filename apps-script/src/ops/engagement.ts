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
import { appendRows, readTable, writeRows, type Table } from '../sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The stage of a client first seen without one (PRODUCT.md: a client being coached). */
export const DEFAULT_STAGE: Stage = 'active';

export interface EngagementTables {
  goals: Table<'Goals'>;
  milestones: Table<'Milestones'>;
  packages: Table<'Packages'>;
  history: Table<'StageHistory'>;
}

/**
 * The engagement's tables. Read whole for now; an op still changes only its client's rows (each
 * write covers exactly the rows it changed, see sheet.ts writeRows).
 */
export function loadEngagement(ss: Spreadsheet): EngagementTables {
  return {
    goals: readTable(ss, 'Goals'),
    milestones: readTable(ss, 'Milestones'),
    packages: readTable(ss, 'Packages'),
    history: readTable(ss, 'StageHistory'),
  };
}

export interface EngagementRequest {
  /** The client as stored, or as about to be appended (`isNew`). Not modified by planning. */
  client: Row<'Clients'>;
  isNew: boolean;
  change: ClientChange | undefined;
  goals: readonly GoalChange[];
  caller: Coach;
  coaches: Table<'Coaches'>;
  now: Date;
  timeZone: string;
  /** StageHistory change_id when the stage changes (derived from a captureId, or new). */
  changeId: string;
}

interface RowUpdate<T extends 'Goals' | 'Milestones' | 'Packages'> {
  index: number;
  row: Row<T>;
}

export interface EngagementPlan {
  /** Fields of the Clients row to set (already including updated_at when anything changed). */
  clientFields: Partial<Row<'Clients'>>;
  stageRow: Partial<Row<'StageHistory'>> | null;
  stageChanged: boolean;
  packageUpdates: RowUpdate<'Packages'>[];
  newPackages: Partial<Row<'Packages'>>[];
  goalUpdates: RowUpdate<'Goals'>[];
  newGoals: Partial<Row<'Goals'>>[];
  milestoneUpdates: RowUpdate<'Milestones'>[];
  newMilestones: Partial<Row<'Milestones'>>[];
  goalIds: string[];
  milestoneIds: string[];
  /** The active package after the change ('' when none). */
  packageId: string;
}

/** The last StageHistory row of a client, in sheet order (rows are only ever appended). */
export function lastStageRow(history: Table<'StageHistory'>, clientId: string): Row<'StageHistory'> | null {
  for (let i = history.rows.length - 1; i >= 0; i--) {
    if (history.rows[i]!.client_id === clientId) return history.rows[i]!;
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
function activePackageIndex(packages: Table<'Packages'>, clientId: string): number {
  let found = -1;
  packages.rows.forEach((p, i) => {
    if (p.client_id !== clientId || p.status !== 'active') return;
    if (found < 0 || time(p.start_date) >= time(packages.rows[found]!.start_date)) found = i;
  });
  return found;
}

/** Validates and works out every write; throws a bad_request naming the field, touching nothing. */
export function planEngagement(t: EngagementTables, req: EngagementRequest): EngagementPlan {
  const { client, change, caller, now, timeZone } = req;
  const clientId = client.client_id;
  const date = (text: string | undefined): Date | undefined => (text === undefined ? undefined : toCellDate(text, timeZone));
  const fields: Partial<Row<'Clients'>> = {};
  const plan: EngagementPlan = {
    clientFields: fields, stageRow: null, stageChanged: false, packageUpdates: [], newPackages: [],
    goalUpdates: [], newGoals: [], milestoneUpdates: [], newMilestones: [], goalIds: [], milestoneIds: [], packageId: '',
  };

  // ---- client fields
  if (change?.coachId !== undefined && change.coachId !== client.coach_id) {
    if (caller.role !== 'admin') throw badRequest('client.coachId', 'Only an admin can hand a client to another coach.');
    const target = req.coaches.rows.find((c) => c.coach_id === change.coachId && c.active === true);
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
  const to: Stage | '' = change?.stage ?? (req.isNew ? (client.stage || DEFAULT_STAGE) : client.stage);
  if (to !== '' && (req.isNew || to !== from)) {
    fields.stage = to;
    fields.stage_changed_at = now;
    plan.stageChanged = true;
    const last = lastStageRow(t.history, clientId);
    // A retry after an execution cut short between the StageHistory row and the Clients row.
    const recorded = req.isNew ? last !== null : last !== null && last.from_stage === from && last.to_stage === to;
    if (!recorded) {
      plan.stageRow = {
        change_id: req.changeId, client_id: clientId, coach_id: caller.coach_id, from_stage: from, to_stage: to,
        changed_at: now, note: change?.stageNote ?? '',
      };
    }
  }

  // ---- package
  const renew = change?.renew;
  if (renew && (change.packageStart !== undefined || change.packageEnd !== undefined)) {
    throw badRequest('client.renew', 'Give either renew or packageStart/packageEnd, not both.');
  }
  let active = activePackageIndex(t.packages, clientId);
  const activeRow = active >= 0 ? t.packages.rows[active]! : null;
  if (renew) {
    const start = date(renew.packageStart)!;
    const end = date(renew.packageEnd)!;
    if (end.getTime() < start.getTime()) throw badRequest('client.renew.packageEnd', 'The package cannot end before it starts.');
    const id = derivedId('pkg', clientId, renew.packageStart, renew.packageEnd);
    t.packages.rows.forEach((p, i) => {
      if (p.client_id === clientId && p.status === 'active' && p.package_id !== id) {
        plan.packageUpdates.push({ index: i, row: { ...p, status: 'renewed', updated_at: now } });
      }
    });
    const existing = t.packages.rows.findIndex((p) => p.package_id === id);
    if (existing >= 0 && t.packages.rows[existing]!.client_id !== clientId) {
      throw badRequest('client.renew', 'That package belongs to another client.');
    }
    if (existing < 0) {
      plan.newPackages.push({ package_id: id, client_id: clientId, start_date: start, end_date: end, status: 'active', note: '', created_at: now, updated_at: now });
      fields.package_start = start;
      fields.package_end = end;
    } else {
      const row = t.packages.rows[existing]!;
      if (row.status !== 'active') plan.packageUpdates.push({ index: existing, row: { ...row, status: 'active', updated_at: now } });
      fields.package_start = row.start_date;
      fields.package_end = row.end_date;
    }
    plan.packageId = id;
  } else if (change?.packageStart !== undefined || change?.packageEnd !== undefined) {
    const start = date(change.packageStart) ?? (activeRow?.start_date || undefined);
    const end = change.packageEnd !== undefined ? date(change.packageEnd)! : activeRow?.end_date ?? '';
    if (!start) throw badRequest('client.packageStart', 'The client has no active package: give packageStart to start one.');
    if (end instanceof Date && end.getTime() < start.getTime()) {
      throw badRequest(change.packageEnd !== undefined ? 'client.packageEnd' : 'client.packageStart', 'The package cannot end before it starts.');
    }
    if (activeRow) {
      const row = patched(activeRow, { start_date: start, end_date: end });
      if (row) plan.packageUpdates.push({ index: active, row: { ...row, updated_at: now } });
      plan.packageId = activeRow.package_id;
    } else {
      const id = newId('pkg');
      plan.newPackages.push({ package_id: id, client_id: clientId, start_date: start, end_date: end, status: 'active', note: '', created_at: now, updated_at: now });
      plan.packageId = id;
    }
    fields.package_start = start;
    fields.package_end = end;
  } else if (to === 'closed' && activeRow) {
    // Closing the engagement ends its package; with no active package the client has none to renew.
    plan.packageUpdates.push({ index: active, row: { ...activeRow, status: 'ended', updated_at: now } });
    fields.package_start = '';
    fields.package_end = '';
  } else if (activeRow) {
    plan.packageId = activeRow.package_id;
  }

  planGoals(t, req, plan);

  // Only fields that differ count as a change of the client.
  const clientPatch = patched(client, fields);
  plan.clientFields = clientPatch ? { ...fields, updated_at: now } : {};
  return plan;
}

function planGoals(t: EngagementTables, req: EngagementRequest, plan: EngagementPlan): void {
  const clientId = req.client.client_id;
  const { now, timeZone } = req;
  const date = (text: string | undefined): Date | undefined => (text === undefined ? undefined : toCellDate(text, timeZone));
  const goalIndex = new Map(t.goals.rows.map((g, i) => [g.goal_id, i]));
  const milestoneIndex = new Map(t.milestones.rows.map((m, i) => [m.milestone_id, i]));
  const seenGoals = new Set<string>();
  const seenMilestones = new Set<string>();

  req.goals.forEach((goal, n) => {
    const at = `goals.${n}`;
    if (seenGoals.has(goal.goalId)) throw badRequest(`${at}.goalId`, `Goal ${JSON.stringify(goal.goalId)} appears twice.`);
    seenGoals.add(goal.goalId);
    const index = goalIndex.get(goal.goalId);
    const stored = index === undefined ? null : t.goals.rows[index]!;
    if (stored && stored.client_id !== clientId) throw badRequest(`${at}.goalId`, `Goal ${JSON.stringify(goal.goalId)} belongs to another client.`);
    if (!stored && goal.title === undefined) throw badRequest(`${at}.title`, 'Required for a new goal.');
    const fields: Partial<Row<'Goals'>> = {
      title: goal.title, success_measure: goal.successMeasure, measure_baseline: goal.measureBaseline,
      measure_current: goal.measureCurrent, target_date: date(goal.targetDate), status: goal.status,
    };
    if (goal.status !== undefined) fields.closed_at = closedAt(stored?.status || 'open', stored?.closed_at ?? '', goal.status, now);
    if (stored) {
      const row = patched(stored, fields);
      if (row) plan.goalUpdates.push({ index: index!, row: { ...row, updated_at: now } });
    } else {
      plan.newGoals.push({
        goal_id: goal.goalId, client_id: clientId, title: goal.title ?? '', success_measure: goal.successMeasure ?? '',
        status: goal.status ?? 'open', target_date: fields.target_date ?? '', created_at: now,
        closed_at: fields.closed_at ?? '', updated_at: now, measure_baseline: goal.measureBaseline ?? '', measure_current: goal.measureCurrent ?? '',
      });
    }
    plan.goalIds.push(goal.goalId);

    goal.milestones.forEach((m, k) => {
      const mAt = `${at}.milestones.${k}`;
      if (seenMilestones.has(m.milestoneId)) throw badRequest(`${mAt}.milestoneId`, `Milestone ${JSON.stringify(m.milestoneId)} appears twice.`);
      seenMilestones.add(m.milestoneId);
      const mIndex = milestoneIndex.get(m.milestoneId);
      const mStored = mIndex === undefined ? null : t.milestones.rows[mIndex]!;
      if (mStored && mStored.client_id !== clientId) throw badRequest(`${mAt}.milestoneId`, `Milestone ${JSON.stringify(m.milestoneId)} belongs to another client.`);
      if (mStored && mStored.goal_id !== goal.goalId) throw badRequest(`${mAt}.milestoneId`, `Milestone ${JSON.stringify(m.milestoneId)} belongs to another goal.`);
      if (!mStored && m.title === undefined) throw badRequest(`${mAt}.title`, 'Required for a new milestone.');
      const mFields: Partial<Row<'Milestones'>> = { title: m.title, due_date: date(m.due), status: m.status };
      if (m.status !== undefined) mFields.reached_at = reachedAt(mStored?.reached_at ?? '', m.status, now);
      if (mStored) {
        const row = patched(mStored, mFields);
        if (row) plan.milestoneUpdates.push({ index: mIndex!, row: { ...row, updated_at: now } });
      } else {
        plan.newMilestones.push({
          milestone_id: m.milestoneId, goal_id: goal.goalId, client_id: clientId, title: m.title ?? '', due_date: mFields.due_date ?? '',
          status: m.status ?? 'open', reached_at: mFields.reached_at ?? '', created_at: now, updated_at: now,
        });
      }
      plan.milestoneIds.push(m.milestoneId);
    });
  });
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
  if (plan.stageRow) appendRows(t.history, [plan.stageRow]);
  writeUpdates(t.packages, plan.packageUpdates);
  appendRows(t.packages, plan.newPackages);
  writeUpdates(t.goals, plan.goalUpdates);
  appendRows(t.goals, plan.newGoals);
  writeUpdates(t.milestones, plan.milestoneUpdates);
  appendRows(t.milestones, plan.newMilestones);
}

function writeUpdates<T extends 'Goals' | 'Milestones' | 'Packages'>(table: Table<T>, updates: RowUpdate<T>[]): void {
  if (!updates.length) return;
  for (const u of updates) table.rows[u.index] = u.row;
  // One write per changed row: rows between them belong to other clients and are not touched.
  for (const u of updates) writeRows(table, [u.index]);
}
