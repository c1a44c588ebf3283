// Every web-app op touches only its own rows: what capture, sync and updateItems transfer between the
// sheet and the script does not grow with the program's history (cells counted by the local runtime),
// and exactly-once and all-or-nothing hold on a large sheet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataset, writeDataset } from '../../bench/dataset';
import { columnsOf } from '../../shared/schema';
import { inviteCoach, openWebApp } from '../../local/editor';
import { Runtime, unwrap } from '../../local/runtime';
import type { CellUsage } from '../../local/host/sheets/data';
import { CODE_FILE, tokenOf, WEB_APP_URL } from '../helpers/runtime';

const NOW = new Date('2026-11-24T12:00:00Z');

interface Program {
  rt: Runtime;
  dir: string;
  token: string;
  post(body: Record<string, unknown>): { answer: any; cells: CellUsage };
  rows(tab: 'Sessions' | 'ActionItems' | 'Clients'): Array<Record<string, unknown>>;
}

function program(items: number): Program {
  const dir = mkdtempSync(join(tmpdir(), 'ft-keyed-'));
  writeDataset(dir, buildDataset({ items, clients: Math.max(50, Math.floor(items / 100)), coaches: 20, now: NOW }));
  const rt = new Runtime({ dataDir: dir, codeFile: CODE_FILE, webAppUrl: WEB_APP_URL, now: NOW, workers: 0, log: () => {} });
  openWebApp(rt);
  const invite = inviteCoach(rt, 'Zoe Adams', 'zoe@example.org', 'coach');
  const token = tokenOf(invite.code);
  return {
    rt,
    dir,
    token,
    post(body) {
      const contents = JSON.stringify({ v: 1, token, ...body });
      const run = rt.invokeIn(rt.webApp, 'doPost', {
        postData: { contents, length: contents.length, type: 'text/plain', name: 'postData' },
        parameter: {},
        parameters: {},
      });
      return { answer: JSON.parse((unwrap(run.value) as { content: string }).content), cells: run.cells };
    },
    rows(tab) {
      const header = columnsOf(tab) as string[];
      return rt.data.sheets
        .find((s) => s.name === tab)!
        .cells.slice(1)
        .filter((r) => r.some((c) => c !== null))
        .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
    },
  };
}

