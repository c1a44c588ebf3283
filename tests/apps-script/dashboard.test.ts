// The leaders' outputs on a seeded program: the Dashboard tab, the dialog's data, the weekly summary
// email, the client summary — and a confidential canary that must appear in none of the leaders' ones.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { displayValue } from '../../local/workbook/display';
import { openDialog } from '../../local/editor';
import { exportXlsx } from '../../local/cli/export';
import { mails } from '../helpers/mail';
import { programsPerTest } from '../helpers/programs';
import type { TestProgram } from '../helpers/runtime';
import { CANARY, PRIVATE_LINE, REASON, seedProgram, type SeededProgram } from '../helpers/seed';

const NOW = new Date('2026-11-24T12:00:00Z'); // Tuesday, 07:00 in New York

const { closeAfterTest } = programsPerTest();
const seeded = (): SeededProgram => closeAfterTest(seedProgram(NOW));

function dashboardText(p: TestProgram): string {
  const tz = p.rt.data.timeZone;
  return p.rt.data.sheets
    .find((s) => s.name === 'Dashboard')!
    .cells.map((r) => r.map((c) => displayValue(c ?? null, tz)).join('\t'))
    .join('\n');
}

const sent = (p: TestProgram) => mails(p.rt);

describe('refreshDashboard', () => {
  it('writes a title, four KPI tiles and headed tables with their charts, and keeps confidences', () => {
    const p = seeded();
    expect(p.rt.call('refreshDashboard')).toEqual({ rows: expect.any(Number), charts: 6 });
    const text = dashboardText(p);
    expect(text).toContain('coaching dashboard');
    expect(text).toMatch(/Week 2026-11-18 to 2026-11-24/);
    // The tiles: this week (18–24 Nov) against the week before.
    expect(text).toMatch(/Sessions held\t\tCommitments kept\t\tClients seen on cadence\t\tOpen overdue items/);
    // Sessions on the 20th and the 23rd; none the week before. Items due this week: "Film" derailed, Dan's
    // past due → 0 kept; the week before: the timer, done → 1. Active clients 3, seen on cadence: Maya
    // (23rd), Dan (20th), not Priya (1 Sep). One open overdue item.
    expect(text).toMatch(/\n2\t\t0\t\t0\.6666\d*\t\t1\t/);
    expect(text).toMatch(/\+2 vs the week before\t\t−100 pts vs the week before\t\t\+33 pts vs the week before\t\t\+1 vs the week before/);
    expect(text).toContain('Coach\tSessions\tClients seen on cadence\tCommitments kept');
    expect(text).toContain('Ana Rivera');
    expect(text).toContain('Ben Ortiz');
    expect(text).toContain('Bright spots (#win)');
    expect(text).toContain('Transitions work'); // the #win line of the non-confidential #win session
    expect(text).not.toContain('CANARY');
    expect(text).not.toContain(PRIVATE_LINE); // the rest of that note
    const sheet = p.rt.data.sheets.find((s) => s.name === 'Dashboard')!;
    expect(Object.keys(sheet.meta?.charts ?? {})).toHaveLength(6);
    expect(JSON.stringify(sheet.meta?.numberFormat)).toContain('0%');
    // A second refresh replaces, not adds.
    p.rt.call('refreshDashboard');
    expect(Object.keys(p.rt.data.sheets.find((s) => s.name === 'Dashboard')!.meta?.charts ?? {})).toHaveLength(6);
  });

  it('styles the tab as a dashboard: title, tiles, shaded headers, bands, widths, frozen title; the export keeps them', async () => {
    const p = seeded();
    p.rt.call('refreshDashboard');
    p.rt.call('refreshDashboard');
    const sheets = p.rt.host.sheets;
    const id = sheets.sheetByName('Dashboard')!;
    const info = sheets.info(id);
    expect(info.frozenRows).toBe(2);
    const styles = sheets.getStyles(id, 1, 1, info.lastRow, 8);
    const cells = sheets.getCells(id, 1, 1, info.lastRow, 8);
    expect(styles[0]![0]).toMatchObject({ fontWeight: 'bold', fontSize: 18 });
    expect(styles[1]![0]).toMatchObject({ fontStyle: 'italic' });
    // The tiles: merged pairs, big bold numbers, the change in green (better) or red (worse).
    const valueRow = cells.findIndex((r) => r[0] === 2) + 1;
    expect(sheets.mergedRanges(id, valueRow, 1, 1, 8)).toEqual([
      [valueRow, 1, 1, 2],
      [valueRow, 3, 1, 2],
      [valueRow, 5, 1, 2],
      [valueRow, 7, 1, 2],
    ]);
    expect(styles[valueRow - 1]![0]).toMatchObject({
      fontWeight: 'bold',
      fontSize: 24,
      horizontalAlignment: 'center',
      background: '#f1f3f4',
    });
    expect(styles[valueRow]!.filter((_, i) => i % 2 === 0).map((s) => s.fontColor)).toEqual(['#137333', '#c5221f', '#137333', '#c5221f']);
    // A section: bold title, shaded bold header, banded rows, numbers right-aligned.
    const coachHead = cells.findIndex((r) => r[0] === 'Coach') + 1;
    expect(styles[coachHead - 2]![0]).toMatchObject({ fontWeight: 'bold', fontSize: 12 });
    expect(styles[coachHead - 1]!.slice(0, 6).every((s) => s.background === '#e8eaed' && s.fontWeight === 'bold')).toBe(true);
    expect(styles[coachHead - 1]![1]).toMatchObject({ horizontalAlignment: 'right' });
    expect([styles[coachHead]![0]!.background ?? null, styles[coachHead + 1]![0]!.background]).toEqual([null, '#f8f9fa']);
    expect([sheets.getColumnWidth(id, 1), sheets.getColumnWidth(id, 2), sheets.getRowHeight(id, 1)]).toEqual([230, 110, 40]);
    // A second refresh leaves no merge or style of the first behind (one set of tiles).
    expect(sheets.mergedRanges(id, 1, 1, info.lastRow, 8)).toHaveLength(14);

    const file = join(p.dataDir, 'dashboard.xlsx');
    await exportXlsx(p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const ws = book.getWorksheet('Dashboard')!;
    let bold = 0;
    let filled = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.font?.bold) bold++;
        if (cell.fill && 'fgColor' in cell.fill && cell.fill.fgColor) filled++;
      }),
    );
    expect(bold).toBeGreaterThan(20);
    expect(filled).toBeGreaterThan(20);
    expect(ws.getCell('A1').isMerged && ws.getCell('H1').isMerged).toBe(true);
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 18 });
    expect(ws.getColumn(1).width).toBeCloseTo(230 / 7, 1);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });

  it('gives the dialog the figures for a filter, without confidences', () => {
    const p = seeded();
    const all = p.dashboardData({}) as {
      program: { sessions: number; coaches: Array<{ name: string }> };
      organizations: string[];
      coaches: unknown[];
    };
    expect(all.organizations).toEqual(['Lincoln MS', 'Northwind']);
    expect(all.program.coaches.map((c) => c.name).sort()).toEqual(['Ana Rivera', 'Ben Ortiz']);
    const northwind = p.dashboardData({ organization: 'Northwind' }) as { program: { sessions: number } };
    expect(northwind.program.sessions).toBe(0); // Priya's kick-off is before the 12-week window
    expect(JSON.stringify(all)).not.toContain('CANARY');
    expect(JSON.stringify(all)).not.toContain(PRIVATE_LINE);
  });
});

