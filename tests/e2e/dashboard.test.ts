// The leaders' views in Chromium: the sheet host's Dashboard tab with its charts drawn as SVG, and the
// dashboard dialog's SVG charts with filters — both looked at, both free of confidential text, and both
// quoting a client's words only when the client agreed to share them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CANARY, seedProgram } from '../helpers/seed';
import { appendRecord, SHOTS } from '../helpers/browser';
import { hostSetting } from '../helpers/e2e';

const SHARED = 'My exit tickets take five minutes now';
const UNSHARED = 'UNSHARED-5e1a words for my coach only';

describe('dashboard in the sheet host', () => {
  const env = hostSetting(
    () => {
      const p = seedProgram(new Date('2026-11-24T12:00:00Z'));
      // Two preparation answers as the form writes them: Daniel shares his sentence, Maya does not.
      const clients = p.post({ v: 1, op: 'sync', token: p.leaderToken }).clients as Array<{ client_id: string; name: string }>;
      const answer = (prepId: string, name: string, testimonial: string, consent: boolean) =>
        appendRecord(p, 'Prep', {
          prep_id: prepId,
          client_id: clients.find((x) => x.name === name)!.client_id,
          submitted_at: new Date('2026-11-19T14:00:00Z'),
          progress_rating: 4,
          testimonial,
          share_consent: consent,
        });
      answer('prep_d', 'Daniel Okafor', SHARED, true);
      answer('prep_m', 'Maya Thompson', UNSHARED, false);
      return p;
    },
    { secret: 'dash' },
  );

  /** The host page at that width with the dialog its menu item `menu` opens; `errors` collects the page's uncaught errors. */
  async function openFromMenu(menu: string, width: number): Promise<{ page: Page; errors: string[]; frame: FrameLocator }> {
    const { page, errors } = await env.page(width, 900);
    await page.goto(env.server.hostUrl);
    await page.getByRole('button', { name: menu }).click();
    return { page, errors, frame: page.frameLocator('#ft-dialog-frame') };
  }

  /** Chooses Maya in the dialog's Client list once the list holds her. */
  async function chooseMaya(frame: FrameLocator): Promise<void> {
    const client = frame.getByLabel('Client');
    await expect.poll(() => client.locator('option').allTextContents(), { timeout: 15_000 }).toContain('Maya Thompson — Lincoln MS');
    await client.selectOption({ label: 'Maya Thompson — Lincoln MS' });
  }

  it('refreshes the Dashboard tab from the menu and draws its charts', { timeout: 60_000 }, async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${env.server.hostUrl}?tab=Dashboard`);
    await page.getByRole('button', { name: 'Refresh dashboard' }).click();
    await expect.poll(() => page.getByRole('table').textContent()).toContain('coaching dashboard');
    expect(await page.locator('.charts svg').count()).toBe(6);
    expect(await page.locator('.charts svg rect').count()).toBeGreaterThan(2);
    expect(await page.content()).not.toContain('CANARY');
    expect(await page.content()).toContain(SHARED);
    expect(await page.content()).not.toContain(UNSHARED);
    // Drawn as Sheets shows it: the merged title over the eight columns, 18 pt bold; the tiles' big
    // numbers merged in pairs; shaded header rows; the first column 230 px wide.
    const title = page.locator('thead th[colspan="8"]').first();
    await expect.poll(() => title.textContent()).toContain('coaching dashboard');
    expect(await title.evaluate((el) => [getComputedStyle(el).fontWeight, getComputedStyle(el).fontSize])).toEqual(['700', '24px']);
    const tile = page.locator('td[colspan="2"]', { hasText: /^2$/ }).first();
    expect(
      await tile.evaluate((el) => [getComputedStyle(el).fontSize, getComputedStyle(el).textAlign, getComputedStyle(el).backgroundColor]),
    ).toEqual(['32px', 'center', 'rgb(241, 243, 244)']);
    const header = page.locator('td', { hasText: /^Coach$/ }).first();
    expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(232, 234, 237)');
    expect(
      await page
        .locator('col')
        .nth(1)
        .evaluate((el) => el.getBoundingClientRect().width),
    ).toBe(230);
    await page.screenshot({ path: join(SHOTS, 'host-dashboard-tab.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'host-dashboard-print.png'), fullPage: true });
  });

  it('opens the dashboard dialog with SVG charts and filters', { timeout: 60_000 }, async () => {
    const { page, errors, frame } = await openFromMenu('Open dashboard…', 1280);
    await expect.poll(() => frame.locator('#status').textContent(), { timeout: 15_000 }).toContain('Window');
    expect(await frame.locator('svg').count()).toBe(4);
    expect(await frame.locator('.tile .value').first().textContent()).toBe('2');
    expect(await frame.locator('#words').textContent()).toBe(`“${SHARED}” — Daniel Okafor, coached by Ben Ortiz (2026-11-19)`);
    await page.screenshot({ path: join(SHOTS, 'dashboard-dialog.png'), fullPage: true });
    await frame.getByLabel('Coach', { exact: true }).selectOption({ label: 'Ben Ortiz' });
    await expect.poll(() => frame.locator('.tile .value').first().textContent(), { timeout: 15_000 }).toBe('1');
    const body = await frame.locator('body').textContent();
    expect(body).not.toContain(UNSHARED);
    expect(body).not.toContain('CANARY');
    expect(body).not.toContain(CANARY);
    expect(errors).toEqual([]);
  });

  it("previews a client's summary from the menu and sends it only on Send", { timeout: 60_000 }, async () => {
    const outbox = async () => {
      await env.p.rt.mail.drain();
      return readdirSync(env.p.rt.mail.outboxDir).length;
    };
    const before = await outbox();
    const { page, errors, frame } = await openFromMenu('Send a client their summary…', 1000);
    await chooseMaya(frame);
    await frame.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => frame.locator('#status').textContent(), { timeout: 15_000 }).toBe('Not sent yet.');
    expect(await frame.locator('#subject').textContent()).toBe('Your coaching progress with Ana Rivera');
    await expect.poll(() => frame.frameLocator('#message').locator('body').textContent()).toContain('Try a countdown timer');
    expect(await outbox()).toBe(before);
    await page.screenshot({ path: join(SHOTS, 'client-summary-dialog-preview.png') });
    await frame.getByRole('button', { name: 'Send to maya@example.org' }).click();
    await expect.poll(() => frame.locator('#status').textContent(), { timeout: 15_000 }).toBe('Sent to maya@example.org.');
    expect(await outbox()).toBe(before + 1);
    expect(errors).toEqual([]);
  });

  it("shows a client's progress report as leaders read it, from the menu, ready to print", { timeout: 60_000 }, async () => {
    const { page, errors, frame } = await openFromMenu('Progress report…', 1280);
    await chooseMaya(frame);
    await frame.getByRole('button', { name: 'Show report' }).click();
    await expect.poll(() => frame.locator('#status').textContent(), { timeout: 15_000 }).toBe('Coaching progress report: Maya Thompson');
    const report = frame.frameLocator('#report');
    await expect.poll(() => report.locator('body').textContent(), { timeout: 15_000 }).toContain('Maya');
    expect(await frame.getByRole('button', { name: 'Print…' }).isVisible()).toBe(true);
    const text = `${await frame.locator('body').textContent()} ${await report.locator('body').textContent()}`;
    expect(text).not.toContain('CANARY');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('Try a countdown timer');
    await page.screenshot({ path: join(SHOTS, 'progress-report-dialog.png') });
    expect(errors).toEqual([]);
  });
});
