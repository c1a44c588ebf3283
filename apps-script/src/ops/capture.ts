// A capture: one session (for an existing client or a new one), its action items and the debrief of
// earlier items. Everything is validated before the first write; a repeated captureId writes nothing
// and answers the ids stored the first time.
import type { CaptureAnswer, CaptureRequest } from '../../../shared/api';
import { toCellDate } from '../../../shared/dates';
import type { Row } from '../../../shared/schema';
import { formatTags } from '../../../shared/text';
import { seesAllClients } from '../auth';
import { badRequest } from '../errors';
import { newId } from '../ids';
import { appendRows, readTable, writeRows, type Table } from '../sheet';
import type { OpContext } from './context';
import { applyItemUpdates } from './items';

export function capture({ ss, coach, request, timeZone, now }: OpContext<'capture'>): CaptureAnswer {
  const sessions = readTable(ss, 'Sessions');
  const items = readTable(ss, 'ActionItems');
  const earlier = sessions.rows.find((s) => s.capture_id === request.captureId);
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
  const date = (text: string | undefined) => (text === undefined ? '' : toCellDate(text, timeZone));

  // Validate everything that refers to existing rows.
  let clientIndex = -1;
  let clientId: string;
  if (session.clientId !== undefined) {
    clientIndex = clients.rows.findIndex((c) => c.client_id === session.clientId);
    const client = clients.rows[clientIndex];
    if (!client || (!seesAllClients(coach) && client.coach_id !== coach.coach_id)) {
      throw badRequest('session.clientId', `No client ${JSON.stringify(session.clientId)} among your clients.`);
    }
    clientId = client.client_id;
  } else {
    clientId = newId('cli');
  }
  checkGoals(readGoalsIfNeeded(ss, request), clientId, request);
  const startedAt = date(session.startedAt) as Date;
  const endedAt = date(session.endedAt);
  if (endedAt instanceof Date && endedAt.getTime() < startedAt.getTime()) {
    throw badRequest('session.endedAt', 'The session cannot end before it started.');
  }
  const debriefed = applyItemUpdates(items, request.debrief, (id) => id === clientId, now, 'debrief');

  // Writes: client, session, items, debrief.
  const nextSessionAt = date(session.nextSessionAt);
  if (session.newClient) {
    const c = session.newClient;
    appendRows(clients, [{
      client_id: clientId, name: c.name, email: c.email ?? '', organization: c.organization ?? '',
      coach_id: coach.coach_id, stage: 'active', cadence_days: 14, next_session_at: nextSessionAt,
      reminders: true, created_at: now, updated_at: now,
    }]);
  } else if (nextSessionAt instanceof Date) {
    const client = clients.rows[clientIndex]!;
    client.next_session_at = nextSessionAt;
    client.updated_at = now;
    writeRows(clients, [clientIndex]);
  }

  const sessionId = newId('ses');
  appendRows(sessions, [{
    session_id: sessionId, client_id: clientId, coach_id: coach.coach_id, kind: session.kind,
    started_at: startedAt, ended_at: endedAt,
    duration_min: endedAt instanceof Date ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 60000)) : '',
    source: session.source, source_title: session.sourceTitle ?? '', source_url: session.sourceUrl ?? '',
    notes: session.notes ?? '', confidential: session.confidential, tags: formatTags(session.tags),
    next_session_at: nextSessionAt, capture_id: request.captureId, created_at: now,
  }]);

  writeRows(items, debriefed);
  const newItems: Partial<Row<'ActionItems'>>[] = request.actionItems.map((item) => ({
    item_id: newId('itm'), session_id: sessionId, client_id: clientId, goal_id: item.goalId ?? '',
    owner: item.owner, text: item.text, due_date: date(item.due), status: 'open',
    created_at: now, updated_at: now, reminder_count: 0,
  }));
  appendRows(items, newItems);
  return { sessionId, itemIds: newItems.map((i) => i.item_id!), clientId, duplicate: false };
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
