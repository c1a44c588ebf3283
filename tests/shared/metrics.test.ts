// Progress metrics, definition by definition, on small data whose every number is worked out by hand.
// "Now" is Wednesday 2026-04-15, 12:00 in New York, so today = 2026-04-15 and this ISO week is
// 2026-W16 (Monday 2026-04-13 … Sunday 2026-04-19). 2026 began on a Thursday, so its week 1 is
// Monday 2025-12-29 … Sunday 2026-01-04 and Monday 2026-04-13 is 15 weeks later: W16.
import { describe, expect, it } from 'vitest';
import { localTime } from '../helpers/dates';
import { clientRow, coachRow, itemRow } from '../helpers/rows';
import { dayCounter, dayNumberIn, isoWeekOf, mondayOf } from '../../shared/dates';
import {
  clientMetrics,
  computeMetrics,
  headline,
  programMetrics,
  storyOf,
  type MetricsInput,
  type PeriodStats,
} from '../../shared/metrics';
import { blankRow, ITEM_STATUSES, STAGES, type Row } from '../../shared/schema';

const NY = 'America/New_York';

/** An instant on a local day in New York (default noon). */
function at(day: string, hour = 12, minute = 0): Date {
  return localTime(day, NY, hour, minute);
}
/** A date cell (local midnight). */
const date = (day: string) => at(day, 0);
const NOW = at('2026-04-15');

const coach = coachRow;
const client = clientRow;
function goal(over: Partial<Row<'Goals'>> = {}): Row<'Goals'> {
  return blankRow('Goals', { goal_id: 'g1', client_id: 'c1', title: 'Lead planning', status: 'open', ...over });
}
let sessionSeq = 0;
function session(over: Partial<Row<'Sessions'>> = {}): Row<'Sessions'> {
  return blankRow('Sessions', {
    session_id: `s${++sessionSeq}`,
    client_id: 'c1',
    coach_id: 'co1',
    kind: 'coaching',
    started_at: NOW,
    duration_min: 45,
    source: 'meet',
    ...over,
  });
}
const item = itemRow;
function prep(over: Partial<Row<'Prep'>> = {}): Row<'Prep'> {
  return blankRow('Prep', { prep_id: 'p', client_id: 'c1', ...over });
}

function input(over: Partial<MetricsInput> = {}): MetricsInput {
  return { now: NOW, timeZone: NY, coaches: [coach()], clients: [client()], goals: [], sessions: [], items: [], prep: [], ...over };
}

describe('per client', () => {
  // Maya's items, with the bucket each one falls in (today = Apr 15):
  const items = [
    item({ status: 'done', due_date: date('2026-04-10'), completed_at: at('2026-04-09') }), // on time
    // Completed 23:30 local on the due day = 03:30 UTC the next day: still on time (days are local).
    item({ status: 'done', due_date: date('2026-04-10'), completed_at: at('2026-04-10', 23, 30) }), // on time
    item({ status: 'done', due_date: date('2026-04-08'), completed_at: at('2026-04-12') }), // late
    item({ status: 'done', created_at: at('2026-04-02') }), // on time: no due date
    item({ status: 'derailed', due_date: date('2026-04-09'), status_note: '  Schedule changed  ' }), // derailed
    item({ status: 'open', due_date: date('2026-04-14') }), // open and overdue (Apr 14 < Apr 15)
    item({ status: 'in_progress', due_date: date('2026-04-15') }), // open, due today: not overdue
    item({ status: 'open', created_at: at('2026-04-06') }), // open, no due date
    item({ status: 'dropped', created_at: at('2026-04-01') }), // dropped
    // No completed_at: the completion day is updated_at (Apr 3), after the due day (Apr 1): late.
    item({ status: 'done', due_date: date('2026-04-01'), updated_at: at('2026-04-03') }),
  ];
  const goals = [goal({ status: 'open' }), goal({ status: 'achieved' }), goal({ status: 'dropped' }), goal({ status: 'maintenance' })];
  const sessions = [
    session({ started_at: at('2026-04-01') }),
    session({ started_at: at('2026-04-08', 18) }),
    session({ started_at: at('2026-04-20') }), // in the future: neither held nor the last session
    session({ client_id: 'other', started_at: at('2026-04-14') }), // a client not in Clients: ignored
  ];
  const preps = [
    prep({ submitted_at: at('2026-04-07'), progress_rating: 3 }),
    prep({ submitted_at: at('2026-03-31'), progress_rating: 2 }),
    prep({ submitted_at: at('2026-04-10') }), // no rating: left out
    prep({ submitted_at: at('2026-04-14'), progress_rating: 5 }),
  ];
  const data = input({ items, goals, sessions, prep: preps });

  it('counts goals, item outcomes, sessions, the last session and preparation ratings', () => {
    const [maya] = clientMetrics(data);
    expect(maya).toEqual({
      clientId: 'c1',
      name: 'Maya Thompson',
      organization: 'Lincoln MS',
      coachId: 'co1',
      stage: 'active',
      // 4 goals: 1 achieved, 1 open (dropped and maintenance are neither).
      goals: { total: 4, achieved: 1, open: 1 },
      // On time: items 1, 2, 4; late: 3 and 10; open: 6, 7, 8, of which 6 is overdue.
      items: { total: 10, doneOnTime: 3, doneLate: 2, derailed: 1, dropped: 1, open: 3, overdue: 1 },
      derailed: [{ itemId: items[4]!.item_id, text: 'Try a timer', reason: 'Schedule changed' }],
      derailers: [{ reason: 'Schedule changed', count: 1 }],
      milestones: { total: 0, reached: 0 },
      measures: [],
      // No outreach session and no StageHistory.
      daysToActive: null,
      // Apr 1 and Apr 8, 45 minutes each (Apr 20 is after today).
      coachingHours: 1.5,
      sessionsHeld: 2,
      lastSession: '2026-04-08',
      daysSinceLastSession: 7,
      // Active, cadence 14: 7 days ≤ 14 + 7.
      active: true,
      covered: true,
      // In submission order, without the unrated form.
      prepRatings: [
        { day: '2026-03-31', rating: 2 },
        { day: '2026-04-07', rating: 3 },
        { day: '2026-04-14', rating: 5 },
      ],
    });
  });

  it('limits items, sessions and ratings to the date range, but not goals or the last session', () => {
    const [maya] = clientMetrics({ ...data, filter: { from: date('2026-04-05'), to: date('2026-04-11') } });
    // Items by due day, else created day, within Apr 5–11: items 1, 2 (due 10), 3 (due 8), 5 (due 9),
    // 8 (no due, created Apr 6). Out: 4 (created Apr 2), 6 (due 14), 7 (due 15), 9 (created Apr 1), 10 (due Apr 1).
    expect(maya!.items).toEqual({ total: 5, doneOnTime: 2, doneLate: 1, derailed: 1, dropped: 0, open: 1, overdue: 0 });
    expect(maya!.sessionsHeld).toBe(1); // Apr 8
    expect(maya!.prepRatings).toEqual([{ day: '2026-04-07', rating: 3 }]);
    expect(maya!.goals).toEqual({ total: 4, achieved: 1, open: 1 });
    expect(maya!.lastSession).toBe('2026-04-08');
  });

  it('reports a client never seen with no last session and not covered', () => {
    const [maya] = clientMetrics(input());
    expect(maya).toMatchObject({
      sessionsHeld: 0,
      lastSession: null,
      daysSinceLastSession: null,
      active: true,
      covered: false,
      prepRatings: [],
    });
  });
});

