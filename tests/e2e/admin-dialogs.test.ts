// The admin's dialogs in the sheet host page, in Chromium: "Export or delete a client's data…" downloads
// the client's JSON file from the sandboxed dialog frame, and deletes the client once their name is typed;
// "Hand over clients or revoke a coach…" asks before revoking a coach who still has clients, hands them
// over, then revokes; "Apply data retention…" shows the setting and what is past it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { newProgram } from '../helpers/runtime';
import { SHOTS } from '../helpers/browser';
import { hostSetting, seedCapture } from '../helpers/e2e';

describe('admin dialogs in the sheet host page', () => {
  let maya = '';
  let ben = '';
  const env = hostSetting(() => newProgram({ log: () => {} }), {
    secret: 'admin',
    seed: (p) => {
      ben = p.invite('Ben Ortiz', 'ben@example.org').coachId;
      maya = seedCapture(p, {
        captureId: 'a1',
        session: {
          newClient: { name: 'Maya Thompson', email: 'maya@example.org', organization: 'Lincoln MS' },
          startedAt: '2026-11-20T15:00:00Z',
          notes: 'Routines',
        },
        actionItems: [{ text: 'Try a timer', due: '2026-11-27' }],
      }).clientId;
    },
  });

  async function open(menu: string, title: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; errors: string[] }> {
    const page = await env.browser.newPage({ viewport: { width: 1000, height: 760 }, colorScheme, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${env.server.hostUrl}?tab=Clients`);
    await page.getByRole('button', { name: menu }).click();
    await expect.poll(() => page.getByRole('dialog', { name: title }).isVisible(), { timeout: 15_000 }).toBe(true);
    return { page, errors };
  }

  it('exports a client’s data as a JSON file the browser downloads', { timeout: 90_000 }, async () => {
    const { page, errors } = await open('Export or delete a client’s data…', 'Export or delete a client’s data');
    const frame = page.frameLocator('#ft-dialog-frame');
    await expect
      .poll(() => frame.getByLabel('Client').locator('option').allTextContents(), { timeout: 15_000 })
      .toEqual(['Maya Thompson — Lincoln MS']);
    await frame.getByRole('button', { name: 'Prepare file' }).click();
    const link = frame.getByRole('link', { name: /^Download followthrough-maya-thompson-\d{4}-\d\d-\d\d\.json$/ });
    await expect.poll(() => link.isVisible(), { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'host-export-dialog.png') });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^followthrough-maya-thompson-\d{4}-\d\d-\d\d\.json$/);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(file).toMatchObject({ format: 'followthrough.clientData/1', clientId: maya });
    expect(file.tabs.Sessions.map((s: { notes: string }) => s.notes)).toEqual(['Routines']);
    expect(file.tabs.ActionItems.map((i: { text: string }) => i.text)).toEqual(['Try a timer']);
    expect(errors).toEqual([]);
  });

  it('asks before revoking a coach with clients, hands them over, then revokes', { timeout: 90_000 }, async () => {
    const { page, errors } = await open('Hand over clients or revoke a coach…', 'Hand over clients or revoke a coach', 'dark');
    const frame = page.frameLocator('#ft-dialog-frame');
    await expect
      .poll(() => frame.getByLabel('Coach', { exact: true }).locator('option').allTextContents(), { timeout: 15_000 })
      .toEqual(['Ana Rivera — 1 client not closed', 'Ben Ortiz — 0 clients not closed']);
    await expect.poll(() => frame.getByRole('checkbox', { name: 'Maya Thompson — Lincoln MS (active)' }).isChecked()).toBe(true);
    await frame.getByRole('button', { name: 'Revoke Ana Rivera' }).click();
    await expect
      .poll(() => frame.locator('#ask-text').textContent(), { timeout: 15_000 })
      .toContain('Ana Rivera still coaches 1 client (Maya Thompson — Lincoln MS)');
    await page.screenshot({ path: join(SHOTS, 'host-handover-ask.png') });
    const coaches = () => env.p.rows('Coaches').map((r) => r[(columnsOf('Coaches') as string[]).indexOf('active')]);
    expect(coaches()).toEqual([true, true]);

    await frame.getByLabel('Hand the chosen clients to').selectOption({ label: 'Ben Ortiz <ben@example.org>' });
    await frame.getByRole('button', { name: 'Hand over' }).click();
    await expect.poll(() => frame.getByRole('status').textContent(), { timeout: 15_000 }).toBe('1 client handed over to Ben Ortiz.');
    const coachOf = () => env.p.rows('Clients').map((r) => r[(columnsOf('Clients') as string[]).indexOf('coach_id')]);
    expect(coachOf()).toEqual([ben]);

    await frame.getByRole('button', { name: 'Revoke Ana Rivera' }).click();
    await expect.poll(() => frame.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Ana Rivera is revoked.');
    expect(coaches()).toEqual([false, true]);
    await page.screenshot({ path: join(SHOTS, 'host-handover-revoked.png') });
    expect(errors).toEqual([]);
  });

  it('shows the retention setting and what is past it', { timeout: 90_000 }, async () => {
    env.p.saveSettings({ retention_years: '2' });
    const { page, errors } = await open('Apply data retention…', 'Data retention');
    const frame = page.frameLocator('#ft-dialog-frame');
    await expect
      .poll(() => frame.locator('#setting').textContent(), { timeout: 15_000 })
      .toMatch(/keeps coaching records for 2 years: rows dated before .* are past retention\. Automation is off/);
    await expect.poll(() => frame.getByRole('button', { name: 'Nothing to delete' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'host-retention-dialog.png') });
    expect(errors).toEqual([]);
  });

  it('deletes a client once their name is typed; the workbook then names them nowhere', { timeout: 90_000 }, async () => {
    const { page, errors } = await open('Export or delete a client’s data…', 'Export or delete a client’s data', 'dark');
    const frame = page.frameLocator('#ft-dialog-frame');
    const typed = frame.getByLabel('Type “Maya Thompson” to confirm');
    const remove = frame.getByRole('button', { name: 'Delete this client’s data' });
    await expect.poll(() => typed.count(), { timeout: 15_000 }).toBe(1);
    expect(await remove.isDisabled()).toBe(true);
    await typed.fill('Maya Thomson');
    expect(await remove.isDisabled()).toBe(true);
    await typed.fill(' maya thompson');
    await expect.poll(() => remove.isDisabled()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'host-delete-client-confirm.png') });
    await remove.click();
    await expect
      .poll(() => frame.locator('#deleted').textContent(), { timeout: 15_000 })
      .toBe(
        'Deleted Maya Thompson’s rows: Clients 1, StageHistory 1, Sessions 1, ActionItems 1; their address blanked in 0 logged emails.',
      );
    expect(env.p.rows('Clients')).toEqual([]);
    const cells = JSON.stringify(env.p.rt.data.sheets.map((sheet) => sheet.cells)).toLowerCase();
    for (const canary of ['maya thompson', 'maya@example.org', maya.toLowerCase()]) expect(cells).not.toContain(canary);
    expect(await frame.getByLabel('Client', { exact: true }).locator('option').allTextContents()).toEqual(['No client yet']);
    await page.screenshot({ path: join(SHOTS, 'host-delete-client-done.png') });
    expect(errors).toEqual([]);
  });
});
