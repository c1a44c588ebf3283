// `npx tsx bench/calls.ts`: call awareness's cost. (a) the Meet content script's gzip size; (b) the
// main-thread time the extension adds on a Meet fixture page (served at the real URL) that streams 10
// caption lines a second for 60 s (CALLS_BENCH_SECONDS for a quick run), with caption quotes on,
// measured with CDP Performance.getMetrics (TaskDuration) side by side: the same page in a browser
// without the extension, then with it. Merges meet_content_gzip_bytes and caption_overhead_percent
// into bench/results.json (read, add keys, write).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, EXTENSION, ROOT, launchWithExtension, openExtensionPage } from '../tests/helpers/browser';
import { tempDir } from '../tests/helpers/runtime';

declare const chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };

const SECONDS = Number(process.env.CALLS_BENCH_SECONDS ?? 60);
const PER_SECOND = 10;
const URL_ = 'https://meet.google.com/ben-chma-rkx';
const RESULTS = join(import.meta.dirname, 'results.json');
const FIXTURE = readFileSync(join(ROOT, 'tests', 'fixtures', 'call-sites', 'meet.html'), 'utf8');

async function route(context: BrowserContext): Promise<void> {
  await context.route((url) => url.hostname === 'meet.google.com', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: FIXTURE }));
}

/** Main-thread task and script time of the page during the stream, in ms. */
async function streamCost(context: BrowserContext): Promise<{ task: number; script: number }> {
  const page: Page = await context.newPage();
  await page.goto(URL_);
  await page.evaluate(() => (window as unknown as { __fixture: { join(): void; addParticipant(n: string): void } }).__fixture.join());
  await page.evaluate(() => (window as unknown as { __fixture: { addParticipant(n: string): void } }).__fixture.addParticipant('Maya Thompson'));
  await page.waitForTimeout(1500);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
    return { task: get('TaskDuration') * 1000, script: get('ScriptDuration') * 1000 };
  };
  const before = await read();
  await page.evaluate(([n, s]) => (window as unknown as { __fixture: { stream(n: number, s: number): Promise<number> } }).__fixture.stream(n!, n! * s!), [PER_SECOND, SECONDS]);
  await page.waitForTimeout(600);
  const after = await read();
  await page.close();
  return { task: after.task - before.task, script: after.script - before.script };
}

async function main(): Promise<void> {
  const script = join(EXTENSION, 'content-scripts', 'meet.js');
  if (!existsSync(script)) throw new Error(`Build the extension first: ${script} is missing.`);
  const gzip = gzipSync(readFileSync(script), { level: 9 }).length;

  // Without the extension.
  const plain = await chromium.launchPersistentContext(tempDir('ft-bench-plain-'), {
    executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  await route(plain);
  const without = await streamCost(plain);
  await plain.close();

  // With the extension, Meet turned on with caption quotes.
  const { context, extensionId } = await launchWithExtension();
  await route(context);
  const manage = await context.newPage();
  await manage.goto('chrome://extensions/');
  await manage.evaluate((id) => chrome.developerPrivate.addHostPermission(id, 'https://meet.google.com/*'), extensionId);
  const options = await openExtensionPage(context, extensionId, 'options.html', 800, 1000);
  await options.getByRole('switch', { name: 'Google Meet', exact: true }).click();
  await options.getByRole('switch', { name: 'Caption quotes on Google Meet' }).click();
  await options.waitForTimeout(500);
  const withExt = await streamCost(context);
  await context.close();

  const overhead = ((withExt.task - without.task) / without.task) * 100;
  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(`Meet content script: ${gzip} B gzip`);
  console.log(`Caption stream ${PER_SECOND}/s for ${SECONDS} s — main-thread task time: without ${round(without.task)} ms, with ${round(withExt.task)} ms (script ${round(without.script)} → ${round(withExt.script)} ms)`);
  console.log(`Overhead: ${round(overhead)} % (target ≤ 2 %)`);
  const results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  results.meet_content_gzip_bytes = gzip;
  // As measured: a negative figure means the difference is below the run-to-run noise.
  results.caption_overhead_percent = round(overhead);
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
// A bench script ends when its figures are written, whatever handles Chromium or the runtime leave open.
process.exit(0);