describe('coverage and unseen clients', () => {
  // Ana (co1) has five active clients and two that are not active; Ben (co2) one active, never seen.
  const clients = [
    client({ client_id: 'a', name: 'A', stage: 'active', cadence_days: 14 }), // seen Mar 25: 21 days ≤ 14+7 → covered
    client({ client_id: 'b', name: 'B', stage: 'maintenance', cadence_days: 14 }), // seen Mar 24: 22 > 21 → not
    client({ client_id: 'c', name: 'C', stage: 'breakthrough', cadence_days: '' }), // cadence 14; seen Mar 26: 20 ≤ 21 → covered
    client({ client_id: 'd', name: 'D', stage: 'active', cadence_days: 7 }), // seen Mar 31: 15 > 7+7 → not
    client({ client_id: 'e', name: 'E', stage: 'active' }), // never seen → not
    client({ client_id: 'f', name: 'F', stage: 'prospect' }), // not active
    client({ client_id: 'g', name: 'G', stage: 'closed' }), // not active
    client({ client_id: 'h', name: 'H', stage: 'active', coach_id: 'co2' }), // Ben's, never seen → not
  ];
  const sessions = [
    session({ client_id: 'a', started_at: at('2026-03-25') }),
    session({ client_id: 'b', started_at: at('2026-03-24') }),
    session({ client_id: 'c', started_at: at('2026-03-26') }),
    session({ client_id: 'd', started_at: at('2026-03-31') }),
    session({ client_id: 'f', started_at: at('2026-01-05') }),
  ];
  const coaches = [coach(), coach({ coach_id: 'co2', name: 'Ben Okafor' })];

  it('counts active clients seen within cadence + 7 days', () => {
    const m = programMetrics(input({ clients, sessions, coaches }));
    // Program: 6 active (a, b, c, d, e, h), 2 covered (a, c).
    expect(m.coverage).toEqual({ active: 6, covered: 2, rate: 2 / 6 });
    expect(m.unseenClients).toBe(4);
    const ana = m.coaches.find((c) => c.coachId === 'co1')!;
    expect(ana.coverage).toEqual({ active: 5, covered: 2, rate: 0.4 });
    // Most unseen clients first.
    expect(m.coachesWithUnseen).toEqual([
      { coachId: 'co1', name: 'Ana Rivera', clients: 3 },
      { coachId: 'co2', name: 'Ben Okafor', clients: 1 },
    ]);
  });
});

