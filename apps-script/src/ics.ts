// `?page=ics&t=<signed token>` (PRODUCT.md): the next session of a recap as an iCalendar file, for any
// calendar app. The token names the session (links.ts: HMAC-signed, expiring); an altered, expired or
// wrong-page token gets the link pages' problem page, as does a session deleted since or without a next
// session. GET changes nothing. Nothing of the notes: the event is the coach's name and the time.
//
// Served as Google serves a ContentService answer: ContentService.MimeType.ICAL and
// TextOutput.downloadAsFile(name), which "Tells browsers to download rather than display this content"
// (developers.google.com/apps-script/reference/content/text-output#downloadAsFile(String)); a calendar
// app or the browser opens the downloaded .ics.
import { icsCalendar } from '../../shared/calendar';
import { LINK_PROBLEMS } from '../../shared/links';
import { nextSessionEvent } from '../../shared/recap';
import { checkLink } from './links';
import { problemPage } from './pages';
import { findRecord, openTable, spreadsheet } from './sheet';

export const ICS_FILE_NAME = 'coaching-session.ics';

/** A stable UID, so that opening the file again updates the same event instead of adding one (RFC 5545 §3.8.4.7). */
export function icsUid(sessionId: string): string {
  return `${sessionId}-next@followthrough`;
}

export function showIcs(token: string): GoogleAppsScript.Content.TextOutput | GoogleAppsScript.HTML.HtmlOutput {
  const now = new Date();
  const check = checkLink(token, 'ics', now);
  if (!check.ok) return problemPage(LINK_PROBLEMS[check.reason]);
  const ss = spreadsheet();
  const session = findRecord(openTable(ss, 'Sessions'), 'session_id', check.claims.id)?.record;
  if (!session || session.deleted_at instanceof Date)
    return problemPage('This session is no longer in the program’s sheet. Ask your coach for the date of your next session.');
  if (!(session.next_session_at instanceof Date))
    return problemPage('No next session is planned in the program’s sheet. Ask your coach for its date.');
  const coach = findRecord(openTable(ss, 'Coaches'), 'coach_id', session.coach_id)?.record;
  const event = nextSessionEvent(
    { start: session.next_session_at, durationMin: session.duration_min },
    coach?.name || 'your coach',
    ss.getSpreadsheetTimeZone(),
  );
  const revised = session.updated_at instanceof Date ? session.updated_at : session.created_at instanceof Date ? session.created_at : now;
  return ContentService.createTextOutput(icsCalendar({ ...event, uid: icsUid(session.session_id), stamp: revised }))
    .setMimeType(ContentService.MimeType.ICAL)
    .downloadAsFile(ICS_FILE_NAME);
}
