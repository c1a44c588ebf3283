import type { UpdateItemsAnswer } from '../../../shared/api';
import { seesAllClients } from '../auth';
import { findRecords, openTable, updateRecords } from '../sheet';
import type { OpContext } from './context';
import { applyItemUpdates, findItems } from './items';

/** Status changes to the caller's items: only the named items' rows (and their clients' rows) are read. */
export function updateItems({ ss, coach, request, now }: OpContext<'updateItems'>): UpdateItemsAnswer {
  const items = openTable(ss, 'ActionItems');
  const found = findItems(items, request.updates);
  let mayChange: (clientId: string) => boolean = () => true;
  if (!seesAllClients(coach)) {
    // A coach may change the items of their own clients: those clients' rows, looked up by key.
    const clientIds = [...found.values()].map((l) => l.record.client_id);
    const own = new Set(
      findRecords(openTable(ss, 'Clients'), 'client_id', clientIds)
        .filter((c) => c.record.coach_id === coach.coach_id)
        .map((c) => c.record.client_id),
    );
    mayChange = (clientId) => own.has(clientId);
  }
  const changed = applyItemUpdates(found, request.updates, mayChange, now, 'updates');
  updateRecords(items, changed);
  return { updated: request.updates.length };
}
