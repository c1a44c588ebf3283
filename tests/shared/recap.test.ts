// The recap renderer (shared/recap.ts) and the add-to-calendar pieces (shared/calendar.ts), pure.
import { describe, expect, it } from 'vitest';
import { escapeIcsText, foldIcsLine, googleCalendarLink, icsCalendar } from '../../shared/calendar';
import { toCellDate } from '../../shared/dates';
import { WITHDRAW_LINK_PLACEHOLDER } from '../../shared/emails';
import {
  hasRecapContent,
  nextSessionEvent,
  recapAddress,
  recapInputOfDraft,
  renderRecap,
  type RecapDraft,
  type RecapInput,
} from '../../shared/recap';
import { contentLines, onlyEvent, parseIcs } from '../helpers/ics';

const tz = 'America/New_York';

function input(over: Partial<RecapInput> = {}): RecapInput {
  return {
    clientName: 'Maya Thompson',
    coachName: 'Ana Rivera',
    items: [
      { text: 'Try a <b>countdown</b> timer & report', due: toCellDate('2026-11-27', tz) },
      { text: 'Read chapter 3', due: '' },
    ],
    resources: [{ title: 'Transitions "that work"', url: 'https://example.org/t?a=1&b=2' }],
    next: { start: new Date('2026-12-03T15:00:00Z'), durationMin: 45 },
    timeZone: tz,
    icsUrl: 'https://script.google.com/macros/s/X/exec?page=ics&t=abc.def',
    optOutUrl: 'https://script.google.com/macros/s/X/exec?page=optout&t=x.y',
    signoff: 'Reply to this email to reach your coach.',
    sharedWords: null,
    withdrawUrl: null,
    ...over,
  };
}

/** The panel's preview of a draft with no items, links or next session, on 20 November. */
const bareDraft = (over: Partial<RecapDraft> = {}) =>
  recapInputOfDraft({
    clientName: 'x',
    coachName: 'y',
    timeZone: tz,
    signoff: '',
    startedAt: '2026-11-20',
    actionItems: [],
    resources: [],
    ...over,
  });

