// The client timeline and corrections end to end in Debian's Chromium (issue 23): the coach's sessions
// with a client, newest first and paged, loaded from the sheet (clientData) when History… is opened; a
// session opens whole; a correction (notes, kind, times, tags, items' text, due date, owner, status) and a
// deletion go through the outbox (editSession) and reach the workbook once, also after being offline; a
// confidential session's corrected notes stay an envelope; after a handover the new coach sees the
// previous coach's sessions read-only, without their confidential notes, and cannot correct them.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecipheriv } from 'node:crypto';
import { calendarDayIn } from '../../shared/dates';
import { envelopeAad, parseEnvelope } from '../../shared/envelope';
import { WebAppServer } from '../../local/web/server';
import {
  addClient,
  chooseClient,
  connectTo,
  launchWithExtension,
  openExtensionPage,
  seriousViolations,
  serviceWorker,
  shootAll,
  type ChromeApi,
  type Launched,
} from '../helpers/browser';
import { closeAll, goOffline, records, serveWebApp } from '../helpers/e2e';
import { seal, testKey, type TestKey } from '../helpers/envelope';
import { newProgram, type TestProgram } from '../helpers/runtime';

declare const chrome: ChromeApi;

const CANARY = 'CANARY-history-51c2 she may leave the district';
const CORRECTED_CANARY = 'CANARY-corrected-8e3a she decided to stay';
const DAY = 86_400_000;

function open(envelope: string, key: TestKey): string {
  const parsed = parseEnvelope(envelope);
  if (!parsed.ok) throw new Error(parsed.message);
  const { iv, ciphertext } = parsed.envelope;
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key.raw, 'base64url'), iv);
  decipher.setAAD(envelopeAad(key.keyId));
  decipher.setAuthTag(Buffer.from(ciphertext.subarray(ciphertext.length - 16)));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext.subarray(0, ciphertext.length - 16))), decipher.final()]).toString('utf8');
}

async function openHistory(panel: Page, client: string): Promise<void> {
  await chooseClient(panel, client);
  await panel.getByRole('button', { name: 'History…' }).click();
  await panel.locator('.history-list').waitFor({ timeout: 30_000 });
}

/** The coach's panel at that width with Maya's History open. */
async function mayasHistory(coach: Launched, width: number): Promise<Page> {
  const panel = await openExtensionPage(coach.context, coach.extensionId, 'sidepanel.html', width, 900);
  await openHistory(panel, 'Maya Thompson');
  return panel;
}

/** axe-core finds no serious or critical violation in the panel as it is, light and dark. */
async function expectAccessible(panel: Page, what: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await panel.emulateMedia({ colorScheme: theme });
    expect(await seriousViolations(panel), `axe, ${what}, ${theme}`).toEqual([]);
  }
}

function rowOf(panel: Page, text: string) {
  return panel.locator('.history-row').filter({ hasText: text });
}