describe('sendLeaderSummary', () => {
  it('sends one summary to each leader and leader_emails address, once a week, with bars that need no images', async () => {
    const p = seeded();
    expect(p.rt.call('sendLeaderSummary')).toMatchObject({ sent: 2, recipients: ['lee@example.org', 'board@example.org'] });
    const mails = await sent(p);
    expect(mails).toHaveLength(2);
    for (const m of mails) {
      // Sent on Tuesday 24 November: the week reported is Monday 16 – Sunday 22 November.
      expect(m.subject).toMatch(/^FollowThrough program, week of 16–22 November 2026: 1 session/);
      expect(m.html).toContain('bgcolor=');
      expect(m.html).not.toMatch(/<svg|<img|<script/i);
      expect(m.text).toContain('Sessions by coach');
      expect(`${m.html}${m.text}`).not.toContain('CANARY');
      expect(`${m.html}${m.text}`).not.toContain(PRIVATE_LINE);
    }
    expect(mails[0]!.html).toContain('Transitions work');
    expect(p.rt.call('sendLeaderSummary')).toMatchObject({ sent: 0, skipped: 2 });
  });
});

describe('the weekly summary reports the last full week', () => {
  it('sent on a Monday, covers Monday to Sunday before it against the week before, and says what it holds', async () => {
    // Monday 30 November, 09:00 in New York: the week reported is 23–29 November.
    const p = closeAfterTest(seedProgram(new Date('2026-11-30T14:00:00Z')));
    p.rt.call('sendLeaderSummary');
    const [mail] = await sent(p);
    // Sessions 23–29 Nov: Maya's of the 23rd (confidential, still counted). 16–22 Nov: Dan's of the 20th.
    // No item was due 23–29 Nov; the week before, three were, none kept on time.
    expect(mail!.subject).toBe('FollowThrough program, week of 23–29 November 2026: 1 session');
    expect(mail!.text).toContain('FollowThrough program — the week of 23–29 November 2026');
    expect(mail!.text).toContain('Sessions held: 1 (same as the week before)');
    expect(mail!.text).toContain('Session notes, action items and preparation answers stay with coaches and their clients.');
    expect(mail!.html).toContain('testimonials clients agreed to share');
    // Rerun on Tuesday of the same week: that week was reported already.
    expect(p.rt.call('sendLeaderSummary')).toMatchObject({ sent: 0 });
  });
});

