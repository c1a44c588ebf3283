// A client's progress summary, sent by their coach: from the panel (op clientSummary) or the menu.
import type { ClientSummaryAnswer } from '../../shared/api';
import { renderClientSummary, type ReportAudience } from '../../shared/client-summary';
import { emailAddressOf } from '../../shared/email-address';
import { isOpenItem } from '../../shared/items';
import { clientMetrics } from '../../shared/metrics';
import type { Row } from '../../shared/schema';
import { wordsSharedBy } from '../../shared/testimonials';
import type { Coach } from './auth';
import { badRequest, plainError, RequestError } from './errors';
import type { OpContext } from './ops/context';
import { byLabel, clientChoice, showModalDialog, type ClientChoice } from './dialogs';
import { checkCapability } from './guards';
import { linkMaker, STOP_LINK_DAYS } from './links';
import { loadSettings } from './settings';
import { fromCoach, sendLoggedEmail, withScriptLock } from './services';
import { holdsClientData } from './ops/client-rows';
import { findRecord, openTable, readTable, recordsWhere, spreadsheet } from './sheet';

const RECENT_DAYS = 30;

/**
 * Emails the summary; `sender` may send it when they coach the client, or are an admin (who holds every
 * client's data, as for clientData). A leader who does not coach the client is refused: the client's
 * version carries item texts, derailed reasons and wins, and a leader reads a client's progress as the
 * menu's Progress report… (the leader's version). No `sender` (the menu): an editor of the sheet. With
 * `preview`, answers the exact email instead and sends and writes nothing — also for a client without an
 * email address (`to` is then empty), whose report the coach can still print. Sending to a client without
 * an address, or a client with nothing to report yet (no goal, nothing done lately, nothing next), is
 * refused.
 */
export function sendSummaryOf(clientId: string, sender: Coach | null, preview = false): ClientSummaryAnswer {
  const ss = spreadsheet();
  const client = findRecord(openTable(ss, 'Clients'), 'client_id', clientId)?.record;
  if (!client) throw badRequest('clientId', `No client ${JSON.stringify(clientId)} among your clients.`);
  if (sender && !holdsClientData(sender)(client)) {
    throw badRequest(
      'clientId',
      sender.role === 'leader'
        ? `${client.name} is not your client: their own summary is for their coach to send. Leaders read a client's progress in the sheet's menu, Progress report…`
        : `No client ${JSON.stringify(clientId)} among your clients.`,
    );
  }
  const to = emailAddressOf(client.email) ?? '';
  if (!to && !preview) {
    throw badRequest('clientId', `${client.name} has no email address in the Clients tab.`);
  }
  const { email, coach, done, next } = reportOf(ss, client, 'client', !preview);
  if (preview) return { sent: false, to, subject: email.subject, html: email.html, text: email.text };
  const settings = loadSettings(ss);
  const result = sendLoggedEmail(
    {
      kind: 'client_summary',
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      ...fromCoach(coach, settings.sender_name),
      itemIds: [...done, ...next].map((i) => i.item_id),
      dedupeKey: `client_summary:${clientId}:${new Date().toISOString()}`,
    },
    ss,
  );
  if (result.status === 'quota') throw new RequestError('busy', 'The daily email quota is spent; the summary can be sent tomorrow.');
  // The attempt stays in EmailLog as failed; nothing else was written.
  if (result.status === 'failed') throw new RequestError('internal', `The summary could not be sent: ${result.detail}`);
  return { sent: true, to };
}

/**
 * The client's progress report for an audience, from the client's own rows (found by key): for the
 * client (the email), or for leaders (no item texts, derailed reasons or preparation answers). Refused
 * when there is nothing to report yet (no goal, nothing done lately, nothing next). The client's email
 * of a client who shares words with leaders offers to stop sharing them: with the signed link when it is
 * sent (`signed`), a placeholder in the preview.
 */
