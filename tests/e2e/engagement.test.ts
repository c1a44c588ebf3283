// The engagement in the panel (issue 22), in Debian's Chromium against a local runtime: the client
// card (stage stepper, package with days left, cadence and next session, goals with measure and
// milestones) changes the workbook through the outbox exactly once; at 400 × 900 with the card, five
// open items and the debrief, Notes and Save stay in view. Photographed at 360 and 400 px, light and
// dark (test-results/screenshots/engagement-*.png).
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { calendarDayIn } from '../../shared/dates';
import { columnsOf } from '../../shared/schema';
import { addClient, chooseClient, seriousViolations, serviceWorker, shootAll } from '../helpers/browser';
import { expectNotesAndSaveInView, extensionSetting, goOffline, mailsTo, outboxLength, records, seedFiveOpenItems } from '../helpers/e2e';
import { onlyEvent, parseIcs } from '../helpers/ics';
import { newProgram } from '../helpers/runtime';

/**
 * Waits until the outbox is empty. An attempt the loaded machine made fail (the script lock busy, a slow
 * answer) backs off 30 s: the coach's Send now is pressed whenever it shows, as a coach would.
 */
async function allDelivered(panel: Page, timeout = 60_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const send = panel.getByRole('button', { name: 'Send now' });
        if (await send.isVisible()) await send.click().catch(() => undefined);
        return outboxLength(panel);
      },
      { timeout, interval: 1000 },
    )
    .toBe(0);
}

/** Save, and the panel says the capture is saved. */
async function save(panel: Page): Promise<void> {
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => panel.locator('.delivery-state').textContent()).toMatch(/^Saved/);
}

