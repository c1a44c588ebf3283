// The coaching engagement through the web app (built bundle, doPost by name): a client's journey
// prospect → contacted → breakthrough → active → maintenance → renewal → closed, checked cell by cell
// in the workbook; exactly-once upserts; refusals that write nothing; sync's new parts.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { columnsOf, TAB_NAMES, type TabName } from '../../shared/schema';
import { openDialog } from '../../local/editor';
import { Runtime } from '../../local/runtime';
import { CODE_FILE, newProgram, postTo, tempDir, WEB_APP_URL, type TestProgram } from '../helpers/runtime';

type Cell = unknown;

/** A tab's rows keyed by header, as stored (dates as { d: epoch ms }). */
function records(p: TestProgram, tab: TabName): Record<string, Cell>[] {
  const sheet = p.rt.data.sheets.find((s) => s.name === tab)!;
  const header = sheet.cells[0]!.map(String);
  return sheet.cells
    .slice(1)
    .filter((r) => r.some((c) => c !== null))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
}

/** Moves the bundle's clock (FOLLOWTHROUGH_NOW) to `iso`, so each step of the journey has its own time. */
function setClock(p: TestProgram, iso: string): number {
  const at = Date.parse(iso);
  p.rt.env.clockOffsetMs = at - Date.now();
  return at;
}

/** The stored instant of a date cell, within a second (the clock runs on from setClock). */
function near(cell: Cell, at: number): boolean {
  return typeof cell === 'object' && cell !== null && 'd' in cell && Math.abs((cell as { d: number }).d - at) < 5_000;
}

const day = (iso: string) => ({ d: Date.parse(`${iso}T05:00:00Z`) }); // midnight in New York (EST)

