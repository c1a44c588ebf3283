// runReminders in the local runtime on a seeded program at a fixed clock: the exact emails (parsed
// from the .eml files), the EmailLog rows, reruns, the daily quota, and the signed action links.
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { WebAppServer } from '../../local/web/server';
import { openLink, pressLink } from '../helpers/link-pages';
import { firstTo, mails } from '../helpers/mail';
import { programsPerTest } from '../helpers/programs';
import type { TestProgram } from '../helpers/runtime';

// Tuesday 24 November 2026, 07:00 in New York (the sheet's time zone).
const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;

const programs = programsPerTest({ now: NOW, mailQuota: 100 });
const program = programs.served;

function capture(
  p: TestProgram,
  id: string,
  client: { name: string; email: string },
  items: Array<{ text: string; due?: string; owner?: string }>,
) {
  const answer = p.post({
    v: 1,
    op: 'capture',
    token: p.token,
    captureId: id,
    session: { newClient: client, startedAt: '2026-11-17T15:00:00Z' },
    actionItems: items,
  });
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer as { clientId: string; itemIds: string[] };
}

function log(p: TestProgram): Array<Record<string, unknown>> {
  const cols = columnsOf('EmailLog') as string[];
  return p.rows('EmailLog').map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]])));
}

function seed(p: TestProgram) {
  const maya = capture(p, 'maya', { name: 'Maya Thompson', email: 'maya@example.org' }, [
    { text: 'Post the <b>transition</b> routine & <script>alert(1)</script>', due: '2026-11-20' }, // overdue
    { text: 'Film one transition', due: '2026-11-26' }, // due soon (2 days)
    { text: 'Share the clip with the team', due: '2026-11-26', owner: 'coach' }, // the coach's own: in Ana's digest, not Maya's
  ]);
  const dan = capture(p, 'dan', { name: 'Daniel Okafor', email: 'dan@example.org' }, [
    { text: 'Draft three exit tickets', due: '2026-12-10' },
  ]);
  // Daniel: next session on Thursday 26th → a preparation link today (two days before).
  const clientCols = columnsOf('Clients') as string[];
  const danRow = p.rows('Clients').findIndex((r) => r[0] === dan.clientId) + 2;
  p.write('Clients', danRow, clientCols.indexOf('next_session_at') + 1, [[new Date('2026-11-26T20:00:00Z')]]);
  // Priya's package ends in 30 days → a renewal alert to her coach, Ana.
  const priya = capture(p, 'priya', { name: 'Priya Shah', email: 'priya@example.org' }, []);
  const priyaRow = p.rows('Clients').findIndex((r) => r[0] === priya.clientId) + 2;
  p.write('Clients', priyaRow, clientCols.indexOf('package_end') + 1, [[new Date('2026-12-24T05:00:00Z')]]);
  return { maya, dan, priya };
}

