// Status changes to action items, from a capture's debrief or from updateItems.
import type { ItemStatus } from '../../../shared/schema';
import { badRequest } from '../errors';
import type { Table } from '../sheet';

export interface ItemUpdate {
  itemId: string;
  status: ItemStatus;
  note?: string | undefined;
}

/**
 * Applies updates to the loaded ActionItems table in memory and returns the changed row indexes.
 * Throws a bad_request naming `${field}.${i}.itemId` for an unknown item or one the caller may not
 * change, before anything is written.
 */
export function applyItemUpdates(
  items: Table<'ActionItems'>,
  updates: readonly ItemUpdate[],
  mayChange: (clientId: string) => boolean,
  now: Date,
  field: string,
): number[] {
  const indexById = new Map(items.rows.map((row, i) => [row.item_id, i]));
  const changed: number[] = [];
  updates.forEach((update, n) => {
    const index = indexById.get(update.itemId);
    const row = index === undefined ? undefined : items.rows[index];
    if (index === undefined || !row || !mayChange(row.client_id)) {
      throw badRequest(`${field}.${n}.itemId`, `No action item ${JSON.stringify(update.itemId)} for this client.`);
    }
    row.status = update.status;
    if (update.note !== undefined) row.status_note = update.note;
    row.updated_at = now;
    row.completed_at = update.status === 'done' ? (row.completed_at || now) : '';
    changed.push(index);
  });
  return changed;
}
