// The admin's menu actions for data rights and a departing coach (built bundle, as an editor at the
// sheet opens the dialogs): the client-data export file, deleting a client from the same dialog (the
// rows deleteClient removes, confirmed by the typed name), data retention (the dialog and the daily
// trigger remove exactly the rows older than the setting and report it), hand-over of a coach's
// clients (reminders then reply to the new coach), and revoking a coach who still has clients.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDialog } from '../../local/editor';
import { clockEvent } from '../../local/host/triggers';
import { unwrap } from '../../local/runtime';
import { columnsOf, type TabName } from '../../shared/schema';
import { seal, testKey } from '../helpers/envelope';
import { firstTo, mails } from '../helpers/mail';
import { newProgram, type TestProgram } from '../helpers/runtime';

// A Tuesday in New York.
const NOW = new Date('2026-11-24T17:00:00Z');
// A confidential note as the extension seals it (the web app refuses anything else).
const ENVELOPE = seal('secret words', testKey());

function records(p: TestProgram, tab: TabName): Record<string, unknown>[] {
  const cols = columnsOf(tab) as string[];
  return p.rows(tab).map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null])));
}

let p: TestProgram;
const post = (body: Record<string, unknown>, token?: string) => p.accepted(body, token);
beforeEach(() => {
  p = newProgram({ now: NOW, mailQuota: 100, log: () => {} });
});
afterEach(async () => {
  await p.rt.close();
});

