// The shortcut (Alt+Shift+F) with text selected on a page (issue 20: "the shortcut ignores the selected
// text"), in Debian's Chromium: the background's command handler reads the page's real selection through
// chrome.scripting.executeScript, the panel takes it into the notes with the page as the source, and the
// saved session row holds both. Without a selection only the page is kept.
//
// What the test cannot drive: headless Chromium sends no key press to extension commands (pressing
// Alt+Shift+F on the page leaves nothing in storage — tried), and activeTab is granted only by a real
// key press. So the test dispatches the command event as Chrome does after the key press, and the page
// is one the extension may script without activeTab: served at a call site's address (context.route)
// whose host permission is granted as a person grants it on chrome://extensions (Site access).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addClient, chooseClient, serviceWorker, shootAll, type ChromeApi } from '../helpers/browser';
import { extensionSetting, records } from '../helpers/e2e';
import { newProgram } from '../helpers/runtime';

interface FakeEvent {
  dispatch(...args: unknown[]): void;
}
declare const chrome: ChromeApi & {
  commands: { onCommand: FakeEvent };
  tabs: { query(q: object): Promise<Array<{ id: number; windowId: number; url: string; title: string }>> };
  developerPrivate: { addHostPermission(id: string, host: string): Promise<void> };
  permissions: { request(p: { origins: string[] }): Promise<boolean> };
};

const ORIGIN = 'https://meet.google.com';
const PAGE = `${ORIGIN}/landing`; // not a meeting: no call, only a page
const TITLE = 'Transitions plan — Lincoln MS';
const SELECTED = 'Transitions take 6 minutes; the timer cut them to 3.';

describe('the shortcut with a selection', () => {
  const env = extensionSetting(() => {
    const p = newProgram();
    addClient(p, 'Maya Thompson', 'Lincoln Middle School');
    return p;
  });

  beforeAll(async () => {
    await env.context.route(
      (url) => url.origin === ORIGIN,
      (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: `<!doctype html><title>${TITLE}</title><h1>Plan</h1><p id="said">  ${SELECTED}  </p><p>Other text.</p>`,
        }),
    );
    const manage = await env.context.newPage();
    await manage.goto('chrome://extensions/');
    await manage.evaluate(([id, host]) => chrome.developerPrivate.addHostPermission(id!, host!), [env.extensionId, `${ORIGIN}/*`]);
    await manage.close();
    // The extension takes the granted origin with permissions.request on a click (a user gesture), as its
    // options do when a site is turned on; here without turning the site on, so no call script runs.
    const options = await env.page('options.html', 800, 600);
    await options.evaluate((origin) => {
      const button = document.createElement('button');
      button.textContent = 'Grant';
      button.addEventListener(
        'click',
        () => void chrome.permissions.request({ origins: [origin] }).then((ok) => button.setAttribute('data-granted', String(ok))),
      );
      document.body.prepend(button);
    }, `${ORIGIN}/*`);
    await options.getByRole('button', { name: 'Grant' }).click();
    await options.locator('button[data-granted="true"]').waitFor({ timeout: 15_000 });
    await options.close();
  }, 120_000);

  /** Chrome's command event for the page's tab, as after the key press. */
  async function pressShortcut(page: Page): Promise<void> {
    await page.bringToFront();
    const worker = await serviceWorker(env.context);
    await worker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      if (!tab) throw new Error(`no tab at ${url}`);
      chrome.commands.onCommand.dispatch('open-panel', tab);
    }, PAGE);
  }

  const clips = async () =>
    ((await (await serviceWorker(env.context)).evaluate(() => chrome.storage.local.get('clips'))).clips ?? []) as Array<
      Record<string, unknown>
    >;

  it('puts the selected text into the notes with the page as the source, and saves both', { timeout: 120_000 }, async () => {
    const page = await env.context.newPage();
    await page.goto(PAGE);
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('said')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await pressShortcut(page);
    // The panel is closed: the clip waits in storage, the selection trimmed, with the page.
    await expect
      .poll(clips, { timeout: 30_000 })
      .toEqual([expect.objectContaining({ kind: 'note', text: SELECTED, title: TITLE, url: PAGE })]);

    const panel = await env.panel();
    await expect.poll(() => panel.getByLabel('Notes').inputValue(), { timeout: 15_000 }).toBe(SELECTED);
    expect(await panel.locator('.source').textContent()).toContain(TITLE);
    await expect.poll(clips).toEqual([]);
    await shootAll(panel, 'shortcut-selection');
    await chooseClient(panel, 'Maya Thompson');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => records(env.p, 'Sessions').filter((s) => s.notes === SELECTED).length, { timeout: 30_000 }).toBe(1);
    expect(records(env.p, 'Sessions').find((s) => s.notes === SELECTED)).toMatchObject({
      source: 'page',
      source_title: TITLE,
      source_url: PAGE,
    });
    await panel.close();
    await page.close();
  });

  it('keeps only the page when nothing is selected', { timeout: 60_000 }, async () => {
    const page = await env.context.newPage();
    await page.goto(PAGE);
    await page.evaluate(() => getSelection()!.removeAllRanges());
    await pressShortcut(page);
    await expect.poll(clips, { timeout: 30_000 }).toEqual([expect.objectContaining({ kind: 'page', text: '', title: TITLE, url: PAGE })]);
    await page.close();
  });
});
