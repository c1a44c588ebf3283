// The add-on menu's automation, settings sidebar and invitation, through the built bundle.
import { simpleParser } from 'mailparser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { inviteCoach, openDialog } from '../../local/editor';
import { programsPerTest } from '../helpers/programs';
import type { TestProgram } from '../helpers/runtime';

const { program } = programsPerTest({ now: new Date('2026-11-24T12:00:00Z') });
const settingsRows = (p: TestProgram) => Object.fromEntries(p.rows('Settings').map((r) => [r[0], r[1]]));

describe('menu', () => {
  it('offers every add-on action in a FollowThrough menu of its own', () => {
    const p = program();
    p.rt.call('onOpen', {});
    expect(p.rt.menus[0]).toEqual({
      name: 'FollowThrough',
      items: [
        { caption: 'Set up sheet', functionName: 'setupSheet' },
        { caption: 'Invite coach…', functionName: 'showInviteDialog' },
        { caption: 'Turn automation on/off', functionName: 'toggleAutomation' },
        { caption: 'Send reminders now', functionName: 'runReminders' },
        { caption: 'Refresh dashboard', functionName: 'refreshDashboard' },
        { caption: 'Open dashboard…', functionName: 'showDashboard' },
        { caption: 'Send a client their summary…', functionName: 'showClientSummaryDialog' },
        { caption: 'Progress report…', functionName: 'showProgressReport' },
        { caption: 'Settings…', functionName: 'showSettings' },
        { caption: 'Export or delete a client’s data…', functionName: 'showClientDataDialog' },
        { caption: 'Hand over clients or revoke a coach…', functionName: 'showHandoverDialog' },
        { caption: 'Apply data retention…', functionName: 'showRetentionDialog' },
        { caption: 'Check deployment…', functionName: 'showCheckDeployment' },
      ],
    });
    for (const item of p.rt.menus[0]!.items) expect(p.rt.globals()).toContain(item.functionName);
  });
});

describe('automation', () => {
  it('installs one daily trigger at the reminder hour in the sheet time zone, and removes it', () => {
    const p = program();
    const on = p.rt.invoke('toggleAutomation');
    expect(on.value).toMatchObject({ kind: 'json', value: { on: true } });
    expect(on.dialogs).toEqual([
      expect.objectContaining({ kind: 'toast', html: expect.stringContaining('reminders go out every day at 7:00') }),
    ]);
    const triggers = new Map(p.rt.host.triggers.list().map((t) => [t.handler, t]));
    expect([...triggers.keys()].sort()).toEqual(['applyRetention', 'refreshDashboard', 'runReminders', 'sendLeaderSummary']);
    expect(triggers.get('runReminders')).toMatchObject({ timeZone: 'America/New_York', spec: { everyDays: 1, atHour: 7 } });
    expect(new Date(triggers.get('runReminders')!.nextRunAt!).toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(triggers.get('refreshDashboard')).toMatchObject({ spec: { everyHours: 1 } });
    // Mondays at the reminder hour: the next one is 30 November, 07:00 in New York.
    expect(new Date(triggers.get('sendLeaderSummary')!.nextRunAt!).toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(settingsRows(p).automation).toBe('true'); // Settings values are text cells
    p.rt.call('toggleAutomation');
    expect(p.rt.host.triggers.list()).toEqual([]);
    expect(settingsRows(p).automation).toBe('false');
  });
});

describe('settings sidebar', () => {
  it('opens as a sidebar whose template loads the current settings', () => {
    const p = program();
    const { dialogs } = p.rt.invoke('showSettings');
    expect(dialogs).toEqual([expect.objectContaining({ kind: 'sidebar', title: 'FollowThrough settings' })]);
    expect(dialogs[0]!.html).toContain('google.script.run');
    expect(p.rt.call('getSettingsForm', openDialog(p.rt, 'showSettings'))).toMatchObject({
      reminder_hour: '7',
      quiet_days: 'SAT, SUN',
      sender_name: 'FollowThrough',
    });
  });

  it('saves valid values, refuses bad ones naming each, and moves the trigger to the new hour', () => {
    const p = program();
    p.rt.call('toggleAutomation');
    const refused = p.saveSettings({ reminder_hour: '25', quiet_days: 'SAT, Funday', leader_emails: 'lee@example.org, nope' }) as {
      ok: boolean;
      problems: Record<string, string>;
    };
    expect(refused.ok).toBe(false);
    expect(Object.keys(refused.problems).sort()).toEqual(['leader_emails', 'quiet_days', 'reminder_hour']);
    expect(refused.problems.reminder_hour).toBe('Reminder hour must be a whole number from 0 to 23.');
    expect(settingsRows(p).reminder_hour).toBeUndefined();

    const saved = p.saveSettings({
      reminder_hour: '9',
      quiet_days: 'sun',
      leader_emails: 'lee@example.org',
      sender_name: 'Lincoln Coaching',
      client_intro: '=HYPERLINK("x")',
    });
    expect(saved).toMatchObject({ ok: true });
    expect(settingsRows(p)).toMatchObject({
      reminder_hour: '9',
      quiet_days: 'SUN',
      leader_emails: 'lee@example.org',
      sender_name: 'Lincoln Coaching',
      client_intro: '=HYPERLINK("x")',
    });
    expect(p.rt.host.triggers.list().find((t) => t.handler === 'runReminders')).toMatchObject({ spec: { atHour: 9 } });
  });

  it('previews a reminder with the typed texts, escaped', () => {
    const p = program();
    const preview = p.rt.call('previewReminder', openDialog(p.rt, 'showSettings'), {
      client_intro: 'Hello <b>team</b>',
      client_signoff: 'Bye',
    }) as { subject: string; html: string };
    expect(preview.html).toContain('Hello &lt;b&gt;team&lt;/b&gt;');
    // The subject names the one item and when it is due (Due <day>: …).
    expect(preview.subject).toMatch(/^Due \w{3}, \w{3} \d{1,2}: Try a two-minute countdown timer/);
  });
});

describe('invite coach', () => {
  it('emails the code when asked, logs it, and the code connects', async () => {
    const p = program();
    const invitation = inviteCoach(p.rt, 'Kim Lee', 'kim@example.org', 'coach', true);
    expect(invitation.emailed).toBe(true);
    await p.rt.mail.drain();
    const files = readdirSync(p.rt.mail.outboxDir);
    expect(files).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(p.rt.mail.outboxDir, files[0]!)));
    expect(mail.text).toContain(invitation.code);
    const cols = columnsOf('EmailLog') as string[];
    expect(p.rows('EmailLog').map((r) => [r[cols.indexOf('kind')], r[cols.indexOf('status')], r[cols.indexOf('dedupe_key')]])).toEqual([
      ['invite', 'sent', `invite:${invitation.coachId}`],
    ]);
  });

  it('shows the code without emailing by default', () => {
    const p = program();
    expect(inviteCoach(p.rt, 'Kim Lee', 'kim@example.org')).toMatchObject({ emailed: false });
    expect(p.rows('EmailLog')).toEqual([]);
  });
});