describe('client timeline and corrections', () => {
  let p: TestProgram;
  let server: WebAppServer;
  let ana: Launched;
  let ben: Launched | null = null;
  let key: TestKey;
  let admin: { token: string; coachId: string };
  let benCoach: { token: string; coachId: string };
  const ids: Record<string, string> = {};
  const items: Record<string, string[]> = {};
  /** editSession requests that reached the web app, with their bodies. */
  const edits: string[] = [];

  beforeAll(async () => {
    p = newProgram({ log: () => {} });
    admin = p.invite('Ada Admin', 'ada@example.org', 'admin');
    benCoach = p.invite('Ben Ortiz', 'ben@example.org');
    const maya = addClient(p, 'Maya Thompson', 'Lincoln Middle School');
    server = await serveWebApp(p);
    ana = await launchWithExtension();
    key = (await connectTo(ana.context, p, server, p.token, testKey()))!;
    // Twelve weekly sessions of Ana with Maya, the newest four days ago: a plain one with items, a
    // confidential one, one saved by mistake, and nine more.
    const now = Date.now();
    const plan = [
      { name: 'plain', notes: 'Debrief on transitions.\nShe timed each one.', items: ['Film a transition', 'Draft exit tickets'] },
      { name: 'confidential', notes: seal(CANARY, key), confidential: true, items: ['Send the planning-time schedule'] },
      { name: 'mistake', notes: 'Saved for the wrong client', items: ['Wrong item'] },
      ...Array.from({ length: 9 }, (_, i) => ({ name: `older-${i}`, notes: `Older session ${i}`, items: [] as string[] })),
    ];
    for (const [n, s] of plan.entries()) {
      const start = new Date(now - (4 + 7 * n) * DAY);
      start.setUTCHours(15, 0, 0, 0);
      const answer = p.post({
        v: 1,
        op: 'capture',
        token: p.token,
        captureId: `cap-${s.name}`,
        session: {
          clientId: maya,
          kind: 'coaching',
          startedAt: start.toISOString(),
          endedAt: new Date(start.getTime() + 45 * 60_000).toISOString(),
          source: 'manual',
          notes: s.notes,
          confidential: s.confidential === true,
          tags: ['transitions'],
        },
        actionItems: s.items.map((text) => ({ text, owner: 'client' })),
      });
      if (!answer.ok) throw new Error(JSON.stringify(answer));
      ids[s.name] = answer.sessionId;
      items[s.name] = answer.itemIds;
    }
    await ana.context.route(
      (url) => url.href.startsWith(server.execUrl),
      async (route) => {
        const body = route.request().postData() ?? '';
        if (body.includes('"op":"editSession"')) edits.push(body);
        await route.continue();
      },
    );
  }, 120_000);

  afterAll(() => closeAll(ana?.context, ben?.context, server));

  it(
    "lists the coach's sessions newest first, a page at a time, with confidential notes decrypted; a session opens whole",
    { timeout: 120_000 },
    async () => {
      const panel = await mayasHistory(ana, 360);
      const rows = panel.locator('.history-row');
      await expect.poll(() => rows.count()).toBe(10);
      await expect.poll(() => rows.nth(0).textContent()).toContain('Debrief on transitions.');
      expect(await rows.nth(0).textContent()).not.toContain('She timed each one');
      expect(await rows.nth(0).textContent()).toContain('45 min');
      expect(await rows.nth(0).textContent()).toContain('Film a transition');
      await expect.poll(() => rows.nth(1).textContent()).toContain(CANARY);
      expect(await rows.nth(1).textContent()).toContain('Confidential');
      await shootAll(panel, 'panel-history');
      await expectAccessible(panel, 'history');
      await panel.getByRole('button', { name: /Show older sessions/ }).click();
      await expect.poll(() => rows.count()).toBe(12);
      await expect.poll(() => rows.nth(11).textContent()).toContain('Older session 8');

      await rowOf(panel, 'Debrief on transitions.').getByRole('button').click();
      const whole = panel.locator('.history-session');
      await expect.poll(() => whole.textContent()).toContain('She timed each one.');
      expect(await whole.textContent()).toContain('#transitions');
      expect(await whole.textContent()).toContain('Draft exit tickets');
      await shootAll(panel, 'panel-history-session');
      await panel.close();
    },
  );

  it('corrects a session and its items through the outbox; the workbook holds the correction', { timeout: 120_000 }, async () => {
    const panel = await mayasHistory(ana, 400);
    await rowOf(panel, 'Debrief on transitions.').getByRole('button').click();
    await panel.getByRole('button', { name: 'Correct…' }).click();
    await panel.getByLabel('Notes').fill('Debrief on transitions, corrected.\nShe timed each one.');
    await panel.getByLabel('Kind').selectOption('observation');
    await panel.getByLabel('Tags').fill('#transitions #win');
    await panel.getByLabel('Action item 1', { exact: true }).fill('Film two transitions');
    await panel.locator('#fix-item-0-due').fill('2030-05-17');
    await panel.locator('#fix-item-1-status').selectOption('done');
    await panel.locator('#fix-item-1-owner').selectOption('coach');
    await shootAll(panel, 'panel-history-correct');
    await expectAccessible(panel, 'correction');
    await panel.getByRole('button', { name: 'Save correction' }).click();
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Correction saved' }).count()).toBe(1);

    await expect.poll(() => records(p, 'Sessions').find((s) => s.session_id === ids.plain)?.kind, { timeout: 30_000 }).toBe('observation');
    const session = records(p, 'Sessions').find((s) => s.session_id === ids.plain)!;
    expect(session.notes).toBe('Debrief on transitions, corrected.\nShe timed each one.');
    expect(session.tags).toBe('#transitions #win');
    const [first, second] = items.plain!.map((id) => records(p, 'ActionItems').find((i) => i.item_id === id)!);
    expect(first).toMatchObject({ text: 'Film two transitions', status: 'open' });
    const timeZone = p.post({ v: 1, op: 'hello', token: p.token }).sheet.timeZone as string;
    expect(calendarDayIn(new Date((first!.due_date as { d: number }).d), timeZone)).toBe('2030-05-17');
    expect(second).toMatchObject({ text: 'Draft exit tickets', status: 'done', owner: 'coach' });
    expect(edits).toHaveLength(1);
    // The list shows the corrected session once the sheet answered.
    await expect.poll(() => panel.locator('.history-session').textContent(), { timeout: 30_000 }).toContain('Observation');
    await panel.close();
  });

  it(
    "keeps a confidential session's corrected notes an envelope, and delivers a correction made offline once",
    { timeout: 150_000 },
    async () => {
      const panel = await mayasHistory(ana, 360);
      await rowOf(panel, CANARY).getByRole('button').click();
      await expect.poll(() => panel.locator('.history-session').textContent()).toContain(CANARY);
      // Offline from here: the correction waits in the outbox, already sealed.
      const backOnline = await goOffline(ana.context, server);
      const before = edits.length;
      await panel.getByRole('button', { name: 'Correct…' }).click();
      await expect.poll(() => panel.getByLabel('Notes').inputValue()).toBe(CANARY);
      await panel.getByLabel('Notes').fill(CORRECTED_CANARY);
      await shootAll(panel, 'panel-history-correct-confidential');
      await panel.getByRole('button', { name: 'Save correction' }).click();
      await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Correction saved' }).count()).toBe(1);
      const outbox = JSON.stringify(await panel.evaluate(async () => (await chrome.storage.local.get('outbox')).outbox));
      expect(outbox).toContain('editSession');
      expect(outbox).toContain('ft-enc1.');
      expect(outbox).not.toContain('CANARY');
      // The timeline shows the correction as it will be, and says it waits.
      await panel.getByRole('button', { name: '← All sessions' }).click();
      await expect.poll(() => rowOf(panel, CORRECTED_CANARY).textContent()).toContain('Correction waiting to be delivered');

      await backOnline();
      // Back online: the coach sends what waits (the alarm would after its backoff).
      await panel.getByRole('button', { name: 'Send now' }).click();
      await expect
        .poll(
          () => {
            const cell = String(records(p, 'Sessions').find((s) => s.session_id === ids.confidential)?.notes);
            return cell.startsWith('ft-enc1.') ? open(cell, key) : cell;
          },
          { timeout: 60_000 },
        )
        .toBe(CORRECTED_CANARY);
      expect(JSON.stringify(p.rt.data.sheets)).not.toContain('CANARY');
      expect(edits.length - before).toBe(1);
      await panel.reload();
      await openHistory(panel, 'Maya Thompson');
      await expect.poll(() => rowOf(panel, CORRECTED_CANARY).count(), { timeout: 30_000 }).toBe(1);
      await panel.close();
    },
  );

  it('deletes a mistaken session: kept with deleted_at, its items dropped, gone from the timeline', { timeout: 120_000 }, async () => {
    const panel = await mayasHistory(ana, 360);
    await rowOf(panel, 'Saved for the wrong client').getByRole('button').click();
    await panel.getByRole('button', { name: 'Delete session…' }).click();
    await shootAll(panel, 'panel-history-delete');
    await panel.getByRole('button', { name: 'Delete session', exact: true }).click();
    await expect.poll(() => !!records(p, 'Sessions').find((s) => s.session_id === ids.mistake)?.deleted_at, { timeout: 30_000 }).toBe(true);
    expect(records(p, 'ActionItems').find((i) => i.item_id === items.mistake![0])?.status).toBe('dropped');
    await expect.poll(() => panel.locator('.history-list').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => rowOf(panel, 'Saved for the wrong client').count(), { timeout: 30_000 }).toBe(0);
    await panel.close();
  });

  it(
    "after a handover the new coach sees the history read-only, without the previous coach's confidential notes, and cannot correct it",
    { timeout: 150_000 },
    async () => {
      const maya = records(p, 'Clients').find((c) => c.name === 'Maya Thompson')!.client_id as string;
      const handed = p.post({ v: 1, op: 'updateClient', token: admin.token, clientId: maya, client: { coachId: benCoach.coachId } });
      expect(handed.ok).toBe(true);
      ben = await launchWithExtension();
      await connectTo(ben.context, p, server, benCoach.token, testKey());
      const panel = await mayasHistory(ben, 360);
      await expect
        .poll(() => panel.locator('.history-others').textContent())
        .toContain('Confidential notes of the previous coach are not shown to you.');
      const confidential = panel.locator('.history-row').filter({ hasText: 'Confidential notes of the previous coach' });
      await expect.poll(() => confidential.count()).toBe(1);
      expect(await panel.locator('body').textContent()).not.toContain('CANARY');
      await shootAll(panel, 'panel-history-handover');
      await panel.locator('.history-row').first().getByRole('button').click();
      await expect
        .poll(() => panel.locator('.history-session').textContent())
        .toContain('Only the coach who wrote a session can correct it.');
      expect(await panel.getByRole('button', { name: 'Correct…' }).count()).toBe(0);
      expect(await panel.getByRole('button', { name: 'Delete session…' }).count()).toBe(0);

      // A correction forged into Ben's outbox is refused by the sheet and changes nothing.
      const before = JSON.stringify(records(p, 'Sessions'));
      const worker = await serviceWorker(ben.context);
      await worker.evaluate(
        ([sessionId, url, coachId, client]) =>
          chrome.storage.local.set({
            outbox: [
              {
                op: 'editSession',
                captureId: 'forged-1',
                owner: { url, coachId },
                request: { sessionId, session: { notes: 'Overwritten' } },
                about: { clientId: client, startedAt: '' },
                createdAt: Date.now(),
                attempts: 0,
                nextAttemptAt: Date.now(),
                state: 'waiting',
              },
            ],
          }),
        [ids.plain!, server.execUrl, benCoach.coachId, maya] as const,
      );
      await panel.reload();
      await expect.poll(() => panel.locator('.refused').textContent(), { timeout: 30_000 }).toContain('among the sessions you wrote');
      expect(JSON.stringify(records(p, 'Sessions'))).toBe(before);
      await panel.close();
    },
  );
});
