// A capture: one session (for an existing client or a new one), its action items and the debrief of
// earlier items. Everything is validated before the first write. Ids are derived from the coach and
// the captureId and the Sessions row is written last, so:
// - a repeated captureId writes nothing and answers the ids stored the first time;
// - an execution cut short (time limit, crash) left at most a client or items without their session,
//   and the retry completes exactly those rows instead of adding new ones.
// Sessions, items and the client are found by key (sheet.ts): the cost of a capture follows the rows
// it is about, not the size of the program's history; so are the engagement rows of a new client or of
// the request's `client` and `goals` (engagement.ts).
import type { CaptureAnswer, CaptureRequest } from '../../../shared/api';
import { toCellDate } from '../../../shared/dates';
import type { Row } from '../../../shared/schema';
import { withAlias } from '../../../shared/client-match';
import { formatResources } from '../../../shared/resources';
import { formatTags } from '../../../shared/tags';
import { seesAllClients } from '../auth';
import { badRequest } from '../errors';
import { derivedId } from '../ids';
import { appendRecords, findRecord, findRecords, openTable, updateRecords, type Located } from '../sheet';
import type { OpContext } from './context';
import { loadEngagement, planEngagement, writeEngagement } from './engagement';
import { sendRecapOnce } from '../recap';
import { applyItemUpdates, type FoundItems } from './items';

