// A fresh local runtime over the built bundle, with a set-up sheet and an invited coach.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeConnectionCode } from '../../shared/connection';
import { toWire } from '../../local/facade/realm';
import { inviteCoach, openDialog, openWebApp } from '../../local/editor';
import { Runtime, type RuntimeOptions } from '../../local/runtime';

export const CODE_FILE = join(import.meta.dirname, '..', '..', 'dist', 'apps-script', 'Code.js');
export const WEB_APP_URL = 'http://127.0.0.1:8787/exec';

export function tempDir(prefix = 'ft-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tokenOf(code: string): string {
  const decoded = decodeConnectionCode(code);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.connection.token;
}

export interface TestProgram {
  rt: Runtime;
  dataDir: string;
  token: string;
  coachId: string;
  invite(name: string, email: string, role?: string): { coachId: string; token: string };
  /** Calls doPost by name with a text/plain body, as the web app does, and parses its JSON answer. */
  post(body: unknown): any;
  /** post of `{ v: 1, token, ...body }` (the first coach's token unless given); throws when it is refused. */
  accepted(body: Record<string, unknown>, token?: string): any;
  /** Every sheet's cells, for asserting that nothing was written. */
  snapshot(): string;
  rows(tab: string): unknown[][];
  /** Settings… in the menu, then Save in the sidebar (as the owner). */
  saveSettings(values: Record<string, string>): { ok: boolean; problems: Record<string, string>; message: string };
  /** Open dashboard… in the menu, then the dialog's data for a filter. */
  dashboardData(filter?: Record<string, string>): any;
  /** Writes values into a tab as a person editing the sheet would (through the host, journaled). */
  write(tab: string, row: number, column: number, values: unknown[][]): void;
}

export function postTo(rt: Runtime, body: unknown): any {
  const contents = typeof body === 'string' ? body : JSON.stringify(body);
  const e = { postData: { contents, length: contents.length, type: 'text/plain', name: 'postData' }, parameter: {}, parameters: {} };
  const output = rt.callIn(rt.webApp, 'doPost', e) as { content: string; mimeType: string };
  expectJson(output.mimeType);
  return JSON.parse(output.content);
}

/** A web-app request over HTTP to a served web app, as the extension sends it (a simple text/plain POST), and its parsed JSON answer. */
export async function postJson(url: string, body: object): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  return res.json();
}

function expectJson(mime: string): void {
  if (mime !== 'application/json') throw new Error(`doPost answered ${mime}, not JSON`);
}

export function newProgram(options: Partial<RuntimeOptions> = {}): TestProgram {
  const dataDir = options.dataDir ?? tempDir();
  const rt = new Runtime({ dataDir, codeFile: CODE_FILE, webAppUrl: WEB_APP_URL, ...options });
  rt.call('setupSheet');
  openWebApp(rt); // the deployment's /exec URL becomes known, as after `npm run deploy`
  const invite = (name: string, email: string, role = 'coach') => {
    const inv = inviteCoach(rt, name, email, role);
    return { coachId: inv.coachId, token: tokenOf(inv.code) };
  };
  const coach = invite('Ana Rivera', 'ana@example.org');
  return {
    rt,
    dataDir,
    token: coach.token,
    coachId: coach.coachId,
    invite,
    post: (body) => postTo(rt, body),
    accepted: (body, token = coach.token) => {
      const answer = postTo(rt, { v: 1, token, ...body });
      if (!answer.ok) throw new Error(JSON.stringify(answer.error));
      return answer;
    },
    saveSettings: (values) => rt.call('saveSettings', openDialog(rt, 'showSettings'), values) as ReturnType<TestProgram['saveSettings']>,
    dashboardData: (filter = {}) => rt.call('dashboardData', openDialog(rt, 'showDashboard'), filter),
    snapshot: () => JSON.stringify(rt.data.sheets),
    rows: (tab) =>
      rt.data.sheets
        .find((s) => s.name === tab)!
        .cells.slice(1)
        .filter((r) => r.some((c) => c !== null)),
    write: (tab, row, column, values) => {
      rt.host.sheets.setValues(
        rt.host.sheets.sheetByName(tab)!,
        row,
        column,
        values.map((line) => line.map(toWire)),
      );
      rt.store.commitSync();
    },
  };
}

/**
 * A capture by the program's coach (Ana): a 50-minute session on 20 November 2026 with Maya Thompson as a
 * new client and two action items, one of each owner; `overrides` replace top-level fields of the
 * request, `session` fields of its session. Each call has a captureId of its own.
 */
export function captureBody(p: TestProgram, overrides: Record<string, unknown> = {}, session: Record<string, unknown> = {}) {
  return {
    v: 1,
    op: 'capture',
    token: p.token,
    captureId: `cap-${Math.random().toString(36).slice(2)}`,
    session: {
      newClient: { name: 'Maya Thompson', email: 'maya@example.org', organization: 'Lincoln MS' },
      startedAt: '2026-11-20T15:00:00Z',
      endedAt: '2026-11-20T15:50:00Z',
      notes: 'Talked about routines.',
      ...session,
    },
    actionItems: [
      { text: 'Try a countdown timer', owner: 'client', due: '2026-11-27' },
      { text: 'Send the video clip', owner: 'coach' },
    ],
    ...overrides,
  };
}
