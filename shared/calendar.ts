// Add-to-calendar for the next session: a Google Calendar template link and an iCalendar file. Pure:
// the recap email (shared/recap.ts) and the panel's preview make the Google link; the add-on serves
// the .ics file behind its signed `?page=ics&t=…` link (apps-script/src/ics.ts).
//
// Google Calendar template link — Google's "Instructions for making Google Calendar event reminder
// buttons" (google.com/googlecalendar/event_publisher_guide_detail.html): `action=TEMPLATE` (required,
// always capitalised), `text` (required, the event title), `dates` (required, start/end "in UTC format.
// Append a capitalised letter Z to the end of times. Google Calendar will interpret the date and time for
// the user's time zone"), `details` (the description); special characters in values must be
// percent-encoded. Today's address is https://calendar.google.com/calendar/render (the old
// www.google.com/calendar/event redirects there).
//
// iCalendar — RFC 5545: an iCalendar object is VCALENDAR (VERSION:2.0 and PRODID required, §3.6,
// §3.7.3–4) holding one VEVENT with UID and DTSTAMP (required, §3.6.1), DTSTART, DTEND and SUMMARY; times
// in UTC form (§3.3.5 "FORM #2: DATE WITH UTC TIME", YYYYMMDDTHHMMSSZ); lines end with CRLF (§3.1);
// "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break" and are folded by
// CRLF followed by one space, never inside a UTF-8 character (§3.1); TEXT values escape backslash,
// semicolon and comma with a backslash and write a line break as \n (§3.3.11). Media type text/calendar
// (§8.1). DTSTAMP: with no METHOD property it is when the information was last revised (§3.8.7.2); we
// give METHOD:PUBLISH (RFC 5546 §1.4, a published event, no reply expected) and the revision time.

/** 20261203T150000Z: a UTC date-time in iCalendar's basic form (RFC 5545 §3.3.5), also Google's `dates`. */
export function utcStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** 20261203: a calendar day (YYYY-MM-DD) in iCalendar's DATE form (RFC 5545 §3.3.4), also Google's all-day `dates`. */
export function dayStamp(day: string): string {
  return day.replace(/-/g, '');
}

/** The day after a calendar day (YYYY-MM-DD). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * When an event happens: from a start to an end instant, or all of one calendar day (a next session
 * given as a date without a time). An all-day event ends on the next day, exclusively: RFC 5545
 * §3.6.1 (DTEND of a DATE is not part of the event) and Google's `dates=20060415/20060416`.
 */
export type EventTime = { kind: 'timed'; start: Date; end: Date } | { kind: 'day'; day: string };

export interface CalendarEvent {
  /** Event title (SUMMARY, Google's `text`). */
  title: string;
  when: EventTime;
  /** Description (DESCRIPTION, Google's `details`); optional. */
  details?: string;
}

function googleDates(when: EventTime): string {
  return when.kind === 'timed' ? `${utcStamp(when.start)}/${utcStamp(when.end)}` : `${dayStamp(when.day)}/${dayStamp(nextDay(when.day))}`;
}

/** https://calendar.google.com/calendar/render?action=TEMPLATE&text=…&dates=…/…[&details=…] */
export function googleCalendarLink(event: CalendarEvent): string {
  const params = [
    'action=TEMPLATE',
    `text=${encodeURIComponent(event.title)}`,
    `dates=${googleDates(event.when)}`,
    ...(event.details ? [`details=${encodeURIComponent(event.details)}`] : []),
  ];
  return `https://calendar.google.com/calendar/render?${params.join('&')}`;
}

/** A TEXT value escaped (RFC 5545 §3.3.11): \ ; , and line breaks. */
export function escapeIcsText(text: string): string {
  return String(text)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * One content line folded at 75 octets (RFC 5545 §3.1): each continuation starts with one space, which
 * counts toward its 75; a character is never split.
 */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0)!);
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

export interface IcsEvent extends CalendarEvent {
  /** Globally unique and stable, so that importing the file again updates the same event. */
  uid: string;
  /** When the event's information was last revised (DTSTAMP). */
  stamp: Date;
}

/** The .ics file of one event: CRLF line endings, folded lines, escaped text. */
export function icsCalendar(event: IcsEvent, productId = '-//FollowThrough//Coaching recap//EN'): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${productId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    ...(event.when.kind === 'timed'
      ? [`DTSTART:${utcStamp(event.when.start)}`, `DTEND:${utcStamp(event.when.end)}`]
      : [`DTSTART;VALUE=DATE:${dayStamp(event.when.day)}`, `DTEND;VALUE=DATE:${dayStamp(nextDay(event.when.day))}`]),
    `SUMMARY:${escapeIcsText(event.title)}`,
    ...(event.details ? [`DESCRIPTION:${escapeIcsText(event.details)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}