describe('completion, median days to done and the weekly series', () => {
  // Window Mon Mar 30 … Sun Apr 26: W14 (Mar 30), W15 (Apr 6), W16 (Apr 13), W17 (Apr 20).
  const filter = { from: date('2026-03-30'), to: date('2026-04-26') };
  const items = [
    // W14: done 2 (one late still counts as done), missed 2 (derailed, open past due); dropped is left out → 2/4.
    item({ status: 'done', due_date: date('2026-04-01'), created_at: at('2026-03-25'), completed_at: at('2026-04-01') }), // 7 days to done
    item({ status: 'done', due_date: date('2026-04-03'), created_at: at('2026-04-01'), completed_at: at('2026-04-06') }), // 5
    item({ status: 'derailed', due_date: date('2026-04-02') }),
    item({ status: 'open', due_date: date('2026-04-04') }),
    item({ status: 'dropped', due_date: date('2026-04-02') }),
    // W15: done 3, missed 1 (in progress, past due) → 3/4.
    item({ status: 'in_progress', due_date: date('2026-04-10') }),
    item({ status: 'done', due_date: date('2026-04-12'), created_at: at('2026-04-09'), completed_at: at('2026-04-11') }), // 2
    item({ status: 'done', due_date: date('2026-04-07'), created_at: at('2026-04-07', 9), completed_at: at('2026-04-07', 17) }), // 0
    item({ status: 'done', due_date: date('2026-04-08'), completed_at: at('2026-04-08') }), // no created_at: not in the median
    // W16 (today is Wednesday): due today or later and open → not yet counted; done early counts → 1/2.
    item({ status: 'open', due_date: date('2026-04-15') }),
    item({ status: 'open', due_date: date('2026-04-17') }),
    item({ status: 'done', due_date: date('2026-04-18'), created_at: at('2026-04-04'), completed_at: at('2026-04-14') }), // 10
    item({ status: 'open', due_date: date('2026-04-13') }),
    // W17: nothing due → null.
    // Outside the window by due day: not in any week…
    item({ status: 'open', due_date: date('2026-03-29') }),
    // …but completed in the window, so in the median.
    item({ status: 'done', due_date: date('2026-04-27'), created_at: at('2026-04-12'), completed_at: at('2026-04-13') }), // 1
    // No due date, completed before the window: neither.
    item({ status: 'done', created_at: at('2026-03-01'), completed_at: at('2026-03-20') }),
  ];

  it('computes done ÷ (done + derailed + open past due) per week of due dates', () => {
    const m = programMetrics(input({ items, filter }));
    expect(m.window).toEqual({ from: '2026-03-30', to: '2026-04-26', weeks: 4 });
    expect(m.completionByWeek).toEqual([
      { week: '2026-W14', start: '2026-03-30', value: 0.5, done: 2, missed: 2 },
      { week: '2026-W15', start: '2026-04-06', value: 0.75, done: 3, missed: 1 },
      { week: '2026-W16', start: '2026-04-13', value: 0.5, done: 1, missed: 1 },
      { week: '2026-W17', start: '2026-04-20', value: null, done: 0, missed: 0 },
    ]);
    // Over the window: 6 done, 4 missed.
    expect(m.completion).toEqual({ done: 6, missed: 4, rate: 0.6 });
  });

  it('takes the median of completion day − created day over items completed in the window', () => {
    // 7, 5, 2, 0, 10, 1 → sorted 0 1 2 5 7 10 → (2 + 5) / 2.
    expect(programMetrics(input({ items, filter })).medianDaysToDone).toBe(3.5);
    // Odd count: 7, 5, 2 → 5.
    expect(programMetrics(input({ items: items.slice(0, 7), filter })).medianDaysToDone).toBe(5);
    expect(programMetrics(input({ items: [item({ status: 'open' })], filter })).medianDaysToDone).toBeNull();
  });
});

