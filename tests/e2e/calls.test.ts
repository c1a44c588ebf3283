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
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebAppServer } from '../../local/server';
import { SHOTS, addClient, chooseClient, connectTo, launchWithExtension, openExtensionPage, serviceWorker, ROOT } from '../helpers/browser';
import { newProgram, type TestProgram } from '../helpers/runtime';

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
  /** Every name the site's *-dom.ts relies on, renamed as after a redesign (the changed-DOM test). */
  renamed: Record<string, string>;
  title: string;
  client: string;
  email?: string;
  reason: string;
}

const SITES: Site[] = [
  {
    id: 'meet', label: 'Google Meet', origins: ['https://meet.google.com/*'],
    url: 'https://meet.google.com/abc-defg-hij', changedUrl: 'https://meet.google.com/chg-dnge-dom',
    renamed: {
      leaveLabel: 'Exit meeting', leaveIcon: 'logout', joinText: 'Enter meeting',
      peopleLabel: 'People in call', peopleRole: 'group', itemRole: 'row', captionsLabel: 'Subtitles', captionsRole: 'log',
    },
    title: 'Weekly coaching: Maya', client: 'Maya Thompson', reason: '“Maya Thompson” is on the call',
  },
  {
    id: 'zoom', label: 'Zoom (web client)', origins: ['https://*.zoom.us/*'],
    url: 'https://app.zoom.us/wc/81234567890/join?pwd=secret', changedUrl: 'https://app.zoom.us/wc/89999999999/join',
    renamed: { leaveLabel: 'Leave meeting now', joinText: 'Enter', peopleLabel: 'Attendees', captionsId: 'cc-overlay' },
    title: 'Coaching with Daniel', client: 'Daniel Okafor', reason: '“Daniel Okafor” is on the call',
  },
  {
    id: 'teams', label: 'Microsoft Teams (web)', origins: ['https://teams.microsoft.com/*', 'https://teams.live.com/*', 'https://teams.cloud.microsoft/*'],
    url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0', changedUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_changed%40thread.v2/0',
    renamed: { hangup: 'end-call-control', join: 'pre-join-cta', roster: 'People', text: 'cc-line-text', author: 'cc-speaker' },
    title: 'Check-in with Priya', client: 'Priya Natarajan', email: 'priya@northwind.example', reason: "Priya Natarajan's email matches",
  },
];

function records(p: TestProgram, tab: string): Record<string, unknown>[] {
  const names = p.rt.data.sheets.find((s) => s.name === tab)!.cells[0]!.map(String);
  return p.rows(tab).map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Serves the fixtures at the sites' real URLs; a changed-DOM URL gets the same page with every name renamed. */
async function routeSites(context: BrowserContext): Promise<void> {
  for (const site of SITES) {
    const normal = readFileSync(join(FIXTURES, `${site.id}.html`), 'utf8');
    const changed = normal.replace('<script>', `<script>window.__selectors = ${JSON.stringify(site.renamed)};</script>\n<script>`);
    const hosts = site.origins.map((o) => o.replace('https://', '').replace('/*', ''));
    const matches = (host: string) => hosts.some((h) => (h.startsWith('*.') ? host === h.slice(2) || host.endsWith(h.slice(1)) : host === h));
    await context.route(
      (url) => url.protocol === 'https:' && matches(url.hostname),
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: route.request().url().startsWith(site.changedUrl) ? changed : normal }),
    );
  }
}

