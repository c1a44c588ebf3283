// Issue 22's server side through the built bundle (dist/apps-script/Code.js, doPost by name): the links
// a coach shares with the client (session.resources) and the recap email (session.sendRecap).
import { beforeEach, describe, expect, it } from 'vitest';
import { recapInputOfDraft, renderRecap } from '../../shared/recap';
import { columnsOf } from '../../shared/schema';
import { onlyEvent, parseIcs } from '../helpers/ics';
import { mails, rawMails } from '../helpers/mail';
import { programsPerTest } from '../helpers/programs';
import { captureBody, newProgram, type TestProgram } from '../helpers/runtime';

const sessionCell = (p: TestProgram, name: string) => p.rows('Sessions').map((r) => r[(columnsOf('Sessions') as string[]).indexOf(name)]);

describe('session resources', () => {
  let p: TestProgram;
  beforeEach(() => {
    p = newProgram({ log: () => {} });
  });

  it('hello lists resources and sendRecap among the capture fields this script understands', () => {
    const caps = p.post({ v: 1, op: 'hello', token: p.token }).server.capabilities.ops.capture;
    expect(caps).toEqual(
      expect.arrayContaining(['session.resources', 'session.resources.title', 'session.resources.url', 'session.sendRecap']),
    );
  });

  it('a capture keeps its links in the session’s resources cell, one `title — url` a line, as text', () => {
    const answer = p.post(
      captureBody(
        p,
        {},
        {
          resources: [
            { title: 'Transitions that work — article', url: 'https://example.org/transitions?ref=ft#top' },
            { title: '=HYPERLINK("x")', url: 'http://timer.example/' },
          ],
        },
      ),
    );
    expect(answer).toMatchObject({ ok: true, duplicate: false });
    expect(sessionCell(p, 'resources')).toEqual([
      'Transitions that work — article — https://example.org/transitions?ref=ft#top\n=HYPERLINK("x") — http://timer.example/',
    ]);
    expect(p.snapshot()).not.toContain('"f":');
    // Without links the cell stays empty.
    p.post(captureBody(p, {}, { newClient: undefined, clientId: answer.clientId }));
    expect(sessionCell(p, 'resources')[1]).toBeNull();
  });

  it.each([
    [[{ title: 'Sneaky', url: 'javascript:alert(1)' }], 'session.resources.0.url'],
    [
      [
        { title: 'ok', url: 'https://a.example' },
        { title: 'Files', url: 'file:///etc/passwd' },
      ],
      'session.resources.1.url',
    ],
    [[{ title: '', url: 'https://a.example' }], 'session.resources.0.title'],
  ])('refuses %j naming the field, writing nothing', (resources, field) => {
    const before = p.snapshot();
    const answer = p.post(captureBody(p, {}, { resources }));
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', field } });
    expect(p.snapshot()).toBe(before);
  });
});

// Friday 20 November 2026, 11:00 in New York (the sheet's time zone), just after the session.
const NOW = new Date('2026-11-20T16:00:00Z');
const CANARY = 'CANARY-notes-7f3a9c never in a recap';

/** A program whose web app runs on a local port, opened once so its /exec URL is the one in links. */
const { served } = programsPerTest({ now: NOW });

function log(p: TestProgram): Array<Record<string, unknown>> {
  const cols = columnsOf('EmailLog') as string[];
  return p.rows('EmailLog').map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]])));
}

