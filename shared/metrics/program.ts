// Progress metrics per coach and program: one accumulator per group, filled in one pass over the rows
// (see definitions.ts).
import { isoDayOf, isoWeekOf } from '../dates';
import { isOpenStatus, isOverdue } from '../items';
import { isBrightSpot, parseTagList } from '../tags';
import { STAGES, type Stage } from '../schema';
import { latestAnswers, sharedWords } from '../testimonials';
import { keepsCoach, within, type Context, type ItemFacts } from './context';
import type {
  BrightSpot,
  Client,
  Coach,
  CoachMetrics,
  GroupMetrics,
  MetricsInput,
  PeriodStats,
  Pipeline,
  ProgramMetrics,
  Renewal,
  Session,
  Testimonial,
  WeekPoint,
} from './definitions';
import { ACTIVE_STAGES, headline, hours, isConfidential, isCovered, measureMoved, median, rate, RENEWAL_DAYS, storyOf } from './rules';

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
    sessions: 0,
    sessionsByWeek: new Array<number>(weeks).fill(0),
    doneByWeek: new Array<number>(weeks).fill(0),
    missedByWeek: new Array<number>(weeks).fill(0),
    daysToDone: [],
    active: 0,
    covered: 0,
    stages: new Array<number>(STAGES.length).fill(0),
    unstaged: 0,
    renewals: [],
    periods: [period(ctx.today), period(ctx.today - 7)],
    entered: new Array<number>(STAGES.length).fill(0),
    converted: new Array<number>(STAGES.length).fill(0),
    daysToActive: [],
    renewalsDue: 0,
    renewalsMade: 0,
    goalsAchieved: 0,
    milestonesReached: 0,
    measuresTracked: 0,
    measuresMoved: 0,
    derailed: 0,
    minutes: 0,
  };
}

const weekIndex = (ctx: Context, day: number) => Math.floor((day - ctx.window.firstMonday) / 7);

function addClient(ctx: Context, client: Client, groups: GroupAcc[]): void {
  const stage = STAGES.indexOf(client.stage as Stage);
  const active = ACTIVE_STAGES.has(client.stage);
  const seen = ctx.lastSeen.get(client.client_id)!;
  const coveredNow = active && isCovered(client, seen.now, ctx.today);
  const end = ctx.dayOf(client.package_end);
  const renewal: Renewal | null =
    end !== null && end >= ctx.today && end <= ctx.today + RENEWAL_DAYS
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
    entered: enteredIdx,
    converted: convertedIdx,
    daysToActive: toActive && within(toActive.activeDay, ctx.window) ? toActive.days : null,
    renewalsDue,
    renewalsMade,
    goalsAchieved,
    milestonesReached,
    measuresTracked,
    measuresMoved,
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
    sessionId: session.session_id,
    day: isoDayOf(day),
    tags,
    clientName: client.name,
    coachName: ctx.coachById.get(coachId)?.name ?? coachId,
    story: storyOf(session.notes),
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
    from: isoDayOf(p.end - 6),
    to: isoDayOf(p.end),
    sessions: p.sessions,
    completionRate: rate(p.done, p.done + p.missed),
    coverage: rate(p.covered, p.active),
    openOverdue: p.overdue,
  };
}

function pipelineOf(g: GroupAcc): Pipeline {
  return {
    stages: STAGES.map((stage, k) => ({
      stage,
      count: g.stages[k]!,
      reached: g.entered[k]!,
      conversion: k === 0 ? null : rate(g.converted[k]!, g.entered[k - 1]!),
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
      if (c.active === true && c.role === 'coach' && (ctx.filter.coachId === undefined || c.coach_id === ctx.filter.coachId))
        ids.add(c.coach_id);
    }
  }
  const name = (id: string) => ctx.coachById.get(id)?.name ?? id;
  return [...ids].sort((a, b) => name(a).localeCompare(name(b)) || a.localeCompare(b));
}

export function programOf(ctx: Context, input: MetricsInput): ProgramMetrics {
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
    coachId: id,
    name: ctx.coachById.get(id)?.name ?? id,
    ...finish(ctx, byCoach.get(id) ?? newGroup(ctx)),
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
    out.push({
      ms: (p.submitted_at as Date).getTime(),
      t: { clientName: client.name, coachName: ctx.coachById.get(client.coach_id)?.name ?? client.coach_id, day: isoDayOf(day), text },
    });
  }
  return out.sort((a, b) => b.ms - a.ms).map((x) => x.t);
}
