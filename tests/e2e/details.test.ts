// The details a coach notices (issue 20), in Debian's Chromium against a local runtime: the debrief
// marks overdue items and never contradicts an item's state; a new client with a name already in the
// list is warned about; the Caption-quotes switch of a site that is off looks unusable. Screenshots at
// 360 and 400 px, light and dark (test-results/screenshots/details-*.png).
import { describe, expect, it } from 'vitest';
import { addClient, shootAll } from '../helpers/browser';
import { extensionSetting, seedCapture } from '../helpers/e2e';
import { newProgram } from '../helpers/runtime';

describe('details a coach notices', () => {
  const env = extensionSetting(
    () => {
      const p = newProgram({ timeZone: 'America/Los_Angeles' });
      const maya = addClient(p, 'Maya Thompson', 'Lincoln Middle School');
      addClient(p, 'Daniel Okafor', 'Lincoln Middle School');
      const first = seedCapture(p, {
        captureId: 'seed-details',
        session: { clientId: maya, startedAt: '2026-03-05T16:00:00Z', notes: 'First session' },
        actionItems: [
          { text: 'Try the countdown timer', owner: 'client', due: '2026-03-12' },
          { text: 'Share the transitions video', owner: 'coach', due: '2099-03-12' },
        ],
      });
      expect(p.post({ v: 1, op: 'updateItems', token: p.token, updates: [{ itemId: first.itemIds[1], status: 'in_progress' }] }).ok).toBe(
        true,
      );
      return p;
    },
    { forgetDrafts: true },
  );

  it(
    'marks overdue items in the debrief, and an item in progress is "still in progress", never "still open"',
    { timeout: 120_000 },
    async () => {
      const panel = await env.panelFor('Maya Thompson');
      const debrief = panel.getByRole('region', { name: 'Since last session' });
      const late = debrief.getByRole('group', { name: 'Try the countdown timer' });
      const going = debrief.getByRole('group', { name: 'Share the transitions video' });
      await expect.poll(() => late.textContent()).toContain('Overdue');
      // Weekday and date of the sheet's calendar.
      expect(await late.textContent()).toContain('Thu, Mar 12');
      expect(await going.textContent()).not.toContain('Overdue');
      expect(await going.getByLabel('Status').locator('option').allTextContents()).toEqual([
        'Still in progress',
        'Done',
        'Derailed',
        'Dropped',
      ]);
      expect(await late.getByLabel('Status').locator('option').allTextContents()).toEqual([
        'Still open',
        'Done',
        'In progress',
        'Derailed',
        'Dropped',
      ]);
      await shootAll(panel, 'details-debrief');
      // Marked: the overdue flag gives way to what the coach said.
      await late.getByLabel('Status').selectOption('done');
      await expect.poll(() => late.textContent()).not.toContain('Overdue');
      await panel.close();
    },
  );

  it('warns about a new client whose name is already in the list, and offers that client', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Daniel Okafor');
    await panel.getByRole('button', { name: '+ New client' }).click();
    await panel.getByLabel('Name', { exact: true }).fill('  maya   THOMPSON ');
    const warning = panel.locator('#new-name-warning');
    await expect.poll(() => warning.textContent()).toContain('You already have a client named “Maya Thompson”');
    await shootAll(panel, 'details-same-name');
    await warning.getByRole('button', { name: 'Use Maya Thompson — Lincoln Middle School' }).click();
    await expect.poll(() => panel.getByLabel('Client', { exact: true }).inputValue()).toBe('cli_mayathompson');
    await panel.close();
  });

  it('shows the Caption-quotes switch of a site that is off as unusable', { timeout: 120_000 }, async () => {
    const options = await env.page('options.html', 400, 900);
    const quotes = options.getByRole('switch', { name: /Caption quotes/ }).first();
    await quotes.waitFor({ state: 'attached' });
    expect(await quotes.isDisabled()).toBe(true);
    const look = await quotes.evaluate((input) => {
      const track = input.nextElementSibling as HTMLElement;
      const label = input.closest('label') as HTMLElement;
      return { opacity: getComputedStyle(track).opacity, cursor: getComputedStyle(label).cursor };
    });
    expect(Number(look.opacity)).toBeLessThan(0.6);
    expect(look.cursor).toBe('not-allowed');
    await shootAll(options, 'details-caption-switch');
    await options.close();
  });

  it('gives each parsed item an owner chip by the owner rule, flipped with one click', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Daniel Okafor');
    const notes = panel.getByLabel('Notes');
    await notes.click();
    await panel.keyboard.type('- [ ] send the unit plan to Daniel by Friday\n- [ ] Daniel tries the exit tickets next Tue\n');
    await expect
      .poll(() => panel.getByLabel('Action item').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))
      .toEqual(['send the unit plan to Daniel', 'Daniel tries the exit tickets']);
    const chips = panel.locator('.owner-chip');
    expect(await chips.allTextContents()).toEqual(['Coach', 'Client']);
    // The hint says the rule, with the client's name.
    expect(await panel.locator('#notes-hint').textContent()).toContain('An item is yours unless the client is its subject (Daniel sends…)');
    // Each parsed date as weekday and date.
    expect(await panel.locator('.due-words').first().textContent()).toMatch(/^Due (Mon|Tue|Wed|Thu|Fri|Sat|Sun)/);
    await shootAll(panel, 'details-owner-chips');
    await chips.nth(0).click();
    await expect.poll(() => chips.allTextContents()).toEqual(['Client', 'Client']);
    // A row typed by hand follows the rule until its chip is flipped.
    await panel.getByRole('button', { name: 'Add action item' }).click();
    await panel.getByLabel('Action item').nth(2).fill('Daniel reads chapter 3');
    await expect.poll(() => chips.allTextContents()).toEqual(['Client', 'Client', 'Client']);
    await chips.nth(2).click();
    await panel.getByLabel('Action item').nth(2).fill('Daniel reads chapter 4');
    await expect.poll(() => chips.allTextContents()).toEqual(['Client', 'Client', 'Coach']);
    await panel.keyboard.press('Control+Enter');
    const rows = () => env.p.rows('ActionItems').filter((r) => String(r).includes('Daniel') || String(r).includes('unit plan'));
    await expect.poll(() => rows().length, { timeout: 30_000 }).toBe(3);
    await panel.close();
  });
});