/** The same coach's day on a small and on a large program: the cells of each op, by name. */
function day(p: Program): Record<string, CellUsage> {
  const out: Record<string, CellUsage> = {};
  const first = p.post({
    op: 'capture',
    captureId: 'zoe-1',
    session: { newClient: { name: 'Maya Thompson' }, startedAt: '2026-11-20T15:00:00Z', notes: 'Kick-off' },
    actionItems: [{ text: 'Try a timer', due: '2026-11-27' }, { text: 'Film a transition' }],
  });
  expect(first.answer.ok).toBe(true);
  out.captureNewClient = first.cells;
  const second = p.post({
    op: 'capture',
    captureId: 'zoe-2',
    session: { clientId: first.answer.clientId, startedAt: '2026-11-24T15:00:00Z', notes: 'Follow-up', nextSessionAt: '2026-12-01' },
    actionItems: [{ text: 'Draft exit tickets' }],
    debrief: [{ itemId: first.answer.itemIds[0], status: 'done' }],
  });
  expect(second.answer.ok).toBe(true);
  out.captureWithDebrief = second.cells;
  const sync = p.post({ op: 'sync' });
  expect(sync.answer.ok).toBe(true);
  expect(sync.answer.clients.map((c: { name: string }) => c.name)).toEqual(['Maya Thompson']);
  expect(sync.answer.openItems.map((i: { text: string }) => i.text)).toEqual(['Film a transition', 'Draft exit tickets']);
  out.sync = sync.cells;
  const update = p.post({ op: 'updateItems', updates: [{ itemId: second.answer.itemIds[0], status: 'in_progress' }] });
  expect(update.answer).toEqual({ ok: true, updated: 1 });
  out.updateItems = update.cells;
  // The engagement: a new client's capture with its stage and goals, then updateClient and a capture
  // with goals for an existing client (engagement.ts finds the client's rows by key).
  const engaged = p.post({
    op: 'capture',
    captureId: 'zoe-3',
    client: { stage: 'breakthrough', stageNote: 'A fit' },
    session: { newClient: { name: 'Noa Levi' }, kind: 'breakthrough', startedAt: '2026-11-23T15:00:00Z', endedAt: '2026-11-23T16:00:00Z' },
    goals: [
      {
        goalId: 'g-zoe-1',
        title: 'Calmer mornings',
        successMeasure: 'Minutes to settle',
        measureBaseline: '12',
        milestones: [
          { milestoneId: 'm-zoe-1', title: 'Door greeting', due: '2026-12-10' },
          { milestoneId: 'm-zoe-2', title: 'Do-now task' },
        ],
      },
    ],
    actionItems: [{ text: 'Greet at the door', goalId: 'g-zoe-1' }],
  });
  expect(engaged.answer).toMatchObject({ ok: true, goalIds: ['g-zoe-1'], milestoneIds: ['m-zoe-1', 'm-zoe-2'] });
  out.captureNewClientWithGoals = engaged.cells;
  const started = p.post({
    op: 'updateClient',
    clientId: engaged.answer.clientId,
    client: { stage: 'active', stageNote: 'Package signed', packageStart: '2026-11-30', packageEnd: '2027-02-26', cadenceDays: 7 },
    goals: [{ goalId: 'g-zoe-1', measureCurrent: '9', milestones: [{ milestoneId: 'm-zoe-1', status: 'reached' }] }],
  });
  expect(started.answer).toMatchObject({ ok: true, stageChanged: true, goalIds: ['g-zoe-1'], milestoneIds: ['m-zoe-1'] });
  out.updateClient = started.cells;
  const renewed = p.post({
    op: 'updateClient',
    clientId: engaged.answer.clientId,
    client: { renew: { packageStart: '2027-03-01', packageEnd: '2027-05-28' } },
  });
  expect(renewed.answer).toMatchObject({ ok: true, packageId: expect.stringMatching(/^pkg_/) });
  expect(renewed.answer.packageId).not.toBe(started.answer.packageId);
  out.updateClientRenew = renewed.cells;
  const withGoals = p.post({
    op: 'capture',
    captureId: 'zoe-4',
    client: { stage: 'maintenance' },
    session: { clientId: engaged.answer.clientId, startedAt: '2026-11-24T16:00:00Z' },
    goals: [
      { goalId: 'g-zoe-1', status: 'achieved', milestones: [{ milestoneId: 'm-zoe-2', status: 'reached' }] },
      { goalId: 'g-zoe-2', title: 'Exit tickets daily', milestones: [] },
    ],
    actionItems: [{ text: 'Keep the routine', goalId: 'g-zoe-1' }],
  });
  expect(withGoals.answer).toMatchObject({ ok: true, goalIds: ['g-zoe-1', 'g-zoe-2'], milestoneIds: ['m-zoe-2'] });
  out.captureWithGoals = withGoals.cells;
  // "What do you hold about me?": every row about the client, found by key in each tab.
  const data = p.post({ op: 'clientData', clientId: engaged.answer.clientId });
  expect(data.answer.ok).toBe(true);
  expect(data.answer.tabs.Goals.map((g: { goal_id: string }) => g.goal_id)).toEqual(['g-zoe-1', 'g-zoe-2']);
  expect(data.answer.tabs.Sessions).toHaveLength(2);
  out.clientData = data.cells;
  // Refused: another client's goal (the data set's gol_1 belongs to cli_0).
  const refused = p.post({ op: 'updateClient', clientId: engaged.answer.clientId, goals: [{ goalId: 'gol_1', measureCurrent: '1' }] });
  expect(refused.answer).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'goals.0.goalId' } });
  const again = p.post({
    op: 'capture',
    captureId: 'zoe-1',
    session: { newClient: { name: 'Maya Thompson' }, startedAt: '2026-11-20T15:00:00Z' },
  });
  expect(again.answer).toMatchObject({ ok: true, duplicate: true, sessionId: first.answer.sessionId, itemIds: first.answer.itemIds });
  out.duplicate = again.cells;
  return out;
}

