// A capture: one session (for an existing client or a new one), its action items and the debrief of
// earlier items. Everything is validated before the first write. Ids are derived from the coach and
// the captureId and the Sessions row is written last, so:
// - a repeated captureId writes nothing and answers the ids stored the first time;
// - an execution cut short (time limit, crash) left at most a client or items without their session,
//   and the retry completes exactly those rows instead of adding new ones.
import type { CaptureAnswer, CaptureRequest } from '../../../shared/api';
import { toCellDate } from '../../../shared/dates';
import type { Row } from '../../../shared/schema';
import { withAlias } from '../../../shared/client-match';
import { formatTags } from '../../../shared/text';
import { seesAllClients } from '../auth';
import { badRequest } from '../errors';
import { derivedId } from '../ids';
import { appendRows, readTable, writeRows, type Table } from '../sheet';
import type { OpContext } from './context';
import { applyItemUpdates } from './items';

export function capture({ ss, coach, request, timeZone, now }: OpContext<'capture'>): CaptureAnswer {
  const sessionId = derivedId('ses', coach.coach_id, request.captureId);
  const sessions = readTable(ss, 'Sessions');
  const items = readTable(ss, 'ActionItems');
  const earlier = sessions.rows.find(
    (s) => s.session_id === sessionId || (s.capture_id === request.captureId && s.coach_id === coach.coach_id),
  );
  if (earlier) {
    return {
      sessionId: earlier.session_id,
      itemIds: items.rows.filter((i) => i.session_id === earlier.session_id).map((i) => i.item_id),
      clientId: earlier.client_id,
      duplicate: true,
    };
  }

  const clients = readTable(ss, 'Clients');
  const { session } = request;
  const date = (text: string | undefined): Date | '' => (text === undefined ? '' : toCellDate(text, timeZone));

  // Validate everything that refers to existing rows.
  let clientId: string;
  if (session.clientId !== undefined) {
    const client = clients.rows.find((c) => c.client_id === session.clientId);
    if (!client || (!seesAllClients(coach) && client.coach_id !== coach.coach_id)) {
      throw badRequest('session.clientId', `No client ${JSON.stringify(session.clientId)} among your clients.`);
    }
    clientId = client.client_id;
  } else {
    clientId = derivedId('cli', sessionId);
  }
  checkGoals(readGoalsIfNeeded(ss, request), clientId, request);
  const startedAt = date(session.startedAt) as Date;
  const endedAt = date(session.endedAt);
  if (endedAt instanceof Date && endedAt.getTime() < startedAt.getTime()) {
    throw badRequest('session.endedAt', 'The session cannot end before it started.');
  }
  const debriefed = applyItemUpdates(items, request.debrief, (id) => id === clientId, now, 'debrief');

  // Writes: the client, the debrief, the new items, and last the session that marks the capture done.
  const nextSessionAt = date(session.nextSessionAt);
  const clientIndex = clients.rows.findIndex((c) => c.client_id === clientId);
  if (session.newClient && clientIndex < 0) {
    const c = session.newClient;
    appendRows(clients, [{
      client_id: clientId, name: c.name, email: c.email ?? '', organization: c.organization ?? '',
      coach_id: coach.coach_id, stage: 'active', cadence_days: 14, next_session_at: nextSessionAt,
      reminders: true, aliases: session.participantAlias ? withAlias('', session.participantAlias) : '', created_at: now, updated_at: now,
    }]);
  } else if (clientIndex >= 0 && (nextSessionAt instanceof Date || session.participantAlias)) {
    const client = clients.rows[clientIndex]!;
    if (nextSessionAt instanceof Date) client.next_session_at = nextSessionAt;
    if (session.participantAlias) client.aliases = withAlias(client.aliases, session.participantAlias);
    client.updated_at = now;
    writeRows(clients, [clientIndex]);
  }

  // Rows name their client as well as its id, so a person reading the tab sees who it is about.
  const clientName = clientIndex >= 0 ? clients.rows[clientIndex]!.name : session.newClient?.name ?? '';

  writeRows(items, debriefed);
  const itemIds = request.actionItems.map((_, n) => derivedId('itm', sessionId, String(n)));
  const stored = new Set(items.rows.map((i) => i.item_id));
  const newItems: Partial<Row<'ActionItems'>>[] = request.actionItems
    .map((item, n) => ({
      item_id: itemIds[n]!, session_id: sessionId, client_id: clientId, goal_id: item.goalId ?? '',
      owner: item.owner, text: item.text, due_date: date(item.due), status: 'open' as const,
      created_at: now, updated_at: now, reminder_count: 0, client_name: clientName,
    }))
    .filter((item) => !stored.has(item.item_id));
  appendRows(items, newItems);

  appendRows(sessions, [{
    session_id: sessionId, client_id: clientId, coach_id: coach.coach_id, kind: session.kind,
    started_at: startedAt, ended_at: endedAt,
    duration_min: endedAt instanceof Date ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 60000)) : '',
    source: session.source, source_title: session.sourceTitle ?? '', source_url: session.sourceUrl ?? '',
    notes: session.notes ?? '', confidential: session.confidential, tags: formatTags(session.tags),
    next_session_at: nextSessionAt, capture_id: request.captureId, created_at: now, client_name: clientName,
    updated_at: now,
  }]);
  return { sessionId, itemIds, clientId, duplicate: false };
}

function readGoalsIfNeeded(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, request: CaptureRequest): Table<'Goals'> | null {
  return request.actionItems.some((i) => i.goalId !== undefined) ? readTable(ss, 'Goals') : null;
}

function checkGoals(goals: Table<'Goals'> | null, clientId: string, request: CaptureRequest): void {
  request.actionItems.forEach((item, n) => {
    if (item.goalId === undefined) return;
    if (!goals?.rows.some((g) => g.goal_id === item.goalId && g.client_id === clientId)) {
      throw badRequest(`actionItems.${n}.goalId`, `No goal ${JSON.stringify(item.goalId)} for this client.`);
    }
  });
}
