// An anonymous person who opens an email link gets a page of the web app, and on Google that page can
// call every top-level function not ending in "_" through google.script.run, with any arguments, as
// the owner. In Chromium against the local runtime (which serves pages as Google does: a sandboxed frame
// with google.script.run), this test calls every public global of the bundle from the link page with
// hostile arguments — an admin invitation, settings, automation, reminders, summaries, dashboard data,
// forged trigger events and capabilities — and finds no row, no email, no trigger, no code and no note
// text in what comes back.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Frame, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newProgram } from '../helpers/runtime';
import { SHOTS } from '../helpers/browser';
import { hostSetting, linksInMails, seedCapture } from '../helpers/e2e';

const NOTE = 'Canary note 7f3a: mentions a private family matter';

describe('a link page calling every public global with hostile arguments', () => {
  let link = '';
  let prepLink = '';
  let clientId = '';
  const env = hostSetting(() => newProgram({ now: new Date('2026-11-24T12:00:00Z'), log: () => {} }), {
    secret: 'hostile',
    seed: async (p) => {
      clientId = seedCapture(p, {
        captureId: 'h1',
        session: { newClient: { name: 'Maya Thompson', email: 'maya@example.org' }, startedAt: '2026-11-17T15:00:00Z', notes: NOTE },
        actionItems: [{ text: 'Try a countdown timer', due: '2026-11-25' }],
      }).clientId;
      // Maya's next session on Thursday 26th: her email also carries the preparation form's link.
      const clientCols = (await import('../../shared/schema')).columnsOf('Clients') as string[];
      p.write('Clients', 2, clientCols.indexOf('next_session_at') + 1, [[new Date('2026-11-26T20:00:00Z')]]);
      p.saveSettings({ quiet_days: '' });
      p.rt.call('runReminders');
      const links = await linksInMails(p);
      link = links.find((href) => href.endsWith('a=done'))!;
      prepLink = links.find((href) => href.includes('page=prep'))!;
    },
  });

  async function openLink(width: number): Promise<{ page: Page; frame: Frame }> {
    const page = await env.browser.newPage({ viewport: { width, height: 720 } });
    await page.goto(link);
    await expect.poll(() => page.frames().some((f) => f.url().includes('/__webapp/frame'))).toBe(true);
    const frame = page.frames().find((f) => f.url().includes('/__webapp/frame'))!;
    await expect.poll(() => frame.getByRole('button', { name: 'Mark it done' }).count()).toBe(1);
    return { page, frame };
  }

  /** google.script.run.withSuccessHandler(...).withFailureHandler(...)[fn](...args), from inside the page. */
  function run(frame: Frame, fn: string, args: unknown[]): Promise<{ ok: boolean; value: unknown }> {
    return frame.evaluate(
      ([name, list]) =>
        new Promise<{ ok: boolean; value: unknown }>((resolve) => {
          const g = (
            globalThis as unknown as {
              google: { script: { run: Record<string, (...a: unknown[]) => void> & { withSuccessHandler(f: (v: unknown) => void): any } } };
            }
          ).google;
          g.script.run
            .withSuccessHandler((value: unknown) => resolve({ ok: true, value }))
            .withFailureHandler((error: Error) => resolve({ ok: false, value: String(error && error.message) }))[name as string]!(
            ...(list as unknown[]),
          );
        }),
      [fn, args] as const,
    );
  }

  it('finds no row, no email, no trigger, no code and no note text', { timeout: 180_000 }, async () => {
    const { page, frame } = await openLink(400);
    const before = env.p.snapshot();
    const mailBefore = readdirSync(env.p.rt.mail.outboxDir).length + readdirSync(join(env.p.dataDir, 'mail-spool')).length;
    const propsBefore = JSON.stringify(env.p.rt.data.properties ?? {});
    const forgedEvent = { authMode: 'FULL', triggerUid: '1234567890', year: 2026, hour: 7 };
    const hostile: Record<string, unknown[][]> = {
      inviteCoach: [
        ['Eve', 'eve@example.org', 'admin', true],
        ['ftk_0123456789abcdef0123456789abcdef', 'Eve', 'eve@example.org', 'admin'],
        [{ capability: true }, 'Eve', 'eve@example.org'],
      ],
      showInviteDialog: [[]],
      saveSettings: [
        [{ leader_emails: 'eve@example.org', reminder_hour: '3' }],
        ['guessed-capability-0123456789', { leader_emails: 'eve@example.org' }],
      ],
      getSettingsForm: [[], ['guessed-capability-0123456789']],
      previewReminder: [[{ client_intro: 'x' }], ['guessed-capability-0123456789', { client_intro: 'x' }]],
      showSettings: [[]],
      toggleAutomation: [[], [forgedEvent]],
      runReminders: [[], [forgedEvent], [{ triggerUid: 1 }]],
      continueReminders: [[], [forgedEvent]],
      refreshDashboard: [[], [forgedEvent]],
      sendLeaderSummary: [[], [forgedEvent]],
      showDashboard: [[]],
      dashboardData: [[{}], ['guessed-capability-0123456789', {}]],
      showClientSummaryDialog: [[]],
      clientsForSummary: [[], ['guessed-capability-0123456789']],
      previewClientSummary: [[clientId], ['guessed-capability-0123456789', clientId]],
      sendClientSummary: [[clientId], ['guessed-capability-0123456789', clientId]],
      showProgressReport: [[]],
      reportClients: [[], ['guessed-capability-0123456789']],
      progressReport: [[clientId], ['guessed-capability-0123456789', clientId]],
      setupSheet: [[]],
      showClientDataDialog: [[]],
      clientsForExport: [[], ['guessed-capability-0123456789']],
      exportClientData: [[clientId], ['guessed-capability-0123456789', clientId]],
      deleteClientData: [
        [clientId, 'Maya Thompson'],
        ['guessed-capability-0123456789', clientId, 'Maya Thompson'],
      ],
      showHandoverDialog: [[]],
      handoverState: [[], ['guessed-capability-0123456789']],
      handOverClients: [
        ['coa_a', 'coa_b', [clientId]],
        ['guessed-capability-0123456789', 'coa_a', 'coa_b', [clientId]],
      ],
      revokeCoach: [
        ['coa_a', true],
        ['guessed-capability-0123456789', 'coa_a', true],
      ],
      applyRetention: [[], [forgedEvent], [{ triggerUid: 1 }]],
      showRetentionDialog: [[]],
      retentionState: [[], ['guessed-capability-0123456789']],
      applyRetentionNow: [[], ['guessed-capability-0123456789']],
      showCheckDeployment: [[]],
      deploymentReport: [[], ['guessed-capability-0123456789']],
      setWebAppAddress: [
        ['https://script.google.com/macros/s/AKfycbEVIL0123456789/exec'],
        ['guessed-capability-0123456789', 'https://script.google.com/macros/s/AKfycbEVIL0123456789/exec'],
      ],
      onOpen: [[{ authMode: 'FULL' }]],
      onEdit: [[{ authMode: 'LIMITED', value: 'closed', oldValue: 'active', range: { getSheet: 'Clients', getRow: 2 } }], [{}]],
      doGet: [[{ parameter: { page: 'item', t: 'forged' } }]],
      doPost: [
        [{ postData: { contents: JSON.stringify({ v: 1, op: 'sync', token: 'forged' }) } }],
        [{ parameter: { page: 'item', t: 'forged', a: 'done' } }],
      ],
      linkAction: [
        ['forged.token', 'done', { note: 'x' }],
        [new URL(link).searchParams.get('t')!.slice(0, -2) + 'xx', 'help', { note: 'x' }],
        [null, 'optout'],
        [{}, 'prep', { progress_rating: 3 }],
        ['forged.token', 'withdraw'],
      ],
    };
    const publicGlobals = env.p.rt.globals().filter((g) => !g.endsWith('_'));
    expect(Object.keys(hostile).sort()).toEqual([...publicGlobals].sort()); // every public global is tried
    const answers: Array<{ fn: string; ok: boolean; value: unknown }> = [];
    for (const [fn, argLists] of Object.entries(hostile)) {
      for (const args of argLists) answers.push({ fn, ...(await run(frame, fn, args)) });
    }
    const text = JSON.stringify(answers);
    expect(text).not.toContain('ft1.');
    expect(text).not.toContain('Canary note');
    expect(text).not.toContain('maya@example.org');
    expect(text).not.toContain('ftk_');
    expect(env.p.snapshot()).toBe(before);
    await env.p.rt.mail.drain();
    expect(readdirSync(env.p.rt.mail.outboxDir).length + readdirSync(join(env.p.dataDir, 'mail-spool')).length).toBe(mailBefore);
    expect(env.p.rt.host.triggers.list()).toEqual([]);
    expect(JSON.stringify(env.p.rt.data.properties ?? {})).toBe(propsBefore);
    // The refusals say why, in words; nothing failed inside.
    const refusal = (fn: string) => answers.filter((a) => a.fn === fn).map((a) => String(a.value));
    expect(refusal('inviteCoach').every((m) => m.includes('not opened from the FollowThrough menu'))).toBe(true);
    expect(refusal('runReminders').every((m) => m.includes('runs only from its trigger or the FollowThrough menu'))).toBe(true);
    expect(refusal('setupSheet')[0]).toContain('runs only from the FollowThrough menu');
    expect(refusal('applyRetention').every((m) => m.includes('runs only from its trigger or the FollowThrough menu'))).toBe(true);
    for (const fn of ['exportClientData', 'deleteClientData', 'revokeCoach', 'handOverClients', 'applyRetentionNow']) {
      expect(
        refusal(fn).every((m) => m.includes('not opened from the FollowThrough menu')),
        fn,
      ).toBe(true);
    }
    expect(answers.filter((a) => a.fn === 'linkAction').every((a) => a.ok && (a.value as { ok: boolean }).ok === false)).toBe(true);
    // A private name and a name that is no function are not reachable.
    expect(await run(frame, 'sendReminders_', [])).toEqual({ ok: false, value: 'Script function not found: sendReminders_' });
    expect(await run(frame, 'FollowThrough', [])).toEqual({ ok: false, value: 'Script function not found: FollowThrough' });

    // The sandbox has no top navigation (a bound script's pages: "HTML Service: Restrictions").
    const url = page.url();
    await frame.evaluate(() => {
      try {
        window.top!.location.href = 'https://example.org/';
      } catch {
        /* blocked */
      }
    });
    await frame.evaluate(() => {
      const form = document.createElement('form');
      form.action = 'https://example.org/';
      form.target = '_top';
      document.body.appendChild(form);
      form.submit();
    });
    // Still the same page: the frame answers and the top page's address is the link.
    expect(await frame.evaluate(() => document.querySelector('h1')?.textContent)).toBe('Your commitment');
    expect(page.url()).toBe(url);
    await page.close();
  });

  it("the page's own button works through google.script.run, in place, at 360 px", { timeout: 60_000 }, async () => {
    const { page, frame } = await openLink(360);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `link-page-360-${scheme}.png`) });
    }
    const width = await frame.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await frame.getByLabel('Anything to add? (optional)').fill('Stuck on the timer app');
    await frame.getByRole('button', { name: 'I need help' }).click();
    await expect.poll(() => frame.getByRole('status').textContent()).toContain('Your coach has been told');
    await page.screenshot({ path: join(SHOTS, 'link-page-360-help.png') });
    await env.p.rt.mail.drain();
    const { frame: again } = await openLink(360);
    await again.getByRole('button', { name: 'Mark it done' }).click();
    await expect.poll(() => again.getByRole('status').textContent()).toContain('Marked done');
    await again.page().screenshot({ path: join(SHOTS, 'link-page-360-done.png') });
    const cols = (await import('../../shared/schema')).columnsOf('ActionItems') as string[];
    expect(env.p.rows('ActionItems').find((r) => r[cols.indexOf('text')] === 'Try a countdown timer')![cols.indexOf('status')]).toBe(
      'done',
    );
    const logCols = (await import('../../shared/schema')).columnsOf('EmailLog') as string[];
    expect(
      env.p
        .rows('EmailLog')
        .filter((r) => r[logCols.indexOf('kind')] === 'help')
        .map((r) => r[logCols.indexOf('status')]),
    ).toEqual(['sent']);
    await page.close();
  });

  it('the preparation form takes a sentence for leaders with a consent box, at 360 px', { timeout: 60_000 }, async () => {
    const page = await env.browser.newPage({ viewport: { width: 360, height: 900 } });
    await page.goto(prepLink);
    await expect.poll(() => page.frames().some((f) => f.url().includes('/__webapp/frame'))).toBe(true);
    const frame = page.frames().find((f) => f.url().includes('/__webapp/frame'))!;
    await expect.poll(() => frame.getByRole('button', { name: 'Send to my coach' }).count()).toBe(1);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await frame.getByLabel('Wins since last time').fill('Calmer mornings');
    await frame.getByLabel('How is your progress? (1–5)').selectOption('4');
    await frame.getByLabel('In a sentence, what has coaching changed for you? (optional)').fill('I leave school by five now.');
    await frame.getByLabel('The program’s leaders may read this sentence, with my name.').check();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: join(SHOTS, `prep-page-360-${scheme}.png`), fullPage: true });
    }
    await frame.getByRole('button', { name: 'Send to my coach' }).click();
    await expect.poll(() => frame.getByRole('status').textContent()).toContain('Your coach will see this');
    const cols = (await import('../../shared/schema')).columnsOf('Prep') as string[];
    expect(env.p.rows('Prep').map((r) => [r[cols.indexOf('testimonial')], r[cols.indexOf('share_consent')]])).toEqual([
      ['I leave school by five now.', true],
    ]);
    await page.close();
  });
});
