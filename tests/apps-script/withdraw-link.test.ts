// Issue 25, "withdrawing consent (a link in the next email) removes them", for the emails besides the
// reminders (reminders.test.ts has theirs): a session recap and a progress summary to a client whose
// latest preparation answer shares words with leaders carry the signed "Stop sharing my words" link, and
// its page's button withdraws the words from what leaders read; a client who does not share gets no such
// line; the previews (the panel's recap, the summary's) show the same sentence without a signed link.
// Through the built bundle and the local runtime's web app server, as a client's mail app and browser.
import type { ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { openDialog } from '../../local/editor';
import { WebAppServer } from '../../local/web/server';
import { WITHDRAW_LINK_PLACEHOLDER } from '../../shared/emails';
import { recapInputOfDraft, renderRecap } from '../../shared/recap';
import { columnsOf } from '../../shared/schema';
import { sharedWords } from '../../shared/testimonials';
import { seal, testKey } from '../helpers/envelope';
import { openLink, pressLink } from '../helpers/link-pages';
import { firstTo, rawMails } from '../helpers/mail';
import { programsPerTest } from '../helpers/programs';
import { prepAnswer } from '../helpers/rows';
import type { TestProgram } from '../helpers/runtime';

const NOW = new Date('2026-11-24T12:00:00Z');
const WORDS = 'Coaching made my mornings calm & <students> notice.';
const FORMER = 'FORMER-5e1a words Dan stopped sharing';
const CANARY = 'CANARY-3d9e confidential, never in an email';

const { served } = programsPerTest({ now: NOW });

/**
 * A coach's two clients, each with an item: Maya shares words with leaders (her latest answer, with
 * consent) and had a confidential session; Daniel shared once and answered again without the box.
 */
async function program() {
  const { p, server } = await served();
  const capture = (captureId: string, session: Record<string, unknown>, actionItems: unknown[] = []) => {
    const answer = p.post({ v: 1, op: 'capture', token: p.token, captureId, session, actionItems });
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    return answer as { clientId: string; recap?: { status: string } };
  };
  const maya = capture('m1', { newClient: { name: 'Maya Thompson', email: 'maya@example.org' }, startedAt: '2026-11-10T15:00:00Z' }, [
    { text: 'Try a countdown timer', owner: 'client', due: '2026-12-01' },
  ]).clientId;
  capture('m2', { clientId: maya, startedAt: '2026-11-17T15:00:00Z', notes: seal(CANARY, testKey()), confidential: true });
  const dan = capture('d1', { newClient: { name: 'Daniel Okafor', email: 'dan@example.org' }, startedAt: '2026-11-10T16:00:00Z' }, [
    { text: 'Draft three exit tickets', owner: 'client', due: '2026-12-01' },
  ]).clientId;
  p.write('Prep', 2, 1, [
    prepAnswer('prep_m', maya, '2026-11-18', WORDS, true),
    prepAnswer('prep_d1', dan, '2026-11-12', FORMER, true),
    prepAnswer('prep_d2', dan, '2026-11-19', FORMER, false),
  ]);
  const leadersRead = () =>
    (p.dashboardData() as { program: { testimonials: Array<{ text: string; clientName: string }> } }).program.testimonials.map(
      (t) => t.text,
    );
  expect(leadersRead()).toEqual([WORDS]);
  return { p, server, maya, dan, capture, leadersRead };
}

async function mailsTo(p: TestProgram, to: string): Promise<Array<{ mail: ParsedMail; raw: string }>> {
  return (await rawMails(p.rt)).filter(({ mail }) => firstTo(mail) === to);
}

const SENTENCE =
  'You let the program’s leaders read your words: “Coaching made my mornings calm & <students> notice.” To stop sharing them: ';
const SENTENCE_HTML = 'You let the program’s leaders read your words: “Coaching made my mornings calm &amp; &lt;students&gt; notice.” ';

/** The email's stop-sharing link, as the client's mail app shows it. */
function withdrawHref(html: string): string {
  return /href="([^"]*page=consent[^"]*)"[^>]*>Stop sharing my words</.exec(html)![1]!.replace(/&amp;/g, '&');
}

/** The client presses the link's button: the page first shows the words, then the button withdraws them. */
async function withdrawThrough(server: WebAppServer, url: string) {
  const page = await openLink(url);
  expect(page.frame).toContain('Stop sharing your words?');
  expect(page.frame).toContain('“Coaching made my mornings calm &amp; &lt;students&gt; notice.”');
  const pressed = await pressLink(server, page.pageId, new URL(url).searchParams.get('t')!, 'withdraw');
  expect(pressed.value).toMatchObject({ ok: true, title: 'Your words are no longer shared' });
}

describe('the stop-sharing link in a recap and a progress summary', () => {
  it('a recap to a client who shares words carries the link, its button withdraws them from what leaders read; the panel’s preview is the email but for the signed links; a client who does not share gets no such line', async () => {
    const { p, server, maya, dan, capture, leadersRead } = await program();
    const session = {
      clientId: maya,
      startedAt: '2026-11-24T10:00:00Z',
      endedAt: '2026-11-24T10:45:00Z',
      nextSessionAt: '2026-12-08T15:00:00Z',
      sendRecap: true,
      notes: 'Talked about mornings.',
    };
    const items = [{ text: 'Keep the morning routine', owner: 'client', due: '2026-12-01' }];
    expect(capture('m3', session, items).recap).toMatchObject({ status: 'sent' });
    expect(
      capture('d2', { clientId: dan, startedAt: '2026-11-24T11:00:00Z', sendRecap: true }, [{ text: 'Share the tickets', owner: 'client' }])
        .recap,
    ).toMatchObject({ status: 'sent' });

    const [toMaya] = await mailsTo(p, 'maya@example.org');
    const { mail, raw } = toMaya!;
    expect(mail.subject).toBe('Your session recap from Ana Rivera: 1 next step');
    expect(mail.text).toContain(SENTENCE);
    expect(mail.text).toMatch(/To stop sharing them: http\S+page=consent&t=/);
    expect(String(mail.html)).toContain(SENTENCE_HTML);
    expect(`${mail.text}${mail.html}${raw}`).not.toContain('CANARY');
    const [toDan] = await mailsTo(p, 'dan@example.org');
    expect(toDan!.mail.subject).toBe('Your session recap from Ana Rivera: 1 next step');
    expect(`${toDan!.mail.text}${toDan!.mail.html}`).not.toMatch(/your words|Stop sharing|page=consent|FORMER/);

    // The panel's preview, from what it knows (hello, sync's settings and latest answers, its form).
    const hello = p.post({ v: 1, op: 'hello', token: p.token });
    const synced = p.post({ v: 1, op: 'sync', token: p.token });
    const preview = renderRecap(
      recapInputOfDraft({
        clientName: 'Maya Thompson',
        coachName: hello.coach.name,
        timeZone: hello.sheet.timeZone,
        signoff: synced.settings.clientSignoff,
        startedAt: session.startedAt,
        endedAt: session.endedAt,
        nextSessionAt: session.nextSessionAt,
        actionItems: items as Array<{ text: string; owner: 'client' }>,
        resources: [],
        sharedWords: sharedWords(synced.latestPrep.find((r: { client_id: string }) => r.client_id === maya)),
      }),
    );
    expect(preview.text).toContain(`${SENTENCE}${WITHDRAW_LINK_PLACEHOLDER}`);
    expect(preview.html).toContain(`${SENTENCE_HTML}<span`);
    const unsigned = (text: string) =>
      text
        .split('\n')
        .filter((l) => !/page=(ics|optout)|Stop these emails/.test(l))
        .map((l) => l.replace(/To stop sharing them: .*$/, 'To stop sharing them: <link>'))
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trimEnd();
    expect(unsigned(preview.text)).toBe(unsigned(mail.text!));
    expect(preview.subject).toBe(mail.subject);

    // Maya presses the link's button: leaders no longer read her words; her next recap has no such line.
    const before = p.snapshot();
    await openLink(withdrawHref(String(mail.html)));
    expect(p.snapshot()).toBe(before);
    await withdrawThrough(server, withdrawHref(String(mail.html)));
    expect(leadersRead()).toEqual([]);
    p.rt.call('refreshDashboard');
    expect(JSON.stringify(p.rt.data.sheets.find((s) => s.name === 'Dashboard')!.cells)).not.toContain('mornings calm');
    expect(capture('m4', { ...session, startedAt: '2026-11-24T11:00:00Z', endedAt: '2026-11-24T11:45:00Z' }, items).recap).toMatchObject({
      status: 'sent',
    });
    const again = await mailsTo(p, 'maya@example.org');
    expect(again).toHaveLength(2);
    expect(`${again[1]!.mail.text}${again[1]!.mail.html}`).not.toMatch(/your words|Stop sharing|page=consent/);
  });

  it('a progress summary sent after its preview carries the link (the preview a placeholder), its button withdraws the words; a client who does not share, and a leader’s report, get no such line', async () => {
    const { p, server, maya, dan, leadersRead } = await program();
    const preview = p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya, preview: true });
    expect(preview).toMatchObject({ ok: true, sent: false, to: 'maya@example.org' });
    expect(preview.text).toContain(`${SENTENCE}${WITHDRAW_LINK_PLACEHOLDER}`);
    expect(preview.html).toContain(`${SENTENCE_HTML}<span`);
    expect(`${preview.text}${preview.html}`).not.toContain('page=consent');
    expect(await mailsTo(p, 'maya@example.org')).toHaveLength(0);

    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya })).toMatchObject({
      ok: true,
      sent: true,
      to: 'maya@example.org',
    });
    const [{ mail, raw }] = (await mailsTo(p, 'maya@example.org')) as [{ mail: ParsedMail; raw: string }];
    expect(mail.subject).toBe(preview.subject);
    expect(mail.text).toContain(SENTENCE);
    expect(mail.text).toMatch(/To stop sharing them: http\S+page=consent&t=/);
    expect(mail.text!.replace(/To stop sharing them: .*$/m, '')).toBe(preview.text.replace(/To stop sharing them: .*$/m, ''));
    expect(`${mail.text}${mail.html}${raw}`).not.toContain('CANARY');

    // Daniel, who answered again without the box, gets no such line; nor does a leader's report on Maya.
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: dan })).toMatchObject({ ok: true, sent: true });
    const [toDan] = await mailsTo(p, 'dan@example.org');
    expect(`${toDan!.mail.text}${toDan!.mail.html}`).not.toMatch(/your words|Stop sharing|page=consent|FORMER/);
    const report = p.rt.call('progressReport', openDialog(p.rt, 'showProgressReport'), maya) as { html: string };
    expect(report.html).toContain('Maya Thompson');
    expect(report.html).not.toMatch(/Stop sharing|page=consent/);

    await withdrawThrough(server, withdrawHref(String(mail.html)));
    expect(leadersRead()).toEqual([]);
    const cols = columnsOf('Prep') as string[];
    expect(
      p
        .rows('Prep')
        .filter((r) => r[cols.indexOf('client_id')] === maya)
        .map((r) => r[cols.indexOf('share_consent')]),
    ).toEqual([false]);
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya, preview: true }).text).not.toContain('your words');
  });
});