describe('client progress summary', () => {
  it('the coach sends it from the panel (op clientSummary) to the client, reply-to the coach, with no notes', async () => {
    const p = seeded();
    const maya = p.post({ v: 1, op: 'sync', token: p.token }).clients.find((c: { name: string }) => c.name === 'Maya Thompson');
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya.client_id })).toEqual({
      ok: true,
      sent: true,
      to: 'maya@example.org',
    });
    const [mail] = await sent(p);
    expect(mail!.subject).toBe('Your coaching progress with Ana Rivera');
    expect(mail!.replyTo?.value[0]?.address).toBe('ana@example.org');
    expect(mail!.text).toContain('Try a countdown timer');
    // The client's own report carries the reason an item derailed, never a session's notes.
    expect(mail!.text).toContain(`Film a transition — ${REASON} ${CANARY}`);
    expect((mail!.text ?? '').replace(`${REASON} ${CANARY}`, '')).not.toContain('CANARY');
    expect(mail!.text).not.toContain('Transitions work');
  });

  it('previews the exact email (preview: true) and sends and writes nothing', async () => {
    const p = seeded();
    const maya = p.post({ v: 1, op: 'sync', token: p.token }).clients.find((c: { name: string }) => c.name === 'Maya Thompson');
    const before = p.snapshot();
    const preview = p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya.client_id, preview: true });
    expect(preview).toMatchObject({ ok: true, sent: false, to: 'maya@example.org', subject: 'Your coaching progress with Ana Rivera' });
    expect(preview.text).toContain('Try a countdown timer');
    expect(preview.html).toContain('Try a countdown timer');
    expect(p.snapshot()).toBe(before);
    expect(await sent(p)).toEqual([]);
    // Then sent: the same subject and text as previewed.
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya.client_id })).toEqual({
      ok: true,
      sent: true,
      to: 'maya@example.org',
    });
    const [mail] = await sent(p);
    expect(mail!.subject).toBe(preview.subject);
    expect(mail!.text!.trim()).toBe(preview.text.trim());
    // A preview field that is not a boolean is refused.
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya.client_id, preview: 'yes' }).error).toMatchObject({
      code: 'bad_request',
      field: 'preview',
    });
  });

  it('refuses a client with nothing to report yet, in preview too, writing nothing', () => {
    const p = seeded();
    const created = p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 'empty-client',
      session: { newClient: { name: 'Jordan Blake', email: 'jordan@example.org' }, startedAt: '2026-03-10T15:00:00Z', notes: 'Intro' },
    });
    expect(created.ok).toBe(true);
    const before = p.snapshot();
    for (const preview of [true, false]) {
      const answer = p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: created.clientId, preview });
      expect(answer.error).toMatchObject({ code: 'bad_request', field: 'clientId' });
      expect(answer.error.message).toContain('Nothing to report to Jordan Blake yet');
    }
    expect(p.snapshot()).toBe(before);
  });

  it('from the menu (Send a client their summary…): previewed first, sending and writing nothing, then sent as previewed', async () => {
    const p = seeded();
    const cap = openDialog(p.rt, 'showClientSummaryDialog');
    const clients = p.rt.call('clientsForSummary', cap) as Array<{ clientId: string; label: string }>;
    const maya = clients.find((c) => c.label.startsWith('Maya Thompson'))!;
    const before = p.snapshot();
    const preview = p.rt.call('previewClientSummary', cap, maya.clientId) as {
      sent: boolean;
      to: string;
      subject: string;
      html: string;
      text: string;
    };
    expect(preview).toMatchObject({ sent: false, to: 'maya@example.org', subject: 'Your coaching progress with Ana Rivera' });
    expect(preview.html).toContain('Try a countdown timer');
    // The same email the panel previews.
    const panel = p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya.clientId, preview: true });
    expect(preview.html).toBe(panel.html);
    expect(p.snapshot()).toBe(before);
    expect(await sent(p)).toEqual([]);
    // Refused without the dialog's capability, and for a client who is not there.
    expect(() => p.rt.call('previewClientSummary', 'guessed-capability-0123456789', maya.clientId)).toThrow(
      /not opened from the FollowThrough menu/,
    );
    expect(() => p.rt.call('previewClientSummary', cap, 'cli_nobody')).toThrow(/No client "cli_nobody"/);
    expect(p.rt.call('sendClientSummary', cap, maya.clientId)).toEqual({ sent: true, to: 'maya@example.org' });
    const [mail] = await sent(p);
    expect(mail!.subject).toBe(preview.subject);
    expect(mail!.text!.trim()).toBe(preview.text.trim());
  });

  it("leaders and admins open it from the menu: the leader's version, printable, reading only", async () => {
    const p = seeded();
    const cap = openDialog(p.rt, 'showProgressReport');
    const clients = p.rt.call('reportClients', cap) as Array<{ clientId: string; label: string }>;
    expect(clients.map((c) => c.label.split(' — ')[0])).toContain('Maya Thompson');
    const maya = clients.find((c) => c.label.startsWith('Maya Thompson'))!;
    const before = p.snapshot();
    const report = p.rt.call('progressReport', cap, maya.clientId) as { subject: string; html: string };
    expect(report.subject).toBe('Coaching progress report: Maya Thompson');
    expect(report.html).toContain('@page');
    // Counts, goals and names: no item texts, derailed reasons, answers or notes.
    expect(report.html).not.toContain('Try a countdown timer');
    expect(report.html).not.toContain(REASON);
    expect(report.html).not.toContain('CANARY');
    expect(report.html).not.toContain(PRIVATE_LINE);
    expect(p.snapshot()).toBe(before);
    expect(await sent(p)).toEqual([]);
    // Without the dialog's capability, nothing.
    expect(() => p.rt.call('progressReport', 'guessed-capability-0123456789', maya.clientId)).toThrow(
      /not opened from the FollowThrough menu/,
    );
    expect(() => p.rt.call('progressReport', cap, 'cli_nobody')).toThrow(/no longer in the Clients tab/);
  });

  it("refuses another coach's client and a client without an email, writing nothing", () => {
    const p = seeded();
    const ben = p.post({ v: 1, op: 'sync', token: p.token }).clients;
    expect(ben.map((c: { name: string }) => c.name)).toEqual(['Maya Thompson']);
    const before = p.snapshot();
    const others = p.post({ v: 1, op: 'sync', token: p.leaderToken }).clients;
    const priya = others.find((c: { name: string }) => c.name === 'Priya Shah');
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: priya.client_id }).error).toMatchObject({
      code: 'bad_request',
      field: 'clientId',
    });
    expect(p.snapshot()).toBe(before);
  });

  it('previews the report of a client without an email address (to print it), and refuses to send it', async () => {
    const p = seeded();
    const maya = p.post({ v: 1, op: 'sync', token: p.token }).clients.find((c: { name: string }) => c.name === 'Maya Thompson');
    expect(p.post({ v: 1, op: 'updateClient', token: p.token, clientId: maya.client_id, client: { email: '' } }).ok).toBe(true);
    const before = p.snapshot();
    const preview = p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya.client_id, preview: true });
    expect(preview).toMatchObject({ ok: true, sent: false, to: '', subject: 'Your coaching progress with Ana Rivera' });
    expect(preview.html).toContain('Try a countdown timer');
    const refused = p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya.client_id });
    expect(refused.error).toMatchObject({
      code: 'bad_request',
      field: 'clientId',
      message: expect.stringContaining('Maya Thompson has no email address in the Clients tab.'),
    });
    expect(p.snapshot()).toBe(before);
    expect(await sent(p)).toEqual([]);
  });
});
