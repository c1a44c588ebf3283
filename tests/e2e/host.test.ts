// The sheet host page in Chromium: the add-on menu's "Invite coach…" opens the add-on's own dialog
// (InviteDialog.html from the bundle) in a sandboxed frame, google.script.run reaches inviteCoach,
// and the code it shows connects at once.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeConnectionCode } from '../../shared/connection';
import { newProgram } from '../helpers/runtime';
import { SHOTS } from '../helpers/browser';
import { hostSetting, linksInMails, seedCapture } from '../helpers/e2e';

describe('sheet host page', () => {
  const env = hostSetting(() => newProgram(), {
    secret: 'host',
    seed: (p) => {
      seedCapture(p, {
        captureId: 'h1',
        session: { newClient: { name: 'Maya Thompson', organization: 'Lincoln MS' }, startedAt: '2026-11-20T15:00:00Z', notes: 'Routines' },
        actionItems: [{ text: 'Try a timer', due: '2026-11-27' }],
      });
    },
  });

  it('shows the tabs and runs "Invite coach…" through the add-on dialog', { timeout: 60_000 }, async () => {
    const { page, errors } = await env.page(1100, 700);
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(env.server.hostUrl);
    await expect.poll(() => page.getByRole('table').textContent()).toContain('Routines');
    await page.screenshot({ path: join(SHOTS, 'host-sessions.png') });

    await page.getByRole('link', { name: 'Coaches' }).click();
    await page.getByRole('button', { name: 'Invite coach…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite coach' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const frame = page.frameLocator('#ft-dialog-frame');
    await frame.getByLabel('Name').fill('Kim Lee');
    await frame.getByLabel('Email', { exact: true }).fill('not-an-email');
    await frame.getByRole('button', { name: 'Invite' }).click();
    // The browser's own validation stops a malformed email; the server's check is covered by unit tests.
    await frame.getByLabel('Email', { exact: true }).fill('kim.lee@example.org');
    await frame.getByLabel('Role').selectOption('leader');
    await frame.getByRole('button', { name: 'Invite' }).click();
    const code = frame.getByLabel('Connection code');
    await expect.poll(() => code.inputValue(), { timeout: 15_000 }).toMatch(/^ft1\./);
    await page.screenshot({ path: join(SHOTS, 'host-invite-dialog.png') });

    const decoded = decodeConnectionCode(await code.inputValue());
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.connection.url).toBe(env.server.execUrl);
    const hello = await (
      await fetch(decoded.connection.url, { method: 'POST', body: JSON.stringify({ v: 1, op: 'hello', token: decoded.connection.token }) })
    ).json();
    expect(hello).toMatchObject({ ok: true, coach: { name: 'Kim Lee', role: 'leader' } });

    await frame.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByRole('table').textContent()).toContain('kim.lee@example.org');
    expect(errors).toEqual([]);
  });

  it('opens Settings… as a sidebar with the current settings, a live preview, and saves', { timeout: 60_000 }, async () => {
    const { page, errors } = await env.page(1200, 900);
    await page.goto(`${env.server.hostUrl}?tab=Settings`);
    await page.getByRole('button', { name: 'Settings…' }).click();
    const frame = page.frameLocator('#ft-dialog-frame');
    await expect.poll(() => frame.getByLabel('Reminder hour').inputValue(), { timeout: 15_000 }).toBe('7');
    await frame.getByLabel('Email opening').fill('Hello from <Lincoln> coaching');
    const preview = frame.frameLocator('#preview');
    await expect.poll(() => preview.locator('body').textContent(), { timeout: 15_000 }).toContain('Hello from <Lincoln> coaching');
    await frame.getByLabel('Reminder hour').fill('31');
    await frame.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => frame.getByRole('status').textContent()).toContain('Nothing was saved');
    expect(await frame.getByText('Reminder hour must be a whole number from 0 to 23.').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'host-settings-sidebar.png') });
    await frame.getByLabel('Reminder hour').fill('8');
    await frame.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => frame.getByRole('status').textContent()).toBe('Saved.');
    expect(Object.fromEntries(env.p.rows('Settings').map((r) => [r[0], r[1]]))).toMatchObject({
      reminder_hour: '8',
      client_intro: 'Hello from <Lincoln> coaching',
    });
    expect(errors).toEqual([]);
  });

  it('shows the page behind an email link, escaping the item', { timeout: 60_000 }, async () => {
    seedCapture(env.p, {
      captureId: 'h2',
      session: { newClient: { name: 'Dan', email: 'dan@example.org' }, startedAt: '2026-11-20T15:00:00Z' },
      actionItems: [{ text: '<img src=x onerror=alert(1)> Draft exit tickets', due: '2026-11-21' }],
    });
    env.p.saveSettings({ quiet_days: '' }); // whatever day the test runs on
    env.p.rt.call('runReminders');
    const link = (await linksInMails(env.p)).find((href) => href.endsWith('a=done'));
    expect(link).toBeTruthy();
    const page = await env.browser.newPage({ viewport: { width: 420, height: 700 } });
    await page.goto(link!);
    // As on Google, the add-on's HTML is inside a sandboxed frame of the web app's page.
    const frame = page.frameLocator('#sandboxFrame');
    await expect.poll(() => frame.getByRole('button', { name: 'Mark it done' }).count()).toBe(1);
    expect(await frame.locator('img').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'link-item-page.png') });
    await frame.getByRole('button', { name: 'Mark it done' }).click();
    await expect.poll(() => frame.getByRole('status').textContent()).toContain('Marked done');
    await page.screenshot({ path: join(SHOTS, 'link-item-done.png') });
  });

  it('refuses workbook calls from another site', async () => {
    const res = await fetch(`${env.server.hostUrl}__host/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-followthrough-host': '1', origin: 'https://evil.example' },
      body: JSON.stringify({ fn: 'inviteCoach', args: ['Eve', 'eve@example.org', 'admin'] }),
    });
    expect(res.status).toBe(403);
    const menu = await fetch(`${env.server.hostUrl}__host/menu`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: new URLSearchParams({ fn: 'setupSheet' }),
      redirect: 'manual',
    });
    expect(menu.status).toBe(403);
    expect(JSON.stringify(env.p.rows('Coaches'))).not.toContain('eve@example.org');
  });
});
