// Confidential notes end to end in Debian's Chromium: connecting makes the coach's key in the browser
// (only its id reaches the sheet) and shows the recovery code; a canary in a confidential session, saved
// online and through the offline outbox, is nowhere in plain text — outbox, data dir (snapshot, journal),
// .xlsx, host page, .eml, other coaches' and leaders' answers — and reads decrypted in the coach's own
// debrief; a second browser without the key says "key missing" until the recovery code is imported;
// disconnecting removes the key and drafts, and the next coach sees none of them.
import ExcelJS from 'exceljs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeConnectionCode } from '../../shared/connection';
import { exportXlsx } from '../../local/cli/export';
import { ENCRYPTED_LABEL, renderHostPage } from '../../local/web/host-page';
import { SHOTS, addClient, chooseClient, launchWithExtension, openExtensionPage, type ChromeApi, type Launched } from '../helpers/browser';
import { closeAll, extensionSetting, goOffline, outboxLength } from '../helpers/e2e';
import { newProgram } from '../helpers/runtime';

declare const chrome: ChromeApi;

const ONLINE = 'CANARY-online-7d1e she is thinking of leaving in June';
const OFFLINE = 'CANARY-offline-4b9c the principal undermines her';
const DRAFT = 'CANARY-draft-2f0a unsaved thoughts';
const CANARIES = ['CANARY-online-7d1e', 'CANARY-offline-4b9c', 'CANARY-draft-2f0a'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function expectNoCanary(text: string, where: string): void {
  for (const canary of CANARIES) expect(text.includes(canary), `${canary} in ${where}`).toBe(false);
}

async function stored(page: Page, key: string): Promise<unknown> {
  return page.evaluate(async (k) => (await chrome.storage.local.get(k))[k] ?? null, key);
}

async function connectWithCode(context: BrowserContext, extensionId: string, code: string): Promise<Page> {
  const options = await openExtensionPage(context, extensionId, 'options.html');
  await options.getByLabel('Connection code').fill(code);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect.poll(() => options.getByRole('region', { name: 'Confidential notes key' }).count(), { timeout: 20_000 }).toBe(1);
  return options;
}

async function lastSessionText(panel: Page): Promise<string> {
  return (await panel.locator('.last-session').textContent()) ?? '';
}

describe('confidential notes', () => {
  let leader: { token: string; coachId: string };
  let ben: { token: string; coachId: string };
  /** The program, its web app, and the coach's first browser, not connected yet: connecting is the first test. */
  const env = extensionSetting(
    () => {
      const p = newProgram({ log: () => {} });
      p.saveSettings({ quiet_days: '', leader_emails: 'board@example.org' });
      leader = p.invite('Lee Park', 'lee@example.org', 'leader');
      ben = p.invite('Ben Ortiz', 'ben@example.org');
      addClient(p, 'Maya Thompson', 'Lincoln Middle School');
      return p;
    },
    { connect: false },
  );
  let second: Launched | null = null;
  let recoveryCode = '';
  let keyId = '';

  afterAll(() => closeAll(second?.context));

  it(
    "makes the coach's key in the browser on connecting, records only its id, shows the recovery code once",
    { timeout: 90_000 },
    async () => {
      const options = await connectWithCode(
        env.context,
        env.extensionId,
        encodeConnectionCode({ url: env.server.execUrl, token: env.p.token }),
      );
      const shown = options.locator('.recovery-code');
      await expect.poll(() => shown.count()).toBe(1);
      recoveryCode = (await shown.textContent())!.trim();
      expect(recoveryCode).toMatch(/^ft-key1\.[A-Za-z0-9_-]{43}$/);
      await expect.poll(() => options.locator('body').textContent()).toContain('can never be read again');
      for (const theme of ['light', 'dark'] as const) {
        await options.emulateMedia({ colorScheme: theme });
        for (const width of [360, 400]) {
          await options.setViewportSize({ width, height: 900 });
          await options.screenshot({ path: join(SHOTS, `options-recovery-code-${width}-${theme}.png`), fullPage: true });
        }
      }
      await options.emulateMedia({ colorScheme: 'light' });
      const keyring = (await stored(options, 'noteKeys')) as { keys: { keyId: string; raw: string }[] };
      keyId = keyring.keys[0]!.keyId;
      const coaches = env.p.rt.data.sheets.find((s) => s.name === 'Coaches')!.cells;
      const column = coaches[0]!.indexOf('note_key_id');
      expect(coaches.find((r) => r.includes('Ana Rivera'))![column]).toBe(keyId);
      // The key itself is nowhere in the program's data.
      expect(JSON.stringify(env.p.rt.data.sheets)).not.toContain(keyring.keys[0]!.raw);

      await options.getByRole('button', { name: 'I have saved my recovery code' }).click();
      await expect.poll(() => shown.count()).toBe(0);
      await options.getByRole('button', { name: 'Show recovery code…' }).click();
      await expect.poll(() => options.getByRole('alertdialog').textContent()).toContain('Anyone who sees this code');
      await options.getByRole('button', { name: 'Show recovery code', exact: true }).click();
      await expect.poll(() => shown.textContent()).toBe(recoveryCode);
      await options.close();
    },
  );

  it(
    'never lets the canary out in plain text, online or through the offline outbox; the coach reads it in her debrief',
    { timeout: 180_000 },
    async () => {
      const { context, extensionId } = env;
      const panel = await openExtensionPage(context, extensionId, 'sidepanel.html', 360, 900);
      await chooseClient(panel, 'Maya Thompson');
      await expect.poll(() => panel.locator('#notes-readers').textContent()).toContain('Everyone with access to the program’s sheet');
      await panel.getByRole('switch', { name: 'Confidential' }).check();
      await panel.getByLabel('Notes').fill(`${ONLINE} #win`);
      await expect.poll(() => panel.locator('#notes-readers').textContent()).toContain('Only you can read these notes');
      await expect
        .poll(() => panel.locator('#notes-readers').textContent())
        .toContain('#win lines of a confidential session are never shared');
      await expect.poll(() => panel.locator('#confidential-hint').textContent()).toContain('Action items and debrief notes stay readable');
      await panel.getByLabel('Action item').first().fill('Send Maya the planning-time schedule');
      for (const theme of ['light', 'dark'] as const) {
        await panel.emulateMedia({ colorScheme: theme });
        for (const width of [360, 400]) {
          await panel.setViewportSize({ width, height: 900 });
          await panel.screenshot({ path: join(SHOTS, `panel-confidential-${width}-${theme}.png`), fullPage: true });
        }
      }
      await panel.emulateMedia({ colorScheme: 'light' });
      await panel.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => env.p.rows('Sessions').length, { timeout: 30_000 }).toBe(1);

      // Offline: the capture waits in the outbox, already sealed.
      const backOnline = await goOffline(context, env.server);
      await chooseClient(panel, 'Maya Thompson');
      await panel.getByRole('switch', { name: 'Confidential' }).check();
      await panel.getByLabel('Notes').fill(OFFLINE);
      await panel.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
      const outbox = JSON.stringify(await stored(panel, 'outbox'));
      expect(outbox).toContain('ft-enc1.');
      expectNoCanary(outbox, 'the outbox');
      await backOnline();
      await panel.close();
      const delivering = await openExtensionPage(context, extensionId, 'sidepanel.html', 360, 900);
      await expect.poll(() => env.p.rows('Sessions').length, { timeout: 60_000 }).toBe(2);

      const sessions = env.p.rt.data.sheets.find((s) => s.name === 'Sessions')!.cells;
      const notes = sessions[0]!.indexOf('notes');
      for (const row of sessions.slice(1).filter((r) => r.some((c) => c !== null))) expect(String(row[notes])).toMatch(/^ft-enc1\./);
      // Item texts stay readable: the client gets them by email.
      expect(JSON.stringify(env.p.rows('ActionItems'))).toContain('Send Maya the planning-time schedule');

      // Every output of the program.
      // Run as triggers would, in an execution of their own (the panel may still be talking to the web app).
      for (const fn of ['runReminders', 'refreshDashboard', 'sendLeaderSummary']) await env.p.rt.execute(fn);
      await env.p.rt.mail.drain();
      env.p.rt.store.commitSync();
      const files = filesUnder(env.p.dataDir);
      expect(files.some((f) => f.endsWith('journal.log')) && files.some((f) => f.endsWith('.eml'))).toBe(true);
      for (const file of files) expectNoCanary(readFileSync(file, 'utf8'), file);
      const xlsx = join(env.p.dataDir, '..', `${env.p.dataDir.split('/').pop()}-export.xlsx`);
      await exportXlsx(env.p.rt.data, xlsx);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx);
      const cells: string[] = [];
      book.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
      expect(cells.filter((c) => c.startsWith('ft-enc1.'))).toHaveLength(2);
      expectNoCanary(cells.join('\n'), 'the .xlsx');
      const host = await (await fetch(`${env.server.hostUrl}?tab=Sessions`)).text();
      expect(host).toContain(ENCRYPTED_LABEL);
      expect(host).not.toContain('ft-enc1.');
      expectNoCanary(host, 'the host page');
      for (const tab of env.p.rt.data.sheets.map((s) => s.name))
        expectNoCanary(renderHostPage(env.p.rt, { tab, flash: '', nonce: 'n' }), `host tab ${tab}`);
      for (const token of [ben.token, leader.token]) {
        for (const op of ['hello', 'sync']) {
          const answer = JSON.stringify(env.p.post({ v: 1, op, token }));
          expectNoCanary(answer, `${op} to another coach or a leader`);
          expect(answer).not.toContain('ft-enc1.');
        }
      }

      // The coach's own debrief, in a panel opened after delivery (it syncs on opening): the last
      // session's notes, decrypted in her panel.
      await expect.poll(() => outboxLength(delivering)).toBe(0);
      await delivering.close();
      const reading = await openExtensionPage(context, extensionId, 'sidepanel.html', 360, 900);
      await chooseClient(reading, 'Maya Thompson');
      await expect.poll(() => lastSessionText(reading), { timeout: 20_000 }).toContain(OFFLINE);
      expect(await lastSessionText(reading)).toContain('Confidential');
      await reading.screenshot({ path: join(SHOTS, 'panel-last-session-decrypted.png'), fullPage: true });
      await reading.close();
    },
  );

  it(
    'a second browser without the key says so, refuses to save confidential notes, and reads them after the recovery code',
    { timeout: 150_000 },
    async () => {
      second = await launchWithExtension();
      const { context, extensionId } = second;
      const options = await connectWithCode(context, extensionId, encodeConnectionCode({ url: env.server.execUrl, token: env.p.token }));
      await expect.poll(() => options.getByRole('region', { name: 'Confidential notes key' }).textContent()).toContain('Key missing');
      // No second key was made: the sheet still names the first one.
      expect(env.p.post({ v: 1, op: 'hello', token: env.p.token }).coach.note_key_id).toBe(keyId);

      const panel = await openExtensionPage(context, extensionId, 'sidepanel.html', 360, 900);
      await chooseClient(panel, 'Maya Thompson');
      await expect.poll(() => lastSessionText(panel), { timeout: 20_000 }).toContain('Key missing');
      expect(await lastSessionText(panel)).not.toContain('CANARY');
      await expect.poll(() => panel.getByRole('button', { name: 'Import recovery code' }).count()).toBe(1);
      for (const theme of ['light', 'dark'] as const) {
        await panel.emulateMedia({ colorScheme: theme });
        await panel.screenshot({ path: join(SHOTS, `panel-key-missing-360-${theme}.png`), fullPage: true });
      }
      await panel.emulateMedia({ colorScheme: 'light' });
      const rows = env.p.rows('Sessions').length;
      await panel.getByRole('switch', { name: 'Confidential' }).check();
      await panel.getByLabel('Notes').fill('Needs the key');
      await panel.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => panel.getByRole('alert').first().textContent()).toContain('Import your recovery code');
      expect((await stored(panel, 'outbox')) ?? []).toEqual([]);
      expect(env.p.rows('Sessions')).toHaveLength(rows);

      await options.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
      await options.getByRole('button', { name: 'Import recovery code' }).click();
      await expect
        .poll(() => options.getByRole('region', { name: 'Confidential notes key' }).textContent())
        .toContain('Your notes key is in this browser');
      await expect.poll(() => lastSessionText(panel), { timeout: 20_000 }).toContain(OFFLINE);
      await options.close();
      await panel.close();
    },
  );

  it(
    "disconnecting removes the key and drafts; the next person connected sees none of the first coach's drafts or notes",
    { timeout: 120_000 },
    async () => {
      const { context, extensionId } = second!;
      const panel = await openExtensionPage(context, extensionId, 'sidepanel.html', 360, 900);
      await chooseClient(panel, 'Maya Thompson');
      await panel.getByLabel('Notes').fill(DRAFT);
      await expect.poll(async () => JSON.stringify(await stored(panel, 'drafts'))).toContain('CANARY-draft');
      await panel.close();

      const options = await openExtensionPage(context, extensionId, 'options.html');
      await options.getByRole('button', { name: 'Disconnect…' }).click();
      await expect.poll(() => options.getByRole('alertdialog').textContent()).toContain('recovery code');
      await options.screenshot({ path: join(SHOTS, 'options-disconnect-warning.png'), fullPage: true });
      await options.getByRole('button', { name: 'Disconnect and remove' }).click();
      await expect.poll(() => options.locator('body').textContent()).toContain('Not connected.');
      expect(await stored(options, 'noteKeys')).toBeNull();
      expectNoCanary(JSON.stringify(await stored(options, 'drafts')), 'drafts after disconnecting');
      await options.close();

      // The leader sees Maya as a client, but neither Ana's drafts nor her notes.
      const next = await connectWithCode(context, extensionId, encodeConnectionCode({ url: env.server.execUrl, token: leader.token }));
      await expect.poll(() => next.locator('body').textContent()).toContain('Connected as Lee Park');
      await next.close();
      const leaderPanel = await openExtensionPage(context, extensionId, 'sidepanel.html', 360, 900);
      await chooseClient(leaderPanel, 'Maya Thompson');
      await expect.poll(() => leaderPanel.getByLabel('Notes').inputValue()).toBe('');
      expect(await leaderPanel.locator('.last-session').count()).toBe(0);
      expect(await leaderPanel.locator('.other-drafts').count()).toBe(0);
      expectNoCanary((await leaderPanel.locator('body').textContent()) ?? '', "the next coach's panel");
      const all = JSON.stringify(await leaderPanel.evaluate(async () => chrome.storage.local.get(null)));
      expectNoCanary(all, 'the extension storage after another coach connected');
      expect(all).not.toContain('ft-enc1.');
      await leaderPanel.close();
    },
  );
});