describe('sessions per week', () => {
  const coaches = [coach(), coach({ coach_id: 'co2', name: 'Ben Okafor' })];
  const sessions = [
    session({ started_at: at('2026-04-14') }), // W16
    session({ started_at: at('2026-04-13', 0, 30) }), // W16 (Monday 00:30 local)
    session({ started_at: at('2026-04-12', 23, 30) }), // W15: Sunday 23:30 local, already Monday in UTC
    session({ started_at: at('2026-01-25') }), // Sunday before the window
    session({ started_at: at('2026-01-26', 0, 15) }), // W05, the first week
    session({ started_at: at('2026-03-08', 12) }), // W10, the day clocks changed
    session({ started_at: at('2026-04-01'), coach_id: 'co2' }), // W14, Ben stood in for Ana
  ];

  it('defaults to the 12 ISO weeks ending this week, counting sessions by the coach who held them', () => {
    const m = programMetrics(input({ sessions, coaches }));
    // This week's Monday is Apr 13; 11 weeks earlier is Jan 26 (W05).
    expect(m.window).toEqual({ from: '2026-01-26', to: '2026-04-19', weeks: 12 });
    expect(m.sessionsPerWeek.map((p) => p.week)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-W${String(5 + i).padStart(2, '0')}`));
    const byWeek = (points: { week: string; value: number | null }[]) =>
      Object.fromEntries(points.filter((p) => p.value).map((p) => [p.week, p.value]));
    expect(byWeek(m.sessionsPerWeek)).toEqual({ '2026-W05': 1, '2026-W10': 1, '2026-W14': 1, '2026-W15': 1, '2026-W16': 2 });
    expect(m.sessions).toBe(6);
    const [ana, ben] = m.coaches;
    expect(byWeek(ana!.sessionsPerWeek)).toEqual({ '2026-W05': 1, '2026-W10': 1, '2026-W15': 1, '2026-W16': 2 });
    expect(byWeek(ben!.sessionsPerWeek)).toEqual({ '2026-W14': 1 });
    // Maya is Ana's client: her last session counts Ben's too, but Ana's Apr 14 session is later.
    expect(clientMetrics(input({ sessions, coaches }))[0]!.lastSession).toBe('2026-04-14');
  });

  it('with only `to`, ends there and starts 11 weeks before its Monday', () => {
    const m = programMetrics(input({ sessions, filter: { to: date('2026-04-12') } }));
    expect(m.window).toEqual({ from: '2026-01-19', to: '2026-04-12', weeks: 12 });
    expect(m.sessions).toBe(5); // Jan 25, Jan 26, Mar 8, Apr 1, Apr 12
  });
});

describe('filters', () => {
  const coaches = [coach(), coach({ coach_id: 'co2', name: 'Ben Okafor' }), coach({ coach_id: 'co3', name: 'Lee Park', role: 'leader' })];
  const clients = [
    client({ client_id: 'c1', name: 'Maya', organization: 'Lincoln MS ', coach_id: 'co1' }),
    client({ client_id: 'c2', name: 'Noah', organization: 'Roosevelt HS', coach_id: 'co1', stage: 'prospect' }),
    client({ client_id: 'c3', name: 'Omar', organization: 'lincoln ms', coach_id: 'co2', cadence_days: 7 }),
  ];
  const sessions = [
    session({ client_id: 'c1', coach_id: 'co1', started_at: at('2026-04-14') }),
    session({ client_id: 'c1', coach_id: 'co2', started_at: at('2026-04-07') }), // Ben stood in for Ana
    session({ client_id: 'c2', coach_id: '', started_at: at('2026-04-08') }), // no coach: Noah's coach, Ana
    session({ client_id: 'c3', coach_id: 'co2', started_at: at('2026-03-20') }),
  ];
  const items = [
    item({ client_id: 'c1', status: 'open', due_date: date('2026-04-10') }),
    item({ client_id: 'c3', status: 'done', due_date: date('2026-04-10'), completed_at: at('2026-04-10') }),
  ];
  const all = input({ coaches, clients, sessions, items });

  it("by organization keeps that organization's clients (trimmed, any case) and their sessions", () => {
    const m = programMetrics({ ...all, filter: { organization: 'LINCOLN MS' } });
    expect(clientMetrics({ ...all, filter: { organization: 'LINCOLN MS' } }).map((c) => c.name)).toEqual(['Maya', 'Omar']);
    expect(m.sessions).toBe(3); // not Noah's
    expect(m.coaches.map((c) => c.name)).toEqual(['Ana Rivera', 'Ben Okafor']);
    expect(m.pipeline.stages.find((s) => s.stage === 'prospect')!.count).toBe(0);
  });

  it("by coach gives the same figures as that coach's entry in the whole program", () => {
    const whole = programMetrics(all);
    // Listed: active coaches (Lee is a leader without clients or sessions, so not listed).
    expect(whole.coaches.map((c) => c.coachId)).toEqual(['co1', 'co2']);
    for (const entry of whole.coaches) {
      const {
        coaches: listed,
        brightSpots: _b,
        testimonials: _s,
        coachesWithUnseen: _u,
        today: _t,
        window: _w,
        ...mine
      } = programMetrics({ ...all, filter: { coachId: entry.coachId } });
      const { coachId: _c, name: _n, ...theirs } = entry;
      expect(mine).toEqual(theirs);
      expect(listed.map((c) => c.coachId)).toEqual([entry.coachId]);
    }
    // Ben: Omar's session and the one he held for Maya; completion 1/1 from Omar's item; Omar last seen
    // Mar 20: 26 days > 7 + 7 → unseen.
    const ben = whole.coaches[1]!;
    expect([ben.sessions, ben.completion.rate, ben.coverage.covered, ben.unseenClients]).toEqual([2, 1, 0, 1]);
    // Ana: Maya's open item due Apr 10 is missed → 0/1; Maya seen Apr 14 → covered (Noah is a prospect).
    const ana = whole.coaches[0]!;
    expect([ana.sessions, ana.completion.rate, ana.coverage.covered, ana.unseenClients]).toEqual([2, 0, 1, 0]);
  });
});

describe('pipeline and renewals', () => {
  it('without StageHistory (an older sheet) a client has entered only its current stage', () => {
    const counts: Record<string, number> = { prospect: 3, contacted: 2, breakthrough: 1, active: 2, maintenance: 1, closed: 1, '': 1 };
    const clients = Object.entries(counts).flatMap(([stage, n]) =>
      Array.from({ length: n }, (_, i) =>
        client({ client_id: `${stage}${i}`, stage: stage as Row<'Clients'>['stage'], created_at: at('2026-01-05') }),
      ),
    );
    const m = programMetrics(input({ clients }));
    // Nobody is known to have moved from one stage to the next: every conversion is 0 of those who entered the stage before.
    expect(m.pipeline).toEqual({
      stages: [
        { stage: 'prospect', count: 3, reached: 3, conversion: null },
        { stage: 'contacted', count: 2, reached: 2, conversion: 0 },
        { stage: 'breakthrough', count: 1, reached: 1, conversion: 0 },
        { stage: 'active', count: 2, reached: 2, conversion: 0 },
        { stage: 'maintenance', count: 1, reached: 1, conversion: 0 },
        { stage: 'closed', count: 1, reached: 1, conversion: 0 },
      ],
      unstaged: 1,
    });
  });

  it('lists packages ending within [today, today + 30], soonest first', () => {
    const ends: Record<string, string | ''> = {
      y: '2026-04-14',
      t: '2026-04-15',
      m30: '2026-05-15',
      m31: '2026-05-16',
      none: '',
      soon: '2026-04-20',
    };
    const clients = Object.entries(ends).map(([id, end]) => client({ client_id: id, name: id, package_end: end ? date(end) : '' }));
    expect(programMetrics(input({ clients })).renewalsDue).toEqual([
      { clientId: 't', name: 't', coachId: 'co1', packageEnd: '2026-04-15', daysLeft: 0 },
      { clientId: 'soon', name: 'soon', coachId: 'co1', packageEnd: '2026-04-20', daysLeft: 5 },
      { clientId: 'm30', name: 'm30', coachId: 'co1', packageEnd: '2026-05-15', daysLeft: 30 },
    ]);
  });
});

describe('bright spots and confidentiality', () => {
  const CANARY = 'CANARY-7f3a';
  const coaches = [coach(), coach({ coach_id: 'co2', name: 'Ben Okafor' })];
  const clients = [
    client(),
    client({ client_id: 'c2', name: 'Noah Kim' }),
    client({ client_id: 'c3', name: 'Omar Diaz', coach_id: 'co2' }),
  ];
  const sessions = [
    session({
      session_id: 's1',
      started_at: at('2026-04-08'),
      tags: '#win #focus',
      notes: `Private reflections: ${CANARY}\n  #win Maya ran her first full planning meeting.  `,
    }),
    session({ session_id: 's2', started_at: at('2026-03-25'), tags: '#win', confidential: true, notes: `${CANARY} confidential win` }),
    session({
      session_id: 's3',
      client_id: 'c2',
      started_at: at('2026-03-20'),
      confidential: true,
      notes: `${CANARY} confidential session`,
    }),
    session({
      session_id: 's4',
      client_id: 'c3',
      coach_id: 'co2',
      started_at: at('2026-04-10'),
      tags: '#Win',
      confidential: '',
      notes: `#win ${'x'.repeat(300)}`,
    }),
    session({ session_id: 's5', client_id: 'c3', coach_id: 'co2', started_at: at('2026-04-11'), tags: '#winning', notes: 'not a win tag' }),
    session({ session_id: 's6', client_id: 'c2', started_at: at('2026-04-02'), tags: 'progress,#win' }),
    session({ session_id: 's7', started_at: at('2026-01-05'), tags: '#win', notes: 'before the window' }),
  ];
  // Other private text that must not reach leaders either.
  const items = [item({ status: 'derailed', text: `${CANARY} item`, status_note: `${CANARY} reason` })];
  const goals = [goal({ title: `${CANARY} goal` })];
  const preps = [prep({ submitted_at: at('2026-04-01'), progress_rating: 4, wins: `${CANARY} wins`, challenges: CANARY })];
  const data = input({ coaches, clients, sessions, items, goals, prep: preps });

  it('lists non-confidential #win sessions of the window, newest first, with their #win lines as the story', () => {
    expect(programMetrics(data).brightSpots).toEqual([
      // An empty confidential cell is not confidential; a 300-character story is cut to 279 + '…'; tags in
      // canonical form (shared/tags.ts: no '#').
      { sessionId: 's4', day: '2026-04-10', tags: ['Win'], clientName: 'Omar Diaz', coachName: 'Ben Okafor', story: `${'x'.repeat(279)}…` },
      {
        sessionId: 's1',
        day: '2026-04-08',
        tags: ['win', 'focus'],
        clientName: 'Maya Thompson',
        coachName: 'Ana Rivera',
        story: 'Maya ran her first full planning meeting.',
      },
      { sessionId: 's6', day: '2026-04-02', tags: ['progress', 'win'], clientName: 'Noah Kim', coachName: 'Ana Rivera', story: '' },
    ]);
  });

  it("never puts notes of a confidential session, item texts, reasons, goals or preparation answers in the leaders' metrics", () => {
    const all = computeMetrics(data);
    expect(JSON.stringify(all.program)).not.toContain(CANARY);
    expect(JSON.stringify(programMetrics({ ...data, filter: { coachId: 'co1' } }))).not.toContain(CANARY);
    // The client's own coach sees derailed reasons, but never session notes.
    expect(JSON.stringify(all.clients)).not.toContain(`${CANARY} confidential`);
    expect(all.clients.find((c) => c.clientId === 'c1')!.derailed[0]!.reason).toBe(`${CANARY} reason`);
    // Confidential unless the cell is FALSE or empty: an odd value does not leak either.
    const odd = session({ started_at: at('2026-04-09'), tags: '#win', confidential: 'yes' as never, notes: CANARY });
    expect(JSON.stringify(programMetrics({ ...data, sessions: [odd] }))).not.toContain(CANARY);
  });

  it("quotes each client's latest testimonial only while consent stands", () => {
    const preps = [
      prep({ prep_id: 'a', client_id: 'c1', submitted_at: at('2026-04-01'), testimonial: 'It changed my mornings.', share_consent: true }),
      prep({ prep_id: 'b', client_id: 'c2', submitted_at: at('2026-03-30'), testimonial: 'Withdrawn later.', share_consent: true }),
      // A later answer without consent withdraws it.
      prep({ prep_id: 'c', client_id: 'c2', submitted_at: at('2026-04-05'), testimonial: 'Withdrawn later.', share_consent: false }),
      prep({ prep_id: 'd', client_id: 'c3', submitted_at: at('2026-04-02'), testimonial: `${CANARY} never agreed`, share_consent: false }),
    ];
    const m = programMetrics({ ...data, prep: preps });
    expect(m.testimonials).toEqual([
      { clientName: 'Maya Thompson', coachName: 'Ana Rivera', day: '2026-04-01', text: 'It changed my mornings.' },
    ]);
    expect(JSON.stringify(m)).not.toContain(CANARY);
  });

  it('tells only the #win lines of a note, without the tag', () => {
    expect(storyOf('Talked about her manager.\n#win First report shipped without edits\nWorried about budget.')).toBe(
      'First report shipped without edits',
    );
    expect(storyOf('Two wins: #win the timer works\nand #WIN students run it')).toBe('Two wins: the timer works · and students run it');
    expect(storyOf('A good week, no tagged line.')).toBe('');
    expect(storyOf('#winter break plans')).toBe('');
  });

  it('cuts stories by characters, not UTF-16 units', () => {
    const story = storyOf(`#win ${'😀'.repeat(281)}`);
    expect(Array.from(story)).toHaveLength(280);
    expect(story.endsWith('😀…')).toBe(true);
  });
});

