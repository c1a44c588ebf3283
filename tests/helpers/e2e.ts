// The setting most end-to-end files start from: the local web app served for a test program, and
// Debian's Chromium with the extension connected to it as the program's coach (or a plain Chromium for
// the sheet host); with the steps and look-ups several of those files take.
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebAppServer } from '../../local/web/server';
import {
  connectTo,
  launchBrowser,
  launchWithExtension,
  openExtensionPage,
  serviceWorker,
  chooseClient,
  type ChromeApi,
  type Launched,
} from './browser';
import { firstTo, mails, rawMails } from './mail';
import type { TestProgram } from './runtime';

declare const chrome: ChromeApi;

/**
 * Serves the program's web app on a free port (or on `port`, as after a restart), and opens its
 * deployment once so that its /exec URL is known (connection codes and links carry it; without it they
 * are refused, as on Google).
 */
export async function serveWebApp(p: TestProgram, secret = 'e2e', port = 0): Promise<WebAppServer> {
  const server = new WebAppServer(p.rt, { port, secret, log: () => {} });
  await server.listen();
  await (await fetch(server.execUrl)).text();
  return server;
}

/** Chromium with the extension, connected to `server` as the program's coach (the options page's work done). */
export async function launchConnected(p: TestProgram, server: WebAppServer): Promise<Launched> {
  const launched = await launchWithExtension();
  await connectTo(launched.context, p, server);
  return launched;
}

/** Closes browsers, contexts, servers and runtimes a file opened; any of them may be missing when its setup failed. */
export async function closeAll(...opened: ({ close(): Promise<unknown> } | null | undefined)[]): Promise<void> {
  for (const thing of opened) await thing?.close();
}

/** What a file of the extension's end-to-end tests works with; its fields are set once the file's beforeAll ran. */
export class ExtensionSetting {
  p!: TestProgram;
  server!: WebAppServer;
  context!: BrowserContext;
  extensionId!: string;
  userDataDir!: string;

  /** An extension page (options.html, sidepanel.html…) in a new tab of that size and colour scheme. */
  page(path: string, width?: number, height?: number, colorScheme?: 'light' | 'dark'): Promise<Page> {
    return openExtensionPage(this.context, this.extensionId, path, width, height, colorScheme);
  }

  /** The side panel, in a tab of its own. */
  panel(width = 400, height = 900, colorScheme?: 'light' | 'dark'): Promise<Page> {
    return this.page('sidepanel.html', width, height, colorScheme);
  }

  /** The side panel with `client` chosen, as a coach starts a session. */
  async panelFor(client: string, width = 400, height = 900, colorScheme?: 'light' | 'dark'): Promise<Page> {
    const panel = await this.panel(width, height, colorScheme);
    await chooseClient(panel, client);
    return panel;
  }
}

/**
 * The file's setting, made before its tests and closed after them: the program `make` answers (with the
 * clients and sessions it seeded), its web app served, and Chromium with the extension, connected to the
 * web app as the program's coach unless `connect` is false (as before the options page is used). With
 * `forgetDrafts`, each test starts from an empty form, whatever the previous one left.
 */
export function extensionSetting(make: () => TestProgram, { connect = true, forgetDrafts = false } = {}): ExtensionSetting {
  const setting = new ExtensionSetting();
  beforeAll(async () => {
    setting.p = make();
    setting.server = await serveWebApp(setting.p);
    Object.assign(setting, connect ? await launchConnected(setting.p, setting.server) : await launchWithExtension());
  });
  if (forgetDrafts) {
    beforeEach(async () => {
      if (setting.context) await (await serviceWorker(setting.context)).evaluate(() => chrome.storage.local.remove('drafts'));
    });
  }
  afterAll(() => closeAll(setting.context, setting.server, setting.p?.rt));
  return setting;
}

/** What a file of the sheet host's end-to-end tests works with; its fields are set once the file's beforeAll ran. */
export class HostSetting<P extends TestProgram = TestProgram> {
  p!: P;
  server!: WebAppServer;
  browser!: Browser;

  /** A new page of that size whose uncaught errors are collected in `errors`. */
  async page(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
    const page = await this.browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  }
}

/**
 * The file's setting for the sheet host, made before its tests and closed after them: the program
 * `make` answers, its web app served with `secret`, then `seed` (what needs the web app's address, like
 * the links in emails), and a Chromium without the extension started with `browserArgs`.
 */
