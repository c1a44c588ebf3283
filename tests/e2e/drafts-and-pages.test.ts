// Drafts and capture from any page in Debian's Chromium: a draft per client survives closing the panel
// and restarting the browser with the same profile; the context menu and the shortcut put a page's
// selection, title and URL into the capture.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, addClient, chooseClient, launchWithExtension, serviceWorker, type ChromeApi } from '../helpers/browser';
import { extensionSetting, records, savedSession } from '../helpers/e2e';
import { newProgram } from '../helpers/runtime';

interface FakeEvent {
  dispatch(...args: unknown[]): void;
}
declare const chrome: ChromeApi & { contextMenus: { onClicked: FakeEvent }; commands: { onCommand: FakeEvent } };

describe('drafts and page capture', () => {
  const env = extensionSetting(() => {
    const p = newProgram();
    addClient(p, 'Maya Thompson', 'Lincoln Middle School');
    addClient(p, 'Daniel Okafor', 'Lincoln Middle School');
    return p;
  });

  const panelOpen = () => env.panel(360, 900);

  it('keeps one draft per client across closing the panel and restarting the browser', { timeout: 180_000 }, async () => {
    let panel = await panelOpen();
    await chooseClient(panel, 'Maya Thompson');
    await panel.getByLabel('Notes').fill('Maya: transitions');
    await panel.getByLabel('Action item').first().fill('Try the timer');
    await chooseClient(panel, 'Daniel Okafor');
    await expect.poll(() => panel.getByLabel('Notes').inputValue()).toBe('');
    await panel.getByLabel('Notes').fill('Daniel: planning');
    await expect.poll(() => panel.locator('.other-drafts').textContent()).toContain('Maya Thompson');
    // Closed at once, before the debounce: pagehide writes what is pending.
    await panel.close({ runBeforeUnload: true });

    panel = await panelOpen();
    await expect.poll(() => panel.getByLabel('Notes').inputValue()).toBe('Daniel: planning');
    expect(await panel.getByLabel('Client', { exact: true }).inputValue()).toBe('cli_danielokafor');
    await panel.getByRole('button', { name: /Open/ }).click();
    await expect.poll(() => panel.getByLabel('Notes').inputValue()).toBe('Maya: transitions');
    expect(await panel.getByLabel('Action item').first().inputValue()).toBe('Try the timer');
    await panel.getByLabel('Notes').fill('Maya: transitions, then group work');
    // The draft is written after a pause in typing: wait for it to be in storage (a state, not a time).
    await expect
      .poll(
        () =>
          panel.evaluate(
            async () =>
              ((await chrome.storage.local.get('drafts')).drafts as { byKey: Record<string, { notes: string }> }).byKey.cli_mayathompson
                ?.notes,
          ),
        { timeout: 30_000 },
      )
      .toBe('Maya: transitions, then group work');
    await panel.screenshot({ path: join(SHOTS, 'panel-drafts.png'), fullPage: true });

    // The whole browser closes and starts again on the same profile.
    await env.context.close();
    Object.assign(env, await launchWithExtension(env.userDataDir));
    panel = await panelOpen();
    await expect.poll(() => panel.getByLabel('Notes').inputValue(), { timeout: 15_000 }).toBe('Maya: transitions, then group work');
    await expect.poll(() => panel.locator('.other-drafts').textContent()).toContain('Daniel Okafor');

    // Saving clears that client's draft only.
    await panel.getByRole('button', { name: 'Save' }).click();
    await savedSession(env.p, (s) => s.notes === 'Maya: transitions, then group work');
    const drafts = await panel.evaluate(
      async () => (await chrome.storage.local.get('drafts')).drafts as { byKey: Record<string, unknown> },
    );
    expect(Object.keys(drafts.byKey)).toEqual(['cli_danielokafor']);
    await panel.close();
  });

  it('adds a page’s selection from the context menu and keeps the page as the source', { timeout: 180_000 }, async () => {
    // Clear the form of the previous test.
    await (await serviceWorker(env.context)).evaluate(() => chrome.storage.local.set({ drafts: { active: '', byKey: {} } }));
    const page: Page = await env.context.newPage();
    await page.goto(env.server.execUrl.replace(/\/exec$/, '/'));
    const title = await page.title();
    const url = page.url();
    // Headless Chromium cannot click its native context menu: the test dispatches the click event
    // the menu would fire, in the service worker, with the info and tab Chrome passes.
    const worker = await serviceWorker(env.context);
    const tab = { id: 7, index: 0, windowId: 1, active: true, highlighted: true, pinned: false, incognito: false, title, url };
    await worker.evaluate(
      ({ tab, url }) => {
        chrome.contextMenus.onClicked.dispatch(
          {
            menuItemId: 'ft-add-note',
            editable: false,
            pageUrl: url,
            selectionText: 'Transitions <b>take</b> 6 minutes <img src=x onerror=window.__xss=1>',
          },
          tab,
        );
        chrome.contextMenus.onClicked.dispatch(
          { menuItemId: 'ft-add-item', editable: false, pageUrl: url, selectionText: 'Share the   transitions video' },
          tab,
        );
      },
      { tab, url },
    );
    // The panel was closed: the clips wait in storage …
    await expect
      .poll(() => worker.evaluate(async () => ((await chrome.storage.local.get('clips')).clips as unknown[] | undefined)?.length ?? 0))
      .toBe(2);
    // … and the panel takes them in when it opens.
    const panel = await panelOpen();
    await expect
      .poll(() => panel.getByLabel('Notes').inputValue())
      .toBe('Transitions <b>take</b> 6 minutes <img src=x onerror=window.__xss=1>');
    expect(await panel.getByLabel('Action item').first().inputValue()).toBe('Share the transitions video');
    expect(await panel.locator('.source').textContent()).toContain(title);
    expect(await panel.locator('img').count()).toBe(0);
    // While the panel is open, the shortcut's page is kept too (here: it is already the source).
    await worker.evaluate(({ tab }) => chrome.commands.onCommand.dispatch('open-panel', tab), { tab });
    await expect
      .poll(() => worker.evaluate(async () => ((await chrome.storage.local.get('clips')).clips as unknown[] | undefined)?.length ?? 0))
      .toBe(0);
    await panel.screenshot({ path: join(SHOTS, 'panel-from-page.png'), fullPage: true });

    await chooseClient(panel, 'Maya Thompson');
    await panel.getByRole('button', { name: 'Save' }).click();
    const session = await savedSession(env.p, (s) => s.source === 'page');
    expect(session).toMatchObject({ source_title: title, source_url: url });
    const items = records(env.p, 'ActionItems').filter((i) => i.session_id === session.session_id);
    expect(items.map((i) => i.text)).toEqual(['Share the transitions video']);
    await panel.close();
    await page.close();
  });
});