describe('the Google Calendar template link', () => {
  it('has action=TEMPLATE, the title, UTC dates and the details, percent-encoded', () => {
    const url = new URL(
      googleCalendarLink({
        title: 'Coaching & more = fun',
        when: { kind: 'timed', start: new Date('2026-12-03T15:00:00Z'), end: new Date('2026-12-03T15:45:00Z') },
        details: 'Line one\nline two',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('action')).toBe('TEMPLATE');
    expect(url.searchParams.get('text')).toBe('Coaching & more = fun');
    expect(url.searchParams.get('dates')).toBe('20261203T150000Z/20261203T154500Z');
    expect(url.searchParams.get('details')).toBe('Line one\nline two');
    expect([...url.searchParams.keys()]).toEqual(['action', 'text', 'dates', 'details']);
  });

  it('gives an all-day event as its day and the next (exclusive end)', () => {
    const url = new URL(googleCalendarLink({ title: 'x', when: { kind: 'day', day: '2026-12-31' } }));
    expect(url.searchParams.get('dates')).toBe('20261231/20270101');
  });
});

describe('the iCalendar file', () => {
  it('escapes backslash, semicolon, comma and line breaks in TEXT', () => {
    expect(escapeIcsText('a\\b;c,d\r\ne\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}${'😀'.repeat(10)}`;
    const folded = foldIcsLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .slice(1)
        .every((p) => p.startsWith(' ')),
    ).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldIcsLine('SHORT:x')).toBe('SHORT:x');
    expect(foldIcsLine(`X:${'a'.repeat(73)}`)).toBe(`X:${'a'.repeat(73)}`); // exactly 75 octets stays one line
  });

  it('is a strict VCALENDAR with one VEVENT (CRLF, folded, escaped) that our strict reader reads back', () => {
    const title = `Coaching session with Dr. Rivera, Ana; PhD \\ ${'long name '.repeat(8)}`;
    const text = icsCalendar({
      uid: 'ses_1-next@followthrough',
      stamp: new Date('2026-11-20T16:00:00Z'),
      title,
      when: { kind: 'timed', start: new Date('2026-12-03T15:00:00Z'), end: new Date('2026-12-03T15:45:00Z') },
      details: 'Two\nlines',
    });
    expect(text).not.toMatch(/[^\r]\n/);
    const event = onlyEvent(parseIcs(text));
    expect(event).toEqual({
      uid: 'ses_1-next@followthrough',
      stamp: new Date('2026-11-20T16:00:00Z'),
      summary: title,
      description: 'Two\nlines',
      start: new Date('2026-12-03T15:00:00Z'),
      end: new Date('2026-12-03T15:45:00Z'),
    });
    expect(contentLines(text).slice(0, 5)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//FollowThrough//Coaching recap//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
    ]);
    const allDay = onlyEvent(parseIcs(icsCalendar({ uid: 'u', stamp: new Date(), title: 't', when: { kind: 'day', day: '2026-12-03' } })));
    expect([allDay.start, allDay.end]).toEqual(['2026-12-03', '2026-12-04']);
  });

  it('the strict reader refuses what it should (it can fail)', () => {
    const good = icsCalendar({ uid: 'u', stamp: new Date(), title: 'a, b', when: { kind: 'day', day: '2026-12-03' } });
    expect(() => parseIcs(good.replace(/\r\n/g, '\n'))).toThrow(/CRLF/);
    expect(() => onlyEvent(parseIcs(good.replace('a\\, b', 'a, b')))).toThrow(/Unescaped ,/);
    expect(() => parseIcs(good.replace(/UID:u\r\n/, ''))).toThrow(/UID/);
    expect(() => parseIcs(good.replace('SUMMARY:', `SUMMARY:${'x'.repeat(80)}`))).toThrow(/octets/);
  });
});

describe('renderRecap', () => {
  it('lists the client’s items with due days, the links and the next session with both calendar links, all escaped', () => {
    const recap = renderRecap(input());
    expect(recap.subject).toBe('Your session recap from Ana Rivera: 2 next steps');
    expect(recap.text).toContain('- Try a <b>countdown</b> timer & report (due Fri, Nov 27)');
    expect(recap.text).toContain('- Read chapter 3\n');
    expect(recap.text).toContain('- Transitions "that work": https://example.org/t?a=1&b=2');
    expect(recap.text).toContain('Your next session with Ana Rivera: Thu, Dec 3, 10:00 AM EST');
    expect(recap.text).toContain(`Add to Google Calendar: ${recap.googleCalendarUrl}`);
    expect(recap.text).toContain('Add to another calendar (.ics): https://script.google.com/macros/s/X/exec?page=ics&t=abc.def');
    expect(recap.html).toContain('Try a &lt;b&gt;countdown&lt;/b&gt; timer &amp; report');
    expect(recap.html).not.toContain('<b>countdown');
    expect(recap.html).toContain('<a href="https://example.org/t?a=1&amp;b=2" style="color:#1a73e8">Transitions &quot;that work&quot;</a>');
    expect(recap.html).toContain('href="https://script.google.com/macros/s/X/exec?page=ics&amp;t=abc.def"');
    expect(recap.html).toContain('Stop these emails');
    expect(new URL(recap.googleCalendarUrl!).searchParams.get('dates')).toBe('20261203T150000Z/20261203T154500Z');
    expect(recap.event?.title).toBe('Coaching session with Ana Rivera');
  });

  it('a preview (no signed links yet) has the Google link but no .ics or opt-out link', () => {
    const recap = renderRecap(input({ icsUrl: null, optOutUrl: null }));
    expect(recap.text).toContain('Add to Google Calendar:');
    expect(recap.text).not.toContain('.ics');
    expect(recap.html).not.toContain('Stop these emails');
  });

  it('a client who shares words with leaders reads them with the link to stop sharing; the preview shows the same sentence with a placeholder; a client who shares nothing, no such line', () => {
    const words = 'Mornings are calm & <kids> read.';
    const sent = renderRecap(input({ sharedWords: words, withdrawUrl: 'https://script.google.com/macros/s/X/exec?page=consent&t=w.z' }));
    expect(sent.text.split('\n').at(-1)).toBe(
      'You let the program’s leaders read your words: “Mornings are calm & <kids> read.” To stop sharing them: https://script.google.com/macros/s/X/exec?page=consent&t=w.z',
    );
    expect(sent.html).toContain(
      '“Mornings are calm &amp; &lt;kids&gt; read.” <a href="https://script.google.com/macros/s/X/exec?page=consent&amp;t=w.z" style="color:#5f6368">Stop sharing my words</a>',
    );
    const preview = renderRecap(input({ icsUrl: null, optOutUrl: null, sharedWords: words, withdrawUrl: null }));
    expect(preview.text.split('\n').at(-1)).toBe(
      `You let the program’s leaders read your words: “${words}” To stop sharing them: ${WITHDRAW_LINK_PLACEHOLDER}`,
    );
    expect(preview.html).toContain(
      '“Mornings are calm &amp; &lt;kids&gt; read.” <span style="color:#5f6368;text-decoration:underline">Stop sharing my words</span>',
    );
    expect(preview.html).not.toContain('page=consent');
    const none = renderRecap(input({ withdrawUrl: 'https://script.google.com/macros/s/X/exec?page=consent&t=w.z' }));
    expect(`${none.text}${none.html}`).not.toMatch(/your words|Stop sharing|page=consent/);
    expect(bareDraft({ sharedWords: words })).toMatchObject({ sharedWords: words, withdrawUrl: null });
  });

  it('a next session given as a day is an all-day event; without a length it lasts an hour', () => {
    expect(nextSessionEvent({ start: toCellDate('2026-12-03', tz) }, 'Ana', tz).when).toEqual({ kind: 'day', day: '2026-12-03' });
    expect(nextSessionEvent({ start: new Date('2026-12-03T15:00:00Z'), durationMin: '' }, 'Ana', tz).when).toEqual({
      kind: 'timed',
      start: new Date('2026-12-03T15:00:00Z'),
      end: new Date('2026-12-03T16:00:00Z'),
    });
    expect(renderRecap(input({ next: { start: toCellDate('2026-12-03', tz) } })).text).toContain(
      'Your next session with Ana Rivera: Thu, Dec 3\n',
    );
  });

  it('leaves out what is missing and knows when there is nothing to send', () => {
    const bare = renderRecap(input({ items: [], resources: [], next: null }));
    expect(bare.text).not.toMatch(/next steps|Resources|Next session|Google/);
    expect(hasRecapContent({ items: [], resources: [], next: null })).toBe(false);
    expect(hasRecapContent({ items: [], resources: [{ title: 'a', url: 'https://a.example' }], next: null })).toBe(true);
  });
});

describe('recapInputOfDraft (the panel’s preview before Save)', () => {
  it('keeps the client’s non-blank items and http(s) links, dates in the sheet’s zone, the session’s length; no signed links', () => {
    const preview = recapInputOfDraft({
      clientName: 'Maya Thompson',
      coachName: '',
      timeZone: tz,
      signoff: 'Bye',
      startedAt: '2026-11-20T15:00:00Z',
      endedAt: '2026-11-20T15:30:00Z',
      nextSessionAt: '2026-12-03',
      actionItems: [
        { text: ' Timer ', due: '2026-11-27' },
        { text: 'Clip', owner: 'coach' },
        { text: '   ' },
        { text: 'Read', owner: 'client', due: 'not a date' },
      ],
      resources: [
        { title: 'A', url: 'https://a.example' },
        { title: 'Bad', url: 'javascript:x' },
        { title: ' ', url: 'https://b.example' },
      ],
    });
    expect(preview).toEqual({
      clientName: 'Maya Thompson',
      coachName: 'your coach',
      timeZone: tz,
      signoff: 'Bye',
      icsUrl: null,
      optOutUrl: null,
      sharedWords: null,
      withdrawUrl: null,
      items: [
        { text: 'Timer', due: toCellDate('2026-11-27', tz) },
        { text: 'Read', due: '' },
      ],
      resources: [{ title: 'A', url: 'https://a.example' }],
      next: { start: toCellDate('2026-12-03', tz), durationMin: 30 },
    });
    expect(bareDraft().next).toBeNull();
  });
});

describe('whom a recap goes to', () => {
  it('needs an address MailApp can send to and emails on, as the add-on and the panel both read it', () => {
    expect(recapAddress({ email: ' maya@example.org ', reminders: true })).toEqual({ to: 'maya@example.org' });
    expect(recapAddress({ email: 'maya@', reminders: true })).toEqual({ none: 'no_address' });
    expect(recapAddress({ email: '', reminders: true })).toEqual({ none: 'no_address' });
    // An empty reminders cell is not "on": the add-on sends only when the box is ticked.
    expect(recapAddress({ email: 'maya@example.org', reminders: '' })).toEqual({ none: 'emails_off' });
    expect(recapAddress({ email: 'maya@example.org', reminders: false })).toEqual({ none: 'emails_off' });
  });
});