function reportOf(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, client: Row<'Clients'>, audience: ReportAudience, signed = false) {
  const clientId = client.client_id;
  const timeZone = ss.getSpreadsheetTimeZone();
  // The client's own rows only, found by key.
  const ofClient = <T extends 'Goals' | 'Milestones' | 'ActionItems' | 'Prep' | 'Sessions'>(tab: T) =>
    recordsWhere(ss, tab, 'client_id' as never, [clientId]);
  const coaches = recordsWhere(ss, 'Coaches', 'coach_id', [client.coach_id]);
  const coach = coaches[0] ?? null;
  const goals = ofClient('Goals');
  const milestones = ofClient('Milestones');
  const items = ofClient('ActionItems');
  const prep = ofClient('Prep');
  const now = new Date();
  const [metrics] = clientMetrics({
    now,
    timeZone,
    coaches,
    clients: [client],
    goals,
    items,
    sessions: ofClient('Sessions'),
    prep,
  });
  const wins = prep
    .filter((p) => p.submitted_at instanceof Date && String(p.wins).trim())
    .sort((a, b) => (b.submitted_at as Date).getTime() - (a.submitted_at as Date).getTime())
    .map((p) => String(p.wins).trim());
  const since = now.getTime() - RECENT_DAYS * 86_400_000;
  const done = items.filter((i) => i.status === 'done' && i.completed_at instanceof Date && i.completed_at.getTime() >= since);
  const next = items.filter(isOpenItem);
  if (!goals.length && !done.length && !next.length && !wins.length) {
    throw badRequest(
      'clientId',
      `Nothing to report ${audience === 'client' ? 'to' : 'about'} ${client.name} yet: no goals, nothing done in the last ${RECENT_DAYS} days and nothing next.`,
    );
  }
  const sharedWords = audience === 'client' ? wordsSharedBy(prep, clientId) : null;
  const withdrawUrl = sharedWords && signed ? linkMaker(now).url('consent', clientId, STOP_LINK_DAYS) : null;
  const email = renderClientSummary({
    client,
    coachName: coach?.name ?? 'your coach',
    metrics: metrics!,
    goals,
    milestones,
    done,
    next,
    wins,
    sharedWords,
    withdrawUrl,
    timeZone,
    now,
    audience,
  });
  return { email, coach, done, next };
}

/** Web-app op clientSummary (the panel's button). */
export function clientSummary({ request, coach }: OpContext<'clientSummary'>): ClientSummaryAnswer {
  return sendSummaryOf(request.clientId, coach, request.preview);
}

/**
 * The menu's dialog: the list of clients, the summary previewed as the client will get it, and sending it
 * (issue 25: emailed to the client only after a preview, as from the panel).
 */
export function showClientSummaryDialog(): void {
  showModalDialog(
    'clientSummary',
    'ClientSummaryDialog',
    'Send a client their summary',
    'Send a client their progress summary',
    [720, 640],
  );
}

export function clientsForSummary(capability: string): ClientChoice[] {
  checkCapability(capability, 'clientSummary');
  return readTable(spreadsheet(), 'Clients')
    .rows.filter((c) => c.client_id && c.email)
    .map(clientChoice)
    .sort(byLabel);
}

/** The dialog's preview: the exact email (to, subject, html), from the client's rows; sends and writes nothing. */
export function previewClientSummary(capability: string, clientId: string): ClientSummaryAnswer {
  checkCapability(capability, 'clientSummary');
  return plainError(() => sendSummaryOf(String(clientId), null, true));
}

export function sendClientSummary(capability: string, clientId: string): ClientSummaryAnswer {
  checkCapability(capability, 'clientSummary');
  return plainError(() => withScriptLock(() => sendSummaryOf(String(clientId), null)));
}

// ---- The leaders' and admins' progress report (menu) ----------------------------------------------

/** Menu "Progress report…": a dialog that shows a client's report as leaders may read it, printable. */
export function showProgressReport(): void {
  showModalDialog('report', 'ProgressReportDialog', 'Progress report', 'Client progress report', [760, 640]);
}

/** The report dialog's list: every client, by name. */
export function reportClients(capability: string): ClientChoice[] {
  checkCapability(capability, 'report');
  return readTable(spreadsheet(), 'Clients')
    .rows.filter((c) => c.client_id)
    .map(clientChoice)
    .sort(byLabel);
}

/**
 * One client's report with the leader audience (shared/client-summary.ts): engagement, goals,
 * milestones and measures, commitments as counts, ratings, next session — no notes, item texts,
 * reasons or answers. Reads only; sends nothing.
 */
export function progressReport(capability: string, clientId: string): { subject: string; html: string } {
  checkCapability(capability, 'report');
  const ss = spreadsheet();
  const client = findRecord(openTable(ss, 'Clients'), 'client_id', String(clientId ?? ''))?.record;
  if (!client) throw new Error('That client is no longer in the Clients tab.');
  return plainError(() => {
    const { email } = reportOf(ss, client, 'leader');
    return { subject: email.subject, html: email.html };
  });
}
