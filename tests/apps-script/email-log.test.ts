// sendLoggedEmail and EmailSender (apps-script/src/services.ts) through the built bundle: every email
// is an EmailLog row, pending before the send and sent or failed after; a pending row left by a run
// that died is never sent again; a failed one is; sheet calls grow with emails, not with items.
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { inviteCoach } from '../../local/editor';
import type { Runtime } from '../../local/runtime';
import { firstTo, mails } from '../helpers/mail';
import { programsPerTest } from '../helpers/programs';
import type { TestProgram } from '../helpers/runtime';

// Tuesday 24 November 2026, 07:00 in New York (the sheet's time zone).
const NOW = new Date('2026-11-24T12:00:00Z');
const LOG_COLUMNS = columnsOf('EmailLog') as string[];

const programs = programsPerTest({ now: NOW });
const program = (mailQuota = 100) => programs.program({ mailQuota });

/** A client with `items` action items, all due on Thursday the 26th (due soon on the 24th). */
function client(p: TestProgram, n: number, email: string, items = 1): void {
  const actionItems = Array.from({ length: items }, (_, i) => ({ text: `Step ${i} for client ${n}`, due: '2026-11-26' }));
  const answer = p.post({
    v: 1,
    op: 'capture',
    token: p.token,
    captureId: `c${n}`,
    session: { newClient: { name: `Client ${n}`, email }, startedAt: '2026-11-17T15:00:00Z' },
    actionItems,
  });
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
}

function log(p: TestProgram): Array<Record<string, unknown>> {
  return p.rows('EmailLog').map((r) => Object.fromEntries(LOG_COLUMNS.map((c, i) => [c, r[i]])));
}

async function recipients(rt: Runtime): Promise<string[]> {
  return (await mails(rt)).map(firstTo).sort();
}

describe('EmailLog around every send', () => {
  it('logs one row per email, sent, and leaves no pending row after a run that ends', async () => {
    const p = program();
    for (let n = 0; n < 4; n++) client(p, n, `client${n}@example.org`, 3);
    expect(p.rt.call('runReminders')).toMatchObject({ sent: 4, failed: 0 });
    const rows = log(p);
    expect(rows.map((r) => `${r.to} ${r.kind} ${r.status}`).sort()).toEqual(
      [0, 1, 2, 3].map((n) => `client${n}@example.org due_soon sent`),
    );
    for (const r of rows) expect(String(r.item_ids).split(' ')).toHaveLength(3);
    expect(await recipients(p.rt)).toEqual([0, 1, 2, 3].map((n) => `client${n}@example.org`));
  });

  it('never sends again an email whose row a dead run left pending; sends again one that failed', async () => {
    const p = program();
    for (let n = 0; n < 3; n++) client(p, n, `client${n}@example.org`);
    p.rt.call('runReminders');
    expect(await recipients(p.rt)).toHaveLength(3);
    // As a run that died would leave them: client0's row pending (sent or not, unknown), client1's
    // failed; and the items' reminder state as if this run had never happened.
    const statusColumn = LOG_COLUMNS.indexOf('status') + 1;
    const rowOf = (to: string) => log(p).findIndex((r) => r.to === to) + 2;
    p.write('EmailLog', rowOf('client0@example.org'), statusColumn, [['pending']]);
    p.write('EmailLog', rowOf('client1@example.org'), statusColumn, [['failed']]);
    const again = p.rt.call('runReminders') as { sent: number; planned: number };
    expect(again).toMatchObject({ planned: 1, sent: 1 });
    const all = await recipients(p.rt);
    expect(all.filter((a) => a === 'client0@example.org')).toHaveLength(1);
    expect(all.filter((a) => a === 'client1@example.org')).toHaveLength(2);
    expect(
      log(p)
        .filter((r) => r.status === 'sent')
        .map((r) => r.to)
        .sort(),
    ).toEqual(['client1@example.org', 'client2@example.org']);
  });

  it('logs a send MailApp refuses as failed, with its error, and carries on with the next email', async () => {
    const p = program();
    // Our address rule accepts it; MailApp's parser refuses the underscore in the domain ("Invalid email").
    client(p, 0, 'odd@exa_mple.org');
    client(p, 1, 'client1@example.org');
    expect(p.rt.call('runReminders')).toMatchObject({ sent: 1, failed: 1 });
    const rows = log(p);
    expect(rows.find((r) => r.to === 'odd@exa_mple.org')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('Invalid email'),
    });
    expect(rows.find((r) => r.to === 'client1@example.org')).toMatchObject({ status: 'sent', detail: null }); // an empty cell
    expect(await recipients(p.rt)).toEqual(['client1@example.org']);
  });

  it('stops at the quota without a row for the email it could not send', async () => {
    const p = program(2);
    for (let n = 0; n < 3; n++) client(p, n, `client${n}@example.org`);
    expect(p.rt.call('runReminders')).toMatchObject({ sent: 2, left: 1, stoppedBy: 'quota' });
    expect(log(p).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('writes the log with one setValues and one flush per email, however many items each carries', async () => {
    const counts = async (items: number) => {
      const p = program();
      for (let n = 0; n < 5; n++) client(p, n, `client${n}@example.org`, items);
      p.rt.host.calls.clear();
      expect(p.rt.call('runReminders')).toMatchObject({ sent: 5 });
      return { setValues: p.rt.host.calls.get('sheets.setValues'), flush: p.rt.host.calls.get('sheets.flush') };
    };
    // 5 emails: 5 writes of (previous status + pending row), the last status, the items' counters;
    // a flush before each send and one as the lock is released.
    expect(await counts(1)).toEqual({ setValues: 7, flush: 6 });
    expect(await counts(8)).toEqual({ setValues: 7, flush: 6 });
  });

  it('logs invitations: sent, or failed with the reason shown to the admin', async () => {
    const p = program();
    // Through the menu's dialog, as an editor invites (inviteCoach needs the dialog's capability).
    const ok = inviteCoach(p.rt, 'Ben Ortiz', 'ben@example.org', 'coach', true);
    expect(ok.emailed).toBe(true);
    const bad = inviteCoach(p.rt, 'Odd Name', 'odd@exa_mple.org', 'coach', true);
    expect(bad).toMatchObject({ emailed: false, emailError: expect.stringContaining('Invalid email') });
    expect(log(p).map((r) => `${r.kind} ${r.to} ${r.status}`)).toEqual(['invite ben@example.org sent', 'invite odd@exa_mple.org failed']);
    // A comma-joined cell is not one address (the invitation used to accept it).
    expect(() => inviteCoach(p.rt, 'Two People', 'a,b@example.org')).toThrow(/Not an email address/);
  });
});