describe('runReminders', () => {
  it(
    '1,500 due items for one client: one digest a day of the 100 most urgent, logged whole; a second run the same day sends nothing',
    { timeout: 180_000 },
    async () => {
      const { p } = await program({ mailQuota: 1000 });
      const first = capture(p, 'many-0', { name: 'Maya Thompson', email: 'maya@example.org' }, []);
      for (let batch = 0; batch < 15; batch++) {
        const items = Array.from({ length: 100 }, (_, i) => ({
          text: `Commitment ${batch * 100 + i}`,
          due: i % 2 ? '2026-11-20' : '2026-11-25',
        }));
        const answer = p.post({
          v: 1,
          op: 'capture',
          token: p.token,
          captureId: `many-${batch + 1}`,
          session: { clientId: first.clientId, startedAt: '2026-11-17T15:00:00Z' },
          actionItems: items,
        });
        expect(answer.ok).toBe(true);
      }
      const toMaya = () => log(p).filter((r) => r.to === 'maya@example.org');
      const run = p.rt.call('runReminders') as { sent: number; failed: number };
      expect(run.failed).toBe(0);
      const sent = (await mails(p.rt)).filter((m) => firstTo(m) === 'maya@example.org');
      expect(sent).toHaveLength(1);
      // The overdue ones first; the email says how many wait.
      expect(sent[0]!.subject).toBe('100 commitments — Commitment 1 is past due');
      expect(sent[0]!.text).toContain('And 1400 more commitments');
      // Before: the dedupe key of 1,500 units (over 50,000 characters) could not be written after the
      // email went out; nothing was logged and every later run sent everything again.
      expect(toMaya()).toHaveLength(1);
      const key = String(toMaya()[0]!.dedupe_key);
      expect(key.length).toBeLessThan(50_000);
      expect(toMaya()[0]!.status).toBe('sent');
      expect(String(toMaya()[0]!.item_ids).split(' ')).toHaveLength(100);

      const again = p.rt.call('runReminders') as { sent: number };
      expect(again.sent).toBe(0);
      expect(toMaya()).toHaveLength(1);
      expect((await mails(p.rt)).filter((m) => firstTo(m) === 'maya@example.org')).toHaveLength(1);

      // The next day: the next 100, none of the first again.
      p.rt.callAt(new Date(NOW.getTime() + DAY), 'runReminders');
      const rows = toMaya();
      expect(rows).toHaveLength(2);
      const firstIds = new Set(String(rows[0]!.item_ids).split(' '));
      expect(
        String(rows[1]!.item_ids)
          .split(' ')
          .filter((id) => firstIds.has(id)),
      ).toEqual([]);
    },
  );

  it('an address the mail service refuses is tried once, and its coach is told once', async () => {
    const { p } = await program();
    const maya = capture(p, 'paren', { name: 'Maya Thompson', email: 'maya@example.org' }, [
      { text: 'Film one transition', due: '2026-11-20' },
    ]);
    // Typed into the Clients tab by hand: our address rule lets it through (one @, a dot in the
    // domain), the mail service refuses it (an underscore is not allowed in a host name).
    const clientCols = columnsOf('Clients') as string[];
    const row = p.rows('Clients').findIndex((r) => r[0] === maya.clientId) + 2;
    p.write('Clients', row, clientCols.indexOf('email') + 1, [['maya@home_school.org']]);
    const first = p.rt.call('runReminders') as { failed: number };
    expect(first.failed).toBe(1);
    const failed = () => log(p).filter((r) => r.status === 'failed');
    expect(failed()).toHaveLength(1);
    expect(String(failed()[0]!.detail)).toContain('Invalid email: maya@home_school.org');
    // Before: every run tried again and added a failed row, and nobody was told.
    const second = p.rt.call('runReminders') as { sent: number; failed: number };
    expect(second.failed).toBe(0);
    expect(failed()).toHaveLength(1);
    const toAna = (await mails(p.rt)).filter((m) => firstTo(m) === 'ana@example.org');
    expect(toAna).toHaveLength(1);
    expect(toAna[0]!.subject).toBe('Reminders to Maya Thompson could not be sent');
    expect(toAna[0]!.text).toContain('Maya Thompson — maya@home_school.org');
    expect(log(p).find((r) => r.to === 'ana@example.org')).toMatchObject({ kind: 'coach_digest', status: 'sent' });
    p.rt.callAt(new Date(NOW.getTime() + DAY), 'runReminders');
    expect(failed()).toHaveLength(1);
    expect((await mails(p.rt)).filter((m) => firstTo(m) === 'ana@example.org')).toHaveLength(1);
  });

  it('sends exactly one digest per recipient, logs each, and a rerun sends nothing', async () => {
    const { p } = await program();
    seed(p);
    const run = p.rt.call('runReminders') as { sent: number; stoppedBy: string };
    expect(run).toMatchObject({ sent: 3, stoppedBy: 'done' });
    const sent = await mails(p.rt);
    const byTo = new Map(sent.map((m) => [m.to && !Array.isArray(m.to) ? m.to.value[0]!.address : '', m]));
    expect([...byTo.keys()].sort()).toEqual(['ana@example.org', 'dan@example.org', 'maya@example.org']);

    const maya = byTo.get('maya@example.org')!;
    // How many commitments, and the most urgent one.
    expect(maya.subject).toBe('2 commitments — Post the <b>transition</b> routine & <script>alert(1)</sc… is past due');
    expect(maya.replyTo?.value[0]?.address).toBe('ana@example.org');
    // From the coach by name (the address is the sheet owner's account, as MailApp sends).
    expect(maya.from?.value[0]?.name).toBe('Ana Rivera');
    expect(maya.text).toContain('Film one transition (due Thu, Nov 26)');
    expect(maya.text).not.toContain('Share the clip');
    expect(maya.html).toContain('Post the &lt;b&gt;transition&lt;/b&gt; routine &amp; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(maya.html).not.toContain('<script>');
    expect(maya.html).toMatch(/page=item&amp;t=[^"&]+&amp;a=done/);
    expect(maya.html).toContain('page=optout');

    expect(byTo.get('dan@example.org')!.subject).toBe('Prepare for your session with Ana Rivera');
    expect(byTo.get('dan@example.org')!.html).toContain('page=prep');
    // Ana's daily digest: her own item for Maya and Priya's renewal, from the program's sender name.
    const ana = byTo.get('ana@example.org')!;
    expect(ana.subject).toBe('Due Thu, Nov 26: Share the clip with the team · 1 renewal');
    expect(ana.from?.value[0]?.name).toBe('FollowThrough');
    expect(ana.text).toContain('- Share the clip with the team — for Maya Thompson (due Thu, Nov 26)');
    expect(ana.text).toContain('- Priya Shah — package ends Thu, Dec 24');

    const rows = log(p);
    expect(rows.map((r) => `${r.to} ${r.kind} ${r.status}`).sort()).toEqual([
      'ana@example.org coach_digest sent',
      'dan@example.org prep sent',
      'maya@example.org overdue sent',
    ]);
    expect(
      String(rows.find((r) => r.to === 'maya@example.org')!.dedupe_key)
        .split(' ')
        .sort(),
    ).toEqual([
      expect.stringMatching(/^due_soon:itm_/),
      expect.stringMatching(/^mid_cycle:cli_/),
      expect.stringMatching(/^overdue:itm_\w+:1$/), // due the 20th, every 3 days: the 24th is in the 2nd window
    ]);

    // Items got their reminder counters.
    const itemCols = columnsOf('ActionItems') as string[];
    const overdueItem = p.rows('ActionItems').find((r) => String(r[itemCols.indexOf('text')]).startsWith('Post the'))!;
    expect(overdueItem[itemCols.indexOf('reminder_count')]).toBe(1);
    expect(overdueItem[itemCols.indexOf('last_reminded_at')]).toHaveProperty('d');

    const again = p.rt.call('runReminders') as { sent: number; planned: number };
    expect(again).toMatchObject({ sent: 0, planned: 0 });
    expect(await mails(p.rt)).toHaveLength(3);
  });

  it('stops at the daily quota and sends the rest the next day, none twice', async () => {
    const first = await program({ mailQuota: 3 });
    for (let i = 0; i < 5; i++)
      capture(first.p, `c${i}`, { name: `Client ${i}`, email: `client${i}@example.org` }, [{ text: `Item ${i}`, due: '2026-11-26' }]);
    expect(first.p.rt.call('runReminders')).toMatchObject({ sent: 3, left: 2, stoppedBy: 'quota' });
    const dataDir = first.p.dataDir;
    await programs.closeNow(first);

    const next = programs.program({ dataDir, now: new Date(NOW.getTime() + DAY), mailQuota: 3 });
    // newProgram invites another coach; the first five clients keep their coach.
    expect(next.rt.call('runReminders')).toMatchObject({ sent: 2, left: 0, stoppedBy: 'done' });
    const recipients = (await mails(next.rt)).map((m) => (m.to && !Array.isArray(m.to) ? m.to.value[0]!.address : ''));
    expect(recipients.sort()).toEqual([
      'client0@example.org',
      'client1@example.org',
      'client2@example.org',
      'client3@example.org',
      'client4@example.org',
    ]);
  });

  it('lists an item due today under "Due today", not "Due soon"', async () => {
    const { p } = await program();
    capture(p, 'lee', { name: 'Lee Park', email: 'lee@example.org' }, [
      { text: 'Send the agenda', due: '2026-11-24' },
      { text: 'Book the room', due: '2026-11-26' },
    ]);
    expect(p.rt.call('runReminders')).toMatchObject({ sent: 1 });
    const [lee] = await mails(p.rt);
    expect(lee!.subject).toBe('2 commitments — Send the agenda is due today');
    expect(lee!.text).toMatch(/Due today:\n- Send the agenda \(due Tue, Nov 24\)[\s\S]*Due soon:\n- Book the room \(due Thu, Nov 26\)/);
    expect(lee!.html).toContain('>Due today</div>');
    // An item due today is still a due-soon reminder in EmailLog's kinds.
    expect(log(p).map((r) => r.kind)).toEqual(['due_soon']);
  });

  it('mails the coach one digest of their own items a day, never twice, and again the next day', async () => {
    const { p, server } = await program();
    capture(p, 'kim', { name: 'Kim Lo', email: 'kim@example.org' }, [
      { text: 'Send Kim the article', due: '2026-11-23', owner: 'coach' }, // past due
      { text: 'Call the principal', due: '2026-11-24', owner: 'coach' }, // due today
      { text: 'Plan the observation', due: '2026-12-20', owner: 'coach' }, // far off: not listed
    ]);
    capture(p, 'ray', { name: 'Ray Fox', email: 'ray@example.org' }, [{ text: 'Order the books', due: '2026-11-25', owner: 'coach' }]);
    expect(p.rt.call('runReminders')).toMatchObject({ sent: 1 });
    const [digest] = await mails(p.rt);
    expect(digest!.to && !Array.isArray(digest!.to) ? digest!.to.value[0]!.address : '').toBe('ana@example.org');
    expect(digest!.subject).toBe('3 of your items — Send Kim the article is past due');
    expect(digest!.text).toMatch(
      /Past due:\n- Send Kim the article — for Kim Lo \(due Mon, Nov 23\)\n\nDue today:\n- Call the principal — for Kim Lo[\s\S]*Due soon:\n- Order the books — for Ray Fox/,
    );
    expect(digest!.text).not.toContain('Plan the observation');
    expect(log(p).map((r) => `${r.kind} ${r.to} ${r.dedupe_key}`)).toEqual([
      expect.stringMatching(/^coach_digest ana@example\.org coach_digest:coa_\w+:\d+$/),
    ]);
    // A rerun the same day sends nothing; the clients got nothing (all items are the coach's).
    expect(p.rt.call('runReminders')).toMatchObject({ sent: 0, planned: 0 });
    expect(await mails(p.rt)).toHaveLength(1);

    await programs.closeNow({ p, server });
    const next = programs.program({ dataDir: p.dataDir, now: new Date(NOW.getTime() + DAY), mailQuota: 100 });
    expect(next.rt.call('runReminders')).toMatchObject({ sent: 1 });
    expect(log(next).filter((r) => r.kind === 'coach_digest')).toHaveLength(2);
  });

  it('sends nothing on a quiet day', async () => {
    const { p } = await program({ now: new Date('2026-11-28T12:00:00Z') }); // Saturday
    seed(p);
    expect(p.rt.call('runReminders')).toMatchObject({ quiet: true, sent: 0 });
  });
});

describe('action links', () => {
  async function linkFromEmail(): Promise<{ p: TestProgram; server: WebAppServer; done: string; help: string; prep: string }> {
    const { p, server } = await program();
    seed(p);
    p.rt.call('runReminders');
    const sent = await mails(p.rt);
    const html = (to: string) => String(sent.find((m) => firstTo(m) === to)!.html);
    const href = (text: string, pattern: RegExp) => pattern.exec(text)![1]!.replace(/&amp;/g, '&');
    const maya = html('maya@example.org');
    return {
      p,
      server,
      done: href(maya, /href="([^"]*a=done)"/),
      help: href(maya, /href="([^"]*a=help)"/),
      prep: href(html('dan@example.org'), /href="([^"]*page=prep[^"]*)"/),
    };
  }

  const open = openLink;
  const press = pressLink;

  it("GET shows a page in a sandboxed frame and changes nothing; the page's button marks the item done", async () => {
    const { p, server, done } = await linkFromEmail();
    const before = p.snapshot();
    let opened = { top: '', frame: '', pageId: '' };
    for (let i = 0; i < 3; i++) opened = await open(done); // a mail scanner following the link, three times
    expect(opened.top).toMatch(
      /<iframe id="sandboxFrame" [^>]*sandbox="allow-downloads allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-scripts"/,
    );
    expect(opened.top).not.toContain('allow-top-navigation');
    expect(opened.top).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(opened.frame).toContain('Mark it done');
    expect(opened.frame).not.toContain('target="_top"');
    expect(p.snapshot()).toBe(before);
    const t = new URL(done).searchParams.get('t')!;
    const answer = await press(server, opened.pageId, t, 'done', { note: 'Went well' });
    expect(answer).toMatchObject({ ok: true, value: { ok: true, message: 'Marked done. Well done!' } });
    const cols = columnsOf('ActionItems') as string[];
    const row = p.rows('ActionItems').find((r) => String(r[cols.indexOf('text')]).startsWith('Post the'))!;
    expect(row[cols.indexOf('status')]).toBe('done');
    expect(row[cols.indexOf('status_note')]).toBe('Went well');
    expect(row[cols.indexOf('completed_at')]).toHaveProperty('d');
  });

  it('"I need help" notes it on the item and emails the coach', async () => {
    const { p, server, help } = await linkFromEmail();
    const t = new URL(help).searchParams.get('t')!;
    const { pageId } = await open(help);
    expect((await press(server, pageId, t, 'help', { note: 'Stuck on <the> routine' })).value.ok).toBe(true);
    const cols = columnsOf('ActionItems') as string[];
    expect(p.rows('ActionItems').some((r) => r[cols.indexOf('status_note')] === 'needs help: Stuck on <the> routine')).toBe(true);
    const toCoach = (await mails(p.rt)).filter((m) => m.subject === 'Maya Thompson asks for help with a commitment');
    expect(toCoach).toHaveLength(1);
    expect(toCoach[0]!.html).toContain('Stuck on &lt;the&gt; routine');
    expect(toCoach[0]!.replyTo?.value[0]?.address).toBe('maya@example.org');
    // The link page's email goes through sendLoggedEmail like every other: one EmailLog row, sent.
    expect(
      log(p)
        .filter((r) => r.kind === 'help')
        .map((r) => `${r.to} ${r.status}`),
    ).toEqual(['ana@example.org sent']);
    expect(log(p).find((r) => r.kind === 'help')!.item_ids).toMatch(/^itm_\w+$/);
  });

  it('records a preparation form as a Prep row that sync returns to the coach', async () => {
    const { p, server, prep } = await linkFromEmail();
    const { frame, pageId } = await open(prep);
    expect(frame).toContain('Prepare for your session');
    const t = new URL(prep).searchParams.get('t')!;
    const answer = await press(server, pageId, t, 'prep', {
      wins: 'Calmer mornings',
      challenges: 'Fridays',
      want_from_next: 'Plan for Fridays',
      progress_rating: '4',
    });
    expect(answer.value).toMatchObject({ ok: true, title: 'Thank you' });
    const latest = p.post({ v: 1, op: 'sync', token: p.token }).latestPrep;
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({
      wins: 'Calmer mornings',
      challenges: 'Fridays',
      want_from_next: 'Plan for Fridays',
      progress_rating: 4,
      for_session_at: '2026-11-26T20:00:00.000Z',
    });
    const bad = await press(server, pageId, t, 'prep', { progress_rating: '9' });
    expect(bad.value).toMatchObject({ ok: false, message: expect.stringContaining('from 1 to 5') });
    // The prep link's token does not do an item's change, nor the other way round.
    expect((await press(server, pageId, t, 'done')).value).toMatchObject({ ok: false, message: expect.stringContaining('another page') });
  });

  it('"I need help" pressed 20 times mails the coach once that day, logged in EmailLog as help', async () => {
    const { p, server, help } = await linkFromEmail();
    const t = new URL(help).searchParams.get('t')!;
    const { pageId } = await open(help);
    const before = (await mails(p.rt)).length;
    for (let i = 0; i < 20; i++) expect((await press(server, pageId, t, 'help', { note: `press ${i}` })).value.ok).toBe(true);
    const toCoach = (await mails(p.rt)).filter((m) => m.subject === 'Maya Thompson asks for help with a commitment');
    expect(toCoach).toHaveLength(1);
    expect((await mails(p.rt)).length).toBe(before + 1);
    const cols = columnsOf('EmailLog') as string[];
    const helpRows = p.rows('EmailLog').filter((r) => r[cols.indexOf('kind')] === 'help');
    expect(helpRows).toHaveLength(1);
    expect(helpRows[0]![cols.indexOf('status')]).toBe('sent');
    expect(String(helpRows[0]![cols.indexOf('dedupe_key')])).toMatch(/^help:itm_[0-9a-f]+:2026-11-24$/);
    // The item still carries the latest note.
    const itemCols = columnsOf('ActionItems') as string[];
    expect(p.rows('ActionItems').some((r) => r[itemCols.indexOf('status_note')] === 'needs help: press 19')).toBe(true);
  });

  it('a second preparation answer for the same session updates the first', async () => {
    const { p, server, prep } = await linkFromEmail();
    const { pageId } = await open(prep);
    const t = new URL(prep).searchParams.get('t')!;
    expect((await press(server, pageId, t, 'prep', { wins: 'First try', progress_rating: '2' })).value.ok).toBe(true);
    expect((await press(server, pageId, t, 'prep', { wins: 'Calmer mornings', progress_rating: '4' })).value.ok).toBe(true);
    const cols = columnsOf('Prep') as string[];
    const rows = p.rows('Prep');
    expect(rows).toHaveLength(1);
    expect(rows[0]![cols.indexOf('wins')]).toBe('Calmer mornings');
    expect(rows[0]![cols.indexOf('progress_rating')]).toBe(4);
  });

  it('a testimonial shared with consent reaches leaders; the next email carries the link that withdraws it', async () => {
    const { p, server, prep, help } = await linkFromEmail();
    const t = new URL(prep).searchParams.get('t')!;
    const { frame, pageId } = await open(prep);
    expect(frame).toContain('name="testimonial"');
    expect(frame).toMatch(/<input type="checkbox" id="share_consent" name="share_consent" value="yes">/);
    const words = 'My exit tickets take 5 minutes & <students> read them.';
    const leaders = () =>
      (p.dashboardData() as { program: { testimonials: Array<{ text: string; clientName: string }> } }).program.testimonials;

    // The box ticked without a sentence, or a sentence too long: refused, nothing written.
    expect((await press(server, pageId, t, 'prep', { progress_rating: '4', share_consent: 'yes' })).value).toMatchObject({
      ok: false,
      message: expect.stringContaining('untick the box'),
    });
    expect(
      (await press(server, pageId, t, 'prep', { progress_rating: '4', testimonial: 'x'.repeat(501), share_consent: 'yes' })).value.ok,
    ).toBe(false);
    expect(p.rows('Prep')).toHaveLength(0);
    // A sentence without the box: kept for the coach, never shown to leaders.
    expect((await press(server, pageId, t, 'prep', { progress_rating: '4', testimonial: words })).value.ok).toBe(true);
    expect(leaders()).toEqual([]);
    // With the box: leaders read it with the client's name.
    expect((await press(server, pageId, t, 'prep', { progress_rating: '4', testimonial: words, share_consent: 'yes' })).value.ok).toBe(
      true,
    );
    const cols = columnsOf('Prep') as string[];
    expect(p.rows('Prep').map((r) => [r[cols.indexOf('testimonial')], r[cols.indexOf('share_consent')]])).toEqual([[words, true]]);
    expect(leaders()).toEqual([expect.objectContaining({ text: words, clientName: 'Daniel Okafor' })]);
    // The form opened again shows the shared sentence, box ticked: sending it again keeps it.
    const again = await open(prep);
    expect(again.frame).toContain('My exit tickets take 5 minutes &amp; &lt;students&gt; read them.</textarea>');
    expect(again.frame).toMatch(/name="share_consent" value="yes" checked>/);

    // Daniel's next email (an item due tomorrow) offers to stop sharing; Maya, who shares nothing, gets no such link.
    const danId = String(p.rows('Clients').find((r) => r[1] === 'Daniel Okafor')![0]);
    expect(
      p.post({
        v: 1,
        op: 'capture',
        token: p.token,
        captureId: 'dan-2',
        session: { clientId: danId, startedAt: '2026-11-24T10:00:00Z' },
        actionItems: [{ text: 'Try the new ticket', due: '2026-11-25' }],
      }).ok,
    ).toBe(true);
    expect(p.rt.call('runReminders')).toMatchObject({ sent: 1 });
    const toDan = (await mails(p.rt)).filter((m) => firstTo(m) === 'dan@example.org');
    expect(toDan).toHaveLength(2);
    const next = toDan.find((m) => m.subject === 'Due Wed, Nov 25: Try the new ticket')!;
    expect(next.text).toContain(`You let the program’s leaders read your words: “${words}” To stop sharing them: `);
    expect(next.html).toContain('“My exit tickets take 5 minutes &amp; &lt;students&gt; read them.”');
    const withdraw = /href="([^"]*page=consent[^"]*)"[^>]*>Stop sharing my words</.exec(String(next.html))![1]!.replace(/&amp;/g, '&');
    const maya = (await mails(p.rt)).find((m) => firstTo(m) === 'maya@example.org')!;
    expect(String(maya.html)).not.toContain('page=consent');

    // Opening the link changes nothing; its button withdraws consent on every answer.
    const before = p.snapshot();
    const page = await open(withdraw);
    expect(page.frame).toContain('Stop sharing your words?');
    expect(page.frame).toContain('“My exit tickets take 5 minutes &amp; &lt;students&gt; read them.”');
    expect(p.snapshot()).toBe(before);
    const w = new URL(withdraw).searchParams.get('t')!;
    // Another page's token does not withdraw, nor does this token do another page's change.
    expect((await press(server, page.pageId, new URL(help).searchParams.get('t')!, 'withdraw')).value).toMatchObject({ ok: false });
    expect((await press(server, page.pageId, w, 'done')).value).toMatchObject({ ok: false });
    expect((await press(server, page.pageId, w, 'withdraw')).value).toMatchObject({ ok: true, title: 'Your words are no longer shared' });
    expect(p.rows('Prep').map((r) => [r[cols.indexOf('testimonial')], r[cols.indexOf('share_consent')]])).toEqual([[words, false]]);
    expect(leaders()).toEqual([]);
    expect((await open(withdraw)).frame).toContain('Your words are not shared');
    // The form no longer ticks the box.
    expect((await open(prep)).frame).toMatch(/name="share_consent" value="yes">/);
  });

  it('refuses an altered or expired link with a clear page, changing nothing', async () => {
    const { p, server, done } = await linkFromEmail();
    const url = new URL(done);
    const t = url.searchParams.get('t')!;
    const altered = t.slice(0, 10) + (t[10] === 'A' ? 'B' : 'A') + t.slice(11);
    url.searchParams.set('t', altered);
    const opened = await open(url.toString());
    expect(opened.frame).toContain('has been changed');
    const before = p.snapshot();
    expect((await press(server, opened.pageId, altered, 'done')).value.message).toContain('has been changed');
    expect(p.snapshot()).toBe(before);

    // Fifteen days later the same link has expired (links last 14 days).
    const dataDir = p.dataDir;
    await programs.closeNow({ p, server });
    const later = await program({ dataDir, now: new Date(NOW.getTime() + 15 * DAY) });
    const sameLink = `${later.server.execUrl}?${new URL(done).search.slice(1)}`;
    expect((await open(sameLink)).frame).toContain('has expired');
  });
});