export function hostSetting<P extends TestProgram>(
  make: () => P,
  {
    secret = 'e2e',
    seed = () => {},
    browserArgs = [],
  }: { secret?: string; seed?: (p: P) => void | Promise<void>; browserArgs?: string[] } = {},
): HostSetting<P> {
  const setting = new HostSetting<P>();
  beforeAll(async () => {
    setting.p = make();
    setting.server = await serveWebApp(setting.p, secret);
    await seed(setting.p);
    setting.browser = await launchBrowser(browserArgs);
  });
  afterAll(() => closeAll(setting.browser, setting.server, setting.p?.rt));
  return setting;
}

/** A capture as the web app stores it (a session the coach saved before the test); its answer. */
export function seedCapture(p: TestProgram, capture: Record<string, unknown>): any {
  const answer = p.post({ v: 1, op: 'capture', token: p.token, ...capture });
  if (!answer.ok) throw new Error(`capture failed: ${JSON.stringify(answer)}`);
  return answer;
}

/** The rows of a tab as records keyed by its header. */
export function records(p: TestProgram, tab: string): Record<string, unknown>[] {
  const names = p.rt.data.sheets.find((s) => s.name === tab)!.cells[0]!.map(String);
  return p.rows(tab).map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
}

/** Waits until the session `which` picks is in the workbook (a capture writes it last), and answers it. */
export async function savedSession(p: TestProgram, which: (session: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  await expect.poll(() => records(p, 'Sessions').some(which), { timeout: 30_000 }).toBe(true);
  return records(p, 'Sessions').find(which)!;
}

/** How many captures wait in the extension's outbox, read from one of its pages. */
export async function outboxLength(page: Page): Promise<number> {
  return page.evaluate(async () => ((await chrome.storage.local.get('outbox')).outbox as unknown[] | undefined)?.length ?? 0);
}

/** Every request to the web app fails from now on, as a dropped network would; answers the way back online. */
export async function goOffline(context: BrowserContext, server: WebAppServer): Promise<() => Promise<void>> {
  const offline = (url: URL) => url.href.startsWith(server.execUrl.replace(/\/exec$/, ''));
  await context.route(offline, (route) => route.abort('internetdisconnected'));
  return () => context.unroute(offline);
}

/** The element's box in the viewport. */
export async function box(page: Page, selector: string): Promise<{ top: number; bottom: number; height: number }> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: r.height };
    });
}

/** At 400 and 360 px wide by 900 high: the whole Notes box and Save are in view without scrolling, and nothing runs past the right edge. */
export async function expectNotesAndSaveInView(panel: Page): Promise<void> {
  for (const width of [400, 360]) {
    await panel.setViewportSize({ width, height: 900 });
    const notes = await box(panel, '#notes');
    const save = await box(panel, 'button[type="submit"]');
    expect(notes.top).toBeGreaterThan(0);
    expect(notes.bottom).toBeLessThanOrEqual(900);
    expect(save.bottom).toBeLessThanOrEqual(900);
    expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
}

/** The emails the local runtime wrote to `to` (mail to files: <data>/outbox/*.eml), parsed, oldest first. */
export async function mailsTo(p: TestProgram, to: string): Promise<{ mail: ParsedMail; raw: string }[]> {
  return (await rawMails(p.rt)).filter(({ mail }) => firstTo(mail) === to);
}

/**
 * A client's last session with five open items, four theirs (two with a due date) and one the coach's:
 * a full debrief. `more` adds to the capture (the client's package, goals).
 */
export function seedFiveOpenItems(p: TestProgram, clientId: string, more: Record<string, unknown> = {}): void {
  seedCapture(p, {
    captureId: 'seed-five',
    session: { clientId, startedAt: '2026-03-05T16:00:00Z', notes: 'First session' },
    actionItems: [
      { text: 'Try the 2-minute countdown timer in period 3', owner: 'client', due: '2026-03-12' },
      { text: 'Share the transitions video with the team', owner: 'coach' },
      { text: 'Call the parents of 7B about the field trip', owner: 'client' },
      { text: 'Draft the seating plan for group work', owner: 'client', due: '2026-03-20' },
      { text: 'Read chapter 3 of Teach Like a Champion', owner: 'client' },
    ],
    ...more,
  });
}

/** Every link (its href, unescaped) in the HTML of the emails the local runtime wrote, file by file. */
export async function linksInMails(p: TestProgram): Promise<string[]> {
  const htmls = (await mails(p.rt)).map((mail) => String(mail.html));
  return htmls.flatMap((html) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')));
}