function recapCapture(p: TestProgram, captureId: string, session: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    op: 'capture',
    token: p.token,
    captureId,
    session: {
      newClient: { name: 'Maya Thompson', email: 'maya@example.org', organization: 'Lincoln MS' },
      startedAt: '2026-11-20T15:00:00Z',
      endedAt: '2026-11-20T15:45:00Z',
      notes: `Talked about routines. ${CANARY}`,
      nextSessionAt: '2026-12-03T15:00:00Z',
      sendRecap: true,
      resources: [{ title: 'Transitions that work', url: 'https://example.org/transitions?x=1&y=2' }],
      ...session,
    },
    actionItems: [
      { text: 'Try a <b>countdown</b> timer', owner: 'client', due: '2026-11-27' },
      { text: 'Film one transition', owner: 'client' },
      { text: 'Send the video clip', owner: 'coach', due: '2026-11-23' },
    ],
    ...overrides,
  };
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('the recap email (sendRecap)', () => {
  it('emails the client their items with due days, the links and the next session with calendar links — never the notes', async () => {
    const { p } = await served();
    const answer = p.post(recapCapture(p, 'cap-1'));
    expect(answer).toMatchObject({ ok: true, duplicate: false, recap: { status: 'sent', to: 'maya@example.org' } });
    const sent = await mails(p.rt);
    expect(sent).toHaveLength(1);
    const mail = sent[0]!;
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value[0]!.address).toBe('maya@example.org');
    expect(mail.replyTo?.value[0]?.address).toBe('ana@example.org');
    expect(mail.subject).toBe('Your session recap from Ana Rivera: 2 next steps');
    expect(mail.text).toContain('- Try a <b>countdown</b> timer (due Fri, Nov 27)');
    expect(mail.text).toContain('- Film one transition');
    expect(mail.text).not.toContain('Send the video clip'); // the coach's own item
    expect(mail.text).toContain('- Transitions that work: https://example.org/transitions?x=1&y=2');
    expect(mail.text).toContain('Your next session with Ana Rivera: Thu, Dec 3, 10:00 AM EST');
    expect(String(mail.html)).toContain('Try a &lt;b&gt;countdown&lt;/b&gt; timer');
    // Never the notes: not in the parsed email, the raw .eml, or the log.
    expect(`${mail.text}${mail.html}`).not.toContain('CANARY');
    expect((await rawMails(p.rt)).map(({ raw }) => raw).join('\n')).not.toContain('CANARY');
    expect(JSON.stringify(p.rows('EmailLog'))).not.toContain('CANARY');

    const links = hrefs(String(mail.html));
    const google = new URL(links.find((h) => h.startsWith('https://calendar.google.com/'))!);
    expect(google.pathname).toBe('/calendar/render');
    expect(google.searchParams.get('action')).toBe('TEMPLATE');
    expect(google.searchParams.get('text')).toBe('Coaching session with Ana Rivera');
    expect(google.searchParams.get('dates')).toBe('20261203T150000Z/20261203T154500Z'); // this session's 45 minutes
    expect(links.some((h) => h.includes('page=ics&t='))).toBe(true);
    expect(links.some((h) => h.includes('page=optout&t='))).toBe(true);

    const entries = log(p);
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'recap',
        to: 'maya@example.org',
        subject: mail.subject,
        status: 'sent',
        dedupe_key: `recap:${answer.sessionId}`,
        item_ids: answer.itemIds.slice(0, 2).join(' '),
      }),
    ]);
  });

  it('sends once per capture: a retried captureId sends nothing new', async () => {
    const { p } = await served();
    const body = recapCapture(p, 'cap-retry');
    const first = p.post(body);
    const before = p.snapshot();
    const again = p.post(body);
    expect(again).toMatchObject({
      ok: true,
      duplicate: true,
      sessionId: first.sessionId,
      recap: { status: 'already', to: 'maya@example.org' },
    });
    expect(p.snapshot()).toBe(before);
    expect(await mails(p.rt)).toHaveLength(1);
    expect(log(p)).toHaveLength(1);
  });

  it('a capture stored by an execution that ended before mailing gets its recap from the retry, once', async () => {
    const { p } = await served();
    // The first delivery stored the session but no EmailLog row exists (as when the execution was cut short).
    const stored = p.post(recapCapture(p, 'cap-cut', { sendRecap: false }));
    expect(stored.recap).toBeUndefined();
    expect(await mails(p.rt)).toHaveLength(0);
    expect(p.post(recapCapture(p, 'cap-cut'))).toMatchObject({ duplicate: true, recap: { status: 'sent' } });
    expect(p.post(recapCapture(p, 'cap-cut'))).toMatchObject({ duplicate: true, recap: { status: 'already' } });
    expect(await mails(p.rt)).toHaveLength(1);
  });

  it('a failed send keeps the capture and is logged failed', async () => {
    const { p } = await served();
    const first = p.post(recapCapture(p, 'cap-a', { sendRecap: false }));
    // A person typed an address MailApp refuses ("Invalid email") into the Clients tab.
    const cols = columnsOf('Clients') as string[];
    p.write('Clients', 2, cols.indexOf('email') + 1, [['maya@bad_domain.org']]);
    const answer = p.post(recapCapture(p, 'cap-b', { newClient: undefined, clientId: first.clientId }));
    expect(answer).toMatchObject({
      ok: true,
      duplicate: false,
      recap: { status: 'failed', to: 'maya@bad_domain.org', detail: expect.stringContaining('Invalid email') },
    });
    expect(p.rows('Sessions')).toHaveLength(2);
    expect(p.rows('ActionItems')).toHaveLength(6);
    expect(log(p)).toEqual([
      expect.objectContaining({ kind: 'recap', status: 'failed', detail: expect.stringContaining('Invalid email') }),
    ]);
    expect(await mails(p.rt)).toHaveLength(0);
  });

  it('goes only to a client with an address and reminders on; otherwise logged skipped, the capture stored', async () => {
    const { p } = await served();
    const noEmail = p.post(recapCapture(p, 'cap-none', { newClient: { name: 'Dan Okafor' } }));
    expect(noEmail).toMatchObject({
      ok: true,
      recap: { status: 'skipped', detail: 'Dan Okafor has no email address in the Clients tab.' },
    });
    const maya = p.post(recapCapture(p, 'cap-m1', { sendRecap: false }));
    const cols = columnsOf('Clients') as string[];
    const row = p.rows('Clients').findIndex((r) => r[0] === maya.clientId) + 2;
    p.write('Clients', row, cols.indexOf('reminders') + 1, [[false]]);
    const off = p.post(recapCapture(p, 'cap-m2', { newClient: undefined, clientId: maya.clientId }));
    expect(off).toMatchObject({ ok: true, recap: { status: 'skipped', detail: 'Maya Thompson does not get emails (reminders is off).' } });
    expect(log(p).map((e) => [e.kind, e.status])).toEqual([
      ['recap', 'skipped'],
      ['recap', 'skipped'],
    ]);
    expect(await mails(p.rt)).toHaveLength(0);
    expect(p.rows('Sessions')).toHaveLength(3);
  });

  it('the panel’s preview, rendered from the form without the server, is the email but for the signed links', async () => {
    const { p } = await served();
    p.saveSettings({ client_signoff: 'Talk soon — Ana' });
    const body = recapCapture(p, 'cap-preview', {
      resources: [
        { title: 'Transitions <that> work', url: 'https://example.org/t?x=1&y=2' },
        { title: 'Timer', url: 'http://timer.example/' },
      ],
    });
    p.post(body);
    const [mail] = await mails(p.rt);
    // What the panel knows: hello (coach's name, sheet's time zone), sync's settings, and its own form.
    const hello = p.post({ v: 1, op: 'hello', token: p.token });
    const { settings } = p.post({ v: 1, op: 'sync', token: p.token });
    const preview = renderRecap(
      recapInputOfDraft({
        clientName: body.session.newClient.name,
        coachName: hello.coach.name,
        timeZone: hello.sheet.timeZone,
        signoff: settings.clientSignoff,
        startedAt: body.session.startedAt,
        endedAt: body.session.endedAt,
        nextSessionAt: body.session.nextSessionAt,
        actionItems: body.actionItems as Array<{ text: string; owner: 'client' | 'coach'; due?: string }>,
        resources: body.session.resources,
      }),
    );
    const withoutSigned = (text: string) =>
      text
        .split('\n')
        .filter((l) => !/page=(ics|optout)|Stop these emails/.test(l))
        .join('\n')
        .trimEnd();
    expect(preview.subject).toBe(mail!.subject);
    expect(withoutSigned(preview.text)).toBe(withoutSigned(mail!.text!));
    expect(preview.text).toContain('Talk soon — Ana');
    expect(preview.googleCalendarUrl).toBe(hrefs(String(mail!.html)).find((h) => h.startsWith('https://calendar.google.com/')));
  });

  it('without sendRecap nothing is sent and the answer has no recap', async () => {
    const { p } = await served();
    const answer = p.post(recapCapture(p, 'cap-quiet', { sendRecap: undefined }));
    expect(answer.ok).toBe(true);
    expect(answer).not.toHaveProperty('recap');
    expect(await mails(p.rt)).toHaveLength(0);
    expect(log(p)).toEqual([]);
  });
});

