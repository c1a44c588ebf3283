// A client's data rights and corrections through the web app (built bundle, doPost by name):
// clientData answers every row about one client, deleteClient removes them (a canary search over the
// exported .xlsx finds no cell naming the client), editSession corrects or deletes a session.
// Refusals are checked to write nothing by comparing the whole workbook before and after.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportXlsx } from '../../local/cli/export';
import { columnsOf, type TabName } from '../../shared/schema';
import { seal, testKey } from '../helpers/envelope';
import { newProgram, type TestProgram } from '../helpers/runtime';

// A Tuesday: reminders go out (quiet days are Saturday and Sunday).
const NOW = new Date('2026-11-24T12:00:00Z');
/** A date cell written at NOW (the runtime's clock runs on from it): within 50 s. */
const nearNow = { d: expect.closeTo(NOW.getTime(), -5) };
const KEY = testKey();
const ENVELOPE = seal('secret words', KEY);

function records(p: TestProgram, tab: TabName): Record<string, unknown>[] {
  const cols = columnsOf(tab) as string[];
  return p.rows(tab).map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null])));
}

interface Seeded {
  maya: string;
  priya: string;
  sessionIds: string[];
  itemIds: string[];
  admin: { coachId: string; token: string };
  leader: { coachId: string; token: string };
  ben: { coachId: string; token: string };
}

/** Two clients of Ana's with sessions (one confidential), items, goals, a package, a prep form and emails. */
function seed(p: TestProgram): Seeded {
  const post = (body: Record<string, unknown>, token?: string) => p.accepted(body, token);
  const first = post({
    op: 'capture',
    captureId: 'maya-1',
    session: {
      newClient: { name: 'Maya Thompson', email: 'maya@example.org', organization: 'Lincoln MS' },
      startedAt: '2026-11-17T15:00:00Z',
      endedAt: '2026-11-17T15:45:00Z',
      notes: 'Transitions take long. #win',
      tags: ['win'],
    },
    actionItems: [
      { text: 'Film one transition', due: '2026-11-26' },
      { text: 'Post the routine', due: '2026-11-20' },
    ],
  });
  const maya = first.clientId as string;
  post({
    op: 'updateClient',
    clientId: maya,
    client: { stage: 'active', packageStart: '2026-09-01', packageEnd: '2026-12-20', cadenceDays: 14 },
    goals: [
      {
        goalId: 'g-maya',
        title: 'Faster transitions',
        successMeasure: 'Minutes per transition',
        milestones: [{ milestoneId: 'm-maya', title: 'Timer in use', due: '2026-12-01' }],
      },
    ],
  });
  const second = post({
    op: 'capture',
    captureId: 'maya-2',
    session: { clientId: maya, startedAt: '2026-11-20T15:00:00Z', notes: ENVELOPE, confidential: true },
    actionItems: [{ text: 'Talk to the principal', due: '2026-12-04', owner: 'coach' }],
  });
  const priyaCapture = post({
    op: 'capture',
    captureId: 'priya-1',
    session: { newClient: { name: 'Priya Shah', email: 'priya@example.org' }, startedAt: '2026-11-18T15:00:00Z', notes: 'Planning' },
    actionItems: [{ text: 'Draft exit tickets', due: '2026-11-25' }],
  });
  // A preparation form Maya filled in (as the page's form writes it: a Prep row).
  const prepCols = columnsOf('Prep') as string[];
  const prep: Record<string, unknown> = {
    prep_id: 'prep-maya',
    client_id: maya,
    submitted_at: new Date('2026-11-19T18:00:00Z'),
    wins: 'Calmer mornings',
    progress_rating: 4,
  };
  p.write('Prep', 2, 1, [prepCols.map((c) => prep[c] ?? '')]);
  // Reminders: Maya's due-soon and overdue items, Priya's due item, a renewal alert naming Maya to Ana.
  const run = p.rt.call('runReminders') as { sent: number };
  if (run.sent < 3) throw new Error(`expected reminders to go out, got ${JSON.stringify(run)}`);
  const admin = p.invite('Ada Admin', 'ada@example.org', 'admin');
  const leader = p.invite('Leo Leader', 'leo@example.org', 'leader');
  const ben = p.invite('Ben Coach', 'ben@example.org', 'coach');
  return {
    maya,
    priya: priyaCapture.clientId as string,
    sessionIds: [first.sessionId as string, second.sessionId as string],
    itemIds: [...(first.itemIds as string[]), ...(second.itemIds as string[])],
    admin,
    leader,
    ben,
  };
}