export function capture(op: OpContext<'capture'>): CaptureAnswer {
  const { ss, coach, request, timeZone, now } = op;
  const sessionId = derivedId('ses', coach.coach_id, request.captureId);
  const sessions = openTable(ss, 'Sessions');
  const items = openTable(ss, 'ActionItems');
  // Goal and milestone ids are the extension's own: the answer names them back.
  const goalIds = request.goals.map((g) => g.goalId);
  const milestoneIds = request.goals.flatMap((g) => g.milestones.map((m) => m.milestoneId));
  const earlier = findRecords(sessions, 'capture_id', [request.captureId])
    .map((l) => l.record)
    .find((s) => s.session_id === sessionId || s.coach_id === coach.coach_id);
  if (earlier) {
    return {
      sessionId: earlier.session_id,
      itemIds: findRecords(items, 'session_id', [earlier.session_id]).map((l) => l.record.item_id),
      clientId: earlier.client_id,
      goalIds,
      milestoneIds,
      duplicate: true,
    };
  }

  const clients = openTable(ss, 'Clients');
  const { session } = request;
  const date = (text: string | undefined): Date | '' => (text === undefined ? '' : toCellDate(text, timeZone));

  // Validate everything that refers to existing rows.
  let clientId: string;
  let found: Located<'Clients'> | null;
  if (session.clientId !== undefined) {
    found = findRecord(clients, 'client_id', session.clientId);
    if (!found || (!seesAllClients(coach) && found.record.coach_id !== coach.coach_id)) {
      throw badRequest('session.clientId', `No client ${JSON.stringify(session.clientId)} among your clients.`);
    }
    clientId = found.record.client_id;
  } else {
    clientId = derivedId('cli', sessionId);
    // Written by an earlier execution of this capture that was cut short.
    found = findRecord(clients, 'client_id', clientId);
  }
  const startedAt = date(session.startedAt) as Date;
  const endedAt = date(session.endedAt);
  if (endedAt instanceof Date && endedAt.getTime() < startedAt.getTime()) {
    throw badRequest('session.endedAt', 'The session cannot end before it started.');
  }
  const nextSessionAt = date(session.nextSessionAt);

  // The client as it will be written: a new one (not stored yet, also when a retry finds none), or a copy.
  const isNew = found === null;
  const nc = session.newClient;
  const client: Row<'Clients'> = isNew
    ? {
        client_id: clientId,
        name: nc?.name ?? '',
        email: nc?.email ?? '',
        organization: nc?.organization ?? '',
        coach_id: coach.coach_id,
        stage: '',
        cadence_days: 14,
        package_start: '',
        package_end: '',
        next_session_at: nextSessionAt,
        reminders: true,
        aliases: session.participantAlias ? withAlias('', session.participantAlias) : '',
        created_at: now,
        updated_at: now,
        stage_changed_at: '',
      }
    : { ...found!.record };
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
  const ofCapture = new Set(request.goals.map((g) => g.goalId));
  const namedGoalIds = request.actionItems.map((i) => i.goalId).filter((g): g is string => g !== undefined && !ofCapture.has(g));
  const tables =
    isNew || request.client !== undefined || request.goals.length > 0
      ? loadEngagement(ss, clientId, request.client, request.goals, namedGoalIds)
      : null;
  const plan = tables ? planEngagement(tables, op, { client, isNew, changeId: derivedId('stg', sessionId) }) : null;
  checkGoals(
    tables ? tables.namedGoals.map((l) => l.record) : findRecords(openTable(ss, 'Goals'), 'goal_id', namedGoalIds).map((l) => l.record),
    clientId,
    request,
    ofCapture,
  );
  // One search of the item ids finds the debriefed items and any new item an earlier, cut-short
  // execution of this capture already wrote.
  const itemIds = request.actionItems.map((_, n) => derivedId('itm', sessionId, String(n)));
  const foundItems: FoundItems = new Map(
    findRecords(items, 'item_id', [...request.debrief.map((d) => d.itemId), ...itemIds]).map((l) => [l.record.item_id, l]),
  );
  const debriefed = applyItemUpdates(foundItems, request.debrief, (id) => id === clientId, now, 'debrief', true);

  // Writes: the engagement, the client, the debrief, the new items, and last the session that marks the capture done.
  if (tables && plan) {
    writeEngagement(tables, plan);
    if (Object.keys(plan.clientFields).length) clientChanged = true;
    Object.assign(client, plan.clientFields);
  }
  if (isNew) {
    appendRecords(clients, [client]);
  } else if (clientChanged) {
    client.updated_at = now;
    updateRecords(clients, [{ row: found!.row, record: client }]);
  }

  // Rows name their client as well as its id, so a person reading the tab sees who it is about.
  const clientName = client.name;
  updateRecords(items, debriefed);
  const stored = new Set([...foundItems.values()].filter((l) => l.record.session_id === sessionId).map((l) => l.record.item_id));
  const newItems: Partial<Row<'ActionItems'>>[] = request.actionItems
    .map((item, n) => ({
      item_id: itemIds[n]!,
      session_id: sessionId,
      client_id: clientId,
      goal_id: item.goalId ?? '',
      owner: item.owner,
      text: item.text,
      due_date: date(item.due),
      status: 'open' as const,
      created_at: now,
      updated_at: now,
      reminder_count: 0,
      client_name: clientName,
    }))
    .filter((item) => !stored.has(item.item_id));
  appendRecords(items, newItems);

  appendRecords(sessions, [
    {
      session_id: sessionId,
      client_id: clientId,
      coach_id: coach.coach_id,
      kind: session.kind,
      started_at: startedAt,
      ended_at: endedAt,
      duration_min: endedAt instanceof Date ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 60000)) : '',
      source: session.source,
      source_title: session.sourceTitle ?? '',
      source_url: session.sourceUrl ?? '',
      notes: session.notes ?? '',
      confidential: session.confidential,
      tags: formatTags(session.tags),
      next_session_at: nextSessionAt,
      capture_id: request.captureId,
      created_at: now,
      client_name: clientName,
      resources: formatResources(session.resources),
      updated_at: now,
    },
  ]);
  return { sessionId, itemIds, clientId, goalIds, milestoneIds, duplicate: false };
}

/**
 * After the capture's writes are flushed: its recap, when asked for — also for a repeated captureId,
 * which sends nothing new when the recap is logged (recap.ts) but completes one an execution cut short
 * before mailing left unsent.
 */
export function afterCapture({ ss, request, coaches, now }: OpContext<'capture'>, answer: CaptureAnswer): CaptureAnswer {
  if (!request.session.sendRecap) return answer;
  return { ...answer, recap: sendRecapOnce(ss, answer.sessionId, coaches.rows, now) };
}

/** An item's goal is one of the client's stored goals (`stored`: the goals the items name) or a goal of this capture. */
function checkGoals(stored: readonly Row<'Goals'>[], clientId: string, request: CaptureRequest, ofCapture: ReadonlySet<string>): void {
  const ofClient = new Set(stored.filter((g) => g.client_id === clientId).map((g) => g.goal_id));
  request.actionItems.forEach((item, n) => {
    if (item.goalId === undefined || ofCapture.has(item.goalId)) return;
    if (!ofClient.has(item.goalId)) {
      throw badRequest(`actionItems.${n}.goalId`, `No goal ${JSON.stringify(item.goalId)} for this client.`);
    }
  });
}