describe('Export or delete a client’s data…', () => {
  /**
   * Ana's two clients: Maya, a confidential session with an item due on `due` and a goal with
   * `milestones`; Priya, a session with `priyaItems`. Their client ids.
   */
  function mayaAndPriya(due: string, milestones: unknown[], priyaItems: unknown[] = []) {
    const maya = post({
      op: 'capture',
      captureId: 'm1',
      session: {
        newClient: { name: 'Maya Thompson', email: 'maya@example.org', organization: 'Lincoln MS' },
        startedAt: '2026-11-17T15:00:00Z',
        notes: ENVELOPE,
        confidential: true,
      },
      actionItems: [{ text: 'Film one transition', due }],
      goals: [{ goalId: 'g1', title: 'Faster transitions', milestones }],
    }).clientId as string;
    const priya = post({
      op: 'capture',
      captureId: 'p1',
      session: { newClient: { name: 'Priya Shah', email: 'priya@example.org' }, startedAt: '2026-11-18T15:00:00Z' },
      actionItems: priyaItems,
    }).clientId as string;
    return { maya, priya };
  }

  it('offers the rows clientData answers as a JSON file, confidential notes as envelopes', () => {
    const { maya } = mayaAndPriya('2026-11-26', []);
    const admin = p.invite('Ada Admin', 'ada@example.org', 'admin');

    const capability = openDialog(p.rt, 'showClientDataDialog');
    expect(p.rt.call('clientsForExport', capability)).toEqual([
      { clientId: maya, label: 'Maya Thompson — Lincoln MS', name: 'Maya Thompson' },
      { clientId: expect.any(String), label: 'Priya Shah', name: 'Priya Shah' },
    ]);
    const file = p.rt.call('exportClientData', capability, maya) as {
      fileName: string;
      mimeType: string;
      content: string;
      counts: Record<string, number>;
    };
    expect(file.fileName).toBe('followthrough-maya-thompson-2026-11-24.json');
    expect(file.mimeType).toBe('application/json');
    const parsed = JSON.parse(file.content);
    const answer = post({ op: 'clientData', clientId: maya }, admin.token);
    expect(parsed).toMatchObject({ format: 'followthrough.clientData/1', clientId: maya, tabs: answer.tabs });
    expect(parsed.tabs.Sessions[0].notes).toBe(ENVELOPE);
    expect(file.counts).toMatchObject({ Clients: 1, Goals: 1, Sessions: 1, ActionItems: 1, StageHistory: 1 });
    expect(file.content).not.toContain('priya');

    // A page of the web app cannot call it (no capability), nor can another dialog's capability.
    expect(() => p.rt.callIn(p.rt.webApp, 'exportClientData', 'x'.repeat(30), maya)).toThrow(/expired or was not opened/);
    expect(() => p.rt.call('exportClientData', openDialog(p.rt, 'showDashboard'), maya)).toThrow(/expired or was not opened/);
    expect(() => p.rt.call('exportClientData', capability, 'cli_nobody')).toThrow(/No client "cli_nobody"/);
  });

  it('deletes a client ("delete me") once their name is typed: every row deleteClient removes, the log scrubbed', async () => {
    const { maya, priya } = mayaAndPriya(
      '2026-11-25',
      [{ milestoneId: 'm1', title: 'First film' }],
      [{ text: 'Read chapter 2', due: '2026-11-25' }],
    );
    p.rt.call('runReminders'); // an email to Maya, logged with her address
    expect((await mails(p.rt)).some((m) => firstTo(m) === 'maya@example.org')).toBe(true);
    const admin = p.invite('Ada Admin', 'ada@example.org', 'admin');
    const expected = post({ op: 'clientData', clientId: maya }, admin.token).tabs as Record<string, unknown[]>;
    const priyaBefore = JSON.stringify(post({ op: 'clientData', clientId: priya }, admin.token).tabs);

    const capability = openDialog(p.rt, 'showClientDataDialog');
    // Refused, writing nothing: the wrong name, no name, another dialog's capability, a web-app page.
    const before = p.snapshot();
    expect(() => p.rt.call('deleteClientData', capability, maya, 'Priya Shah')).toThrow(/Type the client’s name exactly/);
    expect(() => p.rt.call('deleteClientData', capability, maya, '')).toThrow(/Type the client’s name exactly/);
    expect(() => p.rt.call('deleteClientData', openDialog(p.rt, 'showDashboard'), maya, 'Maya Thompson')).toThrow(
      /expired or was not opened/,
    );
    expect(() => p.rt.callIn(p.rt.webApp, 'deleteClientData', 'x'.repeat(30), maya, 'Maya Thompson')).toThrow(/expired or was not opened/);
    expect(p.snapshot()).toBe(before);

    const answer = p.rt.call('deleteClientData', capability, maya, '  maya thompson ') as { name: string; deleted: Record<string, number> };
    expect(answer).toEqual({
      name: 'Maya Thompson',
      deleted: Object.fromEntries(Object.entries(expected).map(([tab, rows]) => [tab, rows.length])),
    });
    expect(answer.deleted).toMatchObject({ Clients: 1, Goals: 1, Milestones: 1, Sessions: 1, ActionItems: 1, EmailLog: 1 });
    // Nothing in the workbook names her any more; Priya's rows are as they were.
    const cells = JSON.stringify(p.rt.data.sheets.map((s) => s.cells)).toLowerCase();
    for (const canary of ['maya thompson', 'maya@example.org', maya.toLowerCase()]) expect(cells).not.toContain(canary);
    expect(JSON.stringify(post({ op: 'clientData', clientId: priya }, admin.token).tabs)).toBe(priyaBefore);
    expect((p.rt.call('clientsForExport', capability) as Array<{ name: string }>).map((c) => c.name)).toEqual(['Priya Shah']);
    // Again: no such client any more.
    expect(() => p.rt.call('deleteClientData', capability, maya, 'Maya Thompson')).toThrow(/No client/);
  });
});