describe('the engagement through the web app', () => {
  let p: TestProgram;
  beforeEach(() => {
    p = newProgram({ log: () => {} });
  });

  const update = (body: Record<string, unknown>, token = p.token) => p.post({ v: 1, op: 'updateClient', token, ...body });
  const capture = (body: Record<string, unknown>, token = p.token) => p.post({ v: 1, op: 'capture', token, ...body });

  it('follows a client from prospect to closed, with history, packages, goals and milestones in the sheet', () => {
    // Outreach: a colleague who did not ask for help becomes a prospect.
    const t1 = setClock(p, '2026-01-05T15:00:00Z');
    const first = capture({
      captureId: 'c-outreach',
      client: { stage: 'prospect' },
      session: {
        newClient: { name: 'Maya Thompson', email: 'maya@example.org', organization: 'Lincoln MS' },
        kind: 'outreach',
        startedAt: '2026-01-05T15:00:00Z',
        endedAt: '2026-01-05T15:15:00Z',
      },
    });
    expect(first).toMatchObject({ ok: true, goalIds: [], milestoneIds: [], duplicate: false });
    const clientId = first.clientId as string;

    const t2 = setClock(p, '2026-01-07T14:00:00Z');
    expect(update({ clientId, client: { stage: 'contacted', stageNote: 'Met at the PLC; set a time' } })).toMatchObject({
      ok: true,
      stageChanged: true,
      packageId: '',
    });

    // The breakthrough session: goals, how success is measured, milestones.
    const t3 = setClock(p, '2026-01-14T15:00:00Z');
    const breakthrough = capture({
      captureId: 'c-breakthrough',
      client: { stage: 'breakthrough', stageNote: 'A fit' },
      session: { clientId, kind: 'breakthrough', startedAt: '2026-01-14T15:00:00Z', endedAt: '2026-01-14T16:00:00Z' },
      goals: [
        {
          goalId: 'g-transitions',
          title: 'Faster transitions',
          successMeasure: 'Minutes lost per transition',
          measureBaseline: '6 min',
          targetDate: '2026-03-31',
          milestones: [
            { milestoneId: 'm-timer', title: 'Use a visible timer', due: '2026-02-01' },
            { milestoneId: 'm-routine', title: 'Routine taught', due: '2026-02-15' },
          ],
        },
      ],
      actionItems: [{ text: 'Try a countdown timer', due: '2026-01-21', goalId: 'g-transitions' }],
    });
    expect(breakthrough).toMatchObject({ ok: true, clientId, goalIds: ['g-transitions'], milestoneIds: ['m-timer', 'm-routine'] });

    const t4 = setClock(p, '2026-01-16T15:00:00Z');
    const started = update({
      clientId,
      client: { stage: 'active', packageStart: '2026-01-19', packageEnd: '2026-04-17', cadenceDays: 14 },
    });
    expect(started).toMatchObject({ ok: true, stageChanged: true });
    const firstPackage = started.packageId as string;
    expect(firstPackage).toMatch(/^pkg_/);

    const t5 = setClock(p, '2026-02-02T15:00:00Z');
    expect(
      capture({
        captureId: 'c-coaching',
        session: { clientId, kind: 'coaching', startedAt: '2026-02-02T15:00:00Z', endedAt: '2026-02-02T15:45:00Z' },
        goals: [{ goalId: 'g-transitions', measureCurrent: '3 min', milestones: [{ milestoneId: 'm-timer', status: 'reached' }] }],
      }),
    ).toMatchObject({ ok: true, goalIds: ['g-transitions'], milestoneIds: ['m-timer'] });

    const t6 = setClock(p, '2026-03-30T15:00:00Z');
    expect(
      update({
        clientId,
        client: { stage: 'maintenance', stageNote: 'Goal achieved' },
        goals: [
          {
            goalId: 'g-transitions',
            status: 'achieved',
            measureCurrent: '1 min',
            milestones: [{ milestoneId: 'm-routine', status: 'reached' }],
          },
        ],
      }),
    ).toMatchObject({ ok: true, stageChanged: true, packageId: firstPackage });

    // Renewal: the package ends as renewed and a new one starts, with a new goal.
    const t7 = setClock(p, '2026-04-10T15:00:00Z');
    const renewed = update({
      clientId,
      client: { renew: { packageStart: '2026-04-20', packageEnd: '2026-07-17' } },
      goals: [{ goalId: 'g-feedback', title: 'Student feedback loops', successMeasure: 'Exit tickets used a week', measureBaseline: '0' }],
    });
    expect(renewed).toMatchObject({ ok: true, stageChanged: false, goalIds: ['g-feedback'] });
    expect(renewed.packageId).not.toBe(firstPackage);

    const t8 = setClock(p, '2026-07-17T15:00:00Z');
    expect(
      update({
        clientId,
        client: { stage: 'closed', stageNote: 'Post-coaching plan agreed' },
        goals: [{ goalId: 'g-feedback', status: 'dropped' }],
      }),
    ).toMatchObject({ ok: true, stageChanged: true, packageId: '' });

    // StageHistory: one row per change, with times, the coach and the notes.
    const history = records(p, 'StageHistory');
    expect(history.map((h) => [h.from_stage, h.to_stage, h.note])).toEqual([
      [null, 'prospect', null],
      ['prospect', 'contacted', 'Met at the PLC; set a time'],
      ['contacted', 'breakthrough', 'A fit'],
      ['breakthrough', 'active', null],
      ['active', 'maintenance', 'Goal achieved'],
      ['maintenance', 'closed', 'Post-coaching plan agreed'],
    ]);
    [t1, t2, t3, t4, t6, t8].forEach((t, i) => expect(near(history[i]!.changed_at, t), `changed_at of row ${i}`).toBe(true));
    expect(new Set(history.map((h) => h.coach_id))).toEqual(new Set([p.coachId]));
    expect(new Set(history.map((h) => h.change_id)).size).toBe(6);

    // Packages: the first renewed, the second ended when the client closed.
    const packages = records(p, 'Packages');
    expect(packages.map((r) => [r.package_id, r.status, r.start_date, r.end_date])).toEqual([
      [firstPackage, 'renewed', day('2026-01-19'), { d: Date.parse('2026-04-17T04:00:00Z') }],
      [renewed.packageId, 'ended', { d: Date.parse('2026-04-20T04:00:00Z') }, { d: Date.parse('2026-07-17T04:00:00Z') }],
    ]);
    expect(near(packages[0]!.updated_at, t7)).toBe(true);
    expect(near(packages[1]!.updated_at, t8)).toBe(true);

    const [client] = records(p, 'Clients');
    expect(client).toMatchObject({ client_id: clientId, stage: 'closed', cadence_days: 14, package_start: null, package_end: null });
    expect(near(client!.stage_changed_at, t8)).toBe(true);
    expect(near(client!.created_at, t1)).toBe(true);

    const goals = records(p, 'Goals');
    expect(goals.map((g) => [g.goal_id, g.client_id, g.status, g.measure_baseline, g.measure_current])).toEqual([
      ['g-transitions', clientId, 'achieved', '6 min', '1 min'],
      ['g-feedback', clientId, 'dropped', '0', null],
    ]);
    expect(goals[0]!.target_date).toEqual({ d: Date.parse('2026-03-31T04:00:00Z') });
    expect(near(goals[0]!.closed_at, t6)).toBe(true);
    expect(near(goals[1]!.closed_at, t8)).toBe(true);

    const milestones = records(p, 'Milestones');
    expect(milestones.map((m) => [m.milestone_id, m.goal_id, m.status, m.due_date])).toEqual([
      ['m-timer', 'g-transitions', 'reached', day('2026-02-01')],
      ['m-routine', 'g-transitions', 'reached', day('2026-02-15')],
    ]);
    expect(near(milestones[0]!.reached_at, t5)).toBe(true);
    expect(near(milestones[1]!.reached_at, t6)).toBe(true);

    // The action item of the breakthrough session names the goal created with it.
    expect(records(p, 'ActionItems')[0]).toMatchObject({ goal_id: 'g-transitions', client_name: 'Maya Thompson' });
  });

  it('a new client without a stage starts active, with a first StageHistory row from an empty stage', () => {
    const a = capture({ captureId: 'x1', session: { newClient: { name: 'Dan Okafor' }, startedAt: '2026-01-05T15:00:00Z' } });
    expect(records(p, 'Clients')[0]).toMatchObject({ client_id: a.clientId, stage: 'active' });
    expect(records(p, 'StageHistory')).toMatchObject([
      { client_id: a.clientId, coach_id: p.coachId, from_stage: null, to_stage: 'active' },
    ]);
    // A capture for an existing client with no engagement change writes no history.
    capture({ captureId: 'x2', session: { clientId: a.clientId, startedAt: '2026-01-06T15:00:00Z' } });
    expect(records(p, 'StageHistory')).toHaveLength(1);
  });

  it('a repeated updateClient is harmless: nothing is written again', () => {
    const { clientId } = capture({ captureId: 'r1', session: { newClient: { name: 'Maya' }, startedAt: '2026-01-05T15:00:00Z' } });
    const body = {
      clientId,
      client: {
        stage: 'maintenance',
        stageNote: 'ok',
        packageStart: '2026-01-05',
        packageEnd: '2026-04-05',
        reminders: false,
        email: 'maya@example.org',
      },
      goals: [
        {
          goalId: 'g1',
          title: 'Calm starts',
          status: 'achieved',
          milestones: [{ milestoneId: 'm1', title: 'Door greeting', status: 'reached' }],
        },
      ],
    };
    const once = update(body);
    expect(once).toMatchObject({ ok: true, stageChanged: true, goalIds: ['g1'], milestoneIds: ['m1'] });
    const after = p.snapshot();
    const again = update(body);
    expect(again).toMatchObject({ ok: true, stageChanged: false, goalIds: ['g1'], milestoneIds: ['m1'], packageId: once.packageId });
    expect(p.snapshot()).toBe(after);

    const renew = { clientId, client: { renew: { packageStart: '2026-04-06', packageEnd: '2026-07-06' } } };
    const r1 = update(renew);
    const renewedOnce = p.snapshot();
    expect(update(renew)).toMatchObject({ ok: true, packageId: r1.packageId });
    expect(p.snapshot()).toBe(renewedOnce);
    expect(records(p, 'Packages').map((r) => r.status)).toEqual(['renewed', 'active']);
    expect(records(p, 'Clients')[0]).toMatchObject({
      package_start: { d: Date.parse('2026-04-06T04:00:00Z') },
      package_end: { d: Date.parse('2026-07-06T04:00:00Z') },
    });

    // Reopening clears closed_at and reached_at.
    expect(records(p, 'Goals')[0]!.closed_at).not.toBeNull();
    update({ clientId, goals: [{ goalId: 'g1', status: 'open', milestones: [{ milestoneId: 'm1', status: 'open' }] }] });
    expect(records(p, 'Goals')[0]).toMatchObject({ status: 'open', closed_at: null });
    expect(records(p, 'Milestones')[0]).toMatchObject({ status: 'open', reached_at: null });

    // A repeated capture with goals is a duplicate: same ids, nothing new.
    const cap = { captureId: 'r2', session: { clientId, startedAt: '2026-02-01T15:00:00Z' }, goals: [{ goalId: 'g2', title: 'Feedback' }] };
    capture(cap);
    const captured = p.snapshot();
    expect(capture(cap)).toMatchObject({ ok: true, duplicate: true, goalIds: ['g2'], milestoneIds: [] });
    expect(p.snapshot()).toBe(captured);
  });

  it("refuses another coach's client and another client's goal or milestone id, writing nothing", () => {
    const ben = p.invite('Ben Ortiz', 'ben@example.org');
    const mine = capture({
      captureId: 'a1',
      session: { newClient: { name: 'Maya' }, startedAt: '2026-01-05T15:00:00Z' },
      goals: [{ goalId: 'g-maya', title: 'Maya goal', milestones: [{ milestoneId: 'm-maya', title: 'Step' }] }],
    });
    const his = capture({ captureId: 'b1', session: { newClient: { name: 'Priya' }, startedAt: '2026-01-05T15:00:00Z' } }, ben.token);
    const before = p.snapshot();

    expect(update({ clientId: his.clientId, client: { stage: 'closed' } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'clientId' },
    });
    expect(update({ clientId: his.clientId, client: { stage: 'closed' } }, ben.token)).toMatchObject({ ok: true });
    const afterBen = p.snapshot();
    expect(afterBen).not.toBe(before);

    expect(update({ clientId: his.clientId, goals: [{ goalId: 'g-maya', title: 'Taken' }] }, ben.token)).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'goals.0.goalId' },
    });
    expect(
      update(
        { clientId: his.clientId, goals: [{ goalId: 'g-new', title: 'Mine', milestones: [{ milestoneId: 'm-maya', title: 'x' }] }] },
        ben.token,
      ),
    ).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'goals.0.milestones.0.milestoneId' } });
    expect(
      capture(
        { captureId: 'b2', session: { clientId: his.clientId, startedAt: '2026-01-06T15:00:00Z' }, goals: [{ goalId: 'g-maya' }] },
        ben.token,
      ),
    ).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'goals.0.goalId' } });
    // A milestone moved under another goal of the same client is refused too.
    expect(
      update({ clientId: mine.clientId, goals: [{ goalId: 'g-other', title: 'Other', milestones: [{ milestoneId: 'm-maya' }] }] }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'goals.0.milestones.0.milestoneId' } });
    expect(p.snapshot()).toBe(afterBen);
  });

  it('validates every change before the first write', () => {
    const { clientId } = capture({ captureId: 'v1', session: { newClient: { name: 'Maya' }, startedAt: '2026-01-05T15:00:00Z' } });
    const before = p.snapshot();
    const refused: Array<[Record<string, unknown>, string]> = [
      [{ client: { stage: 'closed' }, goals: [{ goalId: 'g1' }] }, 'goals.0.title'],
      [
        { client: { stage: 'closed' }, goals: [{ goalId: 'g1', title: 'x', milestones: [{ milestoneId: 'm1' }] }] },
        'goals.0.milestones.0.title',
      ],
      [{ client: { stage: 'maintenance', packageEnd: '2026-05-01' } }, 'client.packageStart'],
      [{ client: { packageStart: '2026-05-01', packageEnd: '2026-04-01' } }, 'client.packageEnd'],
      [{ client: { renew: { packageStart: '2026-05-01', packageEnd: '2026-06-01' }, packageEnd: '2026-06-01' } }, 'client.renew'],
      [{ client: { stageNote: 'why' } }, 'client.stageNote'],
      [{ client: { stage: 'closed', coachId: 'co_x' } }, 'client.coachId'],
      [{ client: { stage: 'finished' } }, 'client.stage'],
      [{ client: { cadenceDays: 0 } }, 'client.cadenceDays'],
      [{ client: { color: 'red' } }, 'client.color'],
      [{ goals: [{ goalId: 'bad id!', title: 'x' }] }, 'goals.0.goalId'],
      [{ goals: [{ goalId: 'x'.repeat(65), title: 'x' }] }, 'goals.0.goalId'],
      [{ goals: [{ goalId: 'g1', title: 'x', status: 'done' }] }, 'goals.0.status'],
      [
        {
          goals: [
            { goalId: 'g1', title: 'x' },
            { goalId: 'g1', title: 'y' },
          ],
        },
        'goals.1.goalId',
      ],
    ];
    for (const [body, field] of refused) {
      const answer = update({ clientId, ...body });
      expect(answer, JSON.stringify(body)).toMatchObject({ ok: false, error: { code: 'bad_request', field } });
    }
    expect(p.snapshot()).toBe(before);
  });

  it('an admin hands a client to another coach; reminders then reply to the new coach', () => {
    const admin = p.invite('Ada Admin', 'ada@example.org', 'admin');
    const ben = p.invite('Ben Ortiz', 'ben@example.org');
    const { clientId } = capture({
      captureId: 'h1',
      session: { newClient: { name: 'Maya', email: 'maya@example.org' }, startedAt: '2026-01-05T15:00:00Z' },
    });
    expect(update({ clientId, client: { coachId: ben.coachId } })).toMatchObject({ ok: false, error: { field: 'client.coachId' } });
    expect(update({ clientId, client: { coachId: 'co_nobody' } }, admin.token)).toMatchObject({
      ok: false,
      error: { field: 'client.coachId' },
    });
    expect(update({ clientId, client: { coachId: ben.coachId } }, admin.token)).toMatchObject({ ok: true });
    expect(records(p, 'Clients')[0]).toMatchObject({ coach_id: ben.coachId });
    // Ben now sees the client; Ana no longer does.
    expect(p.post({ v: 1, op: 'sync', token: ben.token }).clients.map((c: { client_id: string }) => c.client_id)).toEqual([clientId]);
    expect(p.post({ v: 1, op: 'sync', token: p.token }).clients).toEqual([]);
  });

  it('sync returns milestones, packages and the settings of the Settings tab', () => {
    const { clientId } = capture({
      captureId: 's1',
      session: { newClient: { name: 'Maya' }, startedAt: '2026-01-05T15:00:00Z' },
      client: { packageStart: '2026-01-05', packageEnd: '2026-04-05' },
      goals: [{ goalId: 'g1', title: 'Calm starts', milestones: [{ milestoneId: 'm1', title: 'Door greeting', due: '2026-02-01' }] }],
    });
    const ben = p.invite('Ben Ortiz', 'ben@example.org');
    const synced = p.post({ v: 1, op: 'sync', token: p.token });
    expect(synced.milestones).toMatchObject([
      {
        milestone_id: 'm1',
        goal_id: 'g1',
        client_id: clientId,
        title: 'Door greeting',
        status: 'open',
        due_date: '2026-02-01T05:00:00.000Z',
      },
    ]);
    expect(synced.packages).toMatchObject([{ client_id: clientId, status: 'active', start_date: '2026-01-05T05:00:00.000Z' }]);
    expect(synced.settings).toEqual({
      confidentialByDefault: false,
      maxOpenItems: 3,
      clientSignoff: 'Reply to this email to reach your coach.',
    });
    const other = p.post({ v: 1, op: 'sync', token: ben.token });
    expect([other.milestones, other.packages, other.goals]).toEqual([[], [], []]);

    expect(p.saveSettings({ confidential_by_default: 'true', max_open_items: '4' })).toMatchObject({ ok: true });
    expect(p.post({ v: 1, op: 'sync', token: p.token }).settings).toEqual({
      confidentialByDefault: true,
      maxOpenItems: 4,
      clientSignoff: 'Reply to this email to reach your coach.',
    });
    expect(p.saveSettings({ max_open_items: '0' })).toMatchObject({
      ok: false,
      problems: { max_open_items: expect.stringContaining('1 to 50') },
    });
  });

  it('the program’s open-items limit is 3 until the Settings tab says otherwise, however the cell was typed', () => {
    const limit = () => p.post({ v: 1, op: 'sync', token: p.token }).settings.maxOpenItems;
    expect(p.rt.call('getSettingsForm', openDialog(p.rt, 'showSettings'))).toMatchObject({ max_open_items: '3' });
    expect(limit()).toBe(3);
    // A person types the row into the Settings tab: Sheets stores 2 as a number.
    const row = p.rows('Settings').length + 2;
    p.write('Settings', row, 1, [['max_open_items', 2]]);
    expect(limit()).toBe(2);
    expect(p.rt.call('getSettingsForm', openDialog(p.rt, 'showSettings'))).toMatchObject({ max_open_items: '2' });
    // A value that is not a whole number from 1 to 50 keeps the default.
    for (const bad of ['many', 0, 51, 2.5]) {
      p.write('Settings', row, 2, [[bad]]);
      expect(limit()).toBe(3);
    }
  });
});