let p: TestProgram;
let s: Seeded;
beforeEach(() => {
  p = newProgram({ now: NOW, mailQuota: 100, log: () => {} });
  s = seed(p);
});
afterEach(async () => {
  await p.rt.close();
});

describe('clientData', () => {
  it('answers every row about the client by tab, confidential notes as envelopes, for the coach and admins', () => {
    for (const token of [p.token, s.admin.token]) {
      const answer = p.post({ v: 1, op: 'clientData', token, clientId: s.maya });
      expect(answer.ok).toBe(true);
      expect(answer.clientId).toBe(s.maya);
      const tabs = answer.tabs as Record<string, Record<string, unknown>[]>;
      // Every row of the workbook that names Maya by id, and every email to her address.
      for (const tab of ['Clients', 'Goals', 'Milestones', 'Packages', 'StageHistory', 'Sessions', 'ActionItems', 'Prep'] as const) {
        const expected = records(p, tab)
          .filter((r) => r.client_id === s.maya)
          .map((r) => r[columnsOf(tab)[0]!]);
        expect(expected.length, tab).toBeGreaterThan(0);
        expect(
          tabs[tab]!.map((r) => r[columnsOf(tab)[0]!]),
          tab,
        ).toEqual(expected);
      }
      const toMaya = records(p, 'EmailLog').filter((r) => String(r.to).includes('maya@example.org'));
      expect(toMaya.length).toBeGreaterThan(0);
      expect(tabs.EmailLog!.map((r) => r.log_id)).toEqual(toMaya.map((r) => r.log_id));
      // Nothing about Priya; the confidential session's notes are the envelope as stored.
      expect(JSON.stringify(tabs)).not.toContain(s.priya);
      expect(JSON.stringify(tabs)).not.toContain('priya@example.org');
      const confidential = tabs.Sessions!.find((r) => r.session_id === s.sessionIds[1])!;
      expect(confidential).toMatchObject({ confidential: true, notes: ENVELOPE });
      expect(tabs.Sessions![0]!.started_at).toBe('2026-11-17T15:00:00.000Z');
    }
  });

  it('is refused to another coach and to a leader, on clientId, writing nothing', () => {
    const before = p.snapshot();
    for (const token of [s.ben.token, s.leader.token]) {
      expect(p.post({ v: 1, op: 'clientData', token, clientId: s.maya })).toMatchObject({
        ok: false,
        error: { code: 'bad_request', field: 'clientId' },
      });
    }
    expect(p.post({ v: 1, op: 'clientData', token: p.token, clientId: 'cli_nobody' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'clientId' },
    });
    expect(p.post({ v: 1, op: 'clientData', token: p.token, clientId: s.maya, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(p.snapshot()).toBe(before);
  });
});

describe('deleteClient', () => {
  it('is for admins only, confirmed by the client’s name; a refusal writes nothing', () => {
    const before = p.snapshot();
    for (const token of [p.token, s.leader.token]) {
      expect(p.post({ v: 1, op: 'deleteClient', token, clientId: s.maya, confirmName: 'Maya Thompson' })).toMatchObject({
        ok: false,
        error: { code: 'bad_request', field: 'clientId' },
      });
    }
    expect(p.post({ v: 1, op: 'deleteClient', token: s.admin.token, clientId: s.maya, confirmName: 'Priya Shah' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'confirmName' },
    });
    expect(p.post({ v: 1, op: 'deleteClient', token: s.admin.token, clientId: s.maya })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'confirmName' },
    });
    expect(p.post({ v: 1, op: 'deleteClient', token: s.admin.token, clientId: 'cli_nobody', confirmName: 'Maya Thompson' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'clientId' },
    });
    expect(p.snapshot()).toBe(before);
  });

  it('removes every row about the client; the exported workbook has no cell with their name, email or id', async () => {
    const count = (tab: TabName) => records(p, tab).filter((r) => r.client_id === s.maya).length;
    const expected = Object.fromEntries(
      (['Clients', 'Goals', 'Milestones', 'Packages', 'StageHistory', 'Sessions', 'ActionItems', 'Prep'] as const).map((t) => [
        t,
        count(t),
      ]),
    );
    const toMaya = records(p, 'EmailLog').filter((r) => String(r.to).includes('maya@example.org')).length;
    const priyaBefore = Object.fromEntries(
      (['Clients', 'Sessions', 'ActionItems'] as const).map((t) => [
        t,
        JSON.stringify(records(p, t).filter((r) => r.client_id === s.priya)),
      ]),
    );
    const logRows = p.rows('EmailLog').length;
    // The renewal alert to Ana names Maya in its subject before the deletion.
    expect(records(p, 'EmailLog').some((r) => String(r.subject).includes('Maya Thompson'))).toBe(true);
    p.rt.call('refreshDashboard');
    expect(JSON.stringify(p.rows('Dashboard'))).toContain('Maya Thompson');

    const answer = p.post({ v: 1, op: 'deleteClient', token: s.admin.token, clientId: s.maya, confirmName: '  maya THOMPSON ' });
    expect(answer).toEqual({ ok: true, clientId: s.maya, deleted: { ...expected, EmailLog: toMaya } });
    expect(expected).toMatchObject({ Clients: 1, Goals: 1, Milestones: 1, Packages: 1, Sessions: 2, ActionItems: 3, Prep: 1 });
    for (const tab of Object.keys(expected) as TabName[]) expect(count(tab), tab).toBe(0);
    // Priya's rows are untouched; the log keeps its rows (the record of what was sent).
    for (const [tab, rows] of Object.entries(priyaBefore))
      expect(JSON.stringify(records(p, tab as TabName).filter((r) => r.client_id === s.priya))).toBe(rows);
    expect(p.rows('EmailLog').length).toBe(logRows);
    expect(records(p, 'EmailLog').some((r) => r.to === 'priya@example.org')).toBe(true);

    // Repeating it finds no client.
    expect(p.post({ v: 1, op: 'deleteClient', token: s.admin.token, clientId: s.maya, confirmName: 'Maya Thompson' })).toMatchObject({
      ok: false,
      error: { field: 'clientId' },
    });

    // The canary search over the exported workbook.
    const file = join(p.dataDir, 'after-delete.xlsx');
    await exportXlsx(p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const hits: string[] = [];
    let cells = 0;
    book.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          cells++;
          const text = (
            typeof cell.value === 'object' && cell.value !== null ? JSON.stringify(cell.value) : String(cell.value ?? '')
          ).toLowerCase();
          for (const canary of ['maya thompson', 'maya@example.org', s.maya.toLowerCase()])
            if (text.includes(canary)) hits.push(`${ws.name}!${cell.address}: ${text}`);
        }),
      ),
    );
    expect(cells).toBeGreaterThan(100);
    expect(hits).toEqual([]);
    // Priya is still in the export (the search would find a client who is there).
    const texts: string[] = [];
    book.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          texts.push(String(cell.value));
        }),
      ),
    );
    expect(texts).toContain('Priya Shah');
  });

  it('keeps one row below the header when the client had every row of a tab (Google refuses to delete them all)', () => {
    expect(p.rows('Clients').length).toBe(2);
    // A grid with no spare rows: the header and the two clients.
    const grid = p.rt.data.sheets.find((sh) => sh.name === 'Clients')!;
    p.rt.host.sheets.deleteRows(p.rt.host.sheets.sheetByName('Clients')!, 4, grid.maxRows - 3);
    p.rt.store.commitSync();
    expect(p.rt.data.sheets.find((sh) => sh.name === 'Clients')!.maxRows).toBe(3);
    expect(p.post({ v: 1, op: 'deleteClient', token: s.admin.token, clientId: s.priya, confirmName: 'Priya Shah' }).ok).toBe(true);
    expect(p.post({ v: 1, op: 'deleteClient', token: s.admin.token, clientId: s.maya, confirmName: 'Maya Thompson' }).ok).toBe(true);
    expect(p.rows('Clients')).toEqual([]);
    expect(p.rows('Sessions')).toEqual([]);
  });
});