describe('?page=ics: the next session as an iCalendar file', () => {
  async function icsLink(
    p: TestProgram,
    session: Record<string, unknown> = {},
    token = p.token,
  ): Promise<{ url: string; sessionId: string }> {
    const answer = p.post({ ...recapCapture(p, `cap-${Math.random().toString(36).slice(2)}`, session), token });
    expect(answer.recap).toMatchObject({ status: 'sent' });
    const mail = (await mails(p.rt)).at(-1)!;
    return { url: hrefs(String(mail.html)).find((h) => h.includes('page=ics'))!, sessionId: answer.sessionId };
  }

  it('the link from the email serves a strict .ics through the local runtime, as Google serves ContentService.MimeType.ICAL', async () => {
    const { p } = await served();
    const coach = p.invite('Dr. Ana Rivera, PhD; Coach \\ Mentor — Lincoln Middle School Instructional Coaching', 'ana2@example.org');
    const { url, sessionId } = await icsLink(p, {}, coach.token);
    const res = await fetch(url); // Apps Script's 302 to the one-time echo, followed
    expect(res.status).toBe(200);
    expect(res.redirected).toBe(true);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="coaching-session.ics"');
    const text = await res.text();
    const event = onlyEvent(parseIcs(text));
    expect(event).toEqual({
      uid: `${sessionId}-next@followthrough`,
      stamp: expect.any(Date),
      summary: 'Coaching session with Dr. Ana Rivera, PhD; Coach \\ Mentor — Lincoln Middle School Instructional Coaching',
      description: 'Your next coaching session with Dr. Ana Rivera, PhD; Coach \\ Mentor — Lincoln Middle School Instructional Coaching.',
      start: new Date('2026-12-03T15:00:00Z'),
      end: new Date('2026-12-03T15:45:00Z'),
    });
    expect(Math.abs(event.stamp.getTime() - NOW.getTime())).toBeLessThan(60_000);
    expect(text).toMatch(/\r\n /); // the long summary is folded
    expect(text).not.toContain('CANARY');
    // Opening it again (a mail scanner, a second click) gives the same event and changes nothing.
    const before = p.snapshot();
    expect(onlyEvent(parseIcs(await (await fetch(url)).text())).uid).toBe(event.uid);
    expect(p.snapshot()).toBe(before);
  });

  it('a next session given as a day is an all-day event', async () => {
    const { p } = await served();
    const { url } = await icsLink(p, { nextSessionAt: '2026-12-03' });
    const event = onlyEvent(parseIcs(await (await fetch(url)).text()));
    expect([event.start, event.end]).toEqual(['2026-12-03', '2026-12-04']);
  });

  function doGet(p: TestProgram, parameter: Record<string, string>) {
    return p.rt.callIn(p.rt.webApp, 'doGet', {
      parameter,
      parameters: Object.fromEntries(Object.entries(parameter).map(([k, v]) => [k, [v]])),
      queryString: '',
    }) as { kind: string; content: string; mimeType?: string };
  }

  it("refuses an altered, expired or other page's token, and a session deleted since", async () => {
    const { p } = await served();
    const { url, sessionId } = await icsLink(p);
    const t = new URL(url).searchParams.get('t')!;
    expect(doGet(p, { page: 'ics', t })).toMatchObject({ kind: 'text', mimeType: 'text/calendar', fileName: 'coaching-session.ics' });
    const [payload, sig] = t.split('.');
    const forged = `${Buffer.from(JSON.stringify({ p: 'ics', id: 'ses_other', exp: 9_999_999_999 })).toString('base64url')}.${sig}`;
    for (const [token, reason] of [
      [`${payload}.${sig!.slice(0, -2)}xx`, 'has been changed'],
      [forged, 'has been changed'],
      ['nonsense', 'incomplete'],
      ['', 'incomplete'],
    ] as const) {
      const page = doGet(p, { page: 'ics', t: token });
      expect(page.kind).toBe('html');
      expect(page.content).toContain(reason);
    }
    // An optout token of the same program is not a calendar link.
    const optout = hrefs(String((await mails(p.rt))[0]!.html)).find((h) => h.includes('page=optout'))!;
    expect(doGet(p, { page: 'ics', t: new URL(optout).searchParams.get('t')! }).content).toContain('belongs to another page');
    // Valid until a week after the session it adds (3 Dec): on 11 Dec it has expired.
    p.rt.env.clockOffsetMs = Date.parse('2026-12-09T16:00:00Z') - Date.now();
    expect(doGet(p, { page: 'ics', t }).kind).toBe('text');
    p.rt.env.clockOffsetMs = Date.parse('2026-12-11T16:00:00Z') - Date.now();
    expect(doGet(p, { page: 'ics', t }).content).toContain('has expired');
    p.rt.env.clockOffsetMs = NOW.getTime() - Date.now();
    // The coach deletes the session: its link no longer gives an event.
    expect(p.post({ v: 1, op: 'editSession', token: p.token, sessionId, delete: true })).toMatchObject({ ok: true });
    expect(doGet(p, { page: 'ics', t }).content).toContain('no longer in the program');
  });
});