describe('this week against last week', () => {
  // This period: Apr 9–15; the previous one: Apr 2–8.
  const clients = [
    client({ client_id: 'A', name: 'A', cadence_days: 7 }),
    client({ client_id: 'B', name: 'B', cadence_days: 7 }),
    client({ client_id: 'C', name: 'C', stage: 'maintenance', cadence_days: 0 }),
    client({ client_id: 'D', name: 'D', stage: 'closed' }),
  ];
  const sessions = [
    session({ client_id: 'A', started_at: at('2026-04-09') }),
    session({ client_id: 'B', started_at: at('2026-03-20') }),
    session({ client_id: 'B', started_at: at('2026-04-15', 9) }),
    session({ client_id: 'C', started_at: at('2026-04-02') }),
    session({ client_id: 'D', started_at: at('2026-04-08') }),
    session({ client_id: 'D', started_at: at('2026-04-12') }),
  ];
  const items = [
    item({ client_id: 'A', status: 'done', due_date: date('2026-04-10'), completed_at: at('2026-04-10') }), // t1
    item({ client_id: 'A', status: 'derailed', due_date: date('2026-04-11'), updated_at: at('2026-04-11') }), // t2
    item({ client_id: 'A', status: 'open', due_date: date('2026-04-13'), created_at: at('2026-04-01') }), // t3
    item({ client_id: 'A', status: 'open', due_date: date('2026-04-15') }), // t4
    item({ client_id: 'A', status: 'open', due_date: date('2026-04-12'), created_at: at('2026-04-01') }), // t5
    item({ client_id: 'A', status: 'done', due_date: date('2026-04-03'), completed_at: at('2026-04-03') }), // p1
    item({ client_id: 'A', status: 'done', due_date: date('2026-04-08'), completed_at: at('2026-04-08') }), // p2
    item({ client_id: 'A', status: 'open', due_date: date('2026-04-05'), created_at: at('2026-04-01') }), // p3
    item({ client_id: 'A', status: 'done', due_date: date('2026-04-06'), completed_at: at('2026-04-10') }), // p4
    item({ client_id: 'A', status: 'derailed', due_date: date('2026-04-01'), updated_at: at('2026-04-12') }), // x1
    item({ client_id: 'A', status: 'open', due_date: date('2026-04-07'), created_at: at('2026-04-10') }), // x2
  ];

  it('compares sessions, completion, coverage and open overdue items', () => {
    const m = programMetrics(input({ clients, sessions, items }));
    expect(m.thisWeek).toEqual({
      from: '2026-04-09',
      to: '2026-04-15',
      sessions: 3, // A Apr 9, D Apr 12, B Apr 15
      // Due Apr 9–15: done t1; missed t2 (derailed), t3 and t5 (open, past due); t4 is due today → 1/4.
      completionRate: 0.25,
      // At Apr 15: A 6 days ≤ 14 ✓, B 0 ✓, C 13 > 0+7 ✗ (D is closed) → 2/3.
      coverage: 2 / 3,
      // Open and due before Apr 15: t3, t5, p3, x2.
      openOverdue: 4,
    });
    expect(m.lastWeek).toEqual({
      from: '2026-04-02',
      to: '2026-04-08',
      sessions: 2, // C Apr 2, D Apr 8
      // Due Apr 2–8: done p1, p2, p4 (late, but done); missed p3, x2 (open past due today) → 3/5.
      completionRate: 0.6,
      // At Apr 8: A not yet seen ✗, B last Mar 20: 19 > 14 ✗, C Apr 2: 6 ≤ 7 ✓ → 1/3.
      coverage: 1 / 3,
      // On Apr 8, due before Apr 8 and not closed by then: p3 (open), p4 (done Apr 10), x1 (derailed Apr 12).
      // x2 did not exist yet (created Apr 10); p2 was due that very day.
      openOverdue: 3,
    });
    expect(m.headline).toEqual({
      sessions: { current: 3, previous: 2, change: 1 },
      completionRate: { current: 0.25, previous: 0.6, change: -0.35 },
      coverage: { current: 2 / 3, previous: 1 / 3, change: 0.333333 },
      openOverdue: { current: 4, previous: 3, change: 1 },
    });
  });

  it('headline() gives no change when either side has no value', () => {
    const base: PeriodStats = { from: '2026-04-09', to: '2026-04-15', sessions: 0, completionRate: null, coverage: 0.5, openOverdue: 0 };
    const h = headline(base, { ...base, completionRate: 0.5, coverage: null });
    expect(h.completionRate).toEqual({ current: null, previous: 0.5, change: null });
    expect(h.coverage).toEqual({ current: 0.5, previous: null, change: null });
    expect(h.sessions).toEqual({ current: 0, previous: 0, change: 0 });
  });
});

