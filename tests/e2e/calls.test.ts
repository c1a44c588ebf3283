// Call awareness in Debian's Chromium: the fixture pages of tests/fixtures/call-sites are served AT
// THE REAL SITE URLS (context.route), so the production content scripts run on them once the coach
// turns the site on in the options. Per site: the call's start and end, title, participants, the
// client proposed with its reason, caption quotes into the notes, and the saved session row. Plus:
// a changed DOM degrades to "call details unavailable" while saving still works, a manual choice
// teaches an alias, and nothing runs on a site without its permission.
//
// The permission prompt: chrome.permissions.request shows a native dialog that headless Chromium
// never answers. The tests grant the host permission the way a person does on chrome://extensions
// (its developerPrivate.addHostPermission, "Site access"), then click the site's switch in the
// options page: the click's permissions.request resolves true at once for a granted origin, and the
// real handler registers the content script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, addClient, chooseClient, openExtensionPage, serviceWorker, ROOT } from '../helpers/browser';
import { extensionSetting, records } from '../helpers/e2e';
import { newProgram } from '../helpers/runtime';

declare const chrome: {
  storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches: string[] }[]> };
  permissions: { getAll(): Promise<{ origins: string[] }> };
  developerPrivate: { addHostPermission(id: string, host: string): Promise<void> };
};

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'call-sites');

interface Site {
  id: 'meet' | 'zoom' | 'teams';
  label: string;
  origins: string[];
  url: string;
  changedUrl: string;
  /** Every name the site's reader relies on, renamed as after a redesign (the changed-DOM test)… */
  renamed: Record<string, unknown>;
  /** …and the reason code the panel then shows. */
  reason: string;
  title: string;
  client: string;
  /** The proposal's reason in the panel. */
  why: string;
  /** Extra arguments of the fixture's caption() for the client's lines (Zoom: avatar only). */
  captionOpts: string;
}

const SITES: Site[] = [
  {
    // Google Meet in Italian: every translated label differs from English.
    id: 'meet',
    label: 'Google Meet',
    origins: ['https://meet.google.com/*'],
    url: 'https://meet.google.com/abc-defg-hij?hl=it',
    changedUrl: 'https://meet.google.com/chg-dnge-dom',
    renamed: {
      iconClass: 'gm-icons',
      callEnd: 'phone_disabled',
      captionsIcon: 'subtitles',
      regionRole: 'log',
      regionTabindex: '-1',
      listRole: 'group',
      itemRole: 'row',
      tileAttr: 'data-tile-id',
      labels: { join: 'Entrar ya', ask: 'Pedir acceso', leave: 'Colgar', people: 'Gente', you: 'Yo mismo' },
    },
    reason: 'meet.controls',
    title: 'Weekly coaching: Maya',
    client: 'Maya Thompson',
    why: '“Maya Thompson” is on the call',
    captionOpts: '',
  },
  {
    // The Zoom web client: the meeting lives in the same-origin iframe#webclient.
    id: 'zoom',
    label: 'Zoom (web client)',
    origins: ['https://*.zoom.us/*'],
    url: 'https://app.zoom.us/wc/81234567890/join?pwd=secret',
    changedUrl: 'https://app.zoom.us/wc/89999999999/join',
    renamed: {
      frameId: 'meeting-frame',
      leaveContainer: 'footer-leave',
      audioMenu: 'audio-menu',
      list: 'people-list',
      listName: 'people-name',
      tileName: 'tile-name',
      captions: 'cc-box',
    },
    reason: 'zoom.frame',
    title: 'Coaching with Daniel',
    client: 'Daniel Okafor',
    why: '“Daniel Okafor” is on the call',
    captionOpts: ', { avatar: true }',
  },
  {
    id: 'teams',
    label: 'Microsoft Teams (web)',
    origins: ['https://teams.microsoft.com/*', 'https://teams.live.com/*', 'https://teams.cloud.microsoft/*'],
    url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
    changedUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_changed%40thread.v2/0',
    renamed: {
      prejoinId: 'pre-join-cta',
      hangupId: 'end-call',
      hangupTid: 'end-call-main',
      leaveTid: 'end-call-options',
      rowTid: 'roster-row-',
      text: 'cc-line-text',
      author: 'cc-speaker',
    },
    reason: 'teams.controls',
    title: 'Check-in with Priya',
    client: 'Priya Natarajan',
    why: '“Priya Natarajan” is on the call',
    captionOpts: '',
  },
];

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The panel at 360 and 400 px, light and dark (the call card is what changes here). */
async function shootSizes(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  for (const width of [360, 400]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: size.height });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: join(SHOTS, `${name}-${width}-${colorScheme}.png`) });
    }
  }
  await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Serves the fixtures at the sites' real URLs (Zoom's frame at <meeting URL>/frame, same origin as
 * its page); a changed-DOM URL gets the same page with every name renamed.
 */
