// The recap a client gets after a session (PRODUCT.md, capture `sendRecap`): their action items with due
// dates, the links the coach shared, and the next session with add-to-calendar links (Google Calendar
// and the signed .ics) — never the notes, which this renderer is not even given. One renderer for the
// email the add-on sends and the preview the panel shows before Save (with `icsUrl`/`optOutUrl`/
// `withdrawUrl` null: those links are signed by the add-on when it sends). HTML through shared/html.ts's escapeHtml, in the
// reminder emails' layout (tables, inline styles; no images, no scripts).
import { googleCalendarLink, type CalendarEvent, type EventTime } from './calendar';
import { calendarDayIn, dateFormatIn, isIsoDate, toCellDate, zoneOffsetMinutes } from './dates';
import { button, formatDay, htmlShell, withdrawNotice, type RenderedEmail } from './emails';
import { emailAddressOf } from './email-address';
import { escapeHtml } from './html';
import { isHttpUrl, type Resource } from './resources';
import type { Owner } from './schema';

/** How long the next session is when this one's length is not known. */
export const DEFAULT_SESSION_MINUTES = 60;

export interface RecapItem {
  text: string;
  /** The due day (a date cell: midnight in the sheet's time zone), or '' for none. */
  due: Date | '';
}

export interface RecapInput {
  clientName: string;
  coachName: string;
  /** The client's action items of this session (owner client), in the order they were written. */
  items: readonly RecapItem[];
  resources: readonly Resource[];
  /** The next session's start (Sessions.next_session_at), or null; its length is this session's, else an hour. */
  next: { start: Date; durationMin?: number | '' } | null;
  timeZone: string;
  /** The add-on's signed `?page=ics&t=…` link; null in a preview (it is made when the email is sent). */
  icsUrl: string | null;
  /** The add-on's signed opt-out link; null in a preview. */
  optOutUrl: string | null;
  /** Last line of a client's email (Settings' client_signoff). */
  signoff: string;
  /** The words the client lets leaders read now (their latest answer's consented testimonial), or null. */
  sharedWords: string | null;
  /** The add-on's signed `?page=consent` link that withdraws them; null in a preview (a placeholder shows where). */
  withdrawUrl: string | null;
}

export interface RenderedRecap extends RenderedEmail {
  /** The event the calendar links add, or null without a next session. */
  event: CalendarEvent | null;
  /** Google Calendar's template link for the event, or null. */
  googleCalendarUrl: string | null;
}

/** Whether the recap would carry anything: an item, a link or a next session. */
export function hasRecapContent(input: Pick<RecapInput, 'items' | 'resources' | 'next'>): boolean {
  return input.items.length > 0 || input.resources.length > 0 || input.next !== null;
}

/** Local midnight in `timeZone`: how a next session given as a date without a time is stored. */
function isLocalMidnight(at: Date, timeZone: string): boolean {
  const local = at.getTime() + zoneOffsetMinutes(at.getTime(), timeZone) * 60_000;
  return local % 86_400_000 === 0;
}

/** The next session as a calendar event: all of its day when no time was given, else start + length. */
export function nextSessionEvent(next: NonNullable<RecapInput['next']>, coachName: string, timeZone: string): CalendarEvent {
  const minutes = typeof next.durationMin === 'number' && next.durationMin > 0 ? next.durationMin : DEFAULT_SESSION_MINUTES;
  const when: EventTime = isLocalMidnight(next.start, timeZone)
    ? { kind: 'day', day: calendarDayIn(next.start, timeZone) }
    : { kind: 'timed', start: next.start, end: new Date(next.start.getTime() + minutes * 60_000) };
  return { title: `Coaching session with ${coachName}`, when, details: `Your next coaching session with ${coachName}.` };
}

