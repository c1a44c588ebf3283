// Status changes to action items, from a capture's debrief or from updateItems.
import type { ItemStatus } from '../../../shared/schema';
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
  return new Map(findRecords(items, 'item_id', updates.map((u) => u.itemId)).map((l) => [l.record.item_id, l]));
}

/**
 * Applies the updates to the found items in memory and returns the changed records, for updateRecords.
 * Throws a bad_request naming `${field}.${i}.itemId` for an unknown item or one the caller may not
 * change, before anything is written.
 */
export function applyItemUpdates(
  byId: FoundItems,
  updates: readonly ItemUpdate[],
  mayChange: (clientId: string) => boolean,
  now: Date,
  field: string,
): Located<'ActionItems'>[] {
  const changed = new Set<Located<'ActionItems'>>();
  updates.forEach((update, n) => {
    const found = byId.get(update.itemId);
    if (!found || !mayChange(found.record.client_id)) {
      throw badRequest(`${field}.${n}.itemId`, `No action item ${JSON.stringify(update.itemId)} for this client.`);
    }
    const row = found.record;
    row.status = update.status;
    if (update.note !== undefined) row.status_note = update.note;
    row.updated_at = now;
    row.completed_at = update.status === 'done' ? (row.completed_at || now) : '';
    changed.add(found);
  });
  return [...changed];
}