async function routeSites(context: BrowserContext): Promise<void> {
  const frame = readFileSync(join(FIXTURES, 'zoom-frame.html'), 'utf8');
  for (const site of SITES) {
    const normal = readFileSync(join(FIXTURES, `${site.id}.html`), 'utf8');
    const changed = normal.replace('<script>', `<script>window.__selectors = ${JSON.stringify(site.renamed)};</script>\n<script>`);
    const hosts = site.origins.map((o) => o.replace('https://', '').replace('/*', ''));
    const matches = (host: string) =>
      hosts.some((h) => (h.startsWith('*.') ? host === h.slice(2) || host.endsWith(h.slice(1)) : host === h));
    await context.route(
      (url) => url.protocol === 'https:' && matches(url.hostname),
      (route) => {
        const url = route.request().url();
        if (url.includes('/p/avatar/'))
          return route.fulfill({
            status: 200,
            contentType: 'image/svg+xml',
            body: '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>',
          });
        const body =
          site.id === 'zoom' && new URL(url).pathname.endsWith('/frame') ? frame : url.startsWith(site.changedUrl) ? changed : normal;
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
      },
    );
  }
}

/** The coach allows the site (chrome://extensions, Site access) and turns it on in the options. */
async function turnOn(context: BrowserContext, extensionId: string, site: Site, captions: boolean): Promise<void> {
  const manage = await context.newPage();
  await manage.goto('chrome://extensions/');
  for (const origin of site.origins)
    await manage.evaluate(([id, host]) => chrome.developerPrivate.addHostPermission(id!, host!), [extensionId, origin]);
  await manage.close();
  const options = await openExtensionPage(context, extensionId, 'options.html', 800, 1000);
  const toggle = options.getByRole('switch', { name: site.label, exact: true });
  await toggle.click();
  await expect.poll(() => toggle.isChecked()).toBe(true);
  if (captions) {
    const quotes = options.getByRole('switch', { name: `Caption quotes on ${site.label}` });
    await quotes.click();
    await expect.poll(() => quotes.isChecked()).toBe(true);
  }
  await shoot(options, `options-calls-${site.id}`);
  await options.close();
}

/** The calls the background keeps (storage.session), as the panel reads them. */
async function storedCalls(context: BrowserContext): Promise<Record<string, { phase: string; url: string; source: string }>> {
  const worker = await serviceWorker(context);
  return worker.evaluate(
    async () => ((await chrome.storage.session.get('calls')).calls ?? {}) as Record<string, { phase: string; url: string; source: string }>,
  );
}

interface StoredCall {
  phase: string;
  url: string;
  source: string;
  admitted: boolean;
  startedAt: string;
  endedAt: string;
  roster: string;
  reason: string;
  participants: { name: string; self?: boolean }[];
}

/** The latest call of a site the background keeps. */
async function storedCall(context: BrowserContext, source: string): Promise<StoredCall | undefined> {
  const worker = await serviceWorker(context);
  const calls = await worker.evaluate(
    async () => ((await chrome.storage.session.get('calls')).calls ?? {}) as Record<string, StoredCall & { updatedAt: number }>,
  );
  return Object.values(calls)
    .filter((c) => c.source === source)
    .sort((a, b) => b.updatedAt - a.updatedAt)[0];
}

/** Names of the isolated worlds (content scripts) in the page, from the DevTools protocol. */
async function isolatedWorlds(context: BrowserContext, page: Page): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  const names: string[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: { name: string; auxData?: { type?: string } } }) => {
    if (e.context.auxData?.type === 'isolated') names.push(e.context.name);
  });
  await cdp.send('Runtime.enable');
  await new Promise((r) => setTimeout(r, 300));
  await cdp.detach();
  return names;
}

async function callPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto(url);
  return page;
}

const fixture = (page: Page, script: string) => page.evaluate(script);

