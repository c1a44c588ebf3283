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
import { loadEngagement, planEngagement, writeEngagement } from './engagement';
import { applyItemUpdates } from './items';

export function capture({ ss, coach, coaches, request, timeZone, now }: OpContext<'capture'>): CaptureAnswer {
  const sessionId = derivedId('ses', coach.coach_id, request.captureId);
  const sessions = readTable(ss, 'Sessions');
  const items = readTable(ss, 'ActionItems');
  // Goal and milestone ids are the extension's own: the answer names them back.
  const goalIds = request.goals.map((g) => g.goalId);
  const milestoneIds = request.goals.flatMap((g) => g.milestones.map((m) => m.milestoneId));
  const earlier = sessions.rows.find(
    (s) => s.session_id === sessionId || (s.capture_id === request.captureId && s.coach_id === coach.coach_id),
  );
  if (earlier) {
    return {
      sessionId: earlier.session_id,
      itemIds: items.rows.filter((i) => i.session_id === earlier.session_id).map((i) => i.item_id),
      clientId: earlier.client_id,
      goalIds,
      milestoneIds,
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
  const startedAt = date(session.startedAt) as Date;
  const endedAt = date(session.endedAt);
  if (endedAt instanceof Date && endedAt.getTime() < startedAt.getTime()) {
    throw badRequest('session.endedAt', 'The session cannot end before it started.');
  }
  const nextSessionAt = date(session.nextSessionAt);

  // The client as it will be written: a new one (not stored yet, also when a retry finds none), or a copy.
  const clientIndex = clients.rows.findIndex((c) => c.client_id === clientId);
  const isNew = clientIndex < 0;
  const nc = session.newClient;
  const client: Row<'Clients'> = isNew
    ? {
        client_id: clientId, name: nc?.name ?? '', email: nc?.email ?? '', organization: nc?.organization ?? '',
        coach_id: coach.coach_id, stage: '', cadence_days: 14, package_start: '', package_end: '', next_session_at: nextSessionAt,
        reminders: true, aliases: session.participantAlias ? withAlias('', session.participantAlias) : '', created_at: now, updated_at: now,
        stage_changed_at: '',
      }
    : { ...clients.rows[clientIndex]! };
  let clientChanged = isNew;
  if (!isNew && nextSessionAt instanceof Date) {
    client.next_session_at = nextSessionAt;
    clientChanged = true;
  }
  if (!isNew && session.participantAlias) {
    client.aliases = withAlias(client.aliases, session.participantAlias);
    clientChanged = true;
  }

  // The engagement: a new client's first stage (with its StageHistory row), the request's client and goals.
  const tables = isNew || request.client !== undefined || request.goals.length > 0 ? loadEngagement(ss) : null;
  const plan = tables
    ? planEngagement(tables, {
        client, isNew, change: request.client, goals: request.goals, caller: coach, coaches, now, timeZone,
        changeId: derivedId('stg', sessionId),
      })
    : null;
  checkGoals(tables?.goals ?? readGoalsIfNeeded(ss, request), clientId, request);
  const debriefed = applyItemUpdates(items, request.debrief, (id) => id === clientId, now, 'debrief');

  // Writes: the engagement, the client, the debrief, the new items, and last the session that marks the capture done.
  if (tables && plan) {
    writeEngagement(tables, plan);
    if (Object.keys(plan.clientFields).length) clientChanged = true;
    Object.assign(client, plan.clientFields);
  }
  if (isNew) {
    appendRows(clients, [client]);
  } else if (clientChanged) {
    client.updated_at = now;
    clients.rows[clientIndex] = client;
    writeRows(clients, [clientIndex]);
  }

  // Rows name their client as well as its id, so a person reading the tab sees who it is about.
  const clientName = client.name;
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
  return { sessionId, itemIds, clientId, goalIds, milestoneIds, duplicate: false };
}

function readGoalsIfNeeded(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, request: CaptureRequest): Table<'Goals'> | null {
  return request.actionItems.some((i) => i.goalId !== undefined) ? readTable(ss, 'Goals') : null;
}

/** An item's goal is one of the client's stored goals or a goal of this capture. */
function checkGoals(goals: Table<'Goals'> | null, clientId: string, request: CaptureRequest): void {
  const ofCapture = new Set(request.goals.map((g) => g.goalId));
  request.actionItems.forEach((item, n) => {
    if (item.goalId === undefined || ofCapture.has(item.goalId)) return;
    if (!goals?.rows.some((g) => g.goal_id === item.goalId && g.client_id === clientId)) {
      throw badRequest(`actionItems.${n}.goalId`, `No goal ${JSON.stringify(item.goalId)} for this client.`);
    }
  });
}
