// Status changes to action items, from a capture's debrief or from updateItems.
import { OPEN_ITEM_STATUSES, type ItemStatus } from '../../../shared/schema';
import { badRequest } from '../errors';
import { findRecords, type Located, type TableRef } from '../sheet';

export interface ItemUpdate {
  itemId: string;
  status: ItemStatus;
  note?: string | undefined;
}

export type FoundItems = Map<string, Located<'ActionItems'>>;

/** The items the updates name, by id: a keyed lookup, only their rows are read. */
export function findItems(items: TableRef<'ActionItems'>, updates: readonly ItemUpdate[]): FoundItems {
  if (!updates.length) return new Map();
  return new Map(
    findRecords(
      items,
      'item_id',
      updates.map((u) => u.itemId),
    ).map((l) => [l.record.item_id, l]),
  );
}

/**
 * Applies the updates to the found items in memory and returns the changed records, for updateRecords.
 * Throws a bad_request naming `${field}.${i}.itemId` for an unknown item or one the caller may not
 * change, before anything is written. With `onlyOpen` (a capture's debrief, made from the panel's
 * list of open items, which may be older than the sheet), an item already closed — done, derailed or
 * dropped — is left as it is: a debrief never moves an item backwards (updateItems, the coach's
 * explicit choice, may).
 */
export function applyItemUpdates(
  byId: FoundItems,
  updates: readonly ItemUpdate[],
  mayChange: (clientId: string) => boolean,
  now: Date,
  field: string,
  onlyOpen = false,
): Located<'ActionItems'>[] {
  const changed = new Set<Located<'ActionItems'>>();
  updates.forEach((update, n) => {
    const found = byId.get(update.itemId);
    if (!found || !mayChange(found.record.client_id)) {
      throw badRequest(`${field}.${n}.itemId`, `No action item ${JSON.stringify(update.itemId)} for this client.`);
    }
    const row = found.record;
    if (onlyOpen && !(OPEN_ITEM_STATUSES as readonly string[]).includes(String(row.status))) return;
    row.status = update.status;
    if (update.note !== undefined) row.status_note = update.note;
    row.updated_at = now;
    row.completed_at = update.status === 'done' ? row.completed_at || now : '';
    changed.add(found);
  });
  return [...changed];
}
