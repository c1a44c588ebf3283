// A reminder run SIGKILLed part-way, then run again, through the real CLI (`followthrough run
// runReminders`, the bundle in a process of its own): no address gets the same reminder twice, and at
// most one email — the one in flight when the process died — is lost. Before the EmailLog rows were
// written around each send (apps-script/src/services.ts), a run killed after 8 emails left no rows and
// the rerun sent those 8 again.
import { simpleParser } from 'mailparser';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { readWorkbook } from '../../local/store/read';
import { BIN, cli, exited } from '../helpers/cli';
import { newProgram, tempDir } from '../helpers/runtime';

// Tuesday 24 November 2026, 07:00 in New York: every client's item, due Thursday, is due soon.
const NOW = '2026-11-24T12:00:00Z';
const CLIENTS = 90; // within the local MailApp's daily quota of 100 recipients
const KILL_AFTER = 25;

const kill: Array<() => void> = [];
afterEach(() => {
  for (const k of kill.splice(0)) k();
});

function spooled(dataDir: string): number {
  const dir = join(dataDir, 'mail-spool');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0;
}

async function recipientsOf(dataDir: string): Promise<string[]> {
  const dir = join(dataDir, 'outbox');
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  const mails = await Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
  return mails.map((m) => (m.to && !Array.isArray(m.to) ? (m.to.value[0]!.address ?? '') : ''));
}

function emailLog(dataDir: string): Array<Record<string, unknown>> {
  const sheet = readWorkbook(dataDir).sheets.find((s) => s.name === 'EmailLog')!;
  const header = sheet.cells[0]!.map(String);
  return sheet.cells
    .slice(1)
    .filter((r) => r.some((c) => c !== null))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? null])));
}

describe('a reminder run killed part-way', () => {
  it('never sends an address the same reminder twice and loses at most the email in flight', { timeout: 180_000 }, async () => {
    const dataDir = tempDir();
    const p = newProgram({ dataDir, now: new Date(NOW), log: () => {} });
    for (let n = 0; n < CLIENTS; n++) {
      const answer = p.post({
        v: 1,
        op: 'capture',
        token: p.token,
        captureId: `c${n}`,
        session: { newClient: { name: `Client ${n}`, email: `client${n}@example.org` }, startedAt: '2026-11-17T15:00:00Z' },
        actionItems: [{ text: `Step for client ${n}`, due: '2026-11-26' }],
      });
      if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    }
    await p.rt.close();

    // The first run: killed once some emails are in the mail spool (sent, as MailApp has them).
    const env = { ...process.env, FOLLOWTHROUGH_NOW: NOW };
    const child = spawn(process.execPath, [BIN, 'run', 'runReminders', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env });
    kill.push(() => child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    while (spooled(dataDir) < KILL_AFTER && child.exitCode === null) await new Promise((r) => setImmediate(r));
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode, `the run ended before it could be killed: ${output}`).toBe('SIGKILL');
    const sentBeforeKill = spooled(dataDir);
    expect(sentBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(sentBeforeKill).toBeLessThan(CLIENTS);

    // The rerun completes; closing delivers every spooled message (both runs') to outbox/.
    const rerun = cli(['run', 'runReminders', '--data', dataDir], { FOLLOWTHROUGH_NOW: NOW });
    expect(rerun.code, rerun.err).toBe(0);

    const recipients = await recipientsOf(dataDir);
    const times = new Map<string, number>();
    for (const to of recipients) times.set(to, (times.get(to) ?? 0) + 1);
    const twice = [...times].filter(([, n]) => n > 1).map(([to]) => to);
    expect(twice, 'addresses that got the reminder twice').toEqual([]);
    const lost = Array.from({ length: CLIENTS }, (_, n) => `client${n}@example.org`).filter((to) => !times.has(to));
    expect(lost.length, `lost: ${lost.join(', ')}`).toBeLessThanOrEqual(1);

    // The log says what happened: one row per email; a lost email is the one row left pending.
    const log = emailLog(dataDir);
    expect(log).toHaveLength(CLIENTS);
    const pending = log.filter((r) => r.status === 'pending').map((r) => r.to);
    expect(pending.length).toBeLessThanOrEqual(1);
    for (const to of lost) expect(pending).toContain(to);
    expect(log.filter((r) => r.status === 'sent')).toHaveLength(CLIENTS - pending.length);
    expect(columnsOf('EmailLog').every((c) => c in log[0]!)).toBe(true);
  });
});