describe('a stage edited in the sheet (onEdit)', () => {
  let p: TestProgram;
  beforeEach(() => {
    p = newProgram({ log: () => {}, workers: 0 });
    p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 'e1',
      client: { stage: 'contacted' },
      session: { newClient: { name: 'Maya' }, startedAt: '2026-01-05T15:00:00Z' },
    });
  });
  const clientsSheet = () => p.rt.host.sheets.sheetByName('Clients')!;
  const stageColumn = (columnsOf('Clients') as string[]).indexOf('stage') + 1;

  /** The owner's edit of one cell of Maya's row (row 2, the stage unless `column` is given): onEdit fired. */
  const fireEdit = (values: { column?: number; value?: string; oldValue?: string } = {}) =>
    p.rt.fireEdit({ sheetId: clientsSheet(), row: 2, column: stageColumn, numRows: 1, numColumns: 1, user: 'owner@localhost', ...values });

  /** A person types into the stage cell: the host saves it as Sheets would, then fires onEdit. */
  async function typeStage(text: string) {
    const result = p.rt.host.sheets.userEdit(clientsSheet(), 2, stageColumn, text, 'owner@localhost', false);
    if (!result.ok) return result;
    const { ok: _ok, ...values } = result;
    await fireEdit(values);
    return result;
  }

  it('appends a StageHistory row with the client coach and "edited in the sheet"', async () => {
    const at = setClock(p, '2026-02-01T15:00:00Z');
    expect(await typeStage('breakthrough')).toMatchObject({ ok: true, value: 'breakthrough', oldValue: 'contacted' });
    const history = records(p, 'StageHistory');
    expect(history.map((h) => [h.from_stage, h.to_stage, h.coach_id, h.note])).toEqual([
      [null, 'contacted', p.coachId, null],
      ['contacted', 'breakthrough', p.coachId, 'edited in the sheet'],
    ]);
    expect(near(history[1]!.changed_at, at)).toBe(true);
    expect(near(records(p, 'Clients')[0]!.stage_changed_at, at)).toBe(true);
    // The validation rule set by Set up sheet refuses a value that is not a stage; nothing is recorded.
    expect(await typeStage('finished')).toMatchObject({ ok: false, error: expect.stringContaining('violates the data validation rules') });
    expect(records(p, 'StageHistory')).toHaveLength(2);
  });

  it('a forged call (google.script.run passes plain data) or a repeated event records nothing untrue', async () => {
    const before = p.snapshot();
    // What a web-app page could send: no Range object, so nothing happens.
    p.rt.call('onEdit', { range: { getSheet: 'x' }, value: 'closed', oldValue: 'active', source: {}, authMode: 'LIMITED' });
    p.rt.call('onEdit');
    expect(p.snapshot()).toBe(before);
    // A real event whose cell did not change (the stage equals the last recorded one) records nothing either.
    await fireEdit({ value: 'closed', oldValue: 'prospect' });
    expect(p.snapshot()).toBe(before);
    // Edits elsewhere in the row are not stage changes.
    await fireEdit({ column: 2, value: 'Maya T.' });
    expect(p.snapshot()).toBe(before);
  });

  it('script writes fire no trigger; a changed stage is recorded once however often onEdit runs', async () => {
    // A write by a script (here the test host, as setValues would) fires no onEdit: no row yet.
    p.write('Clients', 2, stageColumn, [['active']]);
    expect(records(p, 'StageHistory')).toHaveLength(1);
    await fireEdit();
    await fireEdit();
    expect(records(p, 'StageHistory').map((h) => [h.from_stage, h.to_stage])).toEqual([
      [null, 'contacted'],
      ['contacted', 'active'],
    ]);
  });
});

