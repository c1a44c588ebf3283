// The deployment story in the local runtime: the /exec URL known (never guessed), automation owned by
// one editor, and Check deployment saying in plain words what is wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeConnectionCode } from '../../shared/connection';
import { inviteCoach, openDialog, openWebApp } from '../../local/editor';
import { Runtime, type RuntimeOptions } from '../../local/runtime';
import { CODE_FILE, tempDir, WEB_APP_URL } from '../helpers/runtime';

const open: Runtime[] = [];
afterEach(async () => {
  for (const rt of open.splice(0)) await rt.close();
});
function runtime(options: Partial<RuntimeOptions> = {}): Runtime {
  const rt = new Runtime({
    dataDir: tempDir(),
    codeFile: CODE_FILE,
    webAppUrl: WEB_APP_URL,
    now: new Date('2026-11-24T12:00:00Z'),
    log: () => {},
    ...options,
  });
  open.push(rt);
  rt.call('setupSheet');
  return rt;
}
const SEND_MAIL = 'https://www.googleapis.com/auth/script.send_mail';

function report(rt: Runtime): { checks: Array<{ name: string; ok: boolean; message: string }>; healthUrl: string | null } {
  return rt.call('deploymentReport', openDialog(rt, 'showCheckDeployment')) as ReturnType<typeof report>;
}
const check = (rt: Runtime, name: string) => report(rt).checks.find((c) => c.name === name)!;

describe('the web app URL', () => {
  it('codes made where getUrl gives /dev are refused until the /exec URL is known, then carry /exec', () => {
    const rt = runtime();
    expect(
      (rt.callIn(rt.asUser(), 'deploymentReport', openDialog(rt, 'showCheckDeployment')) as ReturnType<typeof report>).healthUrl,
    ).toBeNull();
    expect(() => inviteCoach(rt, 'Kim', 'kim@example.org')).toThrow(
      /\/exec address is not known yet \(here Google only tells the \/dev address/,
    );
    expect(rt.data.sheets.find((s) => s.name === 'Coaches')!.cells.length).toBeLessThanOrEqual(1); // no coach written
    openWebApp(rt); // a request reaches /exec
    const code = inviteCoach(rt, 'Kim', 'kim@example.org').code;
    const decoded = decodeConnectionCode(code);
    expect(decoded.ok && decoded.connection.url).toBe(WEB_APP_URL);
  });

  it('an admin may give the /exec URL once; /dev and other addresses are refused; a Workspace form is made plain', () => {
    const rt = runtime();
    const capability = openDialog(rt, 'showCheckDeployment');
    expect(() => rt.call('setWebAppAddress', capability, 'https://script.google.com/macros/s/AKfycbx1234567890abcdef/dev')).toThrow(
      'not a web app /exec address',
    );
    expect(() => rt.call('setWebAppAddress', capability, 'https://evil.example/macros/s/AKfycbx1234567890abcdef/exec')).toThrow(
      'not a web app /exec address',
    );
    const answer = rt.call(
      'setWebAppAddress',
      capability,
      'https://script.google.com/a/example.org/macros/s/AKfycbx1234567890abcdef/exec',
    ) as ReturnType<typeof report>;
    expect(answer.checks.find((c) => c.name === 'Web app address')).toMatchObject({
      ok: true,
      message: expect.stringContaining('https://script.google.com/macros/s/AKfycbx1234567890abcdef/exec'),
    });
  });
});

describe('Check deployment', () => {
  it('reports a missing scope and a /dev-only URL in plain words', () => {
    const rt = runtime({
      grantedScopes: [
        'https://www.googleapis.com/auth/spreadsheets.currentonly',
        'https://www.googleapis.com/auth/script.container.ui',
        'https://www.googleapis.com/auth/script.scriptapp',
      ],
    });
    expect(rt.call('onOpen') === undefined && rt.menus[0]!.items.some((i) => i.functionName === 'showCheckDeployment')).toBe(true);
    const checks = report(rt).checks;
    expect(checks.find((c) => c.name === 'Permissions')).toMatchObject({
      ok: false,
      message: expect.stringContaining(`Not granted: ${SEND_MAIL}`),
    });
    expect(checks.find((c) => c.name === 'Web app address')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Only the test address http://127.0.0.1:8787/dev is known'),
    });
    expect(checks.find((c) => c.name === 'Time zone')).toMatchObject({ ok: true });
  });

  it("is all well on a deployed sheet, and the web app's health page reaches the sheet", () => {
    const rt = runtime();
    openWebApp(rt);
    const { checks, healthUrl } = report(rt);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(healthUrl).toBe(`${WEB_APP_URL}?page=health`);
    const health = rt.callIn(rt.webApp, 'doGet', { parameter: { page: 'health' } }) as { content: string };
    expect(JSON.parse(health.content)).toMatchObject({ ok: true, spreadsheet: true });
  });

  it('names the addresses MailApp refused, and what a trigger saw', () => {
    const rt = runtime();
    openWebApp(rt);
    rt.call('toggleAutomation');
    const [trigger] = rt.host.triggers.list().filter((t) => t.handler === 'refreshDashboard');
    rt.callIn(rt.asTrigger(trigger!.owner), 'refreshDashboard', { triggerUid: trigger!.uid });
    expect(check(rt, 'Triggers')).toMatchObject({
      ok: true,
      message: expect.stringContaining('refreshDashboard last ran from its trigger'),
    });
    const log = rt.host.sheets.sheetByName('EmailLog')!;
    rt.host.sheets.setValues(log, 2, 1, [
      [
        { s: 'log_1' },
        { d: Date.parse('2026-11-23T12:00:00Z') },
        { s: 'overdue' },
        { s: 'maya@exampel.org' },
        { s: 'Reminder' },
        { s: '' },
        { s: 'k' },
        { s: 'failed' },
        { s: 'Invalid email: maya@exampel.org' },
      ],
    ]);
    expect(check(rt, 'Email addresses')).toMatchObject({ ok: false, message: expect.stringContaining('maya@exampel.org') });
  });
});