/** The coach allows the site (chrome://extensions, Site access) and turns it on in the options. */
async function turnOn(context: BrowserContext, extensionId: string, site: Site, captions: boolean): Promise<void> {
  const manage = await context.newPage();
  await manage.goto('chrome://extensions/');
  for (const origin of site.origins) await manage.evaluate(([id, host]) => chrome.developerPrivate.addHostPermission(id!, host!), [extensionId, origin]);
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
  return worker.evaluate(async () => ((await chrome.storage.session.get('calls')).calls ?? {}) as Record<string, { phase: string; url: string; source: string }>);
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
  let p: TestProgram;
  let server: WebAppServer;
  let context: BrowserContext;
  let extensionId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    p = newProgram({ timeZone: 'America/New_York' });
    ids['Maya Thompson'] = addClient(p, 'Maya Thompson', 'Lincoln Middle School');
    ids['Daniel Okafor'] = addClient(p, 'Daniel Okafor', 'Lincoln Middle School');
    ids['Priya Natarajan'] = addClient(p, 'Priya Natarajan', 'Northwind Traders', { email: 'priya@northwind.example' });
    ids['Sam Lee'] = addClient(p, 'Sam Lee', 'Eastside High');
    server = new WebAppServer(p.rt, { port: 0, secret: 'e2e', log: () => {} });
    await server.listen();
    ({ context, extensionId } = await launchWithExtension());
    await routeSites(context);
    await connectTo(context, p, server);
  });

  afterEach(async () => {
    // A failed test leaves no call open for the next one.
    for (const page of context?.pages() ?? []) if (page.url().startsWith('https://')) await page.close();
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
  });

  it('runs nothing on a call site before the coach turns it on', { timeout: 60_000 }, async () => {
    const worker = await serviceWorker(context);
    expect(await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    expect((await worker.evaluate(() => chrome.permissions.getAll())).origins).toEqual([]);
    for (const site of SITES) {
      const page = await callPage(context, site.url);
      await fixture(page, `window.__fixture.join(); window.__fixture.addParticipant(${JSON.stringify(site.client)})`);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await isolatedWorlds(context, page)).not.toContain('FollowThrough');
      await page.close();
    }
    expect(await storedCalls(context)).toEqual({});
  });

  for (const site of SITES) {
    it(`${site.label}: start, title, participants, proposed client, caption quotes, end, saved session`, { timeout: 120_000 }, async () => {
      await turnOn(context, extensionId, site, true);
      const worker = await serviceWorker(context);
      const scripts = await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
      expect(scripts.map((s) => s.id)).toContain(`ft-call-${site.id}`);

      const panel = await openExtensionPage(context, extensionId, 'sidepanel.html', 380, 1100);
      await panel.getByLabel('Client', { exact: true }).locator('option', { hasText: site.client }).waitFor({ state: 'attached', timeout: 15_000 });
      const call = await callPage(context, site.url);
      expect(await isolatedWorlds(context, call)).toContain('FollowThrough');
      await fixture(call, `window.__fixture.join()`);
      await fixture(call, `window.__fixture.addParticipant(${JSON.stringify(site.client)}, ${JSON.stringify(site.email ?? '')})`);

      const status = panel.locator('.call');
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain(`In a ${site.label.replace(/ \(.*\)$/, '')}`);
      expect(await status.textContent()).toContain(site.title);
      expect(await status.textContent()).toContain(site.client);
      expect(await status.textContent()).not.toContain('Ana Rivera');
      // The client is preselected, with the reason.
      await expect.poll(() => panel.getByLabel('Client', { exact: true }).inputValue()).toBe(ids[site.client]);
      expect(await panel.locator('#client-match').textContent()).toBe(`Proposed from the call: ${site.reason}`);
      expect(await panel.locator('.source-title').textContent()).toBe(site.title);

      // Captions: lines spoken (a few hundred ms apart, as people talk), one growing in place, quoted into the notes.
      const say = async (script: string) => {
        await fixture(call, script);
        await new Promise((r) => setTimeout(r, 400));
      };
      await say(`window.__fixture.caption(${JSON.stringify(site.client)}, 'I tried the countdown timer')`);
      await say(`window.__fixture.extendCaption('with period 6.')`);
      await say(`window.__fixture.caption('Ana Rivera', 'How did the class respond?')`);
      await say(`window.__fixture.caption(${JSON.stringify(site.client)}, 'They settled in two minutes.')`);
      await panel.getByRole('button', { name: 'Quote captions' }).click();
      const lines = panel.locator('.quote-lines li');
      await expect.poll(() => lines.count()).toBe(3);
      expect(await lines.first().textContent()).toBe(`${site.client}: I tried the countdown timer with period 6.`);
      await lines.nth(0).getByRole('checkbox').check();
      await lines.nth(2).getByRole('checkbox').check();
      await shoot(panel, `panel-call-${site.id}-quote`);
      await panel.getByRole('button', { name: 'Insert into notes' }).click();
      await expect.poll(() => panel.getByLabel('Notes').inputValue()).toBe(
        `> ${site.client}: I tried the countdown timer with period 6.\n> ${site.client}: They settled in two minutes.\n`,
      );
      await shoot(panel, `panel-call-${site.id}`);

      await fixture(call, `window.__fixture.leave()`);
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/call ended at/);
      await expect.poll(() => panel.locator('.timer .clock').textContent()).toMatch(/ to /);
      await shoot(panel, `panel-call-${site.id}-ended`);
      await panel.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => records(p, 'Sessions').filter((s) => s.source === site.id).length, { timeout: 30_000 }).toBe(1);
      const row = records(p, 'Sessions').find((s) => s.source === site.id)!;
      expect(row.client_id).toBe(ids[site.client]);
      expect(row.source_title).toBe(site.title);
      expect(row.source_url).toBe(site.url.split('?')[0]);
      expect(String(row.notes)).toContain('> ');
      const stored = Object.values(await storedCalls(context)).find((c) => c.source === site.id)!;
      expect(stored.phase).toBe('ended');
      // The saved call does not fill the next form by itself.
      await expect.poll(() => panel.getByLabel('Client', { exact: true }).inputValue()).toBe('');
      await call.close();
      await panel.close();
    });
  }

  it('a participant matched by hand becomes the client’s alias', { timeout: 90_000 }, async () => {
    const panel = await openExtensionPage(context, extensionId, 'sidepanel.html', 380, 1000);
    await panel.getByLabel('Client', { exact: true }).locator('option', { hasText: 'Sam Lee' }).waitFor({ state: 'attached', timeout: 15_000 });
    const call = await callPage(context, 'https://meet.google.com/ali-asde-mox');
    await fixture(call, `window.__fixture.join(); window.__fixture.addParticipant('Sammy L. (Guest)')`);
    await expect.poll(() => panel.locator('.call').textContent(), { timeout: 15_000 }).toContain('Sammy L.');
    expect(await panel.getByLabel('Client', { exact: true }).inputValue()).toBe('');
    await chooseClient(panel, 'Sam Lee');
    await expect.poll(() => panel.locator('#client-match').textContent()).toBe('“Sammy L. (Guest)” will be kept as another name of this client.');
    await panel.getByLabel('Notes').fill('Alias check');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => records(p, 'Clients').find((c) => c.client_id === ids['Sam Lee'])?.aliases, { timeout: 30_000 }).toBe('Sammy L. (Guest)');
    await fixture(call, `window.__fixture.leave()`);
    await call.close();
    await panel.close();
  });

  for (const site of SITES) {
    it(`${site.label}: a changed page says “call details unavailable” and saving still works`, { timeout: 90_000 }, async () => {
      const panel = await openExtensionPage(context, extensionId, 'sidepanel.html', 380, 1000);
      const call = await callPage(context, site.changedUrl);
      await fixture(call, `window.__fixture.join(); window.__fixture.addParticipant(${JSON.stringify(site.client)})`);
      await call.bringToFront();
      await expect.poll(() => panel.locator('.call').textContent(), { timeout: 20_000 }).toContain('call details unavailable');
      await shoot(panel, `panel-call-${site.id}-unavailable`);
      await chooseClient(panel, site.client);
      await panel.getByLabel('Notes').fill(`Manual notes during ${site.id}`);
      await panel.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => records(p, 'Sessions').filter((s) => s.notes === `Manual notes during ${site.id}`).length, { timeout: 30_000 }).toBe(1);
      const row = records(p, 'Sessions').find((s) => s.notes === `Manual notes during ${site.id}`)!;
      expect(row.source).toBe('manual');
      await call.close();
      await panel.close();
    });
  }

  it('turning a site off unregisters its script and gives the permission back', { timeout: 60_000 }, async () => {
    const options = await openExtensionPage(context, extensionId, 'options.html', 800, 1000);
    const toggle = options.getByRole('switch', { name: 'Microsoft Teams (web)', exact: true });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    const worker = await serviceWorker(context);
    await expect.poll(async () => (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).map((s) => s.id).sort()).toEqual(['ft-call-meet', 'ft-call-zoom']);
    expect((await worker.evaluate(() => chrome.permissions.getAll())).origins.filter((o) => o.includes('teams'))).toEqual([]);
    const page = await callPage(context, SITES[2]!.url);
    await new Promise((r) => setTimeout(r, 800));
    expect(await isolatedWorlds(context, page)).not.toContain('FollowThrough');
    await page.close();
    await options.close();
  });
});
