// A person edits cells in the sheet host page (Chromium), as in Sheets: double-click or Enter, type,
// Enter. Changing a client's stage cell runs the bundle's onEdit trigger, which appends StageHistory;
// the validation rules and the header protection set by "Set up sheet" hold.
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { SHOTS } from '../helpers/browser';
import { hostSetting, seedCapture } from '../helpers/e2e';
import { newProgram } from '../helpers/runtime';

const STAGE = (columnsOf('Clients') as string[]).indexOf('stage') + 1;

describe('editing cells in the sheet host', () => {
  const env = hostSetting(() => newProgram({ log: () => {} }), {
    secret: 'edit',
    seed: (p) => {
      seedCapture(p, {
        captureId: 'e1',
        client: { stage: 'contacted' },
        session: { newClient: { name: 'Maya Thompson', organization: 'Lincoln MS' }, startedAt: '2026-11-20T15:00:00Z' },
      });
    },
  });

  const history = () =>
    env.p.rows('StageHistory').map((r) => {
      const h = columnsOf('StageHistory') as string[];
      return {
        from: r[h.indexOf('from_stage')],
        to: r[h.indexOf('to_stage')],
        coach: r[h.indexOf('coach_id')],
        note: r[h.indexOf('note')],
      };
    });
  const stageCell = (page: Page, row = 2) => page.locator(`td[data-r="${row}"][data-c="${STAGE}"]`);

  it('a stage typed into the Clients tab appends StageHistory through onEdit', { timeout: 90_000 }, async () => {
    const { page, errors } = await env.page(1200, 700);
    await page.goto(`${env.server.hostUrl}?tab=Clients`);
    await expect.poll(() => stageCell(page).textContent()).toBe('contacted');

    // Double-click, type, Enter — as in Sheets.
    await stageCell(page).dblclick();
    const editor = page.getByLabel(/^Edit cell /);
    await expect.poll(() => editor.inputValue()).toBe('contacted');
    await editor.fill('breakthrough');
    await page.screenshot({ path: join(SHOTS, 'host-edit-stage.png') });
    await editor.press('Enter');
    await expect.poll(() => history().length, { timeout: 20_000 }).toBe(2);
    expect(history()[1]).toEqual({ from: 'contacted', to: 'breakthrough', coach: env.p.coachId, note: 'edited in the sheet' });
    await expect.poll(() => stageCell(page).textContent()).toBe('breakthrough');
    // After Enter the cell below is selected, as in Sheets.
    await expect.poll(() => page.locator('td.active').getAttribute('data-r')).toBe('3');

    // Select with a click, start typing to replace, Enter: a value the validation rule rejects is refused.
    await stageCell(page).click();
    await page.keyboard.type('finished');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('violates the data validation rules set on this cell');
    await page.screenshot({ path: join(SHOTS, 'host-edit-invalid.png') });
    expect(history()).toHaveLength(2);
    await expect.poll(() => stageCell(page).textContent()).toBe('breakthrough');

    // Enter opens the edit box on the selected cell; the dropdown's values are offered.
    await stageCell(page).click();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#ft-cell-list option').count()).toBe(6);
    await editor.fill('active');
    await editor.press('Enter');
    await expect.poll(() => history().length, { timeout: 20_000 }).toBe(3);
    expect(history()[2]).toMatchObject({ from: 'breakthrough', to: 'active' });
    expect(errors).toEqual([]);
  });

  it('the protected header asks before an edit, and Escape cancels', { timeout: 60_000 }, async () => {
    const page = await env.browser.newPage({ viewport: { width: 1200, height: 700 } });
    await page.goto(`${env.server.hostUrl}?tab=Clients`);
    const header = page.locator('th[data-r="1"][data-c="2"]');
    await expect.poll(() => header.textContent()).toBe('name');
    const prompts: string[] = [];
    page.on('dialog', (d) => {
      prompts.push(d.message());
      void d.dismiss();
    });
    await header.dblclick();
    const editor = page.getByLabel('Edit cell B1');
    await editor.fill('full name');
    await editor.press('Enter');
    await expect
      .poll(() => prompts)
      .toEqual(["Heads up! You're trying to edit part of this sheet that shouldn't be changed accidentally. Edit anyway?"]);
    await expect.poll(() => header.textContent()).toBe('name');
    expect(env.p.rt.data.sheets.find((s) => s.name === 'Clients')!.cells[0]![1]).toBe('name');

    const name = page.locator('td[data-r="2"][data-c="2"]');
    await name.dblclick();
    await editor.waitFor({ state: 'detached' });
    const nameEditor = page.getByLabel('Edit cell B2');
    await nameEditor.fill('Someone else');
    await nameEditor.press('Escape');
    await expect.poll(() => name.textContent()).toBe('Maya Thompson');
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [360, 400]) {
      it(`looks right at ${width} px, ${scheme}`, { timeout: 60_000 }, async () => {
        const page = await env.browser.newPage({ viewport: { width, height: 640 }, colorScheme: scheme });
        await page.goto(`${env.server.hostUrl}?tab=Clients`);
        await stageCell(page).dblclick();
        await expect.poll(() => page.getByLabel(/^Edit cell /).count()).toBe(1);
        await page.screenshot({ path: join(SHOTS, `host-edit-${width}-${scheme}.png`) });
      });
    }
  }
});
