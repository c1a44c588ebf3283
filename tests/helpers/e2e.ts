// The setting most end-to-end files start from: the local web app served for a test program, and
// Debian's Chromium with the extension connected to it as the program's coach.
import { beforeEach } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { WebAppServer } from '../../local/web/server';
import { connectTo, launchWithExtension, serviceWorker, type ChromeApi, type Launched } from './browser';
import type { TestProgram } from './runtime';

declare const chrome: ChromeApi;

/**
 * Serves the program's web app on a free port, and opens its deployment once so that its /exec URL is
 * known (connection codes and links carry it; without it they are refused, as on Google).
 */
export async function serveWebApp(p: TestProgram, secret = 'e2e'): Promise<WebAppServer> {
  const server = new WebAppServer(p.rt, { port: 0, secret, log: () => {} });
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

/** Closes browsers, contexts and servers a file opened; any of them may be missing when its setup failed. */
export async function closeAll(...opened: ({ close(): Promise<unknown> } | null | undefined)[]): Promise<void> {
  for (const thing of opened) await thing?.close();
}

/** Each test of the file starts from an empty form, whatever the previous one left. */
export function forgetDraftsBeforeEach(context: () => BrowserContext | undefined): void {
  beforeEach(async () => {
    const browser = context();
    if (browser) await (await serviceWorker(browser)).evaluate(() => chrome.storage.local.remove('drafts'));
  });
}
