// The demo program `npm start` seeds on first run: a believable quarter of coaching, replayed through the
// bundle's own web app (doPost) at the times it happened, as the extension would have sent it — three
// coaches and a leader; 24 clients across every stage, reached through outreach, breakthrough sessions,
// packages, renewals and closings; 12 weeks of sessions at weekly, fortnightly and monthly cadences;
// goals with milestones and measures that move; commitments kept on time, late, derailed with reasons
// and still open; preparation answers whose ratings rise, a few with testimonials the clients agreed to
// share; `#win` lines; one confidential session. A seeded random source makes every start the same.
import { join } from 'node:path';
import { writeFileAtomic } from '../store/files';
import type { CaptureInput, GoalChange } from '../../shared/api';
import { decodeConnectionCode } from '../../shared/connection';
import { createNoteKey, encryptNote, recoveryCodeOf } from '../../extension/lib/note-crypto';
import { seededRandom } from '../../shared/random';
import { blankRow, columnsOf, type Row, type Stage } from '../../shared/schema';
import { toWire } from '../facade/realm';
import { capabilityOf } from '../editor';
import { unwrap, type Runtime } from '../runtime';

export const DEMO_FILE = 'demo.json';

export interface DemoInfo {
  coachCode: string;
  leaderCode: string;
  /** The demo coach's confidential-notes recovery code (absent in a demo seeded before notes were encrypted). */
  coachRecoveryCode?: string;
}

export interface DemoCounts {
  coaches: number;
  clients: number;
  sessions: number;
}

interface Invitation {
  coachId: string;
  code: string;
}

const DAY = 86_400_000;
const WEEKS = 12;

type CoachKey = 'ana' | 'marcus' | 'priya';

interface GoalPlan {
  title: string;
  measure: string;
  /** What the measure read at the start, then at each later session where it moved. */
  readings: string[];
  milestones: string[];
}

interface ClientPlan {
  coach: CoachKey;
  name: string;
  organization: string;
  stage: Stage;
  cadence: number;
  /** What the coaching is about: it names the sessions' notes and tags. */
  focus: string;
  tag: string;
  goals: GoalPlan[];
  items: string[];
  win?: string;
  testimonial?: string;
  /** Began before the quarter (already active on its first day). */
  existing?: boolean;
  renewAt?: number;
  closeNote?: string;
}

const COACHES: Record<CoachKey, { name: string; email: string }> = {
  ana: { name: 'Ana Rivera', email: 'ana.rivera@example.org' },
  marcus: { name: 'Marcus Bell', email: 'marcus.bell@example.org' },
  priya: { name: 'Priya Nair', email: 'priya.nair@example.org' },
};

/** What a client's coaching holds beyond the row: goals, items and the rest (none for a prospect or a contact). */
type Coaching = Partial<Pick<ClientPlan, 'goals' | 'items' | 'win' | 'testimonial' | 'existing' | 'renewAt' | 'closeNote'>>;

/**
 * The clients one coach has at one organization, a call a client: the name, the stage reached, the cadence
 * in days, the focus and the tag, then what the coaching holds.
 */
function caseload(coach: CoachKey, organization: string) {
  return (name: string, stage: Stage, cadence: number, focus: string, tag: string, coaching: Coaching = {}): ClientPlan => ({
    coach,
    name,
    organization,
    stage,
    cadence,
    focus,
    tag,
    goals: [],
    items: [],
    ...coaching,
  });
}

const LINCOLN = 'Lincoln Middle School';

const lincoln = caseload('ana', LINCOLN);
const northwind = caseload('marcus', 'Northwind Logistics');
const alder = caseload('marcus', 'Alder Health');
const riverside = caseload('priya', 'Riverside Elementary');