describe('ops touch only their own rows', () => {
  let small: Program;
  let large: Program;
  beforeAll(() => {
    small = program(1_000);
    large = program(30_000);
  });
  afterAll(async () => {
    for (const p of [small, large]) {
      await p.rt.close();
      rmSync(p.dir, { recursive: true, force: true });
    }
  });

  it('capture (also with a client and goals), sync, updateItems, updateClient, clientData and a repeated capture transfer the same cells at 1,000 and 30,000 items', () => {
    const a = day(small);
    const b = day(large);
    for (const op of Object.keys(a)) {
      expect([op, b[op]!.read, b[op]!.written], op).toEqual([op, a[op]!.read, a[op]!.written]);
      // Searches scan the key columns server-side: more rows, more scanned — never transferred.
      expect(b[op]!.scanned, op).toBeGreaterThan(a[op]!.scanned);
    }
    // A capture reads headers, its own few rows and the Coaches tab (the program's staff, read whole to
    // check the token); it writes its rows.
    expect(a.captureWithDebrief!.read).toBeLessThan(400);
    // The engagement tabs hold 2 goals and 4 milestones per client (100 and 600 goals): updateClient
    // reads the header rows, the client's row and its own engagement rows only.
    expect(a.updateClient!.read).toBeLessThan(400);
    // It writes the debriefed item, the new item, the session and the client's next session date: whole rows.
    expect(a.captureWithDebrief!.written).toBe(
      2 * columnsOf('ActionItems').length + columnsOf('Sessions').length + columnsOf('Clients').length,
    );
  });

  it('keeps exactly-once on a large sheet: a capture cut short before its session is completed, not duplicated', () => {
    const p = large;
    const sent = {
      op: 'capture',
      captureId: 'zoe-cut',
      session: { newClient: { name: 'Noor Haddad' }, startedAt: '2026-11-21T15:00:00Z' },
      actionItems: [{ text: 'One' }, { text: 'Two' }],
    };
    const first = p.post(sent).answer;
    // Take the session row away, as if the execution had ended before writing it.
    const sessions = p.rt.host.sheets.sheetByName('Sessions')!;
    const row = p.rows('Sessions').findIndex((s) => s.capture_id === 'zoe-cut') + 2;
    p.rt.host.sheets.clearContent(sessions, row, 1, 1, columnsOf('Sessions').length);
    const before = { items: p.rows('ActionItems').length, clients: p.rows('Clients').length };
    const retry = p.post(sent).answer;
    expect(retry).toMatchObject({
      ok: true,
      duplicate: false,
      sessionId: first.sessionId,
      itemIds: first.itemIds,
      clientId: first.clientId,
    });
    expect(p.rows('ActionItems').length).toBe(before.items);
    expect(p.rows('Clients').length).toBe(before.clients);
    expect(p.rows('Sessions').filter((s) => s.capture_id === 'zoe-cut')).toHaveLength(1);
  });

  it('keys are whole, literal cells: a pattern-like key finds nothing and a refused request writes nothing', () => {
    const p = large;
    const snapshot = JSON.stringify(p.rt.data.sheets);
    const bad = p.post({
      op: 'capture',
      captureId: 'zoe-bad',
      session: { newClient: { name: 'X' }, startedAt: '2026-11-21' },
      actionItems: [{ text: 'a' }],
      debrief: [{ itemId: 'itm_.*', status: 'done' }],
    }).answer;
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'debrief.0.itemId' } });
    expect(p.post({ op: 'updateItems', updates: [{ itemId: '.*', status: 'done' }] }).answer).toMatchObject({
      ok: false,
      error: { field: 'updates.0.itemId' },
    });
    // Another coach's item (every itm_N of the data set) is not Zoe's to change.
    expect(p.post({ op: 'updateItems', updates: [{ itemId: 'itm_7', status: 'done' }] }).answer).toMatchObject({
      ok: false,
      error: { field: 'updates.0.itemId' },
    });
    expect(p.post({ op: 'capture', captureId: 'x', session: { clientId: 'cli_.', startedAt: '2026-11-21' } }).answer).toMatchObject({
      ok: false,
      error: { field: 'session.clientId' },
    });
    expect(JSON.stringify(p.rt.data.sheets)).toBe(snapshot);
    // "zoe.1" is not "zoe-1": a new capture, not a duplicate of it.
    expect(
      p.post({ op: 'capture', captureId: 'zoe.1', session: { newClient: { name: 'Y' }, startedAt: '2026-11-21' } }).answer,
    ).toMatchObject({ ok: true, duplicate: false });
  });
});