describe('days and weeks', () => {
  it('agrees with dayNumberIn around time-zone transitions', () => {
    for (const tz of [NY, 'Europe/Berlin', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC']) {
      const dayOf = dayCounter(tz);
      for (const start of [
        '2026-03-07T00:00:00Z',
        '2026-03-28T00:00:00Z',
        '2026-10-03T00:00:00Z',
        '2026-10-24T00:00:00Z',
        '2026-10-31T00:00:00Z',
      ]) {
        // Every quarter hour (zone transitions fall on quarter hours) and the millisecond before it.
        for (let q = Date.parse(start); q < Date.parse(start) + 3 * 86_400_000; q += 15 * 60_000) {
          for (const ms of [q - 1, q])
            expect(dayOf(new Date(ms)), `${tz} ${new Date(ms).toISOString()}`).toBe(dayNumberIn(new Date(ms), tz));
        }
      }
    }
    expect(dayCounter(NY)('')).toBeNull();
    expect(dayCounter(NY)(new Date(NaN))).toBeNull();
  });

  it('names ISO weeks, including a 53rd week', () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(isoWeekOf(mondayOf(day('2026-01-01')))).toBe('2026-W01'); // Monday 2025-12-29
    expect(isoWeekOf(mondayOf(day('2026-04-19')))).toBe('2026-W16'); // a Sunday
    expect(isoWeekOf(mondayOf(day('2027-01-01')))).toBe('2026-W53'); // 2026 began on a Thursday
    expect(isoWeekOf(mondayOf(day('2027-01-04')))).toBe('2027-W01');
  });
});