/** YYYY-MM-DD `days` from today in the sheet's time zone (the panel counts the sheet's calendar days). */
let timeZone = 'UTC';
function fromToday(days: number): string {
  return new Date(Date.parse(`${calendarDayIn(new Date(), timeZone)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('the engagement in the panel', () => {
  let maya = '';
  const env = extensionSetting(
    () => {
      const p = newProgram();
      timeZone = (p.post({ v: 1, op: 'hello', token: p.token }) as { sheet: { timeZone: string } }).sheet.timeZone;
      maya = addClient(p, 'Maya Thompson', 'Lincoln Middle School');
      seedFiveOpenItems(p, maya, {
        client: { packageStart: fromToday(-60), packageEnd: fromToday(20) },
        goals: [
          {
            goalId: 'g_transitions',
            title: 'Calm transitions',
            successMeasure: 'Minutes from bell to work',
            measureBaseline: '6',
            measureCurrent: '6',
            targetDate: fromToday(20),
            milestones: [{ milestoneId: 'm_timer', title: 'Timer in period 3' }],
          },
        ],
      });
      addClient(p, 'Jordan Blake', 'Eastside High', { stage: 'prospect', cadence_days: '' });
      addClient(p, 'Priya Nair', 'Eastside High', { stage: 'prospect', cadence_days: '' });
      addClient(p, 'Dana Cruz', 'Westview Elementary');
      addClient(p, 'Kim Park', 'Westview Elementary', { email: 'kim@bad_domain.org' });
      addClient(p, 'Sam Ortiz', 'Eastside High', { stage: 'contacted', cadence_days: '' });
      const lee = addClient(p, 'Lee Chen', 'Westview Elementary');
      expect(
        p.post({
          v: 1,
          op: 'updateClient',
          token: p.token,
          clientId: lee,
          client: { packageStart: fromToday(-80), packageEnd: fromToday(10) },
        }).ok,
      ).toBe(true);
      return p;
    },
    { forgetDrafts: true },
  );

  it('keeps 400 × 900 with the card, five open items and the debrief: Notes and Save in view', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Maya Thompson');
    const card = panel.getByRole('region', { name: 'Engagement' });
    await expect.poll(() => card.locator('.card-summary').textContent()).toMatch(/^Active · package ends in 20 days · 1 open goal$/);
    const debrief = panel.getByRole('region', { name: 'Since last session' });
    await expect.poll(() => debrief.getByRole('group').count()).toBe(5);
    await expectNotesAndSaveInView(panel);
    await shootAll(panel, 'engagement-layout');
    await card.getByRole('button', { name: 'Show' }).click();
    await shootAll(panel, 'engagement-card-open');
    await panel.close();
  });

  it.each(['light', 'dark'] as const)(
    'has no serious or critical axe-core violation at 360 px with the card open, a breakthrough, the guard and the recap links (%s theme)',
    { timeout: 120_000 },
    async (theme) => {
      const panel = await env.panelFor('Maya Thompson', 360, 900, theme);
      const card = panel.getByRole('region', { name: 'Engagement' });
      await card.getByRole('button', { name: 'Show' }).click();
      await card.getByRole('button', { name: '+ Goal' }).click();
      await panel.getByLabel('Kind').selectOption('breakthrough');
      const bt = panel.getByRole('group', { name: 'Breakthrough' });
      await bt.getByRole('button', { name: '+ Goal' }).click();
      await bt.getByLabel('Goal 1', { exact: true }).fill('Calmer mornings');
      await panel.getByRole('button', { name: 'Fit — start the package' }).click();
      const recap = panel.getByRole('region', { name: 'Recap for the client' });
      await recap.getByRole('button', { name: '+ Link' }).click();
      await recap.getByLabel('Link 1 address').fill('ftp://example.org/file');
      await recap.getByLabel('Link 1 address').press('Tab');
      await expect.poll(() => recap.getByRole('alert').count()).toBe(1);
      await expect.poll(() => panel.getByRole('region', { name: /would have/ }).count()).toBe(1);
      expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(await seriousViolations(panel)).toEqual([]);
      await panel.close();
    },
  );

  it('changes stage, package, cadence, goals and milestones from the card, each once in the workbook', { timeout: 120_000 }, async () => {
    const panel = await env.panelFor('Maya Thompson');
    const card = panel.getByRole('region', { name: 'Engagement' });
    await card.getByRole('button', { name: 'Show' }).click();
    const history = records(env.p, 'StageHistory').length;

    await card.getByLabel('Note for the next move (optional)').fill('Goals on track, lighter touch');
    await card.getByRole('button', { name: 'Maintenance' }).click();
    await expect.poll(() => card.locator('.card-summary').textContent()).toMatch(/^Maintenance/);
    await card.getByLabel('Every').fill('21');
    await card.getByLabel('Every').press('Tab');
    const goal = card.getByRole('group', { name: 'Calm transitions' });
    await goal.getByLabel('Now').fill('3');
    await goal.getByLabel('Now').press('Tab');
    await goal.getByLabel('New milestone of Calm transitions').fill('Share the routine with 7B');
    await goal.getByLabel('New milestone of Calm transitions').press('Enter');
    await goal.getByRole('checkbox', { name: 'Timer in period 3' }).click();
    await expect.poll(() => goal.getByRole('checkbox', { name: 'Timer in period 3' }).isChecked()).toBe(true);
    await goal.getByLabel('Goal status').selectOption('maintenance');
    await card.getByRole('button', { name: '+ Goal' }).click();
    await card.getByLabel('Goal', { exact: true }).fill('Parent communication');
    await card.getByLabel('Success measure').fill('Parents called per month');
    await card.getByLabel('Baseline').fill('1');
    await card.getByRole('button', { name: 'Add goal' }).click();
    await expect.poll(() => card.getByRole('group', { name: 'Parent communication' }).count()).toBe(1);
    await shootAll(panel, 'engagement-card-changed');

    await allDelivered(panel);
    const client = records(env.p, 'Clients').find((c) => c.client_id === maya)!;
    expect([client.stage, client.cadence_days]).toEqual(['maintenance', 21]);
    const moves = records(env.p, 'StageHistory').slice(history);
    expect(moves.map((m) => [m.from_stage, m.to_stage, m.note])).toEqual([['active', 'maintenance', 'Goals on track, lighter touch']]);
    const goals = records(env.p, 'Goals').filter((g) => g.client_id === maya);
    expect(goals.map((g) => [g.title, g.status, g.measure_baseline, g.measure_current])).toEqual([
      ['Calm transitions', 'maintenance', '6', '3'],
      ['Parent communication', 'open', '1', '1'],
    ]);
    const milestones = records(env.p, 'Milestones').filter((m) => m.client_id === maya);
    expect(milestones.map((m) => [m.title, m.status, !!m.reached_at])).toEqual([
      ['Timer in period 3', 'reached', true],
      ['Share the routine with 7B', 'open', false],
    ]);
    await panel.close();
  });

  /**
   * The engagement's journey through the panel: an outreach moves a prospect to contacted, the card
   * moves to breakthrough, a breakthrough session sets a goal and ends with Fit (active, package),
   * a milestone is reached on the card, and a coaching session near the package's end renews it.
   */
  async function journey(panel: Page, name: string, shots: boolean): Promise<void> {
    // Outreach: who, what they care about, objections, next step; Save moves the prospect to contacted.
    await chooseClient(panel, name);
    await panel.getByLabel('Kind').selectOption('outreach');
    await panel.getByLabel('Who').fill('Science teacher, 2nd year');
    await panel.getByLabel('What they care about').fill('Labs that do not eat the whole period');
    await panel.getByLabel('Objections heard').fill('No time before spring break');
    await panel.getByLabel('Next step').fill('Meet Thursday after school');
    await panel.getByLabel('Notes').fill('Met in the staff room.');
    if (shots) await shootAll(panel, 'engagement-outreach');
    await save(panel);

    // The card moves the stage to breakthrough (one click).
    await chooseClient(panel, name);
    const card = panel.getByRole('region', { name: 'Engagement' });
    await expect.poll(() => card.locator('.card-summary').textContent()).toMatch(/^Contacted/);
    await card.getByRole('button', { name: 'Show' }).click();
    await card.getByRole('button', { name: 'Breakthrough' }).click();
    await expect.poll(() => card.locator('.card-summary').textContent()).toMatch(/^Breakthrough/);

    // Breakthrough: a goal with its measure, challenges, readiness; Fit starts the package.
    await panel.getByLabel('Kind').selectOption('breakthrough');
    const bt = panel.getByRole('group', { name: 'Breakthrough' });
    await bt.getByRole('button', { name: '+ Goal' }).click();
    await bt.getByLabel('Goal 1', { exact: true }).fill('Labs finish on time');
    await bt.getByLabel('Success measure').fill('Labs finished in the period, of 5');
    await bt.getByLabel('Baseline').fill('1');
    await bt.getByLabel('Challenges').fill('Setup takes 15 minutes');
    await bt.getByLabel('Readiness').fill('Keen, two free periods a week');
    await panel.getByRole('button', { name: 'Fit — start the package' }).click();
    await panel.getByLabel('Package ends').fill(fromToday(20));
    if (shots) await shootAll(panel, 'engagement-breakthrough');
    await save(panel);

    // A milestone of the new goal, reached, on the card.
    await chooseClient(panel, name);
    await expect.poll(() => card.locator('.card-summary').textContent()).toMatch(/^Active · package ends in 20 days/);
    if (!(await card.getByRole('button', { name: 'Fold' }).isVisible())) await card.getByRole('button', { name: 'Show' }).click();
    const goal = card.getByRole('group', { name: 'Labs finish on time' });
    await goal.getByLabel('New milestone of Labs finish on time').fill('Pre-set trays the day before');
    await goal.getByLabel('New milestone of Labs finish on time').press('Enter');
    await goal.getByRole('checkbox', { name: 'Pre-set trays the day before' }).click();
    await expect.poll(() => goal.getByRole('checkbox', { name: 'Pre-set trays the day before' }).isChecked()).toBe(true);
    await goal.getByLabel('Now').fill('4');
    await goal.getByLabel('Now').press('Tab');

    // A coaching session with the package ending within 30 days: Renew.
    await panel.getByLabel('Kind').selectOption('coaching');
    await panel.getByRole('button', { name: 'Renew' }).click();
    await panel.getByLabel('Notes').fill('Renewing for the spring term.');
    if (shots) await shootAll(panel, 'engagement-renew');
    await save(panel);
  }

  /** What the journey left in the workbook for a client, checked row by row. */
  function checkJourney(clientId: string, historyFrom: number): void {
    const sessions = records(env.p, 'Sessions').filter((r) => r.client_id === clientId);
    expect(sessions.map((r) => r.kind)).toEqual(['outreach', 'breakthrough', 'coaching']);
    expect(String(sessions[0]!.notes)).toBe(
      'Who: Science teacher, 2nd year\nCares about: Labs that do not eat the whole period\nObjections: No time before spring break\nNext step: Meet Thursday after school\n\nMet in the staff room.',
    );
    expect(String(sessions[1]!.notes)).toBe('Challenges: Setup takes 15 minutes\nReadiness: Keen, two free periods a week');
    const history = records(env.p, 'StageHistory')
      .slice(historyFrom)
      .filter((r) => r.client_id === clientId);
    expect(history.map((r) => [r.from_stage, r.to_stage])).toEqual([
      ['prospect', 'contacted'],
      ['contacted', 'breakthrough'],
      ['breakthrough', 'active'],
    ]);
    const packages = records(env.p, 'Packages').filter((r) => r.client_id === clientId);
    expect(packages.map((r) => r.status)).toEqual(['renewed', 'active']);
    const goals = records(env.p, 'Goals').filter((r) => r.client_id === clientId);
    expect(goals.map((r) => [r.title, r.success_measure, r.measure_baseline, r.measure_current, r.status])).toEqual([
      ['Labs finish on time', 'Labs finished in the period, of 5', '1', '4', 'open'],
    ]);
    const milestones = records(env.p, 'Milestones').filter((r) => r.client_id === clientId);
    expect(milestones.map((r) => [r.title, r.status, r.goal_id])).toEqual([['Pre-set trays the day before', 'reached', goals[0]!.goal_id]]);
    const client = records(env.p, 'Clients').find((r) => r.client_id === clientId)!;
    expect(client.stage).toBe('active');
  }

  it(
    'goes outreach → breakthrough → fit → milestone reached → renewal through the panel, checked in the workbook',
    { timeout: 240_000 },
    async () => {
      const panel = await env.panel();
      const historyFrom = records(env.p, 'StageHistory').length;
      await journey(panel, 'Jordan Blake', true);
      await allDelivered(panel);
      checkJourney('cli_jordanblake', historyFrom);
      await panel.close();
    },
  );

  it('the same journey offline, then online: every change delivered exactly once, in order', { timeout: 240_000 }, async () => {
    const panel = await env.panel();
    // One opening online fills the cache; then every request to the web app fails as a dropped network would.
    await chooseClient(panel, 'Priya Nair');
    const backOnline = await goOffline(env.context, env.server);
    const historyFrom = records(env.p, 'StageHistory').length;
    const sessionsBefore = env.p.rows('Sessions').length;
    await journey(panel, 'Priya Nair', false);
    // 3 captures and 4 card changes (stage, milestone added, milestone reached, measure now) wait.
    await expect.poll(() => outboxLength(panel), { timeout: 15_000 }).toBe(7);
    expect(env.p.rows('Sessions').length).toBe(sessionsBefore);
    await shootAll(panel, 'engagement-offline');

    await backOnline();
    await panel.getByRole('button', { name: 'Send now' }).click();
    await allDelivered(panel);
    checkJourney('cli_priyanair', historyFrom);
    // Nothing more arrives on a later pass: exactly once.
    await (await serviceWorker(env.context)).evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(env.p.rows('Sessions').length).toBe(sessionsBefore + 3);
    checkJourney('cli_priyanair', historyFrom);
    await panel.close();
  });

  it(
    'says before Save when the client would carry more open items than the limit, and offers the oldest to close or drop; derailer reasons',
    { timeout: 120_000 },
    async () => {
      const panel = await env.panelFor('Maya Thompson');
      const guard = panel.getByRole('region', { name: /would have/ });
      // Four of Maya's five open items are hers (the fifth is the coach's); the program's limit is 3.
      await expect
        .poll(() => guard.locator('#open-guard-title').textContent())
        .toMatch(/^Maya Thompson would have 4 open items — the program keeps it to 3\./);
      await panel.getByLabel('Action item', { exact: true }).first().fill('@client Film one transition');
      await expect.poll(() => guard.locator('#open-guard-title').textContent()).toMatch(/would have 5 open items/);
      expect(await guard.getByRole('listitem').allTextContents()).toEqual([
        expect.stringContaining('Try the 2-minute countdown timer in period 3'),
        expect.stringContaining('Call the parents of 7B about the field trip'),
      ]);
      await guard.scrollIntoViewIfNeeded();
      await shootAll(panel, 'engagement-guard');
      await guard.getByRole('button', { name: 'Done: Try the 2-minute countdown timer in period 3' }).click();
      await guard.getByRole('button', { name: 'Drop: Call the parents of 7B about the field trip' }).click();
      await expect.poll(() => guard.count()).toBe(0);

      // The debrief offers the derailers coaches name; the chosen one is the item's note.
      const debrief = panel.getByRole('region', { name: 'Since last session' });
      const seating = debrief.getByRole('group', { name: 'Draft the seating plan for group work' });
      await seating.getByLabel('Status').selectOption('derailed');
      await seating.getByLabel('Why it derailed').selectOption('Priorities changed');
      expect(await seating.getByLabel('Reason').inputValue()).toBe('Priorities changed');
      await seating.scrollIntoViewIfNeeded();
      await shootAll(panel, 'engagement-derailer');
      await save(panel);
      await allDelivered(panel);
      const items = records(env.p, 'ActionItems').filter((r) => r.client_id === maya);
      const statusOf = (text: string) => items.filter((r) => r.text === text).map((r) => [r.status, r.status_note ?? '']);
      expect(statusOf('Try the 2-minute countdown timer in period 3')).toEqual([['done', '']]);
      expect(statusOf('Call the parents of 7B about the field trip')).toEqual([['dropped', '']]);
      expect(statusOf('Draft the seating plan for group work')).toEqual([['derailed', 'Priorities changed']]);
      expect(items.filter((r) => String(r.text).includes('Film one transition')).map((r) => [r.owner, r.status])).toEqual([
        ['client', 'open'],
      ]);
      await panel.close();
    },
  );

  it(
    'ends a breakthrough with Not a fit (closed, the reason as the stage note), and a package near its end with Close and a post-coaching plan (the plan is the client’s items)',
    { timeout: 120_000 },
    async () => {
      const panel = await env.panel();
      const historyFrom = records(env.p, 'StageHistory').length;
      await chooseClient(panel, 'Sam Ortiz');
      await panel.getByLabel('Kind').selectOption('breakthrough');
      // Close and Renew belong to a package ending, not to a breakthrough.
      expect(await panel.getByRole('button', { name: 'Close with a post-coaching plan' }).count()).toBe(0);
      await panel.getByRole('button', { name: 'Not a fit' }).click();
      await panel.getByRole('button', { name: 'Save' }).click();
      // The reason is asked for in plain words before anything is queued.
      await expect.poll(() => panel.locator('#outcome-reason-error').textContent()).toBe('Say why it is not a fit (the stage note).');
      expect(await outboxLength(panel)).toBe(0);
      await panel.getByLabel('Why not a fit').fill('No release time this year');
      await save(panel);

      await chooseClient(panel, 'Lee Chen');
      const card = panel.getByRole('region', { name: 'Engagement' });
      await expect.poll(() => card.locator('.card-summary').textContent()).toMatch(/^Active · package ends in 10 days/);
      await panel.getByRole('button', { name: 'Close with a post-coaching plan' }).click();
      await panel.getByLabel(/Post-coaching plan/).fill('- Keep the exit-ticket routine\n- Share one win with the team each month');
      await shootAll(panel, 'engagement-close-plan');
      await save(panel);
      await allDelivered(panel);

      const history = records(env.p, 'StageHistory').slice(historyFrom);
      expect(history.map((r) => [r.client_id, r.from_stage, r.to_stage, r.note])).toEqual([
        ['cli_samortiz', 'contacted', 'closed', 'No release time this year'],
        ['cli_leechen', 'active', 'closed', 'Closed with a post-coaching plan'],
      ]);
      const items = records(env.p, 'ActionItems').filter((r) => r.client_id === 'cli_leechen');
      expect(items.map((r) => [r.text, r.owner, r.status])).toEqual([
        ['Keep the exit-ticket routine', 'client', 'open'],
        ['Share one win with the team each month', 'client', 'open'],
      ]);
      const lastSession = records(env.p, 'Sessions')
        .filter((r) => r.client_id === 'cli_leechen')
        .at(-1)!;
      expect(items.every((r) => r.session_id === lastSession.session_id)).toBe(true);
      expect(
        records(env.p, 'Packages')
          .filter((r) => r.client_id === 'cli_leechen')
          .map((r) => r.status),
      ).toEqual(['ended']);
      expect(
        records(env.p, 'Clients')
          .filter((r) => r.client_id === 'cli_samortiz' || r.client_id === 'cli_leechen')
          .map((r) => r.stage),
      ).toEqual(['closed', 'closed']);
      await panel.close();
    },
  );

  it(
    'emails the client one recap per capture, even when the capture is sent twice: items, links, next session with calendar links, never the notes; a preview on demand',
    { timeout: 120_000 },
    async () => {
      const CANARY = 'CANARY-e2e-9b2f never in a recap';
      // The web app's /exec URL becomes the one in links, as after a deployment.
      await (await fetch(env.server.execUrl)).text();
      const panel = await env.panelFor('Dana Cruz');
      await panel.getByLabel('Notes').fill(`Talked about the reading block. ${CANARY}`);
      await panel.getByLabel('Action item', { exact: true }).first().fill('Dana tries the reading-log routine with group B');
      await panel.locator('#next-session').fill(fromToday(14));
      const recap = panel.getByRole('region', { name: 'Recap for the client' });
      await recap.getByRole('button', { name: '+ Link' }).click();
      await recap.getByLabel('Link 1 address').fill('https://example.org/reading-logs?grade=3&x=1');
      await recap.getByLabel('Link 1 title').fill('Reading logs that work');
      await recap.getByRole('button', { name: '+ Link' }).click();
      await recap.getByLabel('Link 2 address').fill('javascript:alert(1)');
      await recap.getByLabel('Link 2 address').press('Tab');
      await expect.poll(() => recap.getByRole('alert').textContent()).toContain('Use an http:// or https:// address');
      await recap.getByRole('button', { name: 'Remove link 2' }).click();
      await recap.getByLabel('Send Dana a recap').check();

      // The preview is the add-on's own email for the form as it is: no notes, the item, the link.
      await recap.getByRole('button', { name: 'Preview' }).click();
      const preview = recap.getByRole('region', { name: 'Recap preview' });
      await expect
        .poll(() => preview.textContent())
        .toContain('To cli_danacruz@example.org · Your session recap from Ana Rivera: 1 next step');
      const shown = panel.frameLocator('iframe[title="The recap email"]');
      expect(await shown.locator('body').textContent()).toContain('Dana tries the reading-log routine with group B');
      expect(await shown.locator('body').textContent()).toContain('Reading logs that work');
      expect(await shown.locator('body').textContent()).not.toContain('CANARY');
      await preview.scrollIntoViewIfNeeded();
      await shootAll(panel, 'engagement-recap-preview');
      // The open preview follows the form.
      await recap.getByLabel('Link 1 title').fill('Reading logs that work (PDF)');
      await expect.poll(() => shown.locator('body').textContent()).toContain('Reading logs that work (PDF)');
      await recap.getByRole('button', { name: 'Close preview' }).click();

      // The web app stores the capture and mails, then the answer is lost: the outbox sends it again.
      let lost = 0;
      const exec = (url: URL) => url.href.startsWith(env.server.execUrl);
      const loseFirstAnswer = async (route: Route) => {
        const body = route.request().postData() ?? '';
        if (route.request().method() !== 'POST' || !body.includes('"op":"capture"') || lost > 0) return route.continue();
        const response = await route.fetch();
        expect((await response.json()).recap).toMatchObject({ status: 'sent' });
        lost += 1;
        await route.abort('connectionreset').catch(() => undefined);
      };
      await env.context.route(exec, loseFirstAnswer);
      const sessionsBefore = env.p.rows('Sessions').length;
      await panel.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => lost, { timeout: 30_000 }).toBe(1);
      // The lost answer left the capture waiting (backing off): it goes again.
      await allDelivered(panel);
      await env.context.unroute(exec, loseFirstAnswer);
      expect(env.p.rows('Sessions').length).toBe(sessionsBefore + 1);

      const sent = await mailsTo(env.p, 'cli_danacruz@example.org');
      expect(sent).toHaveLength(1);
      const { mail, raw } = sent[0]!;
      expect(mail.subject).toBe('Your session recap from Ana Rivera: 1 next step');
      expect(mail.text).toContain('- Dana tries the reading-log routine with group B');
      expect(mail.text).toContain('- Reading logs that work (PDF): https://example.org/reading-logs?grade=3&x=1');
      expect(`${mail.text}${mail.html}${raw}`).not.toContain('CANARY');
      expect(`${mail.text}${mail.html}`).not.toContain('reading block');
      const logged = records(env.p, 'EmailLog').filter((r) => r.kind === 'recap' && r.to === 'cli_danacruz@example.org');
      expect(logged.map((r) => r.status)).toEqual(['sent']);
      const session = records(env.p, 'Sessions').find((r) => r.client_id === 'cli_danacruz')!;
      expect(session.resources).toBe('Reading logs that work (PDF) — https://example.org/reading-logs?grade=3&x=1');

      // The calendar links: Google's template, and the signed .ics served by the local runtime.
      const hrefs = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
      const google = new URL(hrefs.find((h) => h.startsWith('https://calendar.google.com/'))!);
      expect([google.searchParams.get('action'), google.searchParams.get('text')]).toEqual([
        'TEMPLATE',
        'Coaching session with Ana Rivera',
      ]);
      const next = fromToday(14).replace(/-/g, '');
      expect(google.searchParams.get('dates')).toBe(`${next}/${fromToday(15).replace(/-/g, '')}`);
      const ics = hrefs.find((h) => h.includes('page=ics&t='))!;
      expect(ics.startsWith(env.server.execUrl)).toBe(true);
      const res = await fetch(ics);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const event = onlyEvent(parseIcs(await res.text()));
      expect([event.summary, event.start, event.end]).toEqual(['Coaching session with Ana Rivera', fromToday(14), fromToday(15)]);
      await panel.close();
    },
  );

  it(
    'tells the coach when a recap could not be sent, and sends it once when asked again after the address is fixed',
    { timeout: 120_000 },
    async () => {
      const panel = await env.panelFor('Kim Park');
      await panel.getByLabel('Action item', { exact: true }).first().fill('Kim drafts the parent newsletter');
      await panel.getByLabel('Send Kim a recap').check();
      const sessionsBefore = env.p.rows('Sessions').length;
      await panel.getByRole('button', { name: 'Save' }).click();
      await allDelivered(panel);
      const notices = panel.getByRole('region', { name: 'Recaps not sent' });
      await expect
        .poll(() => notices.textContent(), { timeout: 15_000 })
        .toContain('The recap to Kim Park (kim@bad_domain.org) could not be sent: Invalid email: kim@bad_domain.org');
      await notices.scrollIntoViewIfNeeded();
      await shootAll(panel, 'engagement-recap-not-sent');

      // A person fixes the address in the Clients tab; the coach asks again: the same capture, one email.
      const row = records(env.p, 'Clients').findIndex((r) => r.client_id === 'cli_kimpark') + 2;
      env.p.write('Clients', row, (columnsOf('Clients') as readonly string[]).indexOf('email') + 1, [['kim@example.org']]);
      await notices.getByRole('button', { name: 'Send it again' }).click();
      await expect.poll(() => notices.count(), { timeout: 15_000 }).toBe(0);
      expect(env.p.rows('Sessions').length).toBe(sessionsBefore + 1);
      const sent = await mailsTo(env.p, 'kim@example.org');
      expect(sent.map(({ mail }) => mail.subject)).toEqual(['Your session recap from Ana Rivera: 1 next step']);
      expect(
        records(env.p, 'EmailLog')
          .filter((r) => r.kind === 'recap' && String(r.to).startsWith('kim@'))
          .map((r) => [r.to, r.status]),
      ).toEqual([
        ['kim@bad_domain.org', 'failed'],
        ['kim@example.org', 'sent'],
      ]);
      await panel.close();
    },
  );
});
