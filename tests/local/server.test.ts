// The local web app answers as Apps Script does: a 302 to a one-time echo URL, fetched with GET.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportXlsx } from '../../local/cli/export';
import { WebAppServer } from '../../local/web/server';
import { newProgram, type TestProgram } from '../helpers/runtime';

describe('local web app server', () => {
  let p: TestProgram;
  let server: WebAppServer;
  beforeEach(async () => {
    p = newProgram();
    server = new WebAppServer(p.rt, { port: 0, secret: 'test-secret', log: () => {} });
    await server.listen();
    await (await fetch(server.execUrl)).text(); // the deployment opened once: its /exec URL is known
  });
  afterEach(() => server.close());

  const post = (body: string, init: RequestInit = {}) =>
    fetch(server.execUrl, { method: 'POST', headers: { 'content-type': 'text/plain;charset=utf-8' }, body, ...init });

  it('answers a POST with a 302 to an echo URL that serves the JSON once', async () => {
    const res = await post(JSON.stringify({ v: 1, op: 'hello', token: p.token }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/\/echo\?user_content_key=/);
    const echo = await fetch(location);
    expect(echo.status).toBe(200);
    expect(echo.headers.get('content-type')).toContain('application/json');
    expect(echo.headers.get('access-control-allow-origin')).toBe('*');
    expect((await echo.json()).coach.name).toBe('Ana Rivera');
    expect((await fetch(location)).status).toBe(404);
  });

  it('works with fetch following the redirect, as the extension does', async () => {
    const res = await post(
      JSON.stringify({
        v: 1,
        op: 'capture',
        token: p.token,
        captureId: 'srv-1',
        session: { newClient: { name: 'Bo' }, startedAt: '2026-11-20' },
        actionItems: [{ text: 'one' }],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.redirected).toBe(true);
    const answer = await res.json();
    expect(answer).toMatchObject({ ok: true, duplicate: false });
    expect(p.rows('Sessions')).toHaveLength(1);
  });

  it('answers bad input with a JSON error, never a status code', async () => {
    const res = await post('{oops');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'bad_json' } });
  });

  it('answers no CORS preflight, like Apps Script', async () => {
    const res = await fetch(server.execUrl, { method: 'OPTIONS' });
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('serves the sheet host page with the tabs and the add-on menu, escaping cell text', async () => {
    p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 'x',
      session: { newClient: { name: '<script>alert(1)</script>' }, startedAt: '2026-11-20' },
    });
    const html = await (await fetch(`${server.hostUrl}?tab=Clients`)).text();
    expect(html).toContain('Set up sheet');
    for (const tab of ['Coaches', 'Clients', 'Sessions', 'ActionItems', 'Dashboard']) expect(html).toContain(`?tab=${tab}`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // shared/html.ts's escaping
    expect(html).not.toContain('<script>alert(1)');
  });

  it('runs a menu item from the host page', async () => {
    /** The host page's menu form, submitted for the global `fn` (the answer's redirect not followed). */
    const runMenu = (fn: string) =>
      fetch(`${server.hostUrl}__host/menu`, { method: 'POST', body: new URLSearchParams({ fn }), redirect: 'manual' });
    const res = await runMenu('setupSheet');
    expect(res.status).toBe(303);
    expect(await (await fetch(server.hostUrl)).text()).toContain('Ran setupSheet.');
    const refused = await runMenu('doPost');
    expect(refused.status).toBe(303);
    expect(await (await fetch(server.hostUrl)).text()).toContain('No menu item runs doPost.');
  });

  it('takes calls from other CLI commands only with the data dir secret', async () => {
    const call = (secret: string) =>
      fetch(`${server.hostUrl}__host/call`, {
        method: 'POST',
        headers: { 'x-followthrough-secret': secret },
        body: JSON.stringify({ fn: 'inviteCoach', dialog: 'showInviteDialog', args: ['Kim', 'kim@example.org', 'coach'] }),
      });
    expect((await call('wrong')).status).toBe(403);
    const answer = await (await call('test-secret')).json();
    expect(answer.result.code).toMatch(/^ft1\./);
  });

  it('exports a real .xlsx with headers, dates and text that never became a formula', async () => {
    p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 'x1',
      session: { newClient: { name: 'Bo' }, startedAt: '2026-11-20T15:00:00Z', notes: '=SUM(A1:A3)' },
      actionItems: [{ text: '@home', due: '2026-11-27' }],
    });
    const file = join(p.dataDir, 'out.xlsx');
    await exportXlsx(p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sessions = book.getWorksheet('Sessions')!;
    expect(sessions.getRow(1).getCell(1).value).toBe('session_id');
    const header = (sessions.getRow(1).values as unknown[]).slice(1);
    const notes = sessions.getRow(2).getCell(header.indexOf('notes') + 1);
    expect(notes.value).toBe('=SUM(A1:A3)');
    expect(notes.formula).toBeUndefined();
    const started = sessions.getRow(2).getCell(header.indexOf('started_at') + 1).value;
    expect(started).toBeInstanceOf(Date);
    expect((started as Date).toISOString()).toBe('2026-11-20T15:00:00.000Z');
    expect(book.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Coaches', 'Clients', 'Goals', 'Sessions', 'ActionItems', 'Prep', 'EmailLog', 'Settings', 'Dashboard']),
    );
  });
});