describe('scale', () => {
  it('handles 5,000 clients, 20,000 sessions and 100,000 action items', () => {
    const DAY = 86_400_000;
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const ago = (days: number) => new Date(NOW.getTime() - Math.floor(random() * days * DAY));
    const coaches = Array.from({ length: 100 }, (_, i) => coach({ coach_id: `co${i}`, name: `Coach ${String(i).padStart(3, '0')}` }));
    const clients = Array.from({ length: 5_000 }, (_, i) =>
      client({
        client_id: `c${i}`,
        name: `Client ${i}`,
        organization: `Org ${i % 20}`,
        coach_id: `co${i % 100}`,
        stage: STAGES[i % STAGES.length]!,
        cadence_days: i % 3 ? 14 : '',
        package_end: new Date(NOW.getTime() + (i % 90) * DAY),
      }),
    );
    const sessions = Array.from({ length: 20_000 }, (_, i) =>
      session({
        client_id: `c${i % 5_000}`,
        coach_id: `co${i % 100}`,
        started_at: ago(120),
        confidential: i % 3 === 0,
        tags: i % 10 ? '' : '#win',
        notes: 'private\n#win n',
      }),
    );
    const items = Array.from({ length: 100_000 }, (_, i) => {
      const created = ago(120);
      const status = ITEM_STATUSES[i % ITEM_STATUSES.length]!;
      return item({
        client_id: `c${i % 5_000}`,
        status,
        created_at: created,
        updated_at: created,
        due_date: new Date(created.getTime() + 7 * DAY),
        completed_at: status === 'done' ? new Date(created.getTime() + (i % 9) * DAY) : '',
      });
    });
    const m = computeMetrics(input({ coaches, clients, sessions, items, goals: [], prep: [] }));
    expect(m.clients).toHaveLength(5_000);
    expect(m.clients.reduce((n, c) => n + c.items.total, 0)).toBe(100_000);
    expect(m.program.coaches).toHaveLength(100);
    expect(m.program.sessionsPerWeek).toHaveLength(12);
    expect(m.program.completionByWeek).toHaveLength(12);
    expect(m.program.pipeline.stages.reduce((n, s) => n + s.count, 0)).toBe(5_000);
    // Stage i % 6: 5,000 = 6 × 833 + 2, so stages 0 and 1 have 834 clients, the others 833; active are
    // breakthrough, active and maintenance (2, 3, 4): 3 × 833.
    expect(m.program.coverage.active).toBe(2_499);
    expect(m.program.medianDaysToDone).toEqual(expect.any(Number));
    expect(m.program.brightSpots.length).toBeGreaterThan(0);
    expect(m.program.brightSpots.every((s) => s.story === 'n')).toBe(true);
  });
});

