// Progress metrics: per client (for coaches and client summaries) and per coach / per program (for the
// leaders' Dashboard tab and the weekly leader summary). Pure and deterministic over the sheet's rows,
// like the reminder planner, so every definition below is unit-tested without Apps Script.
//
// Definitions (all days are calendar days in the sheet's time zone; "today" is the day of `now`):
// - Rows naming a client that is not in Clients are ignored. A session belongs to the coach who held
//   it (Sessions.coach_id, or the client's coach when that cell is empty); clients, goals, items and
//   preparation forms belong to the client's current coach (Clients.coach_id).
// - Filter: `organization` keeps clients whose organization matches (trimmed, case-insensitive) and
//   their rows; `coachId` keeps the clients of that coach (with their goals, items, forms) and the
//   sessions that coach held, so a filtered program equals that coach's entry in the unfiltered one.
//   A client's own figures (last session, sessions held) count every session of the client.
//   `from`/`to` (inclusive days) is the date range, see "range" and "window".
// - Range (per-client figures): sessions held by started_at day (never after today), preparation
//   forms by submitted_at day, action items by due_date day (items without a due date by created_at
//   day; items with neither are left out while a range is set). Without from/to everything counts.
//   Goals, last session and days since it are current state and ignore the range.
// - Window (coach and program figures): the range when from/to is given (a missing `to` is today,
//   a missing `from` the Monday 11 weeks before the Monday of `to`), else the last 12 ISO weeks
//   ending with this week (Monday of this week − 77 days … Sunday of this week). Weekly series cover
//   every ISO week (Monday–Sunday) touching the window; only days inside the window count.
// - Current-state figures (coverage, overdue, pipeline, renewals, unseen clients) are as of today and
//   use the filter's coach and organization but not its dates.
// - Item outcomes: done = status done; its completion day is completed_at, else updated_at. Done on
//   time = completion day ≤ due day, or no due date, or no completion day known. Open = open or
//   in_progress; overdue = open with due day < today. Derailed and dropped are counted apart.
// - Completion rate of a set of items due in some days = done ÷ (done + derailed + open past due),
//   using each item's current status; open items not yet past due and dropped items do not count.
//   null when the divisor is 0. The weekly series takes the items due in each week of the window.
// - Median days to done: over done items whose completion day is in the window and that have a
//   created_at, of (completion day − created day), at least 0; the mean of the middle two for an even
//   count; null when there are none.
// - Active client: stage active, maintenance or breakthrough. Covered at day D: last session on or
//   before D, and D − that day ≤ cadence_days + 7 (cadence '' counts as 14). Never seen = not
//   covered. Coverage = covered ÷ active (null without active clients). Unseen = active and not
//   covered. The stage is the current one, also for last week's coverage.
// - Pipeline: stages in funnel order prospect → contacted → breakthrough → active → maintenance →
//   closed, from StageHistory (every change of a client's stage is a row). A client entered stage k
//   on the first day of a row with to_stage k; a client without any StageHistory row (a sheet older
//   than the history) entered only its current stage, on created_at. count(k) = clients now in k;
//   reached(k) = clients that ever entered k; conversion(k) = of the clients that entered k−1, the
//   share that entered k on or after that day (null for prospect and when none entered k−1). Clients
//   with no stage are counted as `unstaged`.
// - Time to active: from the first outreach (the client's first session of kind outreach, else the
//   first day it entered prospect or contacted) to the first day it entered active on or after it, in
//   days. Per client (null when either is missing); per group the median over clients that entered
//   active in the window (`daysToActive.clients` of them).
// - Renewals made vs due: packages (Packages rows) whose end day is in the window and that came due
//   (end day ≤ today) or were renewed; made = those with status renewed; rate = made ÷ due.
// - Goals achieved: goals of kept clients with status achieved or maintenance whose closed_at day is
//   in the window; milestones reached: status reached with reached_at in the window. Per client, the
//   current counts (goals total/achieved/open, milestones total/reached).
// - Measures moved: goals with both a baseline and a current reading (measure_baseline,
//   measure_current, trimmed) are tracked; moved = the two differ (case-insensitive). Per client the
//   readings themselves (for the client's coach); per group the counts.
// - Derailers: derailed items by reason (status_note trimmed, grouped case-insensitively, "No reason
//   given" when empty), most frequent first — per client only, for the client's coach: a reason is
//   note text, which leaders never see. Groups carry the count of derailed items due in the window.
// - Coaching hours: the sum of duration_min of sessions held (range for a client, window for a group)
//   ÷ 60, rounded to 2 decimals. Deleted sessions (deleted_at set) count nowhere.
// - Renewals due: package_end day within [today, today + 30].
// - Bright spots: sessions in the window whose tags include #win (any case; '#' optional), held for a
//   kept client, and NOT confidential (a session is confidential unless its cell is FALSE or empty).
//   The story is the session's notes, trimmed, cut to 280 characters (with '…'). Newest first.
// - Periods (headline): this period = the 7 days ending today, previous = the 7 days before. Sessions
//   held in the period; completion rate of items due in the period; coverage at the period's last
//   day; open overdue items at the period's last day (created by then, due before it, and not yet
//   done — by completion day — nor derailed or dropped — by updated_at — on that day).
//
// Confidentiality: ProgramMetrics and CoachMetrics carry counts, names, days and bright-spot stories
// only; no session notes except stories of non-confidential #win sessions, no item texts or status
// notes, no preparation answers. ClientMetrics (for the client's own coach) lists derailed items'
// reasons (status_note).
//
// Speed: day numbers come from a per-UTC-day offset cache (one Intl call per distinct UTC day, an
// exact call only on days with a zone transition); rows are indexed by client id.
import { dayCounter, isoDayOf, isoWeekOf, mondayOf, type DayOf } from './dates';
import { isOpenStatus, isOverdue } from './items';
import { isBrightSpot, parseTagList } from './tags';
import { STAGES, type Row, type Stage } from './schema';
import { latestAnswers, sharedWords } from './testimonials';

