// The leaders' outputs on a seeded program: the Dashboard tab, the dialog's data, the weekly summary
// email, the client summary — and a confidential canary that must appear in none of the leaders' ones.
import { simpleParser, type ParsedMail } from 'mailparser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { displayValue } from '../../local/display';
import type { TestProgram } from '../helpers/runtime';
import { seedProgram, type SeededProgram } from '../helpers/seed';

const NOW = new Date('2026-11-24T12:00:00Z'); // Tuesday, 07:00 in New York

const programs: TestProgram[] = [];
afterEach(async () => {
  for (const p of programs.splice(0)) await p.rt.close();
});

function seeded(): SeededProgram {
  const p = seedProgram(NOW);
  programs.push(p);
  return p;
}

function dashboardText(p: TestProgram): string {
  const tz = p.rt.data.timeZone;
  return p.rt.data.sheets.find((s) => s.name === 'Dashboard')!.cells.map((r) => r.map((c) => displayValue(c ?? null, tz)).join('\t')).join('\n');
}

async function sent(p: TestProgram): Promise<ParsedMail[]> {
  await p.rt.mail.drain();
  const dir = p.rt.mail.outboxDir;
  return Promise.all(readdirSync(dir).sort().map((f) => simpleParser(readFileSync(join(dir, f)))));
}

describe('refreshDashboard', () => {
  it('writes headed tables with the program figures and two charts, and keeps confidences', () => {
    const p = seeded();
    expect(p.rt.call('refreshDashboard')).toEqual({ rows: expect.any(Number), charts: 2 });
    const text = dashboardText(p);
    expect(text).toContain('coaching dashboard');
    expect(text).toMatch(/This week\tNow\tLast week\tChange/);
    // This week (18–24 Nov): sessions on the 20th and the 23rd; the week before: none.
    expect(text).toMatch(/Sessions held\t2\t0\t2/);
    // Items due this week: "Film" derailed, Dan's past due → 0 kept; last week: the timer, done → 1.
    expect(text).toMatch(/Commitments kept\t0\t1\t-1/);
    // Active clients 3; seen on cadence now: Maya (23rd), Dan (20th), not Priya (1 Sep).
    expect(text).toMatch(/Clients seen on cadence\t0\.6666/);
    expect(text).toMatch(/Open overdue items\t1\t0\t1/);
    expect(text).toContain('Coach\tSessions\tCoverage\tCompletion rate');
    expect(text).toContain('Ana Rivera');
    expect(text).toContain('Ben Ortiz');
    expect(text).toContain('Bright spots (#win)');
    expect(text).toContain('Transitions work'); // the non-confidential #win session's story
    expect(text).not.toContain('CANARY');
    const sheet = p.rt.data.sheets.find((s) => s.name === 'Dashboard')!;
    expect(Object.keys(sheet.meta?.charts ?? {})).toHaveLength(2);
    expect(JSON.stringify(sheet.meta?.numberFormat)).toContain('0%');
    // A second refresh replaces, not adds.
    p.rt.call('refreshDashboard');
    expect(Object.keys(p.rt.data.sheets.find((s) => s.name === 'Dashboard')!.meta?.charts ?? {})).toHaveLength(2);
  });

  it('gives the dialog the figures for a filter, without confidences', () => {
    const p = seeded();
    const all = p.rt.call('dashboardData', {}) as { program: { sessions: number; coaches: Array<{ name: string }> }; organizations: string[]; coaches: unknown[] };
    expect(all.organizations).toEqual(['Lincoln MS', 'Northwind']);
    expect(all.program.coaches.map((c) => c.name).sort()).toEqual(['Ana Rivera', 'Ben Ortiz']);
    const northwind = p.rt.call('dashboardData', { organization: 'Northwind' }) as { program: { sessions: number } };
    expect(northwind.program.sessions).toBe(0); // Priya's kick-off is before the 12-week window
    expect(JSON.stringify(all)).not.toContain('CANARY');
  });
});

describe('sendLeaderSummary', () => {
  it('sends one summary to each leader and leader_emails address, once a week, with bars that need no images', async () => {
    const p = seeded();
    expect(p.rt.call('sendLeaderSummary')).toMatchObject({ sent: 2, recipients: ['lee@example.org', 'board@example.org'] });
    const mails = await sent(p);
    expect(mails).toHaveLength(2);
    for (const m of mails) {
      expect(m.subject).toMatch(/sessions this week/);
      expect(m.html).toContain('bgcolor=');
      expect(m.html).not.toMatch(/<svg|<img|<script/i);
      expect(m.text).toContain('Sessions by coach');
      expect(`${m.html}${m.text}`).not.toContain('CANARY');
    }
    expect(mails[0]!.html).toContain('Transitions work');
    expect(p.rt.call('sendLeaderSummary')).toMatchObject({ sent: 0, skipped: 2 });
  });
});

describe('client progress summary', () => {
  it('the coach sends it from the panel (op clientSummary) to the client, reply-to the coach, with no notes', async () => {
    const p = seeded();
    const maya = p.post({ v: 1, op: 'sync', token: p.token }).clients.find((c: { name: string }) => c.name === 'Maya Thompson');
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya.client_id })).toEqual({ ok: true, sent: true, to: 'maya@example.org' });
    const [mail] = await sent(p);
    expect(mail!.subject).toBe('Your coaching progress with Ana Rivera');
    expect(mail!.replyTo?.value[0]?.address).toBe('ana@example.org');
    expect(mail!.text).toContain('Try a countdown timer');
    expect(mail!.text).not.toContain('CANARY');
    expect(mail!.text).not.toContain('Transitions work');
  });

  it('refuses another coach\'s client and a client without an email, writing nothing', () => {
    const p = seeded();
    const ben = p.post({ v: 1, op: 'sync', token: p.token }).clients;
    expect(ben.map((c: { name: string }) => c.name)).toEqual(['Maya Thompson']);
    const before = p.snapshot();
    const others = p.post({ v: 1, op: 'sync', token: p.leaderToken }).clients;
    const priya = others.find((c: { name: string }) => c.name === 'Priya Shah');
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: priya.client_id }).error).toMatchObject({ code: 'bad_request', field: 'clientId' });
    expect(p.snapshot()).toBe(before);
  });
});