describe('data retention', () => {
  /** Sessions either side of the cutoff (3 years before 24 November 2026 in New York: 2023-11-24 05:00Z). */
  function seedHistory() {
    const old = post({
      op: 'capture',
      captureId: 'old',
      session: { newClient: { name: 'Maya Thompson', email: 'maya@example.org' }, startedAt: '2023-11-23T15:00:00Z' },
      actionItems: [{ text: 'Old open item' }, { text: 'Old item 2' }],
    });
    const maya = old.clientId as string;
    const older = post({
      op: 'capture',
      captureId: 'older',
      session: { clientId: maya, startedAt: '2021-02-01T15:00:00Z' },
      actionItems: [{ text: 'Older item' }],
    });
    const kept = post({
      op: 'capture',
      captureId: 'kept',
      session: { clientId: maya, startedAt: '2023-11-24T05:00:00Z' },
      actionItems: [{ text: 'Kept item' }],
    });
    const recent = post({
      op: 'capture',
      captureId: 'recent',
      session: { clientId: maya, startedAt: '2026-11-20T15:00:00Z' },
      actionItems: [{ text: 'Recent item' }],
    });
    // Preparation answers and email log rows either side of the cutoff, as the pages and runs write them.
    const prepCols = columnsOf('Prep') as string[];
    const prep = (id: string, at: string) =>
      prepCols.map((c) => (({ prep_id: id, client_id: maya, submitted_at: new Date(at), wins: 'w' }) as Record<string, unknown>)[c] ?? '');
    p.write('Prep', 2, 1, [prep('prep-old', '2023-11-24T04:59:59Z'), prep('prep-new', '2023-11-24T05:00:00Z')]);
    const logCols = columnsOf('EmailLog') as string[];
    const log = (id: string, at: string) =>
      logCols.map(
        (c) =>
          (
            ({ log_id: id, sent_at: new Date(at), kind: 'due_soon', to: 'maya@example.org', subject: 's', status: 'sent' }) as Record<
              string,
              unknown
            >
          )[c] ?? '',
      );
    p.write('EmailLog', 2, 1, [log('log-old', '2022-05-01T12:00:00Z'), log('log-new', '2024-05-01T12:00:00Z')]);
    return { maya, gone: [old, older], kept: [kept, recent] };
  }
  const ids = (tab: TabName, column: string) => records(p, tab).map((r) => r[column]);

  it('is off by default: the dialog says so and nothing is removed', () => {
    seedHistory();
    const before = p.snapshot();
    const capability = openDialog(p.rt, 'showRetentionDialog');
    const state = p.rt.call('retentionState', capability) as { preview: { years: number; cutoff: string; counts: Record<string, number> } };
    expect(state.preview).toMatchObject({ years: 0, cutoff: '', counts: { Sessions: 0, ActionItems: 0, Prep: 0, EmailLog: 0 } });
    expect(p.rt.call('applyRetentionNow', capability)).toMatchObject({
      years: 0,
      counts: { Sessions: 0, ActionItems: 0, Prep: 0, EmailLog: 0 },
    });
    const sheetsBefore = JSON.parse(before) as Array<{ name: string; cells: unknown }>;
    expect(JSON.parse(p.snapshot()).map((s: { cells: unknown }) => s.cells)).toEqual(sheetsBefore.map((s) => s.cells));
  });

  it('the dialog previews, then removes exactly the rows older than the setting, and reports it', () => {
    const { gone, kept } = seedHistory();
    expect(p.saveSettings({ retention_years: '3' })).toMatchObject({ ok: true });
    expect(p.saveSettings({ retention_years: 'three' })).toMatchObject({
      ok: false,
      problems: { retention_years: expect.stringContaining('0 to 100') },
    });
    const capability = openDialog(p.rt, 'showRetentionDialog');
    const expected = { Sessions: 2, ActionItems: 3, Prep: 1, EmailLog: 1 };
    const before = p.snapshot();
    const state = p.rt.call('retentionState', capability) as { preview: Record<string, unknown>; lastRun: unknown };
    expect(state.preview).toMatchObject({ years: 3, cutoff: '2023-11-24T05:00:00.000Z', counts: expected });
    expect(state.lastRun).toBeNull();
    expect(p.snapshot()).toBe(before); // a preview writes nothing

    const report = p.rt.call('applyRetentionNow', capability);
    expect(report).toMatchObject({ years: 3, counts: expected, by: 'menu' });
    expect(ids('Sessions', 'session_id')).toEqual(kept.map((k) => k.sessionId));
    expect(ids('ActionItems', 'text')).toEqual(['Kept item', 'Recent item']);
    expect(ids('Prep', 'prep_id')).toEqual(['prep-new']);
    expect(ids('EmailLog', 'log_id')).toContain('log-new');
    expect(ids('EmailLog', 'log_id')).not.toContain('log-old');
    for (const g of gone) expect(JSON.stringify(p.rt.data.sheets)).not.toContain(g.sessionId);
    // The client and its engagement stay.
    expect(records(p, 'Clients')).toHaveLength(1);
    expect(records(p, 'StageHistory')).toHaveLength(1);
    // The report is kept for the dialog; a second run finds nothing.
    expect((p.rt.call('retentionState', capability) as { lastRun: unknown }).lastRun).toMatchObject({ by: 'menu', counts: expected });
    expect(p.rt.call('applyRetentionNow', capability)).toMatchObject({ counts: { Sessions: 0, ActionItems: 0, Prep: 0, EmailLog: 0 } });
  });

  it('runs daily with automation, from its own trigger only', async () => {
    seedHistory();
    expect(p.saveSettings({ retention_years: '3' })).toMatchObject({ ok: true });
    p.rt.call('toggleAutomation');
    const trigger = p.rt.host.triggers.list().find((t) => t.handler === 'applyRetention')!;
    expect(trigger).toMatchObject({ timeZone: 'America/New_York', spec: { everyDays: 1, atHour: 7 } });
    // A web-app page passing a made-up trigger id is refused, and removes nothing.
    const before = p.snapshot();
    expect(() => p.rt.callIn(p.rt.webApp, 'applyRetention', { triggerUid: 'forged' })).toThrow(/runs only from its trigger/);
    expect(() => p.rt.callIn(p.rt.webApp, 'applyRetention', { triggerUid: trigger.uid.replace(/.$/, 'x') })).toThrow(
      /runs only from its trigger/,
    );
    expect(p.snapshot()).toBe(before);
    const run = await p.rt.executeIn(p.rt.asTrigger(trigger.owner), 'applyRetention', clockEvent(trigger, NOW.getTime()));
    expect(unwrap(run.value)).toMatchObject({ by: 'trigger', counts: { Sessions: 2, ActionItems: 3, Prep: 1, EmailLog: 1 } });
    expect(records(p, 'Sessions')).toHaveLength(2);
    // Turning automation off removes the retention trigger with the others.
    p.rt.call('toggleAutomation');
    expect(p.rt.host.triggers.list()).toEqual([]);
  });
});