type Coach = Row<'Coaches'>;
type Client = Row<'Clients'>;
type Goal = Row<'Goals'>;
type Session = Row<'Sessions'>;
type Item = Row<'ActionItems'>;
type Prep = Row<'Prep'>;
type StageChange = Row<'StageHistory'>;
type Package = Row<'Packages'>;
type Milestone = Row<'Milestones'>;

const ACTIVE_STAGES: ReadonlySet<string> = new Set(['active', 'maintenance', 'breakthrough']);
const DEFAULT_CADENCE = 14;
const COVERAGE_GRACE_DAYS = 7;
const RENEWAL_DAYS = 30;
const DEFAULT_WEEKS = 12;
/**
 * The longest date range the figures are computed for: ten years (a program's whole history fits; the
 * sheet's 10-million-cell limit is reached in about two). Weekly series are as long as the window, so
 * an unbounded range (0001 to 9999) built an answer of hundreds of megabytes.
 */
export const MAX_RANGE_DAYS = 3653;
const MAX_WINDOW_WEEKS = Math.ceil(MAX_RANGE_DAYS / 7) + 2;

/** Why a filter's from/to cannot be shown (a start after the end, a range over ten years), or null. */
export function rangeProblem(from: Date | undefined, to: Date | undefined, now: Date): string | null {
  const end = to ?? (from ? now : undefined);
  if (!from || !end) return null;
  if (from.getTime() > end.getTime()) return `The start (${from.toISOString().slice(0, 10)}) is after the end (${end.toISOString().slice(0, 10)}).`;
  if ((end.getTime() - from.getTime()) / 86_400_000 > MAX_RANGE_DAYS) return 'Choose a range of at most 10 years.';
  return null;
}
const STORY_MAX = 280;

/** A session deleted by its coach (editSession `delete`) keeps its row; every output ignores it. */
export function isDeletedSession(session: Pick<Session, 'deleted_at'>): boolean {
  return session.deleted_at !== '' && session.deleted_at !== undefined && session.deleted_at !== null;
}

export interface MetricsFilter {
  coachId?: string;
  organization?: string;
  from?: Date;
  to?: Date;
}

export interface MetricsInput {
  now: Date;
  timeZone: string;
  coaches: readonly Coach[];
  clients: readonly Client[];
  goals: readonly Goal[];
  sessions: readonly Session[];
  items: readonly Item[];
  prep: readonly Prep[];
  /** The engagement's history; optional so that callers without it still get every other figure. */
  stageHistory?: readonly StageChange[];
  packages?: readonly Package[];
  milestones?: readonly Milestone[];
  filter?: MetricsFilter;
}

/** One ISO week of a series: `week` like 2026-W16, `start` its Monday (YYYY-MM-DD). */
export interface WeekPoint {
  week: string;
  start: string;
  value: number | null;
}

/** A week of the completion series: value = done ÷ (done + missed), missed = derailed + open past due. */
export interface CompletionPoint extends WeekPoint {
  done: number;
  missed: number;
}

export interface Completion {
  done: number;
  missed: number;
  rate: number | null;
}

export interface Coverage {
  active: number;
  covered: number;
  rate: number | null;
}

export interface PipelineStage {
  stage: Stage;
  /** Clients now in this stage. */
  count: number;
  /** Clients that ever entered this stage (StageHistory). */
  reached: number;
  /** Of the clients that entered the previous stage, the share that went on to this one; null for the first stage or when none did. */
  conversion: number | null;
}

export interface Pipeline {
  stages: PipelineStage[];
  unstaged: number;
}

export interface Renewal {
  clientId: string;
  name: string;
  coachId: string;
  packageEnd: string;
  daysLeft: number;
}

