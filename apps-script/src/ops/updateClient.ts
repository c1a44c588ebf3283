// updateClient: the engagement of one client — stage, package and renewal, cadence, next session,
// email, reminders, hand-over (admins), goals and milestones. Everything is validated before the
// first write; repeating a request is harmless (see engagement.ts).
import type { UpdateClientAnswer } from '../../../shared/api';
import { seesAllClients } from '../auth';
import { badRequest } from '../errors';
import { newId } from '../ids';
import { findRecord, openTable, updateRecords } from '../sheet';
import type { OpContext } from './context';
import { loadEngagement, planEngagement, writeEngagement } from './engagement';

export function updateClient(op: OpContext<'updateClient'>): UpdateClientAnswer {
  const { ss, coach, request } = op;
  // The client's row and its engagement rows, found by key: nothing else is read (sheet.ts).
  const clients = openTable(ss, 'Clients');
  const found = findRecord(clients, 'client_id', request.clientId);
  const stored = found?.record ?? null;
  if (!stored || (!seesAllClients(coach) && stored.coach_id !== coach.coach_id)) {
    throw badRequest('clientId', `No client ${JSON.stringify(request.clientId)} among your clients.`);
  }
  const tables = loadEngagement(ss, stored.client_id, request.client, request.goals);
  const plan = planEngagement(tables, op, { client: stored, isNew: false, changeId: newId('stg') });
  writeEngagement(tables, plan);
  if (Object.keys(plan.clientFields).length) {
    updateRecords(clients, [{ row: found!.row, record: { ...stored, ...plan.clientFields } }]);
  }
  return {
    clientId: stored.client_id,
    stageChanged: plan.stageChanged,
    goalIds: plan.goalIds,
    milestoneIds: plan.milestoneIds,
    packageId: plan.packageId,
  };
}
