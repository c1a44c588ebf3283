import type { UpdateItemsAnswer } from '../../../shared/api';
import { seesAllClients } from '../auth';
import { readTable, writeRows } from '../sheet';
import type { OpContext } from './context';
import { applyItemUpdates } from './items';

export function updateItems({ ss, coach, request, now }: OpContext<'updateItems'>): UpdateItemsAnswer {
  const items = readTable(ss, 'ActionItems');
  const all = seesAllClients(coach);
  const own = all ? null : new Set(readTable(ss, 'Clients').rows.filter((c) => c.coach_id === coach.coach_id).map((c) => c.client_id));
  const changed = applyItemUpdates(items, request.updates, (clientId) => all || own!.has(clientId), now, 'updates');
  writeRows(items, changed);
  return { updated: changed.length };
}