export interface BrightSpot {
  sessionId: string;
  day: string;
  /** The session's tags in canonical form (shared/tags.ts: without '#'). */
  tags: string[];
  clientName: string;
  coachName: string;
  story: string;
}

/** A client's own words for leaders: the latest preparation answer's testimonial, given with consent. */
export interface Testimonial {
  clientName: string;
  coachName: string;
  day: string;
  text: string;
}

/** Figures of one 7-day period (see `headline`). */
export interface PeriodStats {
  from: string;
  to: string;
  sessions: number;
  completionRate: number | null;
  coverage: number | null;
  openOverdue: number;
}

export interface Change {
  current: number | null;
  previous: number | null;
  /** current − previous (rates in fractions, i.e. percentage points ÷ 100); null when either is null. */
  change: number | null;
}

export interface Headline {
  sessions: Change;
  completionRate: Change;
  coverage: Change;
  openOverdue: Change;
}

/** Figures shared by a coach and the program. */
export interface GroupMetrics {
  /** Sessions held in the window. */
  sessions: number;
  sessionsPerWeek: WeekPoint[];
  coverage: Coverage;
  completion: Completion;
  completionByWeek: CompletionPoint[];
  medianDaysToDone: number | null;
  pipeline: Pipeline;
  renewalsDue: Renewal[];
  /** Active clients not covered (never seen, or unseen for more than cadence + 7 days). */
  unseenClients: number;
  /** Median days from first outreach to active, over clients that entered active in the window. */
  daysToActive: { median: number | null; clients: number };
  renewals: { due: number; made: number; rate: number | null };
  goalsAchieved: number;
  milestonesReached: number;
  measures: { tracked: number; moved: number };
  /** Derailed items due in the window (their reasons are for the client's coach only). */
  derailed: number;
  coachingHours: number;
  thisWeek: PeriodStats;
  lastWeek: PeriodStats;
  headline: Headline;
}

export interface CoachMetrics extends GroupMetrics {
  coachId: string;
  name: string;
}

export interface UnseenByCoach {
  coachId: string;
  name: string;
  clients: number;
}

/** What leaders see: no notes but bright-spot stories of non-confidential #win sessions. */
export interface ProgramMetrics extends GroupMetrics {
  today: string;
  window: { from: string; to: string; weeks: number };
  coaches: CoachMetrics[];
  brightSpots: BrightSpot[];
  /** Consented testimonials (Prep.share_consent TRUE) submitted in the window, each client's latest, newest first. */
  testimonials: Testimonial[];
  coachesWithUnseen: UnseenByCoach[];
}

export interface ClientMetrics {
  clientId: string;
  name: string;
  organization: string;
  coachId: string;
  stage: Stage | '';
  goals: { total: number; achieved: number; open: number };
  milestones: { total: number; reached: number };
  /** Goals with a baseline or a current reading of their success measure. */
  measures: { goalId: string; title: string; baseline: string; current: string; moved: boolean }[];
  derailers: { reason: string; count: number }[];
  daysToActive: number | null;
  coachingHours: number;
  items: { total: number; doneOnTime: number; doneLate: number; derailed: number; dropped: number; open: number; overdue: number };
  /** Derailed items with their reasons (status_note, trimmed). */
  derailed: { itemId: string; text: string; reason: string }[];
  sessionsHeld: number;
  lastSession: string | null;
  daysSinceLastSession: number | null;
  active: boolean;
  covered: boolean;
  prepRatings: { day: string; rating: number }[];
}

export interface Metrics {
  clients: ClientMetrics[];
  program: ProgramMetrics;
}

// ---------------------------------------------------------------------------------------------
// Small rules


/** Confidential unless the cell is FALSE or empty: an unexpected value never leaks notes. */
export function isConfidential(value: unknown): boolean {
  return value !== false && value !== '';
}


/**
 * What a bright spot shows of a session's notes: only its lines tagged #win (PRODUCT.md: "only the note
 * lines tagged #win of non-confidential sessions — never the rest of a note"), the tag itself removed,
 * joined and trimmed to at most 280 characters (code points), ending in '…' when cut.
 */
