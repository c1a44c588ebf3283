// Launching Debian's Chromium with the built extension (.output/chrome-mv3) for the end-to-end tests
// and the panel benchmark, and small steps shared by them.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { columnsOf, type TabName } from '../../shared/schema';
import { toWire } from '../../local/facade/realm';
import type { WebAppServer } from '../../local/web/server';
import { testKey, type TestKey } from './envelope';
import { tempDir, type TestProgram } from './runtime';

export const ROOT = join(import.meta.dirname, '..', '..');
export const EXTENSION = join(ROOT, '.output', 'chrome-mv3');
export const SHOTS = join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';

/** The few extension APIs the tests call inside the service worker (no @types/chrome on the Node side). */
export interface ChromeApi {
  storage: {
    local: {
      set(items: object): Promise<void>;
      get(key: string | null): Promise<Record<string, unknown>>;
      remove(key: string): Promise<void>;
    };
  };
  action: { getBadgeText(details: object): Promise<string> };
  runtime: { id: string };
}
declare const chrome: ChromeApi;

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
}

/** Flags every test browser runs with: no sandbox (containers), no GPU, nothing fetched or synced in the background. */
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium without the extension (the sheet host, dialogs, link pages), headless. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...QUIET_FLAGS, ...extraArgs] });
}

/** Starts Chromium with the extension in a (new or given) profile directory. */
export async function launchWithExtension(userDataDir = tempDir('ft-chromium-'), extraArgs: string[] = []): Promise<Launched> {
  if (!existsSync(join(EXTENSION, 'manifest.json'))) throw new Error(`Build the extension first: ${EXTENSION} is missing (npm run build).`);
  mkdirSync(SHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`, '--disable-quic', ...QUIET_FLAGS, ...extraArgs],
  });
  const worker = await serviceWorker(context);
  return { context, extensionId: new URL(worker.url()).host, userDataDir };
}

/** The extension's service worker, waiting for it to (re)start when none runs. */
export async function serviceWorker(context: BrowserContext, timeout = 30_000): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout }));
}

/**
 * Closes a panel once what it hands over on closing is written. A closing panel sends its pending draft
 * to the background (keepDraft), whose write lands a moment after the page is gone — on a loaded machine
 * after the next test's clean start, which then opened on the previous test's draft (the timer test
 * found a running timer). Here the panel's pagehide hand-off runs while the page still lives and its
 * runtime messages are awaited (the background answers after its write); closing then sends nothing.
 */
export async function closePanel(panel: Page): Promise<void> {
  await panel.evaluate(async () => {
    type Send = (...args: unknown[]) => unknown;
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage: Send } } }).chrome.runtime;
    const send = runtime.sendMessage;
    const inFlight: Array<Promise<unknown>> = [];
    runtime.sendMessage = function (this: unknown, ...args: unknown[]) {
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        // The polyfill's callback form: the answer arrives through the callback.
        inFlight.push(
          new Promise((resolve) => {
            args[args.length - 1] = (...reply: unknown[]) => {
              resolve(undefined);
              return (last as Send)(...reply);
            };
          }),
        );
        return send.apply(this, args);
      }
      const result = send.apply(this, args);
      inFlight.push(Promise.resolve(result).catch(() => undefined));
      return result;
    };
    window.dispatchEvent(new Event('pagehide'));
    await Promise.all(inFlight);
    runtime.sendMessage = send;
  });
  await panel.close();
}

/** An extension page in a new tab of that size, drawn in `colorScheme` from the start when one is given. */
export async function openExtensionPage(
  context: BrowserContext,
  extensionId: string,
  path: string,
  width = 400,
  height = 800,
  colorScheme?: 'light' | 'dark',
): Promise<Page> {
  const page = await context.newPage();
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width, height });
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  return page;
}

/**
 * Stores a connection to `server` as the options page would after `hello`, with the coach's notes key
 * in this browser (made for the coach and recorded with setNoteKey when the sheet names none yet).
 * Answers the key, or null when the sheet names a key the caller did not pass (the browser lacks it).
 */
export async function connectTo(
  context: BrowserContext,
  p: TestProgram,
  server: WebAppServer,
  token = p.token,
  key?: TestKey,
): Promise<TestKey | null> {
  let hello = p.post({ v: 1, op: 'hello', token });
  if (!hello.ok) throw new Error(`hello failed: ${JSON.stringify(hello)}`);
  let held: TestKey | null = key ?? null;
  if (!hello.coach.note_key_id) {
    held ??= testKey();
    const set = p.post({ v: 1, op: 'setNoteKey', token, keyId: held.keyId });
    if (!set.ok) throw new Error(`setNoteKey failed: ${JSON.stringify(set)}`);
    hello = p.post({ v: 1, op: 'hello', token });
  }
  const connection = {
    url: server.execUrl,
    token,
    coach: hello.coach,
    sheet: hello.sheet,
    connectedAt: new Date().toISOString(),
  };
  const noteKeys = held ? { url: server.execUrl, coachId: hello.coach.coach_id, keys: [{ keyId: held.keyId, raw: held.raw }] } : null;
  const worker = await serviceWorker(context);
  await worker.evaluate(([c, k]) => chrome.storage.local.set({ connection: c, noteKeys: k }), [connection, noteKeys] as const);
  return held;
}

/** Adds a client row to the workbook as a person editing the sheet would. */
export function addClient(p: TestProgram, name: string, organization: string, fields: Record<string, unknown> = {}): string {
  const id = (fields.client_id as string | undefined) ?? `cli_${name.toLowerCase().replace(/\W+/g, '')}`;
  const record: Record<string, unknown> = {
    client_id: id,
    name,
    email: `${id}@example.org`,
    organization,
    coach_id: p.coachId,
    stage: 'active',
    cadence_days: 14,
    reminders: true,
    ...fields,
  };
  appendRecord(p, 'Clients', record);
  return id;
}

/** Appends a row to a tab as a person editing the sheet would: the cells `record` names, the others empty. */
export function appendRecord(p: TestProgram, tab: TabName, record: Record<string, unknown>): void {
  const sheets = p.rt.host.sheets;
  sheets.appendRow(
    sheets.sheetByName(tab)!,
    columnsOf(tab).map((c) => toWire(record[c] ?? '')),
  );
  p.rt.store.commitSync();
}

/** Picks a client in the panel's Client select once `sync` has filled it. */
export async function chooseClient(panel: Page, name: string): Promise<void> {
  const client = panel.getByLabel('Client', { exact: true });
  await client.locator('option', { hasText: name }).first().waitFor({ state: 'attached', timeout: 15_000 });
  await client.selectOption({ label: (await client.locator('option', { hasText: name }).first().textContent())!.trim() });
}

/** The toolbar badge's text, read in the service worker. */
export async function badgeText(context: BrowserContext): Promise<string> {
  const worker = await serviceWorker(context);
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

const require = createRequire(import.meta.url);

/** Runs axe-core in the page; answers the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // The extension's pages forbid inline scripts (CSP script-src 'self'), so addScriptTag({content})
  // is refused there; evaluating the source through the DevTools protocol is not subject to the CSP.
  await page.addScriptTag({ content: source }).catch(() => page.evaluate(source));
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Screenshots of the panel as it is now at 360 and 400 px, light and dark; the viewport is restored. */
export async function shootAll(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 400, height: 900 };
  for (const width of [360, 400]) {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SHOTS, `${name}-${width}-${theme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(size);
}