describe('Hand over clients or revoke a coach…', () => {
  function seedCoaches() {
    const ben = p.invite('Ben Ortiz', 'ben@example.org');
    const maya = post({
      op: 'capture',
      captureId: 'm1',
      session: { newClient: { name: 'Maya Thompson', email: 'maya@example.org' }, startedAt: '2026-11-17T15:00:00Z' },
      actionItems: [{ text: 'Film one transition', due: '2026-11-25' }],
    }).clientId as string;
    const priya = post({
      op: 'capture',
      captureId: 'p1',
      client: { stage: 'closed' },
      session: { newClient: { name: 'Priya Shah' }, startedAt: '2026-11-18T15:00:00Z' },
    }).clientId as string;
    return { ben, maya, priya };
  }

  it('lists coaches with their clients, hands the chosen ones over, and reminders then reply to the new coach', async () => {
    const { ben, maya, priya } = seedCoaches();
    const capability = openDialog(p.rt, 'showHandoverDialog');
    const state = p.rt.call('handoverState', capability) as Array<{
      coachId: string;
      name: string;
      active: boolean;
      clients: Array<{ clientId: string; open: boolean; stage: string }>;
    }>;
    const ana = state.find((c) => c.coachId === p.coachId)!;
    expect(ana.clients).toEqual([
      { clientId: maya, label: 'Maya Thompson', stage: 'active', open: true },
      { clientId: priya, label: 'Priya Shah', stage: 'closed', open: false },
    ]);
    // Refused before any write: to a coach who is not active, a client who is not Ana's, nothing chosen.
    const before = p.snapshot();
    expect(() => p.rt.call('handOverClients', capability, p.coachId, 'coa_nobody', [maya])).toThrow(/not an active coach/);
    expect(() => p.rt.call('handOverClients', capability, ben.coachId, p.coachId, [maya])).toThrow(
      /Maya Thompson is not Ben Ortiz’s client/,
    );
    expect(() => p.rt.call('handOverClients', capability, p.coachId, ben.coachId, [])).toThrow(/at least one client/);
    expect(p.snapshot()).toBe(before);

    expect(p.rt.call('handOverClients', capability, p.coachId, ben.coachId, [maya])).toEqual({ moved: 1, to: 'Ben Ortiz' });
    expect(records(p, 'Clients').map((c) => [c.client_id, c.coach_id])).toEqual([
      [maya, ben.coachId],
      [priya, p.coachId],
    ]);
    expect(post({ op: 'sync' }, ben.token).clients.map((c: { client_id: string }) => c.client_id)).toEqual([maya]);
    p.rt.call('runReminders');
    const toMaya = (await mails(p.rt)).filter((m) => firstTo(m) === 'maya@example.org');
    expect(toMaya).toHaveLength(1);
    expect(toMaya[0]!.replyTo?.value[0]?.address).toBe('ben@example.org');
  });

  it('revoking a coach who still has clients asks first and writes nothing; after the hand-over it revokes', () => {
    const { ben, maya } = seedCoaches();
    const capability = openDialog(p.rt, 'showHandoverDialog');
    const before = p.snapshot();
    expect(p.rt.call('revokeCoach', capability, p.coachId)).toEqual({
      revoked: false,
      name: 'Ana Rivera',
      clients: [{ clientId: maya, label: 'Maya Thompson' }],
    });
    expect(p.snapshot()).toBe(before);
    expect(post({ op: 'hello' })).toMatchObject({ ok: true });

    p.rt.call('handOverClients', capability, p.coachId, ben.coachId, [maya]);
    // Only a closed client is left with Ana: nothing to ask.
    expect(p.rt.call('revokeCoach', capability, p.coachId)).toEqual({ revoked: true, name: 'Ana Rivera', clients: [] });
    expect(records(p, 'Coaches').find((c) => c.coach_id === p.coachId)).toMatchObject({ active: false });
    expect(p.post({ v: 1, op: 'hello', token: p.token })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // The dialog lists her as revoked, and does not offer her as a coach to hand over to.
    const state = p.rt.call('handoverState', capability) as Array<{ coachId: string; active: boolean }>;
    expect(state.find((c) => c.coachId === p.coachId)).toMatchObject({ active: false });
    expect(() => p.rt.call('handOverClients', capability, ben.coachId, p.coachId, [maya])).toThrow(/not an active coach/);
  });

  it('an admin may revoke and leave the clients assigned, when told so', () => {
    const { maya } = seedCoaches();
    const capability = openDialog(p.rt, 'showHandoverDialog');
    expect(p.rt.call('revokeCoach', capability, p.coachId, true)).toEqual({
      revoked: true,
      name: 'Ana Rivera',
      clients: [{ clientId: maya, label: 'Maya Thompson' }],
    });
    expect(records(p, 'Coaches').find((c) => c.coach_id === p.coachId)).toMatchObject({ active: false });
    expect(() => p.rt.callIn(p.rt.webApp, 'revokeCoach', 'x'.repeat(30), p.coachId, true)).toThrow(/expired or was not opened/);
  });
});