const CLIENTS: ClientPlan[] = [
  // Ana Rivera: instructional coach at Lincoln Middle School.
  lincoln('Maya Thompson', 'active', 7, 'transitions between stations', 'classroom-management', {
    goals: [
      {
        title: 'Tighter transitions between stations',
        measure: 'Minutes per transition (timed in walkthroughs)',
        readings: ['6–8 minutes', '5 minutes', '4 minutes', '3 minutes'],
        milestones: ['Routine taught and practised', 'Timer used every day', 'Students run transitions alone'],
      },
    ],
    items: [
      'Try a 2-minute countdown timer for station transitions',
      'Practise the transition routine with the class twice',
      'Film one transition and pick the slowest step',
      'Name a student transition captain per table',
    ],
    win: 'Transitions now take 3 minutes, down from 7',
    testimonial: 'The timer routine gave me back ten minutes of teaching every day.',
  }),
  lincoln('Daniel Okafor', 'active', 14, 'exit tickets in the fractions unit', 'assessment', {
    existing: true,
    goals: [
      {
        title: 'Daily checks for understanding',
        measure: 'Lessons a week that end with an exit ticket',
        readings: ['1 of 5', '3 of 5', '4 of 5'],
        milestones: ['Three exit tickets drafted', 'Exit tickets sorted into groups the next day'],
      },
    ],
    items: [
      'Draft three exit tickets for the fractions unit',
      'Sort yesterday’s exit tickets into three groups',
      'Plan a re-teach for the group that missed it',
    ],
  }),
  lincoln('Grace Kim', 'active', 14, 'small-group reading', 'literacy', {
    goals: [
      {
        title: 'Guided reading groups every day',
        measure: 'Students reading at benchmark',
        readings: ['11 of 24', '14 of 24', '16 of 24'],
        milestones: ['Groups formed from the benchmark', 'Rotation running four days a week'],
      },
    ],
    items: ['Regroup readers using the new benchmark', 'Prepare leveled texts for the blue group', 'Observe Ana model a running record'],
    win: 'Five more students reading at benchmark since October',
  }),
  lincoln('Luis Ortega', 'active', 7, 'student discourse in science', 'discourse', {
    existing: true,
    goals: [
      {
        title: 'Students explain their reasoning',
        measure: 'Student talk in a 10-minute sample',
        readings: ['20%', '35%', '45%'],
        milestones: ['Sentence stems posted', 'Turn-and-talk in every lesson'],
      },
    ],
    items: [
      'Post the sentence stems by the lab stations',
      'Use one turn-and-talk per lesson',
      'Record a 10-minute sample of the lab discussion',
    ],
  }),
  lincoln('Hannah Brooks', 'maintenance', 28, 'feedback on writing', 'writing', {
    existing: true,
    goals: [
      {
        title: 'Faster feedback on essays',
        measure: 'Days to return an essay with feedback',
        readings: ['9 days', '5 days', '3 days'],
        milestones: ['Single-point rubric in use', 'Conferences replace written comments'],
      },
    ],
    items: ['Try a single-point rubric on the next essay', 'Hold two writing conferences a day'],
    testimonial: 'I give better feedback in less time, and my students actually read it.',
  }),
  lincoln('Omar Haddad', 'closed', 14, 'planning the new algebra course', 'planning', {
    existing: true,
    goals: [
      {
        title: 'A unit plan for the first semester',
        measure: 'Units planned with assessments',
        readings: ['1 of 4', '3 of 4', '4 of 4'],
        milestones: ['Unit 1 planned', 'All four units planned'],
      },
    ],
    items: ['Finish the unit 3 assessment', 'Share the course map with the department'],
    closeNote: 'Package complete: all four units planned; post-coaching plan agreed',
  }),
  lincoln('Ruth Adeyemi', 'breakthrough', 14, 'co-teaching with the special education team', 'co-teaching', {
    goals: [
      {
        title: 'One co-planned lesson a week',
        measure: 'Co-planned lessons a week',
        readings: ['0'],
        milestones: ['Shared planning time set'],
      },
    ],
    items: ['Find a shared planning slot with Mr. Diaz'],
  }),
  lincoln('Ben Carter', 'contacted', 14, 'classroom routines for a first-year teacher', 'new-teacher'),
  lincoln('Chloe Martin', 'prospect', 14, 'project-based learning', 'pbl'),

  // Marcus Bell: executive coach with Northwind Logistics and Alder Health.
  northwind('Priya Shah', 'active', 14, 'delegation and weekly one-on-ones', 'leadership', {
    goals: [
      {
        title: 'Delegate the weekly operations report',
        measure: 'Hours a week on work a report could own',
        readings: ['12 hours', '8 hours', '5 hours'],
        milestones: ['Owner chosen for the ops report', 'First report shipped without edits'],
      },
      {
        title: 'Weekly one-on-ones with every direct report',
        measure: 'One-on-ones held in the last two weeks',
        readings: ['2 of 7', '6 of 7', '7 of 7'],
        milestones: ['Calendar holds set', 'Agenda template shared'],
      },
    ],
    items: [
      'Hold a first one-on-one with each direct report',
      'Hand the operations report to Sam with a checklist',
      'Ask the team what to stop doing',
      'Block two hours of deep work on Thursdays',
    ],
    win: 'Priya handed off the ops report: 7 hours a week back',
    testimonial: 'For the first time in years my team brings me decisions, not problems.',
  }),
  northwind('Tom Becker', 'active', 14, 'the three-year strategy', 'strategy', {
    existing: true,
    renewAt: 42,
    goals: [
      {
        title: 'A strategy the board signs off',
        measure: 'Board sign-off on the three-year plan',
        readings: ['No draft', 'First draft reviewed', 'Approved with changes'],
        milestones: ['Draft shared with the leadership team', 'Board presentation'],
      },
    ],
    items: ['Draft the three priorities on one page', 'Test the priorities with two board members', 'Rehearse the board presentation'],
  }),
  alder('Aisha Rahman', 'active', 14, 'executive presence in leadership meetings', 'presence', {
    goals: [
      {
        title: 'Speak first on strategic items',
        measure: 'Leadership meetings where Aisha opened a topic',
        readings: ['0 of 4', '2 of 4', '3 of 4'],
        milestones: ['Opening lines prepared for the next meeting'],
      },
    ],
    items: ['Prepare an opening line for the budget item', 'Ask a peer for feedback after the meeting'],
  }),
  alder('Elena Petrova', 'maintenance', 28, 'leading the clinic merger', 'change', {
    existing: true,
    goals: [
      {
        title: 'Merge two clinic teams without losing staff',
        measure: 'Staff who left since the merger began',
        readings: ['3 of 40', '1 more', 'none since September'],
        milestones: ['Joint leadership team formed', 'Shared rota live'],
      },
    ],
    items: ['Hold the joint town hall', 'Pair each lead with a counterpart'],
  }),
  northwind('Victor Chen', 'closed', 14, 'the move into the COO role', 'transition', {
    existing: true,
    goals: [
      {
        title: 'A 90-day plan for the new role',
        measure: 'Plan milestones met',
        readings: ['0 of 6', '4 of 6', '6 of 6'],
        milestones: ['Listening tour done', '90-day plan shared'],
      },
    ],
    items: ['Finish the listening tour with the depot managers', 'Share the 90-day plan with the CEO'],
    closeNote: 'Engagement complete: 90-day plan delivered; post-coaching plan agreed',
  }),
  northwind('Sam Whitaker', 'breakthrough', 14, 'running the new depot', 'operations', {
    goals: [
      {
        title: 'A depot team that runs without escalations',
        measure: 'Escalations a week',
        readings: ['9'],
        milestones: ['Escalation rules written'],
      },
    ],
    items: ['List last week’s escalations and who could have decided'],
  }),
  alder('Nora Lindqvist', 'contacted', 14, 'a first director role', 'new-leader'),
  northwind('Jonah Fields', 'prospect', 14, 'sales leadership', 'sales'),

  // Priya Nair: instructional coach at Riverside Elementary.
  riverside('Rosa Delgado', 'active', 7, 'math talks in grade 3', 'math', {
    goals: [
      {
        title: 'Daily number talks',
        measure: 'Students sharing a strategy in a number talk',
        readings: ['3', '7', '11'],
        milestones: ['Number talk routine in place', 'Strategies charted for the class'],
      },
    ],
    items: ['Run a number talk on Monday and Wednesday', 'Chart the strategies students share', 'Try a dot-image number talk'],
    win: 'Eleven students shared a strategy in Friday’s number talk',
  }),
  riverside('Kevin O’Brien', 'active', 14, 'behaviour plans with families', 'families', {
    existing: true,
    goals: [
      {
        title: 'Calmer afternoons',
        measure: 'Office referrals a week',
        readings: ['6', '4', '2'],
        milestones: ['Positive call home each week'],
      },
    ],
    items: ['Make two positive calls home', 'Try the calm corner after lunch'],
  }),
  riverside('Mei Tanaka', 'maintenance', 28, 'phonics routines in kindergarten', 'literacy', {
    existing: true,
    goals: [
      {
        title: 'Phonics block in 20 minutes',
        measure: 'Minutes of the phonics block',
        readings: ['35 minutes', '25 minutes', '20 minutes'],
        milestones: ['Routine cards made'],
      },
    ],
    items: ['Share the routine cards with the team'],
    testimonial: 'My phonics block finally fits, and the children know every step.',
  }),
  riverside('Fatima Zahra', 'closed', 14, 'science notebooks', 'science', {
    closeNote: 'Not a fit now: Fatima is on leave from January; revisit next year',
  }),
  riverside('Lena Fox', 'breakthrough', 14, 'read-alouds that build vocabulary', 'literacy', {
    goals: [
      {
        title: 'Teach five words a week from read-alouds',
        measure: 'Words used by students in writing',
        readings: ['a few'],
        milestones: ['Word wall started'],
      },
    ],
    items: ['Choose this week’s five words'],
  }),
  riverside('Derek Shaw', 'contacted', 14, 'using the new science kits', 'science'),
  riverside('Ivy Scott', 'prospect', 14, 'centres in grade 1', 'centres'),
];
const DERAILERS = [
  'Time: report cards took the week',
  'Priorities changed: the district walkthrough came first',
  'Unclear: we had not agreed what done looks like',
  'Needs support: wants to see it modelled first',
];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}