describe('engagement from history (StageHistory, Packages, Goals, Milestones)', () => {
  // Worked by hand: today Wed 2026-04-15; the window is Mon 2026-01-26 … Sun 2026-04-19.
  const coaches = [coach(), coach({ coach_id: 'co2', name: 'Ben Okafor' })];
  const clients = [
    client({ client_id: 'c1', name: 'Maya', stage: 'maintenance' }),
    client({ client_id: 'c2', name: 'Noah', stage: 'active' }),
    client({ client_id: 'c3', name: 'Omar', stage: 'closed', coach_id: 'co2' }),
    // An older client with no history: it entered only its current stage, on created_at.
    client({ client_id: 'c4', name: 'Priya', stage: 'active', coach_id: 'co2', created_at: at('2026-01-10') }),
  ];
  let change = 0;
  const moved = (clientId: string, from: string, to: string, day: string): Row<'StageHistory'> =>
    blankRow('StageHistory', {
      change_id: `h${++change}`,
      client_id: clientId,
      coach_id: 'co1',
      from_stage: from as never,
      to_stage: to as never,
      changed_at: at(day),
    });
  const stageHistory = [
    moved('c1', '', 'prospect', '2026-02-02'),
    moved('c1', 'prospect', 'contacted', '2026-02-04'),
    moved('c1', 'contacted', 'breakthrough', '2026-02-10'),
    moved('c1', 'breakthrough', 'active', '2026-02-12'),
    moved('c1', 'active', 'maintenance', '2026-04-01'),
    moved('c2', '', 'contacted', '2026-02-16'),
    moved('c2', 'contacted', 'active', '2026-03-08'), // skipped breakthrough
    moved('c3', '', 'prospect', '2026-03-01'),
    moved('c3', 'prospect', 'closed', '2026-03-05'), // not a fit
  ];
  const pkg = (id: string, clientId: string, start: string, end: string, status: 'active' | 'renewed' | 'ended'): Row<'Packages'> =>
    blankRow('Packages', { package_id: id, client_id: clientId, start_date: date(start), end_date: date(end), status });
  const packages = [
    pkg('p1', 'c1', '2026-02-12', '2026-04-10', 'renewed'), // came due in the window and was renewed
    pkg('p2', 'c1', '2026-04-11', '2026-07-10', 'active'), // ends after the window
    pkg('p3', 'c2', '2026-03-08', '2026-04-08', 'active'), // came due, not renewed
    pkg('p4', 'c4', '2026-01-01', '2026-01-20', 'ended'), // ended before the window
  ];
  const goals = [
    goal({
      goal_id: 'g1',
      client_id: 'c1',
      title: 'Faster transitions',
      status: 'achieved',
      closed_at: at('2026-04-01'),
      measure_baseline: '6 min',
      measure_current: '1 min',
    }),
    goal({ goal_id: 'g2', client_id: 'c1', title: 'Exit tickets', status: 'open', measure_baseline: '0', measure_current: ' 0 ' }),
    goal({
      goal_id: 'g3',
      client_id: 'c2',
      title: 'Calm starts',
      status: 'maintenance',
      closed_at: at('2026-03-20'),
      measure_baseline: 'rarely',
    }),
    goal({ goal_id: 'g4', client_id: 'c4', title: 'Old goal', status: 'achieved', closed_at: at('2026-01-15') }),
  ];
  const milestone = (id: string, clientId: string, status: 'open' | 'reached', reached: string | ''): Row<'Milestones'> =>
    blankRow('Milestones', {
      milestone_id: id,
      goal_id: 'g',
      client_id: clientId,
      title: id,
      status,
      reached_at: reached ? at(reached) : '',
    });
  const milestones = [
    milestone('m1', 'c1', 'reached', '2026-03-01'),
    milestone('m2', 'c1', 'reached', '2026-01-20'),
    milestone('m3', 'c1', 'open', ''),
    milestone('m4', 'c4', 'reached', '2026-04-14'),
  ];
  const items = [
    item({ item_id: 'i1', client_id: 'c1', status: 'derailed', due_date: date('2026-04-08'), status_note: 'Schedule changed' }),
    item({ item_id: 'i2', client_id: 'c1', status: 'derailed', due_date: date('2026-04-09'), status_note: ' schedule changed ' }),
    item({ item_id: 'i3', client_id: 'c1', status: 'derailed', due_date: date('2026-03-02') }),
    item({ item_id: 'i4', client_id: 'c2', status: 'derailed', due_date: date('2026-01-05'), status_note: 'Sick' }), // due before the window
  ];
  const sessions = [
    session({ client_id: 'c1', kind: 'outreach', started_at: at('2026-02-02'), duration_min: 15 }),
    session({ client_id: 'c1', started_at: at('2026-04-08'), duration_min: 45 }),
    session({ client_id: 'c1', started_at: at('2026-04-14'), duration_min: 60, deleted_at: at('2026-04-14', 13) }), // deleted: counts nowhere
    session({ client_id: 'c2', started_at: at('2026-03-10'), duration_min: 50 }),
    session({ client_id: 'c4', coach_id: 'co2', started_at: at('2026-04-10'), duration_min: 30 }),
    session({ client_id: 'c4', coach_id: 'co2', started_at: at('2026-01-05'), duration_min: 60 }), // before the window
  ];
  const m = computeMetrics(input({ coaches, clients, goals, sessions, items, stageHistory, packages, milestones }));
  const byName = (name: string) => m.program.coaches.find((c) => c.name === name)!;
  const ofClient = (id: string) => m.clients.find((c) => c.clientId === id)!;

  it('pipeline conversion comes from the stages each client went through, not from "stage ≥ k"', () => {
    // entered: prospect c1 c3 · contacted c1 c2 · breakthrough c1 · active c1 c2 c4 · maintenance c1 · closed c3.
    // converted (entered k on or after k−1): contacted c1 (1/2), breakthrough c1 (1/2), active c1 (1/1),
    // maintenance c1 (1/3), closed none (0/1: c3 closed from prospect).
    expect(m.program.pipeline).toEqual({
      stages: [
        { stage: 'prospect', count: 0, reached: 2, conversion: null },
        { stage: 'contacted', count: 0, reached: 2, conversion: 0.5 },
        { stage: 'breakthrough', count: 0, reached: 1, conversion: 0.5 },
        { stage: 'active', count: 2, reached: 3, conversion: 1 },
        { stage: 'maintenance', count: 1, reached: 1, conversion: 1 / 3 },
        { stage: 'closed', count: 1, reached: 1, conversion: 0 },
      ],
      unstaged: 0,
    });
  });

  it('time from first outreach to active', () => {
    // c1: outreach session Feb 2 → active Feb 12 = 10 days; c2: no outreach session, contacted Feb 16 → active Mar 8 = 20 days.
    expect([ofClient('c1').daysToActive, ofClient('c2').daysToActive, ofClient('c3').daysToActive, ofClient('c4').daysToActive]).toEqual([
      10,
      20,
      null,
      null,
    ]);
    expect(m.program.daysToActive).toEqual({ median: 15, clients: 2 });
    expect(byName('Ana Rivera').daysToActive).toEqual({ median: 15, clients: 2 });
    expect(byName('Ben Okafor').daysToActive).toEqual({ median: null, clients: 0 });
  });

  it('renewals made vs due', () => {
    expect(m.program.renewals).toEqual({ due: 2, made: 1, rate: 0.5 });
    expect(byName('Ana Rivera').renewals).toEqual({ due: 2, made: 1, rate: 0.5 });
    expect(byName('Ben Okafor').renewals).toEqual({ due: 0, made: 0, rate: null });
  });

  it('goals achieved and milestones reached, per client and per coach', () => {
    expect(ofClient('c1').goals).toEqual({ total: 2, achieved: 1, open: 1 });
    expect(ofClient('c1').milestones).toEqual({ total: 3, reached: 2 });
    expect(ofClient('c4').milestones).toEqual({ total: 1, reached: 1 });
    expect([m.program.goalsAchieved, byName('Ana Rivera').goalsAchieved, byName('Ben Okafor').goalsAchieved]).toEqual([2, 2, 0]);
    expect([m.program.milestonesReached, byName('Ana Rivera').milestonesReached, byName('Ben Okafor').milestonesReached]).toEqual([
      2, 1, 1,
    ]);
  });

  it('measures moved from baseline to current', () => {
    expect(ofClient('c1').measures).toEqual([
      { goalId: 'g1', title: 'Faster transitions', baseline: '6 min', current: '1 min', moved: true },
      { goalId: 'g2', title: 'Exit tickets', baseline: '0', current: '0', moved: false },
    ]);
    expect(ofClient('c2').measures).toEqual([{ goalId: 'g3', title: 'Calm starts', baseline: 'rarely', current: '', moved: false }]);
    expect(m.program.measures).toEqual({ tracked: 2, moved: 1 });
    expect(byName('Ben Okafor').measures).toEqual({ tracked: 0, moved: 0 });
  });

  it('derailers by reason for the client, counts for leaders', () => {
    expect(ofClient('c1').derailers).toEqual([
      { reason: 'Schedule changed', count: 2 },
      { reason: 'No reason given', count: 1 },
    ]);
    expect(ofClient('c2').derailers).toEqual([{ reason: 'Sick', count: 1 }]);
    expect([m.program.derailed, byName('Ana Rivera').derailed, byName('Ben Okafor').derailed]).toEqual([3, 3, 0]);
    expect(JSON.stringify(m.program)).not.toContain('chedule changed');
  });

  it('coaching hours: the sum of session durations, deleted sessions left out', () => {
    // Window: 15 + 45 + 50 (Ana) + 30 (Ben) = 140 min; the deleted 60 and Ben's January 60 do not count.
    expect([m.program.coachingHours, byName('Ana Rivera').coachingHours, byName('Ben Okafor').coachingHours]).toEqual([2.33, 1.83, 0.5]);
    expect([ofClient('c1').coachingHours, ofClient('c4').coachingHours]).toEqual([1, 1.5]);
    expect(ofClient('c1').sessionsHeld).toBe(2);
  });
});
