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
import { DEMO_PROGRAM_FILE, readDemoProgram, type ItemPlan, type Person } from './demo-program';

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

/** The coach whose connection code `npm start` prints, with her notes key and confidential session. */
const DEMO_COACH = 'ana';

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

  const program = readDemoProgram();
  if (!(DEMO_COACH in program.coaches)) throw new Error(`${DEMO_PROGRAM_FILE}: the demo coach "${DEMO_COACH}" is not one of the coaches.`);
  runtime.callAt(at(0, 12), 'setupSheet');
  const invite = (person: Person, role: string): Invitation => {
    // As the owner does it: menu "Invite coach…", then the dialog's Invite button with its capability.
    const capability = capabilityOf(runtime.invokeAt(runtime.asUser(), at(0, 13), 'showInviteDialog').dialogs);
    return unwrap(
      runtime.invokeAt(runtime.asUser(), at(0, 13), 'inviteCoach', capability, person.name, person.email, role).value,
    ) as Invitation;
  };
  const coaches = new Map(Object.entries(program.coaches).map(([key, person]) => [key, invite(person, 'coach')]));
  const leader = invite(program.leader, 'leader');
  const tokenOf = (key: string): string => {
    const decoded = decodeConnectionCode(coaches.get(key)!.code);
    if (!decoded.ok) throw new Error(decoded.message);
    return decoded.connection.token;
  };

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
  post(at(0, 13), { op: 'setNoteKey', token: tokenOf(DEMO_COACH), keyId: anaKey.keyId });
  const sealedNotes = await encryptNote(CONFIDENTIAL_NOTES, anaKey);
  const prepRows: Array<Partial<Row<'Prep'>>> = [];

  for (const plan of program.clients) {
    const token = tokenOf(plan.coach);
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
            packageEnd: plan.packageEndsInDays !== undefined ? iso(today + plan.packageEndsInDays) : iso(day + 120),
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
      const picked: ItemPlan[] = closing
        ? [
            { text: `Post-coaching plan: keep ${plan.focus} going with a monthly self-check`, owner: 'client' },
            { text: 'Post-coaching plan: share what worked with a colleague', owner: 'client' },
          ]
        : plan.items
            .slice((session - 1) % Math.max(1, plan.items.length))
            .concat(plan.items)
            .slice(0, 1 + (rnd() < 0.4 ? 1 : 0));
      const items = picked.map(({ text, owner }) => {
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
        return { text, owner, due: iso(due), outcome };
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
          kind: session % 4 === 0 && plan.observations ? 'observation' : 'coaching',
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

  const info: DemoInfo = { coachCode: coaches.get(DEMO_COACH)!.code, leaderCode: leader.code, coachRecoveryCode: recoveryCodeOf(anaKey) };
  writeFileAtomic(join(dataDir, DEMO_FILE), JSON.stringify(info, null, 2)); // 0600: it holds connection codes
  return info;
}
