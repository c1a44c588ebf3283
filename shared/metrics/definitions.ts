// Progress metrics, their specification: what every figure means (below) and the types of what is
// computed (index.ts has the entry points, client.ts the per-client figures, program.ts the per-coach and
// program figures, context.ts the filtered rows they share, rules.ts the small rules).
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
import type { Row, Stage } from '../schema';

export type Coach = Row<'Coaches'>;
export type Client = Row<'Clients'>;
export type Goal = Row<'Goals'>;
export type Session = Row<'Sessions'>;
export type Item = Row<'ActionItems'>;
export type Prep = Row<'Prep'>;
export type StageChange = Row<'StageHistory'>;
export type Package = Row<'Packages'>;
export type Milestone = Row<'Milestones'>;

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
