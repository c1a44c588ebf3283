// Delivery in Debian's Chromium: captures saved while the web app cannot be reached wait in the outbox
// (the toolbar badge counts them) and arrive exactly once when it is back; a service worker stopped in
// the middle of a delivery does not store a capture twice.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { SHOTS, addClient, badgeText, chooseClient, serviceWorker } from '../helpers/browser';
import { extensionSetting, goOffline, outboxLength } from '../helpers/e2e';
import { newProgram } from '../helpers/runtime';

describe('outbox delivery', () => {
  const env = extensionSetting(() => {
    const p = newProgram();
    addClient(p, 'Maya Thompson', 'Lincoln Middle School');
    return p;
  });

  beforeAll(async () => {
    // One panel opening while online fills the cached client list used offline.
    const panel = await env.panelFor('Maya Thompson', 400, 800);
    await panel.close();
  });

  it('queues 10 captures offline (badge 10) and delivers exactly 10 once back online', { timeout: 180_000 }, async () => {
    // Offline: every request to the web app fails as a dropped network would.
    const backOnline = await goOffline(env.context, env.server);
    const panel = await env.panel(400, 800);
    const before = env.p.rows('Sessions').length;
    for (let i = 1; i <= 10; i += 1) {
      await chooseClient(panel, 'Maya Thompson');
      await panel.getByLabel('Notes').fill(`Offline note ${i}`);
      await panel.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    }
    await expect.poll(() => outboxLength(panel), { timeout: 15_000 }).toBe(10);
    await expect.poll(() => badgeText(env.context), { timeout: 15_000 }).toBe('10');
    await expect.poll(() => panel.locator('.outbox').textContent(), { timeout: 15_000 }).toMatch(/10 captures waiting/);
    await panel.screenshot({ path: join(SHOTS, 'panel-offline-10.png'), fullPage: true });
    expect(env.p.rows('Sessions').length).toBe(before);

    await backOnline();
    await panel.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => env.p.rows('Sessions').length, { timeout: 60_000 }).toBe(before + 10);
    await expect.poll(() => outboxLength(panel), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => badgeText(env.context), { timeout: 15_000 }).toBe('');
    // Nothing more arrives later: exactly ten.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(env.p.rows('Sessions').length).toBe(before + 10);
    await panel.close();
  });

  it('stores a capture once when the service worker is stopped during its delivery', { timeout: 180_000 }, async () => {
    const panel = await env.panel(400, 800);
    const before = env.p.rows('Sessions').length;
    const worker = await serviceWorker(env.context);
    await worker.evaluate(() => {
      (self as unknown as { marker?: string }).marker = 'first life';
    });
    // How to stop the worker headless: a CDP session on an extension page and
    // ServiceWorker.stopAllWorkers (chrome://serviceworker-internals is not available). Evaluating
    // self.close() in a service worker does nothing. The stopped worker is started again by the
    // next event (here: the panel asking for delivery when it opens).
    const cdp = await env.context.newCDPSession(panel);
    await cdp.send('ServiceWorker.enable');
    let stopped = false;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const posted = (url: URL) => url.pathname.endsWith('/exec');
    await env.context.route(posted, async (route) => {
      // Only captures: the panel's own `sync` requests pass.
      if (route.request().method() !== 'POST' || !route.request().postData()?.includes('"op":"capture"')) return route.continue();
      if (stopped) {
        // A new worker may try again at once; hold it until the state in between is checked.
        await released;
        return route.continue();
      }
      // The web app receives and stores the capture …
      const response = await route.fetch();
      expect((await response.json()).ok).toBe(true);
      // … and the worker stops before its answer arrives.
      stopped = true;
      await cdp.send('ServiceWorker.stopAllWorkers');
      await route.abort().catch(() => undefined);
    });

    await chooseClient(panel, 'Maya Thompson');
    await panel.getByLabel('Notes').fill('Delivered while the worker stops');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => stopped, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => env.p.rows('Sessions').length, { timeout: 15_000 }).toBe(before + 1);
    // The worker died before it could remove the capture: it still waits.
    expect(await outboxLength(panel)).toBe(1);

    release();
    // Opening the panel again wakes a new worker, which sends the capture again; the web app
    // recognises its captureId and stores nothing new.
    await panel.reload();
    await expect.poll(() => outboxLength(panel), { timeout: 30_000 }).toBe(0);
    const restarted = await serviceWorker(env.context);
    expect(await restarted.evaluate(() => (self as unknown as { marker?: string }).marker)).toBeUndefined();
    expect(env.p.rows('Sessions').length).toBe(before + 1);
    await env.context.unroute(posted);
    // The one new row is this capture (its notes named, so a failure shows what was stored instead).
    const notesAt = (columnsOf('Sessions') as readonly string[]).indexOf('notes');
    const added = env.p.rows('Sessions').slice(before);
    expect(added.map((row) => row[notesAt])).toEqual(['Delivered while the worker stops']);
    await panel.close();
  });
});