describe('call awareness', () => {
  const ids: Record<string, string> = {};
  const env = extensionSetting(() => {
    const p = newProgram({ timeZone: 'America/New_York' });
    ids['Maya Thompson'] = addClient(p, 'Maya Thompson', 'Lincoln Middle School');
    ids['Daniel Okafor'] = addClient(p, 'Daniel Okafor', 'Lincoln Middle School');
    ids['Priya Natarajan'] = addClient(p, 'Priya Natarajan', 'Northwind Traders', { email: 'priya@northwind.example' });
    ids['Sam Lee'] = addClient(p, 'Sam Lee', 'Eastside High');
    return p;
  });

  beforeAll(() => routeSites(env.context));

  afterEach(async () => {
    // A failed test leaves no call open for the next one.
    for (const page of env.context?.pages() ?? []) if (page.url().startsWith('https://')) await page.close();
  });

  it('runs nothing on a call site before the coach turns it on', { timeout: 60_000 }, async () => {
    const worker = await serviceWorker(env.context);
    expect(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    expect((await worker.evaluate(() => chrome.permissions.getAll())).origins).toEqual([]);
    for (const site of SITES) {
      const page = await callPage(env.context, site.url);
      await fixture(page, `window.__fixture.join(); window.__fixture.addParticipant(${JSON.stringify(site.client)})`);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await isolatedWorlds(env.context, page)).not.toContain('FollowThrough');
      await page.close();
    }
    expect(await storedCalls(env.context)).toEqual({});
  });

  for (const site of SITES) {
    it(
      `${site.label}: admitted, title, participants, proposed client, caption quotes with speakers, end, saved session`,
      { timeout: 150_000 },
      async () => {
        await turnOn(env.context, env.extensionId, site, true);
        const worker = await serviceWorker(env.context);
        const scripts = await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
        expect(scripts.map((s) => s.id)).toContain(`ft-call-${site.id}`);

        const panel = await env.panel(380, 1100);
        await panel
          .getByLabel('Client', { exact: true })
          .locator('option', { hasText: site.client })
          .waitFor({ state: 'attached', timeout: 15_000 });
        const call = await callPage(env.context, site.url);
        // One content script per tab, in the top frame (Zoom's meeting frame is read from there).
        expect((await isolatedWorlds(env.context, call)).filter((n) => n === 'FollowThrough')).toHaveLength(1);
        const status = panel.locator('.call');

        if (site.id === 'meet') {
          // The waiting room already shows the leave icon: waiting to be admitted is not the call's start.
          await fixture(call, `window.__fixture.waitInLobby()`);
          await expect.poll(async () => (await storedCall(env.context, 'meet'))?.phase, { timeout: 15_000 }).toBe('waiting');
          expect(await status.count()).toBe(0);
        }
        if (site.id === 'zoom') {
          // Zoom's waiting room, longer than the grace period: waiting, not "unavailable", not a call yet.
          await fixture(call, `window.__fixture.waitingRoom()`);
          await expect.poll(async () => (await storedCall(env.context, 'zoom'))?.phase, { timeout: 15_000 }).toBe('waiting');
          await new Promise((r) => setTimeout(r, 6_000));
          expect((await storedCall(env.context, 'zoom'))?.phase).toBe('waiting');
          expect(await status.count()).toBe(0);
        }
        await fixture(call, `window.__fixture.join()`);
        await fixture(call, `window.__fixture.addParticipant(${JSON.stringify(site.client)})`);
        if (site.id === 'teams') await fixture(call, `window.__fixture.openRoster()`);

        await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(`In a ${site.label.replace(/ \(.*\)$/, '')}`);
        const admitted = await storedCall(env.context, site.id);
        expect(admitted).toMatchObject({ phase: 'live', admitted: true });
        expect(admitted!.startedAt).not.toBe('');
        expect(await status.textContent()).toContain(site.title);
        await expect.poll(() => status.textContent()).toContain(site.client);
        expect(await status.textContent()).not.toContain('Ana Rivera');
        // The client is preselected, with the reason.
        await expect.poll(() => panel.getByLabel('Client', { exact: true }).inputValue()).toBe(ids[site.client]);
        expect(await panel.locator('#client-match').textContent()).toBe(`Proposed from the call: ${site.why}`);
        expect(await panel.locator('.source-title').textContent()).toBe(site.title);

        if (site.id === 'meet') {
          // The People list, found by its rows (the coach's "(Tu)") whatever its translated label: names from the list, the coach marked.
          await expect.poll(async () => (await storedCall(env.context, 'meet'))?.roster).toBe('list');
          expect((await storedCall(env.context, 'meet'))!.participants).toEqual([
            { name: 'Ana Rivera', self: true },
            { name: 'Maya Thompson' },
          ]);
          expect(await panel.locator('.call-roster').count()).toBe(0);
        }
        if (site.id === 'zoom') {
          // The participant list is closed: the names come from the video tiles, and the panel says so.
          await expect.poll(() => panel.locator('.call-roster').textContent()).toContain('names come from the video tiles only');
          await shootSizes(panel, 'panel-call-zoom-tiles-only');
          // Ten more people, without a tile on this page of the gallery; the list is virtualised (6 rows in view).
          for (let i = 1; i <= 10; i++)
            await fixture(call, `window.__fixture.addParticipant('Guest ${String(i).padStart(2, '0')}', { tile: false })`);
          await fixture(call, `window.__fixture.openParticipants()`);
          await expect.poll(async () => (await storedCall(env.context, 'zoom'))?.roster).toBe('list');
          expect(await call.frameLocator('#webclient').locator('.participants-item__display-name').count()).toBeLessThan(12);
          // The coach scrolls the list: the names are collected as they come into view.
          for (const row of [4, 8, 12]) {
            await fixture(call, `window.__fixture.scrollParticipants(${row})`);
            await expect
              .poll(async () => (await storedCall(env.context, 'zoom'))?.participants.map((p) => p.name), { timeout: 10_000 })
              .toContain(`Guest ${String(Math.min(row + 1, 10)).padStart(2, '0')}`);
          }
          const all = (await storedCall(env.context, 'zoom'))!.participants;
          expect(all).toHaveLength(12);
          expect(all.filter((p) => p.self).map((p) => p.name)).toEqual(['Ana Rivera']);
          await expect.poll(() => panel.locator('.call-roster').count()).toBe(0);
          await shoot(panel, 'panel-call-zoom-list');
        }

        // Captions: lines spoken (a few hundred ms apart, as people talk), one growing (in place, or as a
        // recreated element on Zoom), the coach's own line (labelled "Tu" on Meet in Italian), quoted into the notes.
        const say = async (script: string) => {
          await fixture(call, script);
          await new Promise((r) => setTimeout(r, 400));
        };
        const coachOpts = site.id === 'zoom' ? ', { avatar: true }' : '';
        await say(`window.__fixture.caption(${JSON.stringify(site.client)}, 'I tried the countdown timer'${site.captionOpts})`);
        await say(`window.__fixture.extendCaption('with period 6.')`);
        await say(`window.__fixture.caption('Ana Rivera', 'How did the class respond?'${coachOpts})`);
        await say(`window.__fixture.caption(${JSON.stringify(site.client)}, 'They settled in two minutes.'${site.captionOpts})`);
        await panel.getByRole('button', { name: 'Quote captions' }).click();
        const lines = panel.locator('.quote-lines li');
        await expect.poll(() => lines.count()).toBe(3);
        expect(await lines.allTextContents()).toEqual([
          `${site.client}: I tried the countdown timer with period 6.`,
          'Ana Rivera: How did the class respond?',
          `${site.client}: They settled in two minutes.`,
        ]);
        await lines.nth(0).getByRole('checkbox').check();
        await lines.nth(1).getByRole('checkbox').check();
        await shoot(panel, `panel-call-${site.id}-quote`);
        await panel.getByRole('button', { name: 'Insert into notes' }).click();
        await expect
          .poll(() => panel.getByLabel('Notes').inputValue())
          .toBe(`> ${site.client}: I tried the countdown timer with period 6.\n> Ana Rivera: How did the class respond?\n`);
        await shoot(panel, `panel-call-${site.id}`);

        await fixture(call, `window.__fixture.leave()`);
        await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/call ended at/);
        const ended = (await storedCall(env.context, site.id))!;
        expect(ended).toMatchObject({ phase: 'ended', admitted: true, startedAt: admitted!.startedAt });
        expect(Date.parse(ended.endedAt)).toBeGreaterThan(Date.parse(ended.startedAt));
        // The call's end is the session's end: the timer stops and shows it (editable before saving).
        await expect.poll(() => panel.getByLabel('Ended at').count()).toBe(1);
        await shoot(panel, `panel-call-${site.id}-ended`);
        await panel.getByRole('button', { name: 'Save' }).click();
        await expect.poll(() => records(env.p, 'Sessions').filter((s) => s.source === site.id).length, { timeout: 30_000 }).toBe(1);
        const row = records(env.p, 'Sessions').find((s) => s.source === site.id)!;
        expect(row.client_id).toBe(ids[site.client]);
        expect(row.source_title).toBe(site.title);
        expect(row.source_url).toBe(site.url.split('?')[0]);
        expect(String(row.notes)).toContain('> Ana Rivera: How did the class respond?');
        // The saved call does not fill the next form by itself.
        await expect.poll(() => panel.getByLabel('Client', { exact: true }).inputValue()).toBe('');
        await call.close();
        await panel.close();
      },
    );
  }

  it('a participant matched by hand becomes the client’s alias', { timeout: 90_000 }, async () => {
    const panel = await env.panel(380, 1000);
    await panel
      .getByLabel('Client', { exact: true })
      .locator('option', { hasText: 'Sam Lee' })
      .waitFor({ state: 'attached', timeout: 15_000 });
    const call = await callPage(env.context, 'https://meet.google.com/ali-asde-mox');
    await fixture(call, `window.__fixture.join(); window.__fixture.addParticipant('Sammy L. (Guest)')`);
    await expect.poll(() => panel.locator('.call').textContent(), { timeout: 15_000 }).toContain('Sammy L.');
    expect(await panel.getByLabel('Client', { exact: true }).inputValue()).toBe('');
    await chooseClient(panel, 'Sam Lee');
    await expect
      .poll(() => panel.locator('#client-match').textContent())
      .toBe('“Sammy L. (Guest)” will be kept as another name of this client.');
    await panel.getByLabel('Notes').fill('Alias check');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => records(env.p, 'Clients').find((c) => c.client_id === ids['Sam Lee'])?.aliases, { timeout: 30_000 })
      .toBe('Sammy L. (Guest)');
    // The tab leaves the meeting page (another page loads): the call ended then, with its times kept.
    expect((await storedCall(env.context, 'meet'))?.phase).toBe('live');
    await call.goto('https://meet.google.com/landing');
    await expect.poll(async () => (await storedCall(env.context, 'meet'))?.phase, { timeout: 15_000 }).toBe('ended');
    const ended = (await storedCall(env.context, 'meet'))!;
    expect(ended.url).toBe('https://meet.google.com/ali-asde-mox');
    expect(Date.parse(ended.endedAt)).toBeGreaterThan(Date.parse(ended.startedAt));
    await call.close();
    await panel.close();
  });

  for (const site of SITES) {
    it(`${site.label}: a changed page says “call details unavailable” and saving still works`, { timeout: 90_000 }, async () => {
      const panel = await env.panel(380, 1000);
      const call = await callPage(env.context, site.changedUrl);
      await fixture(call, `window.__fixture.join(); window.__fixture.addParticipant(${JSON.stringify(site.client)})`);
      await call.bringToFront();
      await expect.poll(() => panel.locator('.call').textContent(), { timeout: 20_000 }).toContain('call details unavailable');
      expect(await panel.locator('.call').textContent()).toContain(`Reason code: ${site.reason}`);
      await shootSizes(panel, `panel-call-${site.id}-unavailable`);
      await chooseClient(panel, site.client);
      await panel.getByLabel('Notes').fill(`Manual notes during ${site.id}`);
      await panel.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => records(env.p, 'Sessions').filter((s) => s.notes === `Manual notes during ${site.id}`).length, { timeout: 30_000 })
        .toBe(1);
      const row = records(env.p, 'Sessions').find((s) => s.notes === `Manual notes during ${site.id}`)!;
      expect(row.source).toBe('manual');
      await call.close();
      await panel.close();
    });
  }

  it('turning a site off unregisters its script and gives the permission back', { timeout: 60_000 }, async () => {
    const options = await env.page('options.html', 800, 1000);
    const toggle = options.getByRole('switch', { name: 'Microsoft Teams (web)', exact: true });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    const worker = await serviceWorker(env.context);
    await expect
      .poll(async () => (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).map((s) => s.id).sort())
      .toEqual(['ft-call-meet', 'ft-call-zoom']);
    expect((await worker.evaluate(() => chrome.permissions.getAll())).origins.filter((o) => o.includes('teams'))).toEqual([]);
    const page = await callPage(env.context, SITES[2]!.url);
    await new Promise((r) => setTimeout(r, 800));
    expect(await isolatedWorlds(env.context, page)).not.toContain('FollowThrough');
    await page.close();
    await options.close();
  });
});