describe('Set up sheet on a workbook made before the engagement tabs', () => {
  // The tabs and columns of the first version (git d15a767, shared/schema.ts), with rows in them.
  const OLD: Record<string, string[]> = {
    Coaches: ['coach_id', 'name', 'email', 'role', 'token_hash', 'active', 'created_at'],
    Clients: [
      'client_id',
      'name',
      'email',
      'organization',
      'coach_id',
      'stage',
      'cadence_days',
      'package_start',
      'package_end',
      'next_session_at',
      'reminders',
      'aliases',
      'created_at',
      'updated_at',
    ],
    Goals: ['goal_id', 'client_id', 'title', 'success_measure', 'status', 'target_date', 'created_at', 'closed_at'],
    Sessions: [
      'session_id',
      'client_id',
      'coach_id',
      'kind',
      'started_at',
      'ended_at',
      'duration_min',
      'source',
      'source_title',
      'source_url',
      'notes',
      'confidential',
      'tags',
      'next_session_at',
      'capture_id',
      'created_at',
    ],
    ActionItems: [
      'item_id',
      'session_id',
      'client_id',
      'goal_id',
      'owner',
      'text',
      'due_date',
      'status',
      'status_note',
      'created_at',
      'updated_at',
      'completed_at',
      'last_reminded_at',
      'reminder_count',
    ],
    Prep: ['prep_id', 'client_id', 'submitted_at', 'wins', 'challenges', 'want_from_next', 'progress_rating', 'for_session_at'],
    EmailLog: ['log_id', 'sent_at', 'kind', 'to', 'subject', 'item_ids', 'dedupe_key', 'status', 'detail'],
    Settings: ['key', 'value'],
  };
  const TOKEN = 'ftk_old-workbook-token';
  const created = { d: Date.parse('2026-01-10T15:00:00Z') };
  const ROWS: Record<string, unknown[][]> = {
    Coaches: [['coa_old', 'Ana Rivera', 'ana@example.org', 'coach', createHash('sha256').update(TOKEN).digest('hex'), true, created]],
    Clients: [
      [
        'cli_old',
        'Maya Thompson',
        'maya@example.org',
        'Lincoln MS',
        'coa_old',
        'active',
        14,
        { d: Date.parse('2026-01-12T05:00:00Z') },
        { d: Date.parse('2026-04-10T04:00:00Z') },
        null,
        true,
        null,
        created,
        created,
      ],
    ],
    Goals: [['gol_old', 'cli_old', 'Faster transitions', 'Minutes lost per transition', 'open', null, created, null]],
    Sessions: [
      [
        'ses_old',
        'cli_old',
        'coa_old',
        'coaching',
        created,
        null,
        45,
        'manual',
        null,
        null,
        'Routines',
        false,
        null,
        null,
        'cap-old',
        created,
      ],
    ],
    ActionItems: [
      ['itm_old', 'ses_old', 'cli_old', 'gol_old', 'client', 'Try a timer', null, 'open', null, created, created, null, null, 0],
    ],
    Settings: [['reminder_hour', '8']],
  };

  it('adds the new tabs and columns, keeps every row, and the engagement works on it', () => {
    const rt = new Runtime({ dataDir: tempDir(), codeFile: CODE_FILE, webAppUrl: WEB_APP_URL, log: () => {} });
    const sheets = rt.host.sheets;
    for (const [tab, header] of Object.entries(OLD)) {
      const id = sheets.insertSheet(tab, null);
      sheets.setValues(id, 1, 1, [header.map((h) => ({ s: h }))]);
      const rows = ROWS[tab] ?? [];
      if (rows.length)
        sheets.setValues(
          id,
          2,
          1,
          rows.map((r) => r.map((c) => (c === null ? null : typeof c === 'string' ? { s: `'${c}` } : c)) as never),
        );
    }
    rt.store.commitSync();
    const cellsBefore = Object.fromEntries(
      Object.keys(OLD).map((tab) => [tab, rt.data.sheets.find((s) => s.name === tab)!.cells.map((r) => [...r])]),
    );

    const report = rt.call('setupSheet') as { created: string[]; columnsAdded: string[] };
    expect(report.created).toEqual(expect.arrayContaining(['Packages', 'Milestones', 'StageHistory']));
    expect(report.columnsAdded).toEqual(
      expect.arrayContaining([
        'Coaches.note_key_id',
        'Clients.stage_changed_at',
        'Goals.updated_at',
        'Goals.measure_baseline',
        'Goals.measure_current',
        'Sessions.client_name',
        'Sessions.deleted_at',
        'ActionItems.client_name',
        'Prep.testimonial',
        'Prep.share_consent',
      ]),
    );
    for (const tab of TAB_NAMES) {
      const sheet = rt.data.sheets.find((s) => s.name === tab)!;
      expect(sheet.cells[0], tab).toEqual(columnsOf(tab));
      // Every old row is kept, cell for cell, under its old columns.
      for (const [i, row] of (cellsBefore[tab] ?? []).entries()) {
        if (i === 0) continue;
        expect(sheet.cells[i]!.slice(0, row.length), `${tab} row ${i + 1}`).toEqual(row);
      }
    }
    // Older rows now name their client.
    const s = columnsOf('Sessions') as string[];
    expect(rt.data.sheets.find((x) => x.name === 'Sessions')!.cells[1]![s.indexOf('client_name')]).toBe('Maya Thompson');
    // Running it again changes no tab but the Dashboard, which it writes afresh.
    const dataTabs = () => JSON.stringify(rt.data.sheets.filter((x) => x.name !== 'Dashboard'));
    const once = dataTabs();
    expect(rt.call('setupSheet')).toEqual({ created: [], columnsAdded: [], namesFilled: 0 });
    expect(dataTabs()).toBe(once);

    // The web app works on the migrated sheet: the old client moves on, its old goal gets measures.
    const answer = postTo(rt, {
      v: 1,
      op: 'updateClient',
      token: TOKEN,
      clientId: 'cli_old',
      client: { stage: 'maintenance', stageNote: 'Goal met' },
      goals: [
        {
          goalId: 'gol_old',
          status: 'achieved',
          measureBaseline: '6 min',
          measureCurrent: '1 min',
          milestones: [{ milestoneId: 'm1', title: 'Timer in use', status: 'reached' }],
        },
      ],
    });
    expect(answer).toMatchObject({ ok: true, stageChanged: true, goalIds: ['gol_old'], milestoneIds: ['m1'] });
    const history = rt.data.sheets
      .find((s) => s.name === 'StageHistory')!
      .cells.slice(1)
      .filter((r) => r.some((c) => c !== null));
    const h = columnsOf('StageHistory') as string[];
    expect(
      history.map((r) => [r[h.indexOf('client_id')], r[h.indexOf('from_stage')], r[h.indexOf('to_stage')], r[h.indexOf('note')]]),
    ).toEqual([['cli_old', 'active', 'maintenance', 'Goal met']]);
    const sync = postTo(rt, { v: 1, op: 'sync', token: TOKEN });
    expect(sync.goals).toMatchObject([{ goal_id: 'gol_old', status: 'achieved', measure_baseline: '6 min', measure_current: '1 min' }]);
    expect(sync.milestones).toMatchObject([{ milestone_id: 'm1', goal_id: 'gol_old', status: 'reached' }]);
  });
});
