// The recap email after a capture with `sendRecap: true` (PRODUCT.md): to the client (Clients.email,
// only with reminders = TRUE, "Who gets which email"), once per capture however often the capture is
// sent again — EmailLog's dedupe_key `recap:<sessionId>` (the session id is derived from the coach and
// the captureId) says it went. Built from the stored rows, never from the request, so a retry of a
// capture whose first execution stored everything but died before mailing sends the same email. The
// renderer (shared/recap.ts) is not given the notes.
//
// Sent after the capture's writes are flushed (webapp.ts runs it after the op), still under the script
// lock so that two executions of the same capture cannot both find no log row. A failure here never
// fails or undoes the capture: it is logged `failed` and told in the answer.
import type { RecapOutcome } from '../../shared/api';
import { emailAddressOf } from '../../shared/email-address';
import { hasRecapContent, recapAddress, renderRecap, type RecapInput } from '../../shared/recap';
import { parseResources } from '../../shared/resources';
import type { Row } from '../../shared/schema';
import { wordsSharedBy } from '../../shared/testimonials';
import type { Coach } from './auth';
import { newId } from './ids';
import { linkMaker, STOP_LINK_DAYS } from './links';
import { loadSettings } from './settings';
import { fromCoach, sendLoggedEmail } from './services';
import { appendRecords, findRecord, findRecords, openTable, recordsWhere } from './sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const DAY_MS = 86_400_000;
/** The .ics link works until a week after the session it adds. */
const ICS_LINK_DAYS_AFTER = 7;

export function recapKey(sessionId: string): string {
  return `recap:${sessionId}`;
}

/**
 * The recap of one stored session, as the client would get it (links signed from `now`): the session's
 * items for the client (found by key), its resources cell and its next session.
 */
export function recapOf(
  ss: Spreadsheet,
  session: Row<'Sessions'>,
  client: Row<'Clients'>,
  coach: Coach | null,
  signoff: string,
  now: Date,
): ReturnType<typeof renderRecap> & { input: RecapInput; itemIds: string[] } {
  const timeZone = ss.getSpreadsheetTimeZone();
  const items = recordsWhere(ss, 'ActionItems', 'session_id', [session.session_id]).filter(
    (i) => i.owner === 'client' && i.status !== 'dropped',
  );
  const next = session.next_session_at instanceof Date ? { start: session.next_session_at, durationMin: session.duration_min } : null;
  const links = linkMaker(now);
  // The words the client lets leaders read now (their latest answer decides): the recap offers to withdraw them.
  const shared = wordsSharedBy(recordsWhere(ss, 'Prep', 'client_id', [client.client_id]), client.client_id);
  const icsDays = next ? Math.max(1, Math.ceil((next.start.getTime() - now.getTime()) / DAY_MS)) + ICS_LINK_DAYS_AFTER : 0;
  const input: RecapInput = {
    clientName: client.name,
    coachName: coach?.name || 'your coach',
    items: items.map((i) => ({ text: i.text, due: i.due_date })),
    resources: parseResources(session.resources),
    next,
    timeZone,
    icsUrl: next ? links.url('ics', session.session_id, icsDays) : null,
    optOutUrl: links.url('optout', client.client_id, STOP_LINK_DAYS),
    signoff,
    sharedWords: shared,
    withdrawUrl: shared ? links.url('consent', client.client_id, STOP_LINK_DAYS) : null,
  };
  return { ...renderRecap(input), input, itemIds: items.map((i) => i.item_id) };
}

/**
 * Sends the recap of the session once: nothing when EmailLog already holds it (sent, pending or
 * skipped; a failed one is tried again by a retry of the capture). Never throws.
 */
export function sendRecapOnce(ss: Spreadsheet, sessionId: string, coaches: ReadonlyArray<Coach>, now: Date): RecapOutcome {
  const key = recapKey(sessionId);
  try {
    const log = openTable(ss, 'EmailLog');
    const earlier = findRecords(log, 'dedupe_key', [key])
      .map((l) => l.record)
      .filter((r) => r.status !== 'failed');
    if (earlier.length) return { status: 'already', to: earlier[0]!.to };
    const session = findRecord(openTable(ss, 'Sessions'), 'session_id', sessionId)?.record;
    if (!session) return { status: 'failed', to: '', detail: 'The session is not in the sheet.' };
    const client = findRecord(openTable(ss, 'Clients'), 'client_id', session.client_id)?.record;
    const to = client ? emailAddressOf(client.email) : null;
    const skip = (detail: string): RecapOutcome => {
      appendRecords(log, [
        {
          log_id: newId('log'),
          sent_at: now,
          kind: 'recap',
          to: to ?? '',
          subject: '',
          item_ids: '',
          dedupe_key: key,
          status: 'skipped',
          detail,
        },
      ]);
      return { status: 'skipped', to: to ?? '', detail };
    };
    if (!client) return skip('The client is not in the sheet.');
    const address = recapAddress(client);
    if ('none' in address)
      return skip(
        address.none === 'no_address'
          ? `${client.name} has no email address in the Clients tab.`
          : `${client.name} does not get emails (reminders is off).`,
      );
    // The coach who held the session names it and gets the replies.
    const coach = coaches.find((c) => c.coach_id === session.coach_id) ?? coaches.find((c) => c.coach_id === client.coach_id) ?? null;
    const settings = loadSettings(ss);
    const recap = recapOf(ss, session, client, coach, settings.client_signoff, now);
    if (!hasRecapContent(recap.input)) return skip('Nothing to recap: no action items for the client, no links and no next session.');
    // Through the service layer (services.ts): logged pending and flushed before the email leaves, sent
    // or failed after; an execution that dies after the send leaves a pending row, which a retry counts
    // as sent (never twice; at most this one lost). From the coach by name, as every client email.
    const result = sendLoggedEmail(
      {
        kind: 'recap',
        to: address.to,
        subject: recap.subject,
        text: recap.text,
        html: recap.html,
        ...fromCoach(coach, settings.sender_name),
        itemIds: recap.itemIds,
        dedupeKey: key,
      },
      ss,
    );
    if (result.status === 'quota')
      return { status: 'quota', to: address.to, detail: 'The daily email quota is spent; the recap was not sent.' };
    if (result.status === 'failed') return { status: 'failed', to: address.to, detail: result.detail };
    return { status: 'sent', to: address.to };
  } catch (err) {
    console.error(err);
    return { status: 'failed', to: '', detail: err instanceof Error ? err.message : String(err) };
  }
}