const WHEN: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};
/** Thu, Dec 3, 10:00 AM EST — in the sheet's time zone, named. */
function formatWhen(event: CalendarEvent, timeZone: string): string {
  if (event.when.kind === 'day') return formatDay(new Date(`${event.when.day}T12:00:00Z`), 'UTC');
  return dateFormatIn(timeZone, WHEN).format(event.when.start);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const SECTION = 'padding:12px 28px 4px';
const HEADING = 'font-size:13px;font-weight:bold;text-transform:uppercase;color:#5f6368';
const ROW = 'padding:8px 0;border-top:1px solid #e8eaed;font-size:15px';

export function renderRecap(input: RecapInput): RenderedRecap {
  const { coachName, timeZone } = input;
  const first = input.clientName.split(/\s+/)[0] || input.clientName;
  const subject = `Your session recap from ${coachName}${input.items.length ? `: ${plural(input.items.length, 'next step')}` : ''}`;
  const event = input.next ? nextSessionEvent(input.next, coachName, timeZone) : null;
  const googleCalendarUrl = event ? googleCalendarLink(event) : null;

  const text: string[] = [`Hi ${first},`, '', `Thank you for today’s session. Here is what we agreed on.`, ''];
  const html: string[] = [
    `<tr><td style="padding:0 28px 8px;font-size:15px">Hi ${escapeHtml(first)},</td></tr>`,
    `<tr><td style="padding:0 28px 8px;font-size:15px">Thank you for today’s session. Here is what we agreed on.</td></tr>`,
  ];

  if (input.items.length) {
    text.push('Your next steps:');
    const rows = input.items.map((item) => {
      const due = item.due instanceof Date ? formatDay(item.due, timeZone) : '';
      text.push(`- ${item.text}${due ? ` (due ${due})` : ''}`);
      return `<tr><td style="${ROW}">${escapeHtml(item.text)}${due ? ` <span style="color:#5f6368;white-space:nowrap">— due ${escapeHtml(due)}</span>` : ''}</td></tr>`;
    });
    text.push('');
    html.push(
      `<tr><td style="${SECTION}"><div style="${HEADING}">Your next steps</div><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows.join('')}</table></td></tr>`,
    );
  }

  if (input.resources.length) {
    text.push('Resources:');
    const rows = input.resources.map((r) => {
      text.push(`- ${r.title}: ${r.url}`);
      return `<tr><td style="${ROW}"><a href="${escapeHtml(r.url)}" style="color:#1a73e8">${escapeHtml(r.title)}</a></td></tr>`;
    });
    text.push('');
    html.push(
      `<tr><td style="${SECTION}"><div style="${HEADING}">Resources</div><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows.join('')}</table></td></tr>`,
    );
  }

  if (event) {
    const when = formatWhen(event, timeZone);
    text.push(`Your next session with ${coachName}: ${when}`);
    text.push(`  Add to Google Calendar: ${googleCalendarUrl}`);
    if (input.icsUrl) text.push(`  Add to another calendar (.ics): ${input.icsUrl}`);
    text.push('');
    const buttons =
      button(googleCalendarUrl!, 'Add to Google Calendar', '#1a73e8') +
      (input.icsUrl ? button(input.icsUrl, 'Add to another calendar (.ics)', '#5f6368') : '');
    html.push(
      `<tr><td style="${SECTION};font-size:15px"><div style="${HEADING}">Next session</div><p style="margin:8px 0">With ${escapeHtml(coachName)}: <strong>${escapeHtml(when)}</strong></p>${buttons}</td></tr>`,
    );
  }

  text.push(input.signoff);
  if (input.optOutUrl) text.push('', `Stop these emails: ${input.optOutUrl}`);
  let footer = `${escapeHtml(input.signoff)}${input.optOutUrl ? `<br><a href="${escapeHtml(input.optOutUrl)}" style="color:#5f6368">Stop these emails</a>` : ''}`;
  if (input.sharedWords) {
    // As in every later email to a client who shares words with leaders (shared/emails.ts).
    const withdraw = withdrawNotice(input.sharedWords, input.withdrawUrl);
    text.push('', withdraw.text);
    footer += `<br><br>${withdraw.html}`;
  }
  return { subject, html: htmlShell(subject, html.join('\n'), footer), text: text.join('\n'), event, googleCalendarUrl };
}

/**
 * The panel's form before Save, as the capture request will carry it (ISO dates; an item's owner
 * defaults to the client, as the API's does), with what the panel knows of the program: the sheet's
 * time zone and the coach's name (hello) and the client's sign-off line (sync `settings.clientSignoff`).
 */
export interface RecapDraft {
  clientName: string;
  coachName: string;
  timeZone: string;
  startedAt: string;
  endedAt?: string | undefined;
  nextSessionAt?: string | undefined;
  actionItems: ReadonlyArray<{ text: string; owner?: Owner | undefined; due?: string | undefined }>;
  resources: readonly Resource[];
  signoff: string;
  /** The words the client shares with leaders, as the panel knows them (sync's latest preparation answer), or null. */
  sharedWords?: string | null | undefined;
}

/**
 * The recap the add-on will send for this draft, made the way the add-on makes it from the stored rows
 * (recap.ts there): the client's items (blank ones left out, as the form leaves them out), due days at
 * midnight in the sheet's time zone, the session's length in whole minutes, links that are http(s). The
 * signed .ics and opt-out links are not known before sending: the preview has neither; the sentence that
 * offers a sharing client to stop sharing their words shows a placeholder where its signed link will be.
 */
export function recapInputOfDraft(draft: RecapDraft): RecapInput {
  const tz = draft.timeZone;
  const day = (text: string | undefined): Date | '' => (text && isIsoDate(text) ? toCellDate(text, tz) : '');
  const start = day(draft.startedAt);
  const end = day(draft.endedAt);
  const next = day(draft.nextSessionAt);
  const durationMin =
    start instanceof Date && end instanceof Date ? Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000)) : '';
  return {
    clientName: draft.clientName,
    coachName: draft.coachName || 'your coach',
    items: draft.actionItems
      .filter((i) => (i.owner ?? 'client') === 'client' && i.text.trim())
      .map((i) => ({ text: i.text.trim(), due: day(i.due) })),
    resources: draft.resources.filter((r) => r.title.trim() && isHttpUrl(r.url)).map((r) => ({ title: r.title.trim(), url: r.url })),
    next: next instanceof Date ? { start: next, durationMin } : null,
    timeZone: tz,
    icsUrl: null,
    optOutUrl: null,
    signoff: draft.signoff,
    sharedWords: draft.sharedWords || null,
    withdrawUrl: null,
  };
}

/**
 * Whom the add-on sends a client's recap to, or why it sends none: an address MailApp can send to, and
 * emails on (the Clients tab's reminders checked; a client a capture creates gets them on). The add-on
 * skips the recap on this rule (apps-script/src/recap.ts) and the panel says so before Save.
 */
export function recapAddress(client: { email: unknown; reminders?: unknown }): { to: string } | { none: 'no_address' | 'emails_off' } {
  const to = emailAddressOf(client.email);
  if (!to) return { none: 'no_address' };
  if (client.reminders !== true) return { none: 'emails_off' };
  return { to };
}
