// Makes docs/dashboard.png, the README quick start's picture: the demo program `npm start` seeds, its
// dashboard dialog opened from the sheet host's menu in Debian's Chromium, as a leader sees it. The demo
// is seeded at a fixed time, so the picture changes only when the demo or the dialog does.
//   npm run build:apps-script && npx tsx docs/dashboard-screenshot.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { seedDemo } from '../local/cli/demo';
import { openWebApp } from '../local/editor';
import { Runtime } from '../local/runtime';
import { WebAppServer } from '../local/web/server';

const NOW = new Date('2026-11-29T22:00:00Z'); // a Sunday evening: "this week" is a whole week
const OUT = join(import.meta.dirname, 'dashboard.png');
const CODE_FILE = join(import.meta.dirname, '..', 'dist', 'apps-script', 'Code.js');

const dataDir = mkdtempSync(join(tmpdir(), 'ft-shot-'));
const rt = new Runtime({ dataDir, codeFile: CODE_FILE, webAppUrl: 'http://127.0.0.1:8787/exec', now: NOW, workers: 0, log: () => {} });
const server = new WebAppServer(rt, { port: 0, secret: 'shot', log: () => {} });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  openWebApp(rt);
  await seedDemo(rt, dataDir);
  await server.listen();
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(server.hostUrl);
  await page.getByRole('button', { name: 'Open dashboard…' }).click();
  const frame = page.frameLocator('#ft-dialog-frame');
  await frame.locator('#status').filter({ hasText: 'Window' }).waitFor({ timeout: 30_000 });
  await frame.locator('svg').first().waitFor();
  await page.locator('.dialog').screenshot({ path: OUT });
  console.log(`Wrote ${OUT}`);
} finally {
  await browser.close();
  await server.close();
  await rt.close();
  rmSync(dataDir, { recursive: true, force: true });
}
