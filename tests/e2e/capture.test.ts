// End to end in Debian's Chromium: the built extension (.output/chrome-mv3) is connected with a code
// from a running local runtime, a note with two action items is saved in the side panel, and the
// exported .xlsx holds exactly one Sessions row and two ActionItems rows.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeConnectionCode } from '../../shared/connection';
import { exportXlsx } from '../../local/cli/export';
import { addClient, SHOTS } from '../helpers/browser';
import { extensionSetting, serveWebApp } from '../helpers/e2e';
import { newProgram } from '../helpers/runtime';

describe('side panel → outbox → web app → sheet → export', () => {
  const env = extensionSetting(
    () => {
      const p = newProgram();
      addClient(p, 'Maya Thompson', 'Lincoln Middle School');
      addClient(p, 'Daniel Okafor', 'Lincoln Middle School');
      return p;
    },
    { connect: false },
  );

  it('connects with a code and refuses a damaged one', { timeout: 60_000 }, async () => {
    const options = await env.page('options.html');
    await options.getByLabel('Connection code').fill('ft1.damaged###');
    await options.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => options.getByRole('alert').first().textContent()).toMatch(/damaged|copy/i);

    const code = encodeConnectionCode({ url: env.server.execUrl, token: env.p.token });
    await options.getByLabel('Connection code').fill(code);
    await options.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => options.locator('body').textContent(), { timeout: 15_000 }).toContain('Ana Rivera');
    await options.screenshot({ path: join(SHOTS, 'options-connected.png'), fullPage: true });
    await options.close();
  });

  it('saves a note with two action items and delivers it exactly once', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Maya Thompson', 400, 800);
    await panel.getByLabel('Notes').fill('=HYPERLINK("http://evil.example") — transitions take 6 minutes');
    await panel.getByLabel('Action item').first().fill('Try a 2-minute countdown timer');
    await panel.getByLabel('Due').first().fill('2026-12-04');
    await panel.getByRole('button', { name: 'Add action item' }).click();
    await panel.getByLabel('Action item').nth(1).fill('Share the transitions video');
    // The first is the client's to do: one click on its owner chip.
    await panel.locator('.owner-chip').first().click();
    await expect.poll(() => panel.locator('.owner-chip').allTextContents()).toEqual(['Client', 'Coach']);
    await panel.screenshot({ path: join(SHOTS, 'panel-filled.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.locator('body').textContent()).toMatch(/Saved/);

    await expect.poll(() => env.p.rows('Sessions').length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => panel.locator('body').textContent(), { timeout: 15_000 }).not.toMatch(/waiting to be delivered/i);
    await panel.screenshot({ path: join(SHOTS, 'panel-saved.png'), fullPage: true });

    const file = join(env.p.dataDir, 'e2e.xlsx');
    await exportXlsx(env.p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const dataRows = (name: string) => {
      const ws = book.getWorksheet(name)!;
      const rows: ExcelJS.Row[] = [];
      ws.eachRow((row, n) => n > 1 && rows.push(row));
      return { rows, col: (c: string) => (ws.getRow(1).values as unknown[]).indexOf(c) };
    };
    const sessions = dataRows('Sessions');
    expect(sessions.rows).toHaveLength(1);
    const notes = sessions.rows[0]!.getCell(sessions.col('notes'));
    expect(notes.value).toBe('=HYPERLINK("http://evil.example") — transitions take 6 minutes');
    expect(notes.formula).toBeUndefined();
    const items = dataRows('ActionItems');
    expect(items.rows).toHaveLength(2);
    expect(items.rows.map((r) => r.getCell(items.col('text')).value)).toEqual([
      'Try a 2-minute countdown timer',
      'Share the transitions video',
    ]);
    expect(items.rows.map((r) => r.getCell(items.col('owner')).value)).toEqual(['client', 'coach']);
    expect(items.rows[0]!.getCell(items.col('due_date')).value).toBeInstanceOf(Date);
    expect(
      items.rows.every((r) => r.getCell(items.col('session_id')).value === sessions.rows[0]!.getCell(sessions.col('session_id')).value),
    ).toBe(true);
    await panel.close();
  });

  it('keeps a capture while the web app is unreachable and delivers it when it is back', { timeout: 120_000 }, async () => {
    await env.server.close();
    const panel = await env.panelFor('Daniel Okafor', 400, 800);
    await panel.getByLabel('Notes').fill('Offline note');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.locator('body').textContent(), { timeout: 15_000 }).toMatch(/1 capture waiting/i);
    await panel.screenshot({ path: join(SHOTS, 'panel-offline.png'), fullPage: true });

    // Back on the same port: the alarm would retry after its backoff; the coach presses "Send now".
    const port = Number(new URL(env.server.execUrl).port);
    env.server = await serveWebApp(env.p, 'e2e', port);
    await panel.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => env.p.rows('Sessions').length, { timeout: 60_000 }).toBe(2);
    await expect.poll(() => panel.locator('body').textContent(), { timeout: 15_000 }).not.toMatch(/waiting to be delivered/i);
    await panel.close();
  });
});