function emailOf(name: string): string {
  return `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.')}@example.org`;
}

/** The one confidential session: Ana's second session with Maya, its notes sealed with Ana's key. */
const CONFIDENTIAL = { client: 'Maya Thompson', session: 2 };
const CONFIDENTIAL_NOTES =
  'Maya shared that she is thinking of leaving teaching at the end of the year; the team meetings leave her drained. ' +
  'Agreed to keep this between us and to revisit in two weeks.';

/**
 * Seeds the demo program into an empty data dir. Returns the coach's and the leader's connection codes,
 * and Ana's recovery code: her notes key is made here as her extension makes it on connecting
 * (extension/lib/note-crypto.ts on Node's WebCrypto), only its id goes to the sheet, and the confidential
 * session's notes are sealed with it. demo.json keeps the recovery code so `npm start` can print it for
 * the panel — a demo convenience, never done for a real coach.
 */
export async function seedDemo(runtime: Runtime, dataDir: string): Promise<DemoInfo> {
  const now = new Date(runtime.now());
  // The quarter: the 12 weeks before today, sessions at 10:00 New York time (15:00 UTC).
  const day0 = Math.floor(now.getTime() / DAY) - WEEKS * 7;
  const at = (day: number, hour = 15): Date => new Date((day0 + day) * DAY + hour * 3_600_000);
  const iso = (day: number) => at(day).toISOString().slice(0, 10);
  const today = WEEKS * 7;
  const rnd = seededRandom(2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

  runtime.callAt(at(0, 12), 'setupSheet');
  const invite = (key: CoachKey | 'lee', role: string): Invitation => {
    const person = key === 'lee' ? { name: 'Lee Park', email: 'lee.park@example.org' } : COACHES[key];
    // As the owner does it: menu "Invite coach…", then the dialog's Invite button with its capability.
    const capability = capabilityOf(runtime.invokeAt(runtime.asUser(), at(0, 13), 'showInviteDialog').dialogs);
    return unwrap(
      runtime.invokeAt(runtime.asUser(), at(0, 13), 'inviteCoach', capability, person.name, person.email, role).value,
    ) as Invitation;
  };
  const coaches = { ana: invite('ana', 'coach'), marcus: invite('marcus', 'coach'), priya: invite('priya', 'coach') };
  const leader = invite('lee', 'leader');
  const tokens = Object.fromEntries(
    Object.entries(coaches).map(([k, inv]) => {
      const decoded = decodeConnectionCode(inv.code);
      if (!decoded.ok) throw new Error(decoded.message);
      return [k, decoded.connection.token];
    }),
  ) as Record<CoachKey, string>;

  const post = (when: Date, body: Record<string, unknown>): { clientId: string; itemIds: string[] } => {
    const contents = JSON.stringify({ v: 1, ...body });
    const output = unwrap(
      runtime.invokeAt(runtime.webApp, when, 'doPost', {
        postData: { contents, length: contents.length, type: 'text/plain', name: 'postData' },
        parameter: {},
        parameters: {},
      }).value,
    ) as { content: string };
    const answer = JSON.parse(output.content) as { ok: boolean; clientId: string; itemIds: string[]; error?: { message: string } };
    if (!answer.ok) throw new Error(`Seeding the demo failed: ${answer.error?.message}`);
    return answer;
  };
  const anaKey = await createNoteKey();
  post(at(0, 13), { op: 'setNoteKey', token: tokens.ana, keyId: anaKey.keyId });
  const sealedNotes = await encryptNote(CONFIDENTIAL_NOTES, anaKey);
  const prepRows: Array<Partial<Row<'Prep'>>> = [];

  for (const plan of CLIENTS) {
    const token = tokens[plan.coach];
    const first = plan.name.split(' ')[0]!;
    let clientId = '';
    const capture = (day: number, session: Partial<CaptureInput['session']>, extra: Record<string, unknown> = {}) => {
      const answer = post(at(day), {
        op: 'capture',
        token,
        captureId: `demo-${slug(plan.name)}-${day}`,
        session: {
          ...(clientId ? { clientId } : { newClient: { name: plan.name, email: emailOf(plan.name), organization: plan.organization } }),
          kind: 'coaching',
          startedAt: at(day).toISOString(),
          endedAt: at(day, 15.75).toISOString(),
          source: pick(['meet', 'zoom', 'manual'] as const),
          tags: [plan.tag],
          ...session,
        },
        ...extra,
      });
      clientId = answer.clientId;
      return answer;
    };

    // How the engagement began: outreach, a breakthrough session, then the package.
    const journey: Stage[] = ['prospect', 'contacted', 'breakthrough', 'active', 'maintenance', 'closed'];
    const target = journey.indexOf(plan.stage);
    const goals = (from: number): GoalChange[] =>
      plan.goals.map((g, n) => ({
        goalId: `g-${slug(plan.name)}-${n + 1}`,
        title: g.title,
        successMeasure: g.measure,
        measureBaseline: g.readings[0]!,
        targetDate: iso(from + 84),
        status: 'open',
        milestones: g.milestones.map((m, k) => ({
          milestoneId: `m-${slug(plan.name)}-${n + 1}-${k + 1}`,
          title: m,
          due: iso(from + 21 * (k + 1)),
        })),
      }));

    let day: number;
    if (plan.existing) {
      // Coached since before the quarter: already active, the package started months ago.
      day = 2 + Math.floor(rnd() * 6);
      const started = day - 70 - Math.floor(rnd() * 40);
      const ends = plan.renewAt ?? (plan.stage === 'closed' ? 56 : started + 180);
      capture(
        day,
        { notes: `Check-in on ${plan.focus}: where we are after the first months.` },
        {
          client: {
            stage: 'active',
            stageNote: 'Coached since before this quarter',
            packageStart: iso(started),
            packageEnd: iso(ends),
            cadenceDays: plan.cadence,
          },
          goals: goals(day),
        },
      );
    } else {
      day = 1 + Math.floor(rnd() * (target <= 1 ? 55 : 20));
      if (target <= 1) day += 20;
      capture(
        day,
        { kind: 'outreach', notes: `Dropped by to introduce coaching. ${first} is curious about ${plan.focus}; will follow up.` },
        { client: { stage: 'prospect', stageNote: 'First outreach', cadenceDays: plan.cadence } },
      );
      if (target === 0) continue;
      day += 5 + Math.floor(rnd() * 6);
      capture(
        day,
        {
          kind: 'outreach',
          notes: `Conversation about ${plan.focus}. What matters to ${first}: time with students. Objection heard: "another initiative". Next step: a first session.`,
        },
        { client: { stage: 'contacted' } },
      );
      if (target === 1) continue;
      day += 7 + Math.floor(rnd() * 5);
      const notFit = plan.stage === 'closed' && !plan.goals.length;
      capture(
        day,
        {
          kind: 'breakthrough',
          notes: `Breakthrough session on ${plan.focus}: goals, how success will be measured, readiness.${notFit ? ` ${plan.closeNote}.` : ''}`,
        },
        {
          client: notFit ? { stage: 'closed', stageNote: plan.closeNote } : { stage: 'breakthrough' },
          goals: goals(day),
        },
      );
      if (target === 2 || notFit) continue;
      day += 3 + Math.floor(rnd() * 4);
      capture(
        day,
        { notes: `Fit: start the package. Agreed cadence every ${plan.cadence} days; first focus ${plan.focus}.` },
        {
          client: {
            stage: 'active',
            stageNote: 'Fit — package started',
            packageStart: iso(day),
            packageEnd: plan.name === 'Priya Shah' ? iso(today + 20) : iso(day + 120),
            cadenceDays: plan.cadence,
          },
        },
      );
    }

    // Coaching sessions at the client's cadence until today: a debrief of the last session's items,
    // new commitments, milestones reached and measures that move.
    let open: Array<{ id: string; outcome: 'on_time' | 'late' | 'derailed' | 'open' }> = [];
    let session = 0;
    const cadence = plan.stage === 'maintenance' ? 14 : plan.cadence;
    let maintenanceFrom = plan.stage === 'maintenance' ? 42 : Infinity;
    for (day += cadence; day <= today - 1; day += day >= maintenanceFrom ? 28 : cadence) {
      session++;
      const next = day + (day >= maintenanceFrom ? 28 : cadence);
      const closing = plan.stage === 'closed' && day >= 56;
      const debrief = open
        .filter((i) => i.outcome !== 'open')
        .map((i) =>
          i.outcome === 'derailed'
            ? { itemId: i.id, status: 'derailed' as const, note: pick(DERAILERS) }
            : { itemId: i.id, status: 'done' as const },
        );
      open = open.filter((i) => i.outcome === 'open');
      // Preparation answers two days before the session, ratings rising as the work lands.
      if (session >= 2 && plan.stage !== 'closed') {
        const rating = Math.max(1, Math.min(5, Math.round(2 + (session / 5) * 2 + (rnd() - 0.5))));
        const consent = Boolean(plan.testimonial) && session >= 4 && !prepRows.some((p) => p.testimonial && p.client_id === clientId);
        prepRows.push({
          prep_id: `prep-${slug(plan.name)}-${day}`,
          client_id: clientId,
          submitted_at: at(day - 2, 23),
          wins: session > 3 ? `Progress on ${plan.focus}` : 'Tried the first step',
          challenges: pick(['Finding the time', 'Keeping it going on busy days', 'Getting everyone on board']),
          want_from_next: pick(['Plan the next step', 'Look at the data together', 'Practise the hard conversation']),
          progress_rating: rating,
          for_session_at: at(day),
          testimonial: consent ? plan.testimonial! : '',
          share_consent: consent,
        });
      }
      const progress = Math.min(session, 3);
      const goalChanges: GoalChange[] = plan.goals.map((g, n) => {
        const reached = g.milestones.slice(0, Math.min(g.milestones.length, Math.floor(session / 2)));
        const achieved = (plan.stage === 'maintenance' && day >= maintenanceFrom) || closing;
        return {
          goalId: `g-${slug(plan.name)}-${n + 1}`,
          measureCurrent: g.readings[Math.min(g.readings.length - 1, progress)]!,
          ...(achieved ? { status: plan.stage === 'maintenance' ? ('maintenance' as const) : ('achieved' as const) } : {}),
          milestones: reached.map((_, k) => ({ milestoneId: `m-${slug(plan.name)}-${n + 1}-${k + 1}`, status: 'reached' as const })),
        };
      });
      const win = plan.win && session === 4 ? `\n#win ${plan.win}` : '';
      const confidential = plan.name === CONFIDENTIAL.client && session === CONFIDENTIAL.session;
      const texts = closing
        ? [
            `Post-coaching plan: keep ${plan.focus} going with a monthly self-check`,
            'Post-coaching plan: share what worked with a colleague',
          ]
        : plan.items
            .slice((session - 1) % Math.max(1, plan.items.length))
            .concat(plan.items)
            .slice(0, 1 + (rnd() < 0.4 ? 1 : 0));
      const items = texts.map((text) => {
        const r = rnd();
        const outcome = closing || next > today - 1 ? 'open' : r < 0.58 ? 'on_time' : r < 0.78 ? 'late' : r < 0.92 ? 'derailed' : 'open';
        // A post-coaching plan runs for two months; other items are due before or just after the next session.
        const due = closing
          ? day + 60
          : outcome === 'late'
            ? day + Math.max(1, next - day - 3)
            : outcome === 'open' && next <= today - 1
              ? day + Math.max(2, next - day - 2)
              : next + 1;
        return { text, owner: text.startsWith('Observe') || text.startsWith('Share the') ? 'coach' : 'client', due: iso(due), outcome };
      });
      let client: Record<string, unknown> | undefined;
      if (plan.stage === 'maintenance' && day >= maintenanceFrom && maintenanceFrom !== -1) {
        client = { stage: 'maintenance', stageNote: 'Goal achieved; monthly check-ins' };
        maintenanceFrom = day;
      }
      if (plan.renewAt && day >= plan.renewAt - 7 && day < plan.renewAt + cadence - 7) {
        client = { renew: { packageStart: iso(plan.renewAt), packageEnd: iso(plan.renewAt + 180) } };
      }
      if (closing) client = { stage: 'closed', stageNote: plan.closeNote };
      const answer = capture(
        day,
        {
          kind: session % 4 === 0 && plan.organization === LINCOLN ? 'observation' : 'coaching',
          notes: confidential
            ? sealedNotes
            : `${pick(['Debrief', 'Follow-up', 'Working session'])} on ${plan.focus}. ${first} reports: ${plan.goals[0]?.readings[Math.min(plan.goals[0].readings.length - 1, progress)] ?? 'steady progress'}.${win}`,
          confidential,
          tags: win ? [plan.tag, 'win'] : [plan.tag],
          nextSessionAt: closing ? undefined : at(next).toISOString(),
        },
        {
          actionItems: items.map(({ text, owner, due }) => ({ text, owner, due })),
          debrief,
          ...(goalChanges.length ? { goals: goalChanges } : {}),
          ...(client ? { client } : {}),
        },
      );
      open.push(...answer.itemIds.map((id, n) => ({ id, outcome: items[n]!.outcome as 'on_time' | 'late' | 'derailed' | 'open' })));
      if (closing) break;
      if (plan.stage === 'maintenance' && maintenanceFrom === day && client) maintenanceFrom = day;
    }
  }

  // Preparation answers come from the clients' prep links; here they are typed into the Prep tab.
  const sheets = runtime.host.sheets;
  const prepSheet = sheets.sheetByName('Prep')!;
  const header = columnsOf('Prep');
  if (prepRows.length) {
    const { lastRow, maxRows } = sheets.info(prepSheet);
    const first = lastRow + 1;
    if (first + prepRows.length - 1 > maxRows) sheets.insertRowsAfter(prepSheet, maxRows, first + prepRows.length - 1 - maxRows);
    sheets.setValues(
      prepSheet,
      first,
      1,
      prepRows.map((p) => header.map((c) => toWire((blankRow('Prep', p) as Record<string, unknown>)[c]))),
    );
    runtime.store.commitSync();
  }
  runtime.call('refreshDashboard');

  const info: DemoInfo = { coachCode: coaches.ana.code, leaderCode: leader.code, coachRecoveryCode: recoveryCodeOf(anaKey) };
  writeFileAtomic(join(dataDir, DEMO_FILE), JSON.stringify(info, null, 2)); // 0600: it holds connection codes
  return info;
}
