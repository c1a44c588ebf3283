// Every global of the bundle is classified with its guard in one place (apps-script/src/globals.ts),
// the README prints that list, and the guards hold in the contexts Google runs them in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeGlobals, GLOBALS } from '../../apps-script/src/globals';
import { clockEvent } from '../../local/host/triggers';
import { programsPerTest } from '../helpers/programs';
import { CODE_FILE } from '../helpers/runtime';

const { program } = programsPerTest({ now: new Date('2026-11-24T12:00:00Z') });

/** The README's table row for a global, as README.md must print it. */
export function readmeRow(g: { name: string; classes: string; guard: string }): string {
  return `| \`${g.name}\` | ${g.classes} | ${g.guard} |`;
}

describe('globals', () => {
  it('the bundle exposes exactly the classified globals, and Code.js lists each with its guard', () => {
    const p = program();
    expect([...p.rt.globals()].sort()).toEqual(Object.keys(GLOBALS).sort());
    const code = readFileSync(CODE_FILE, 'utf8');
    for (const g of describeGlobals()) expect(code).toContain(`//   ${g.name} — ${g.classes}: ${g.guard}`);
  });

  it('the README prints every global with its class and guard', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    for (const g of describeGlobals()) expect(readme).toContain(readmeRow(g));
  });

  it("a trigger handler runs for the script's own trigger and refuses a forged one", () => {
    const p = program();
    p.rt.call('toggleAutomation');
    const [record] = p.rt.host.triggers.list().filter((t) => t.handler === 'refreshDashboard');
    const event = clockEvent(record!, p.rt.now());
    expect(p.rt.callIn(p.rt.asTrigger(record!.owner), 'refreshDashboard', event)).toHaveProperty('charts');
    // The same event for another handler, or an invented id, is refused — in the trigger's context too.
    expect(() => p.rt.callIn(p.rt.asTrigger(record!.owner), 'sendLeaderSummary', event)).toThrow(
      'runs only from its trigger or the FollowThrough menu',
    );
    expect(() => p.rt.callIn(p.rt.asTrigger(record!.owner), 'runReminders', { ...event, triggerUid: 'x' + record!.uid })).toThrow(
      'runs only from its trigger',
    );
    expect(() => p.rt.callIn(p.rt.webApp, 'refreshDashboard', event)).not.toThrow(); // a real uid is secret: the web app cannot learn it…
    // …but one it invents is refused, and so is no event at all.
    expect(() => p.rt.callIn(p.rt.webApp, 'refreshDashboard', { triggerUid: '1' })).toThrow('runs only from its trigger');
    expect(() => p.rt.callIn(p.rt.webApp, 'refreshDashboard')).toThrow('runs only from its trigger');
  });

  it("a dialog call needs the capability of that dialog, and an invitation's is used once", () => {
    const p = program();
    const invite = p.rt.invoke('showInviteDialog').dialogs[0]!.html;
    const capability = /id="ft-capability" value="([^"]+)"/.exec(invite)![1]!;
    expect(() => p.rt.call('getSettingsForm', capability)).toThrow('not opened from the FollowThrough menu');
    expect(p.rt.call('inviteCoach', capability, 'Kim', 'kim@example.org', 'coach')).toMatchObject({
      code: expect.stringMatching(/^ft1\./),
    });
    expect(() => p.rt.call('inviteCoach', capability, 'Eve', 'eve@example.org', 'admin')).toThrow('not opened from the FollowThrough menu');
    // Menu items need the sheet's UI: not from the web app, not from a trigger.
    expect(() => p.rt.callIn(p.rt.webApp, 'showInviteDialog')).toThrow('runs only from the FollowThrough menu');
    expect(() => p.rt.callIn(p.rt.asTrigger(p.rt.owner), 'setupSheet')).toThrow('runs only from the FollowThrough menu');
  });

  it('the dialogs that pick a client pull the picker in through include_, evaluated on the server', () => {
    const p = program();
    for (const menuItem of ['showClientDataDialog', 'showClientSummaryDialog', 'showProgressReport']) {
      const html = p.rt.invoke(menuItem).dialogs[0]!.html;
      expect(html).toContain('function loadClients(load, none, loaded)');
      expect(html).not.toContain('<?');
    }
    expect(p.rt.call('include_', 'ClientPicker')).toMatch(/^<script>[\s\S]*<\/script>\n$/);
  });

  it('every dialog and the sidebar carry the shared look first and their own rules after it', () => {
    const p = program();
    const shared = p.rt.call('include_', 'DialogStyle') as string;
    expect(shared).toMatch(/^<style>[\s\S]*<\/style>\n$/);
    const menuItems = ['showInviteDialog', 'showDashboard', 'showClientSummaryDialog', 'showProgressReport', 'showSettings'];
    menuItems.push('showClientDataDialog', 'showHandoverDialog', 'showRetentionDialog', 'showCheckDeployment');
    for (const menuItem of menuItems) {
      const html = p.rt.invoke(menuItem).dialogs[0]!.html;
      const head = html.slice(0, html.indexOf('</head>'));
      // The cascade: the shared sheet is the head's first <style>, the dialog's own follows it.
      expect(head.indexOf('<style>'), menuItem).toBe(head.indexOf(shared));
      expect(head.indexOf('<style>', head.indexOf(shared) + shared.length), menuItem).toBeGreaterThan(0);
      expect(html, menuItem).not.toContain('<?');
    }
  });

  it("a dialog's capability expires", () => {
    const p = program();
    const { dialogs } = p.rt.invoke('showDashboard');
    const capability = /id="ft-capability" value="([^"]+)"/.exec(dialogs[0]!.html)![1]!;
    expect(p.rt.call('dashboardData', capability, {})).toHaveProperty('program');
    p.rt.host.cache.remove('script', [`cap:${capability}`]); // what the cache does after 30 minutes unused
    expect(() => p.rt.call('dashboardData', capability, {})).toThrow('expired');
  });
});

if (process.env.PRINT_README_GLOBALS) for (const g of describeGlobals()) console.log(readmeRow(g));