export function storyOf(notes: unknown): string {
  const text = String(notes ?? '')
    .split(/\r?\n/)
    .filter((line) => /(^|\s)#win\b/i.test(line))
    .map((line) => line.replace(/(^|\s)#win\b/gi, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' · ');
  const chars = Array.from(text);
  return chars.length <= STORY_MAX ? text : `${chars.slice(0, STORY_MAX - 1).join('').trimEnd()}…`;
}

function cadenceOf(client: Client): number {
  return typeof client.cadence_days === 'number' && Number.isFinite(client.cadence_days) ? Math.max(0, client.cadence_days) : DEFAULT_CADENCE;
}

function isCovered(client: Client, last: number | null, day: number): boolean {
  return last !== null && day - last <= cadenceOf(client) + COVERAGE_GRACE_DAYS;
}

const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function change(current: number | null, previous: number | null): Change {
  return { current, previous, change: current === null || previous === null ? null : round6(current - previous) };
}

/** Each figure of the current period with its previous value and the difference. */
export function headline(current: PeriodStats, previous: PeriodStats): Headline {
  return {
    sessions: change(current.sessions, previous.sessions),
    completionRate: change(current.completionRate, previous.completionRate),
    coverage: change(current.coverage, previous.coverage),
    openOverdue: change(current.openOverdue, previous.openOverdue),
  };
}

// ---------------------------------------------------------------------------------------------
// Context: the filtered rows, indexed by client

interface Span {
  from: number;
  to: number;
}

interface Context {
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
function timeToActive(sessions: readonly Session[] | undefined, history: readonly StageChange[] | undefined, entered: Map<Stage, number>, dayOf: DayOf): { days: number; activeDay: number } | null {
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

const keepsCoach = (coachId: string, filter: MetricsFilter) => filter.coachId === undefined || coachId === filter.coachId;

function windowOf(today: number, from: number | null, to: number | null): Context['window'] {
  const end = to ?? (from === null ? mondayOf(today) + 6 : today);
  const start = from ?? mondayOf(end) - (DEFAULT_WEEKS - 1) * 7;
  const firstMonday = mondayOf(start);
  const weeks = end < start ? 0 : (mondayOf(end) - firstMonday) / 7 + 1;
  if (weeks > MAX_WINDOW_WEEKS) throw new RangeError('metrics: choose a range of at most 10 years.');
  return { from: start, to: end, firstMonday, weeks };
}

function prepare(input: MetricsInput): Context {
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
    today, dayOf, filter,
    range: { from: from ?? -Infinity, to: to ?? Infinity },
    window: windowOf(today, from, to),
    coachById: new Map(input.coaches.map((c) => [c.coach_id, c])),
    clients, orgClients, sessionsOf, lastSeen,
    itemsOf: groupBy(input.items.filter((i) => byId.has(i.client_id)).map((row) => itemFacts(row, dayOf)), byId),
    goalsOf: groupBy(input.goals, byId),
    prepOf: groupBy(input.prep, byId),
    entered, toActive,
    packagesOf: groupBy(input.packages ?? [], byId),
    milestonesOf: groupBy(input.milestones ?? [], byId),
  };
}

const within = (day: number | null, span: Span): day is number => day !== null && day >= span.from && day <= span.to;

// ---------------------------------------------------------------------------------------------
// Per client

/** An item with its days worked out once. */
interface ItemFacts {
  client_id: string;
  row: Item;
  due: number | null;
  created: number | null;
  /** The day it stopped being open: completed_at (else updated_at) when done, updated_at when derailed or dropped. */
  closed: number | null;
}

function itemFacts(row: Item, dayOf: DayOf): ItemFacts {
  const closed = row.status === 'done' ? dayOf(row.completed_at) ?? dayOf(row.updated_at)
    : row.status === 'derailed' || row.status === 'dropped' ? dayOf(row.updated_at) : null;
  return { client_id: row.client_id, row, due: dayOf(row.due_date), created: dayOf(row.created_at), closed };
}

function itemsOfClient(ctx: Context, clientId: string): Pick<ClientMetrics, 'items' | 'derailed'> {
  const { today, range } = ctx;
  const ranged = range.from !== -Infinity || range.to !== Infinity;
  const items = { total: 0, doneOnTime: 0, doneLate: 0, derailed: 0, dropped: 0, open: 0, overdue: 0 };
  const derailed: ClientMetrics['derailed'] = [];
  for (const { row, due, created, closed } of ctx.itemsOf.get(clientId) ?? []) {
    // An item is placed in the range by its due day, else its created day.
    if (ranged && !within(due ?? created, range)) continue;
    items.total++;
    if (row.status === 'done') {
      if (due === null || closed === null || closed <= due) items.doneOnTime++;
      else items.doneLate++;
    } else if (row.status === 'derailed') {
      items.derailed++;
      derailed.push({ itemId: row.item_id, text: row.text, reason: String(row.status_note ?? '').trim() });
    } else if (row.status === 'dropped') {
      items.dropped++;
    } else if (isOpenStatus(row.status)) {
      items.open++;
      if (isOverdue(row, due, today)) items.overdue++;
    }
  }
  return { items, derailed };
}

function goalsOfClient(ctx: Context, clientId: string): ClientMetrics['goals'] {
  const goals = ctx.goalsOf.get(clientId) ?? [];
  let achieved = 0;
  let open = 0;
  for (const g of goals) {
    if (g.status === 'achieved') achieved++;
    else if (g.status === 'open') open++;
  }
  return { total: goals.length, achieved, open };
}

/** A measure moved when both readings are there and differ (trimmed, case-insensitive). */
function measureMoved(baseline: string, current: string): boolean {
  return baseline !== '' && current !== '' && baseline.toLowerCase() !== current.toLowerCase();
}

const NO_REASON = 'No reason given';

/** Derailed items grouped by reason (case-insensitive, the first spelling kept), most frequent first. */
function derailersOf(derailed: ClientMetrics['derailed']): ClientMetrics['derailers'] {
  const byKey = new Map<string, { reason: string; count: number }>();
  for (const d of derailed) {
    const reason = d.reason || NO_REASON;
    const key = reason.toLowerCase();
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { reason, count: 1 });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

function prepRatingsOf(ctx: Context, clientId: string): ClientMetrics['prepRatings'] {
  const rated: { ms: number; day: number; rating: number }[] = [];
  for (const p of ctx.prepOf.get(clientId) ?? []) {
    const day = ctx.dayOf(p.submitted_at);
    const rating = p.progress_rating;
    if (!within(day, ctx.range) || typeof rating !== 'number' || !(rating >= 1 && rating <= 5)) continue;
    rated.push({ ms: (p.submitted_at as Date).getTime(), day, rating });
  }
  rated.sort((a, b) => a.ms - b.ms);
  return rated.map((r) => ({ day: isoDayOf(r.day), rating: r.rating }));
}

function metricsOfClient(ctx: Context, client: Client): ClientMetrics {
  const id = client.client_id;
  const last = ctx.lastSeen.get(id)?.now ?? null;
  let sessionsHeld = 0;
  for (const s of ctx.sessionsOf.get(id) ?? []) {
    const day = ctx.dayOf(s.started_at);
    if (within(day, ctx.range) && day <= ctx.today) sessionsHeld++;
  }
  let minutes = 0;
  for (const s of ctx.sessionsOf.get(id) ?? []) {
    const day = ctx.dayOf(s.started_at);
    if (within(day, ctx.range) && day <= ctx.today && typeof s.duration_min === 'number') minutes += s.duration_min;
  }
  const active = ACTIVE_STAGES.has(client.stage);
  const items = itemsOfClient(ctx, id);
  const milestones = ctx.milestonesOf.get(id) ?? [];
  return {
    clientId: id, name: client.name, organization: client.organization, coachId: client.coach_id, stage: client.stage,
    goals: goalsOfClient(ctx, id),
    milestones: { total: milestones.length, reached: milestones.filter((m) => m.status === 'reached').length },
    measures: (ctx.goalsOf.get(id) ?? [])
      .map((g) => ({ goalId: g.goal_id, title: g.title, baseline: String(g.measure_baseline ?? '').trim(), current: String(g.measure_current ?? '').trim() }))
      .filter((m) => m.baseline !== '' || m.current !== '')
      .map((m) => ({ ...m, moved: measureMoved(m.baseline, m.current) })),
    derailers: derailersOf(items.derailed),
    daysToActive: ctx.toActive.get(id)?.days ?? null,
    coachingHours: hours(minutes),
    ...items,
    sessionsHeld,
    lastSession: last === null ? null : isoDayOf(last),
    daysSinceLastSession: last === null ? null : ctx.today - last,
    active,
    covered: active && isCovered(client, last, ctx.today),
    prepRatings: prepRatingsOf(ctx, id),
  };
}

// ---------------------------------------------------------------------------------------------
// Per coach and program: one accumulator per group, filled in one pass over the rows

interface PeriodAcc {
  end: number;
  sessions: number;
  done: number;
  missed: number;
  active: number;
  covered: number;
  overdue: number;
}

interface GroupAcc {
  sessions: number;
  sessionsByWeek: number[];
  doneByWeek: number[];
  missedByWeek: number[];
  daysToDone: number[];
  active: number;
  covered: number;
  stages: number[];
  unstaged: number;
  renewals: Renewal[];
  periods: [PeriodAcc, PeriodAcc];
  /** Clients that entered each stage, and that entered it on or after entering the previous one. */
  entered: number[];
  converted: number[];
  daysToActive: number[];
  renewalsDue: number;
  renewalsMade: number;
  goalsAchieved: number;
  milestonesReached: number;
  measuresTracked: number;
  measuresMoved: number;
  derailed: number;
  minutes: number;
}

function newGroup(ctx: Context): GroupAcc {
  const weeks = ctx.window.weeks;
  const period = (end: number): PeriodAcc => ({ end, sessions: 0, done: 0, missed: 0, active: 0, covered: 0, overdue: 0 });
  return {
    sessions: 0, sessionsByWeek: new Array<number>(weeks).fill(0), doneByWeek: new Array<number>(weeks).fill(0),
    missedByWeek: new Array<number>(weeks).fill(0), daysToDone: [], active: 0, covered: 0,
    stages: new Array<number>(STAGES.length).fill(0), unstaged: 0, renewals: [],
    periods: [period(ctx.today), period(ctx.today - 7)],
    entered: new Array<number>(STAGES.length).fill(0), converted: new Array<number>(STAGES.length).fill(0), daysToActive: [],
    renewalsDue: 0, renewalsMade: 0, goalsAchieved: 0, milestonesReached: 0, measuresTracked: 0, measuresMoved: 0, derailed: 0, minutes: 0,
  };
}

const weekIndex = (ctx: Context, day: number) => Math.floor((day - ctx.window.firstMonday) / 7);

function addClient(ctx: Context, client: Client, groups: GroupAcc[]): void {
  const stage = STAGES.indexOf(client.stage as Stage);
  const active = ACTIVE_STAGES.has(client.stage);
  const seen = ctx.lastSeen.get(client.client_id)!;
  const coveredNow = active && isCovered(client, seen.now, ctx.today);
  const end = ctx.dayOf(client.package_end);
  const renewal: Renewal | null = end !== null && end >= ctx.today && end <= ctx.today + RENEWAL_DAYS
    ? { clientId: client.client_id, name: client.name, coachId: client.coach_id, packageEnd: isoDayOf(end), daysLeft: end - ctx.today }
    : null;
  const engagement = engagementOf(ctx, client);
  for (const g of groups) {
    if (stage >= 0) g.stages[stage]!++;
    else g.unstaged++;
    if (renewal) g.renewals.push(renewal);
    engagement.entered.forEach((k) => g.entered[k]!++);
    engagement.converted.forEach((k) => g.converted[k]!++);
    if (engagement.daysToActive !== null) g.daysToActive.push(engagement.daysToActive);
    g.renewalsDue += engagement.renewalsDue;
    g.renewalsMade += engagement.renewalsMade;
    g.goalsAchieved += engagement.goalsAchieved;
    g.milestonesReached += engagement.milestonesReached;
    g.measuresTracked += engagement.measuresTracked;
    g.measuresMoved += engagement.measuresMoved;
    if (!active) continue;
    g.active++;
    if (coveredNow) g.covered++;
    for (const p of g.periods) {
      p.active++;
      if (isCovered(client, p === g.periods[0] ? seen.now : seen.weekAgo, p.end)) p.covered++;
    }
  }
}

/** A client's part of the engagement figures of its groups (see the definitions at the top). */
function engagementOf(ctx: Context, client: Client) {
  const id = client.client_id;
  const entered = ctx.entered.get(id) ?? new Map<Stage, number>();
  const enteredIdx: number[] = [];
  const convertedIdx: number[] = [];
  STAGES.forEach((stage, k) => {
    const day = entered.get(stage);
    if (day === undefined) return;
    enteredIdx.push(k);
    const before = k > 0 ? entered.get(STAGES[k - 1]!) : undefined;
    if (before !== undefined && day >= before) convertedIdx.push(k);
  });
  const toActive = ctx.toActive.get(id);
  let renewalsDue = 0;
  let renewalsMade = 0;
  for (const p of ctx.packagesOf.get(id) ?? []) {
    const end = ctx.dayOf(p.end_date);
    if (!within(end, ctx.window) || (end > ctx.today && p.status !== 'renewed')) continue;
    renewalsDue++;
    if (p.status === 'renewed') renewalsMade++;
  }
  let goalsAchieved = 0;
  let measuresTracked = 0;
  let measuresMoved = 0;
  for (const g of ctx.goalsOf.get(id) ?? []) {
    if ((g.status === 'achieved' || g.status === 'maintenance') && within(ctx.dayOf(g.closed_at), ctx.window)) goalsAchieved++;
    const baseline = String(g.measure_baseline ?? '').trim();
    const current = String(g.measure_current ?? '').trim();
    if (baseline !== '' && current !== '') {
      measuresTracked++;
      if (measureMoved(baseline, current)) measuresMoved++;
    }
  }
  let milestonesReached = 0;
  for (const m of ctx.milestonesOf.get(id) ?? []) {
    if (m.status === 'reached' && within(ctx.dayOf(m.reached_at), ctx.window)) milestonesReached++;
  }
  return {
    entered: enteredIdx, converted: convertedIdx,
    daysToActive: toActive && within(toActive.activeDay, ctx.window) ? toActive.days : null,
    renewalsDue, renewalsMade, goalsAchieved, milestonesReached, measuresTracked, measuresMoved,
  };
}

/** Whether an item was open-overdue at the end of day `day` (see "Periods" at the top). */
function overdueAt(item: ItemFacts, day: number): boolean {
  if (item.due === null || item.due >= day || (item.created !== null && item.created > day)) return false;
  return isOpenStatus(item.row.status) || (item.closed !== null && item.closed > day);
}

function addItem(ctx: Context, item: ItemFacts, groups: GroupAcc[]): void {
  const { today, window } = ctx;
  const { due, created, row } = item;
  const done = row.status === 'done';
  const missed = row.status === 'derailed' || isOverdue(row, due, today);
  const week = within(due, window) ? weekIndex(ctx, due) : -1;
  const doneDay = done ? item.closed : null;
  const daysToDone = within(doneDay, window) && created !== null ? Math.max(0, doneDay - created) : null;
  // The periods end on the same days for every group: work out the item's part once.
  const dueNow = due !== null && due > today - 7 && due <= today;
  const duePrev = due !== null && due > today - 14 && due <= today - 7;
  const overdueNow = overdueAt(item, today);
  const overduePrev = overdueAt(item, today - 7);
  const derailed = row.status === 'derailed' && week >= 0;
  for (const g of groups) {
    if (derailed) g.derailed++;
    if (week >= 0 && done) g.doneByWeek[week]!++;
    if (week >= 0 && missed) g.missedByWeek[week]!++;
    if (daysToDone !== null) g.daysToDone.push(daysToDone);
    const [now, prev] = g.periods;
    if (dueNow && done) now.done++;
    if (dueNow && missed) now.missed++;
    if (overdueNow) now.overdue++;
    if (duePrev && done) prev.done++;
    if (duePrev && missed) prev.missed++;
    if (overduePrev) prev.overdue++;
  }
}

function addSession(ctx: Context, day: number | null, minutes: number, groups: GroupAcc[]): void {
  const inWindow = within(day, ctx.window) && day <= ctx.today;
  for (const g of groups) {
    if (inWindow) g.minutes += minutes;
    if (within(day, ctx.window)) {
      g.sessions++;
      g.sessionsByWeek[weekIndex(ctx, day)]!++;
    }
    for (const p of g.periods) if (day !== null && day > p.end - 7 && day <= p.end) p.sessions++;
  }
}

function brightSpotOf(ctx: Context, session: Session, client: Client, coachId: string, day: number): BrightSpot | null {
  const tags = parseTagList(session.tags);
  if (isConfidential(session.confidential) || !isBrightSpot(tags)) return null;
  return {
    sessionId: session.session_id, day: isoDayOf(day), tags, clientName: client.name,
    coachName: ctx.coachById.get(coachId)?.name ?? coachId, story: storyOf(session.notes),
  };
}

function weekSeries<T extends { value: number | null }>(ctx: Context, value: (i: number) => T): (WeekPoint & T)[] {
  const out: (WeekPoint & T)[] = [];
  for (let i = 0; i < ctx.window.weeks; i++) {
    const monday = ctx.window.firstMonday + i * 7;
    out.push({ week: isoWeekOf(monday), start: isoDayOf(monday), ...value(i) });
  }
  return out;
}

function periodStats(p: PeriodAcc): PeriodStats {
  return {
    from: isoDayOf(p.end - 6), to: isoDayOf(p.end), sessions: p.sessions,
    completionRate: rate(p.done, p.done + p.missed), coverage: rate(p.covered, p.active), openOverdue: p.overdue,
  };
}

function pipelineOf(g: GroupAcc): Pipeline {
  return {
    stages: STAGES.map((stage, k) => ({
      stage, count: g.stages[k]!, reached: g.entered[k]!, conversion: k === 0 ? null : rate(g.converted[k]!, g.entered[k - 1]!),
    })),
    unstaged: g.unstaged,
  };
}

function finish(ctx: Context, g: GroupAcc): GroupMetrics {
  const done = g.doneByWeek.reduce((a, b) => a + b, 0);
  const missed = g.missedByWeek.reduce((a, b) => a + b, 0);
  const [current, previous] = [periodStats(g.periods[0]), periodStats(g.periods[1])];
  return {
    sessions: g.sessions,
    sessionsPerWeek: weekSeries(ctx, (i) => ({ value: g.sessionsByWeek[i]! })),
    coverage: { active: g.active, covered: g.covered, rate: rate(g.covered, g.active) },
    completion: { done, missed, rate: rate(done, done + missed) },
    completionByWeek: weekSeries(ctx, (i) => {
      const d = g.doneByWeek[i]!;
      const m = g.missedByWeek[i]!;
      return { value: rate(d, d + m), done: d, missed: m };
    }),
    medianDaysToDone: median(g.daysToDone),
    pipeline: pipelineOf(g),
    renewalsDue: [...g.renewals].sort((a, b) => a.daysLeft - b.daysLeft || a.name.localeCompare(b.name)),
    unseenClients: g.active - g.covered,
    daysToActive: { median: median(g.daysToActive), clients: g.daysToActive.length },
    renewals: { due: g.renewalsDue, made: g.renewalsMade, rate: rate(g.renewalsMade, g.renewalsDue) },
    goalsAchieved: g.goalsAchieved,
    milestonesReached: g.milestonesReached,
    measures: { tracked: g.measuresTracked, moved: g.measuresMoved },
    derailed: g.derailed,
    coachingHours: hours(g.minutes),
    thisWeek: current,
    lastWeek: previous,
    headline: headline(current, previous),
  };
}

/** Coaches listed: those with kept clients or sessions, plus (without an organization filter) every active coach. */
function listedCoaches(ctx: Context, groups: Map<string, GroupAcc>, coaches: readonly Coach[]): string[] {
  const ids = new Set(groups.keys());
  if (ctx.filter.organization === undefined) {
    for (const c of coaches) {
      if (c.active === true && c.role === 'coach' && (ctx.filter.coachId === undefined || c.coach_id === ctx.filter.coachId)) ids.add(c.coach_id);
    }
  }
  const name = (id: string) => ctx.coachById.get(id)?.name ?? id;
  return [...ids].sort((a, b) => name(a).localeCompare(name(b)) || a.localeCompare(b));
}

function programOf(ctx: Context, input: MetricsInput): ProgramMetrics {
  const program = newGroup(ctx);
  const byCoach = new Map<string, GroupAcc>();
  const groupsOf = (coachId: string): GroupAcc[] => {
    let g = byCoach.get(coachId);
    if (!g) byCoach.set(coachId, (g = newGroup(ctx)));
    return [program, g];
  };
  const spots: { ms: number; spot: BrightSpot }[] = [];
  for (const client of ctx.clients) {
    const groups = groupsOf(client.coach_id);
    addClient(ctx, client, groups);
    for (const item of ctx.itemsOf.get(client.client_id) ?? []) addItem(ctx, item, groups);
  }
  for (const client of ctx.orgClients) {
    for (const s of ctx.sessionsOf.get(client.client_id) ?? []) {
      const coachId = s.coach_id || client.coach_id;
      if (!keepsCoach(coachId, ctx.filter)) continue;
      const day = ctx.dayOf(s.started_at);
      addSession(ctx, day, typeof s.duration_min === 'number' ? s.duration_min : 0, groupsOf(coachId));
      const spot = within(day, ctx.window) ? brightSpotOf(ctx, s, client, coachId, day) : null;
      if (spot) spots.push({ ms: (s.started_at as Date).getTime(), spot });
    }
  }
  spots.sort((a, b) => b.ms - a.ms || a.spot.sessionId.localeCompare(b.spot.sessionId));
  const coaches = listedCoaches(ctx, byCoach, input.coaches).map((id): CoachMetrics => ({
    coachId: id, name: ctx.coachById.get(id)?.name ?? id, ...finish(ctx, byCoach.get(id) ?? newGroup(ctx)),
  }));
  const coachesWithUnseen = coaches
    .filter((c) => c.unseenClients > 0)
    .map((c) => ({ coachId: c.coachId, name: c.name, clients: c.unseenClients }))
    .sort((a, b) => b.clients - a.clients || a.name.localeCompare(b.name));
  return {
    today: isoDayOf(ctx.today),
    window: { from: isoDayOf(ctx.window.from), to: isoDayOf(ctx.window.to), weeks: ctx.window.weeks },
    ...finish(ctx, program),
    coaches,
    brightSpots: spots.map((s) => s.spot),
    testimonials: testimonialsOf(ctx, input),
    coachesWithUnseen,
  };
}

/**
 * Each kept client's latest consented testimonial of the window. Consent is the latest answer's: a
 * client who withdrew it (a later answer without consent) is not quoted.
 */
function testimonialsOf(ctx: Context, input: MetricsInput): Testimonial[] {
  const latest = latestAnswers(input.prep, (p) => {
    const day = ctx.dayOf(p.submitted_at);
    return day !== null && day <= ctx.today;
  });
  const out: Array<{ ms: number; t: Testimonial }> = [];
  for (const client of ctx.clients) {
    const p = latest.get(client.client_id);
    const text = sharedWords(p);
    if (!p || !text || !keepsCoach(client.coach_id, ctx.filter)) continue;
    const day = ctx.dayOf(p.submitted_at)!;
    if (!within(day, ctx.window)) continue;
    out.push({ ms: (p.submitted_at as Date).getTime(), t: { clientName: client.name, coachName: ctx.coachById.get(client.coach_id)?.name ?? client.coach_id, day: isoDayOf(day), text } });
  }
  return out.sort((a, b) => b.ms - a.ms).map((x) => x.t);
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Per-client figures (for the client's coach): one entry per kept client, by name. */
export function clientMetrics(input: MetricsInput): ClientMetrics[] {
  const ctx = prepare(input);
  return ctx.clients.map((c) => metricsOfClient(ctx, c));
}

/** Coach and program figures for leaders (no notes but bright-spot stories). */
export function programMetrics(input: MetricsInput): ProgramMetrics {
  return programOf(prepare(input), input);
}

/** Both, sharing one pass of indexing. */
export function computeMetrics(input: MetricsInput): Metrics {
  const ctx = prepare(input);
  return { clients: ctx.clients.map((c) => metricsOfClient(ctx, c)), program: programOf(ctx, input) };
}
