// The capture panel in Debian's Chromium against a local runtime: quick capture, the debrief of open
// items with the client's preparation answers, searchable client picker and inline new client, session
// fields, text that looks like HTML, keyboard use, axe-core in light and dark themes at 360 px, and a
// screenshot of every state in test-results/screenshots/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { calendarDayIn } from '../../shared/dates';
import { SHOTS, addClient, appendRecord, chooseClient, seriousViolations } from '../helpers/browser';
import { extensionSetting, records, savedSession, seedCapture } from '../helpers/e2e';
import { newProgram, type TestProgram } from '../helpers/runtime';

const CANARY = '<img src=x onerror=window.__xss=1>';
const ZONE = 'America/Los_Angeles';

function addPrep(p: TestProgram, clientId: string, fields: Record<string, unknown>): void {
  appendRecord(p, 'Prep', { prep_id: `prep_${clientId}`, client_id: clientId, submitted_at: new Date('2026-03-10T18:00:00Z'), ...fields });
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('capture panel', () => {
  let maya = '';
  let itemIds: string[] = [];
  const env = extensionSetting(
    () => {
      const p = newProgram({ timeZone: ZONE });
      maya = addClient(p, 'Maya Thompson', 'Lincoln Middle School');
      addClient(p, 'Daniel Okafor', 'Lincoln Middle School');
      addClient(p, 'Priya Natarajan', 'Northwind Traders', { email: 'priya@northwind.example' });
      for (const [name, org] of [
        ['Sam Lee', 'Eastside High'],
        ['Rosa Diaz', 'Eastside High'],
        ['Tom Baker', 'Westview Elementary'],
        ['Ana Gomez', 'Westview Elementary'],
      ]) {
        addClient(p, name!, org!);
      }
      addClient(p, CANARY, 'Canary Org', { client_id: 'cli_canary' });
      // Last session's open items and the client's preparation answers.
      itemIds = seedCapture(p, {
        captureId: 'seed-1',
        session: { clientId: maya, startedAt: '2026-03-05T16:00:00Z', notes: 'First session' },
        actionItems: [
          { text: 'Try the 2-minute countdown timer', owner: 'client', due: '2026-03-12' },
          { text: 'Share the transitions video', owner: 'coach' },
          { text: 'Call the parents of 7B', owner: 'client' },
        ],
      }).itemIds;
      addPrep(p, maya, {
        wins: 'Transitions down to 3 minutes',
        challenges: `Period 6 is still loud ${CANARY}`,
        want_from_next: 'Ideas for group work',
        progress_rating: 4,
      });
      return p;
    },
    { forgetDrafts: true },
  );

  it('turns quick-capture lines into action items with dates in the sheet’s time zone', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Daniel Okafor', 360, 900);
    const notes = panel.getByLabel('Notes');
    await notes.click();
    await notes.pressSequentially(
      'Transitions are quicker. #win\n- [ ] @coach send the agenda in 2 weeks\nTODO: observe 3rd period by 2026-04-01 #observation\n',
    );
    // The finished lines left the notes and are rows, with their dates shown, before saving.
    await expect
      .poll(() => panel.getByLabel('Action item').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))
      .toEqual(['send the agenda', 'observe 3rd period']);
    expect(await notes.inputValue()).toBe('Transitions are quicker. #win\n');
    const today = calendarDayIn(new Date(), ZONE);
    const inTwoWeeks = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(await panel.getByLabel('Due').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([
      inTwoWeeks,
      '2026-04-01',
    ]);
    // The owner rule: a line is the client's only when it reads as theirs (here neither does).
    expect(await panel.locator('.owner-chip').allTextContents()).toEqual(['Coach', 'Coach']);
    await expect.poll(() => panel.locator('#tags-list').textContent()).toContain('Bright spot');
    // The line still being typed stays in the notes until Save takes it too.
    await notes.pressSequentially('Action: read chapter 3 tomorrow');
    await shoot(panel, 'panel-quick-capture');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    await expect
      .poll(() => records(env.p, 'Sessions').filter((s) => s.notes === 'Transitions are quicker. #win').length, { timeout: 30_000 })
      .toBe(1);
    const session = records(env.p, 'Sessions').find((s) => s.notes === 'Transitions are quicker. #win')!;
    // Tags of items go to the Tags field; the notes' #tags come after it.
    expect(session.tags).toBe('#observation #win');
    const items = records(env.p, 'ActionItems').filter((i) => i.session_id === session.session_id);
    expect(items.map((i) => [i.text, i.owner])).toEqual([
      ['send the agenda', 'coach'],
      ['observe 3rd period', 'coach'],
      ['read chapter 3', 'coach'],
    ]);
    await panel.close();
  });

  it('debriefs the client’s open items with the preparation answers; statuses reach the workbook', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Maya Thompson', 360, 900);
    const debrief = panel.getByRole('region', { name: 'Since last session' });
    await expect.poll(() => debrief.textContent()).toContain('Transitions down to 3 minutes');
    expect(await debrief.textContent()).toContain('4 of 5');
    expect(await debrief.textContent()).toContain('Ideas for group work');
    const item = (text: string) => debrief.getByRole('group', { name: text });
    await item('Try the 2-minute countdown timer').getByLabel('Status').selectOption('done');
    await item('Share the transitions video').getByLabel('Status').selectOption('in_progress');
    await item('Share the transitions video').getByLabel('Reason').fill('Editing the clip');
    await item('Call the parents of 7B').getByLabel('Status').selectOption('derailed');
    await item('Call the parents of 7B').getByLabel('Reason').fill('Parent evening moved');
    await panel.getByLabel('Notes').fill('Debrief went well');
    await shoot(panel, 'panel-debrief');
    await panel.getByRole('button', { name: 'Save' }).click();
    await savedSession(env.p, (s) => s.notes === 'Debrief went well');
    const byId = new Map(records(env.p, 'ActionItems').map((r) => [r.item_id, r]));
    const [done, progress, derailed] = itemIds.map((id) => byId.get(id)!);
    expect(done).toMatchObject({ status: 'done' });
    expect(done!.completed_at).not.toBe('');
    expect(done!.completed_at).not.toBeNull();
    expect(progress).toMatchObject({ status: 'in_progress', status_note: 'Editing the clip' });
    expect(progress!.completed_at ?? '').toBe('');
    expect(derailed).toMatchObject({ status: 'derailed', status_note: 'Parent evening moved' });
    await panel.close();
  });

  it('finds clients by name, email or organization and creates a new client with the session', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Maya Thompson', 360, 900);
    const search = panel.getByRole('searchbox', { name: 'Find by name, email or organization' });
    const options = () => panel.getByLabel('Client', { exact: true }).locator('option').allTextContents();
    await search.fill('northwind');
    await expect
      .poll(options)
      .toEqual(['Choose a client…', 'Maya Thompson — Lincoln Middle School', 'Priya Natarajan — Northwind Traders']);
    await search.fill('priya@');
    await expect.poll(options).toContain('Priya Natarajan — Northwind Traders');
    await search.press('Enter');
    await expect.poll(() => panel.getByLabel('Client', { exact: true }).inputValue()).toBe('cli_priyanatarajan');
    await shoot(panel, 'panel-search');

    await panel.getByRole('button', { name: '+ New client' }).click();
    await expect.poll(() => panel.evaluate(() => document.activeElement?.id)).toBe('new-name');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.getByRole('alert').first().textContent()).toContain('new client’s name');
    await panel.getByLabel('Name', { exact: true }).fill('Jordan Blake');
    await panel.getByLabel('Email').fill('jordan@example.org');
    await panel.getByLabel('Organization').fill('Harbor Academy');
    await panel.getByLabel('Kind').selectOption('breakthrough');
    await panel.getByRole('switch', { name: 'Confidential' }).check();
    await panel.getByLabel('Next session').fill('2026-05-04');
    await panel.getByLabel('Tags').fill('#intro #win');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await panel.getByLabel('Notes').fill('First conversation');
    await shoot(panel, 'panel-new-client');
    await panel.getByRole('button', { name: 'Save' }).click();
    // The capture writes the client first and its session last: wait for the session, the capture's end.
    const jordanSession = () => {
      const jordan = records(env.p, 'Clients').find((c) => c.name === 'Jordan Blake');
      return jordan ? records(env.p, 'Sessions').find((s) => s.client_id === jordan.client_id) : undefined;
    };
    await expect.poll(() => jordanSession() !== undefined, { timeout: 30_000 }).toBe(true);
    const client = records(env.p, 'Clients').find((c) => c.name === 'Jordan Blake')!;
    expect(client).toMatchObject({ email: 'jordan@example.org', organization: 'Harbor Academy' });
    const session = jordanSession()!;
    // Confidential: the sheet holds only the envelope the panel made.
    expect(session).toMatchObject({
      kind: 'breakthrough',
      confidential: true,
      tags: '#intro #win',
      notes: expect.stringMatching(/^ft-enc1\./),
    });
    expect(JSON.stringify(env.p.rt.data.sheets)).not.toContain('First conversation');
    expect(session.ended_at).not.toBe('');
    expect(session.next_session_at).not.toBe('');
    await panel.close();
  });

  it('shows HTML in client names and notes as text', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor(CANARY, 360, 900);
    await panel.getByLabel('Notes').fill(`Notes ${CANARY}`);
    await panel.getByLabel('Action item').first().fill(CANARY);
    await chooseClient(panel, 'Maya Thompson');
    // Maya's debrief shows her prep answers, which hold the canary too.
    await expect.poll(() => panel.getByRole('region', { name: 'Since last session' }).textContent()).toContain(CANARY);
    await expect.poll(() => panel.locator('.other-drafts').textContent()).toContain('Unsaved drafts');
    await shoot(panel, 'panel-xss');
    expect(await panel.locator('img').count()).toBe(0);
    expect(await panel.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await panel.getByLabel('Client', { exact: true }).locator('option', { hasText: CANARY }).count()).toBe(1);
    await panel.close();
  });

  it('is usable with the keyboard alone', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Daniel Okafor', 360, 900);
    await panel.getByLabel('Notes').focus();
    await panel.keyboard.type('Keyboard only note');
    // Tab on to the Save button and press it, without the mouse.
    for (let i = 0; i < 40; i += 1) {
      await panel.keyboard.press('Tab');
      if (await panel.evaluate(() => document.activeElement?.textContent === 'Save')) break;
    }
    expect(await panel.evaluate(() => document.activeElement?.textContent)).toBe('Save');
    const focusVisible = await panel.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(focusVisible).not.toBe('none');
    await panel.keyboard.press('Enter');
    await savedSession(env.p, (s) => s.notes === 'Keyboard only note');
    await panel.close();
  });

  it.each(['light', 'dark'] as const)(
    'has no serious or critical axe-core violation at 360 px (%s theme)',
    { timeout: 120_000 },
    async (theme) => {
      const panel = await env.panelFor('Maya Thompson', 360, 900, theme);
      const debrief = panel.getByRole('region', { name: 'Since last session' });
      await debrief.waitFor();
      // The previous theme's run left a draft with every item marked; adopted, it opens the debrief folded
      // (its rule), so unfold it whenever it is folded until the first item's status shows.
      const status = debrief.getByRole('group').first().getByLabel('Status');
      await expect
        .poll(
          async () => {
            if (await status.isVisible()) return true;
            const show = debrief.getByRole('button', { name: 'Show' });
            if (await show.isVisible()) await show.click();
            return false;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      await status.selectOption('derailed');
      await panel.getByRole('switch', { name: 'Confidential' }).check();
      await panel.getByLabel('Notes').fill('Notes #win');
      await panel.getByLabel('Action item').first().fill('Plan the next observation');
      await panel.getByLabel('Due').first().fill('2026-04-02');
      expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await shoot(panel, `panel-${theme}-360`);
      expect(await seriousViolations(panel)).toEqual([]);
      await panel.getByRole('switch', { name: 'Confidential' }).uncheck();
      await panel.close();
    },
  );
});