describe('editSession', () => {
  const edit = (body: Record<string, unknown>, token = p.token) => p.post({ v: 1, op: 'editSession', token, ...body });
  const session = (id: string) => records(p, 'Sessions').find((r) => r.session_id === id)!;
  const item = (id: string) => records(p, 'ActionItems').find((r) => r.item_id === id)!;

  it('corrects a session and its items; repeating the request changes nothing more', () => {
    const [sessionId] = s.sessionIds;
    const [film] = s.itemIds;
    const body = {
      sessionId,
      session: {
        notes: 'Transitions take six minutes. #win',
        kind: 'observation',
        startedAt: '2026-11-17T16:00:00Z',
        endedAt: '2026-11-17T17:30:00Z',
        tags: ['win', 'transitions'],
        nextSessionAt: '2026-12-01',
      },
      items: [{ itemId: film, text: 'Film two transitions', due: '2026-11-30', owner: 'coach', status: 'in_progress' }],
    };
    expect(edit(body)).toEqual({ ok: true, sessionId, updated: 2 });
    expect(session(sessionId!)).toMatchObject({
      notes: 'Transitions take six minutes. #win',
      kind: 'observation',
      started_at: { d: Date.parse('2026-11-17T16:00:00Z') },
      ended_at: { d: Date.parse('2026-11-17T17:30:00Z') },
      duration_min: 90,
      tags: expect.stringContaining('transitions'),
      updated_at: nearNow,
      deleted_at: null,
    });
    expect(item(film!)).toMatchObject({ text: 'Film two transitions', owner: 'coach', status: 'in_progress', updated_at: nearNow });
    const after = p.snapshot();
    expect(edit(body)).toEqual({ ok: true, sessionId, updated: 0 });
    expect(p.snapshot()).toBe(after);
  });

  it('keeps a confidential session’s notes an envelope: plaintext is refused on session.notes', () => {
    const confidential = s.sessionIds[1]!;
    const before = p.snapshot();
    expect(edit({ sessionId: confidential, session: { notes: 'The principal is the problem' } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'session.notes' },
    });
    // Marking a plaintext session confidential without re-encrypting its notes is refused too.
    expect(edit({ sessionId: s.sessionIds[0], session: { confidential: true } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'session.notes' },
    });
    expect(p.snapshot()).toBe(before);
    const reEncrypted = seal('new secret words', KEY);
    expect(edit({ sessionId: s.sessionIds[0], session: { confidential: true, notes: reEncrypted } })).toMatchObject({
      ok: true,
      updated: 1,
    });
    expect(session(s.sessionIds[0]!)).toMatchObject({ confidential: true, notes: reEncrypted });
  });

  it('is refused to anyone but the session’s own coach, and bad input writes nothing', () => {
    const [sessionId] = s.sessionIds;
    const before = p.snapshot();
    for (const token of [s.ben.token, s.admin.token, s.leader.token]) {
      expect(edit({ sessionId, session: { notes: 'changed' } }, token)).toMatchObject({
        ok: false,
        error: { code: 'bad_request', field: 'sessionId' },
      });
    }
    // An item of another session, an end before the start, an unknown field: nothing is written, not even the valid parts.
    expect(edit({ sessionId, session: { notes: 'changed' }, items: [{ itemId: s.itemIds[2], text: 'x' }] })).toMatchObject({
      ok: false,
      error: { field: 'items.0.itemId' },
    });
    expect(edit({ sessionId, session: { notes: 'changed', endedAt: '2026-11-17T14:00:00Z' } })).toMatchObject({
      ok: false,
      error: { field: 'session.endedAt' },
    });
    expect(edit({ sessionId, session: { notes: 'changed', clientId: s.priya } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(edit({ sessionId, items: [{ itemId: s.itemIds[0], status: 'finished' }] })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(p.snapshot()).toBe(before);
  });

  it('deletes a session: deleted_at set, its items dropped, ignored by the dashboard; repeating is harmless', () => {
    const [sessionId] = s.sessionIds;
    p.rt.call('refreshDashboard');
    const dashboardBefore = JSON.stringify(p.rows('Dashboard'));
    expect(dashboardBefore).toContain('Transitions take long.'); // the #win bright spot
    expect(edit({ sessionId, delete: true })).toEqual({ ok: true, sessionId, updated: 3 });
    expect(session(sessionId!)).toMatchObject({ deleted_at: nearNow, updated_at: nearNow, notes: 'Transitions take long. #win' });
    for (const id of s.itemIds.slice(0, 2)) expect(item(id)).toMatchObject({ status: 'dropped', updated_at: nearNow });
    expect(item(s.itemIds[2]!).status).toBe('open'); // the other session's item
    const after = p.snapshot();
    expect(edit({ sessionId, delete: true })).toEqual({ ok: true, sessionId, updated: 0 });
    expect(p.snapshot()).toBe(after);
    // A deleted session can no longer be edited.
    expect(edit({ sessionId, session: { notes: 'x' } })).toMatchObject({ ok: false, error: { field: 'sessionId' } });
    p.rt.call('refreshDashboard');
    const dashboard = JSON.stringify(p.rows('Dashboard'));
    expect(dashboard).not.toContain('Transitions take long.');
  });
});