describe('automation has one owner', () => {
  it('another editor toggling changes nothing and is told who owns it; the owner never gets two sets', () => {
    const rt = runtime({ owner: 'owner@example.org' });
    openWebApp(rt);
    const second = rt.asUser('second@example.org');
    expect(rt.call('toggleAutomation')).toMatchObject({ on: true, owner: 'owner@example.org', changed: true });
    /** The ids of the installed triggers, sorted. */
    const triggerIds = () =>
      rt.host.triggers
        .list()
        .map((t) => t.uid)
        .sort();
    const installed = triggerIds();
    expect(installed).toHaveLength(4); // reminders, retention, dashboard, leader summary
    const refused = rt.callIn(second, 'toggleAutomation') as { on: boolean; changed: boolean; message: string };
    expect(refused).toMatchObject({ on: true, changed: false });
    expect(refused.message).toContain('turned on by owner@example.org');
    expect(refused.message).toContain('only owner@example.org can turn it off');
    expect(triggerIds()).toEqual(installed);
    // The second editor saves settings: saved, but the owner's triggers stay, and they are told why.
    const saved = rt.callIn(second, 'saveSettings', openDialog(rt, 'showSettings', second), { reminder_hour: '9' }) as {
      ok: boolean;
      message: string;
    };
    expect(saved).toMatchObject({ ok: true, message: expect.stringContaining('owner@example.org') });
    expect(triggerIds()).toEqual(installed);
    // The owner saves: the hour moves, still one set.
    rt.call('saveSettings', openDialog(rt, 'showSettings'), { reminder_hour: '9' });
    const after = rt.host.triggers.list();
    expect(after).toHaveLength(4);
    expect(after.find((t) => t.handler === 'runReminders')).toMatchObject({ owner: 'owner@example.org', spec: { atHour: 9 } });
    expect(rt.call('toggleAutomation')).toMatchObject({ on: false, changed: true });
    expect(rt.host.triggers.list()).toEqual([]);
  });
});
