// "A few high-value items beat a long list": how many open action items a client would carry after
// this Save, against the program's limit (Settings max_open_items, sent by `sync` as
// settings.maxOpenItems; 3 when the sheet says nothing), and which to close first.
import type { WireRow } from '../../shared/schema';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { Draft } from './storage';

/** The program's limit when the sheet says nothing: the add-on's own default. */
export const DEFAULT_MAX_OPEN_ITEMS = DEFAULT_SETTINGS.max_open_items;

export interface OpenItemsCheck {
  limit: number;
  /** The client's open items after this Save: still open ones plus the new ones of this form. */
  after: number;
  /** The oldest open items still open in the debrief, as many as would bring the count to the limit. */
  oldest: WireRow<'ActionItems'>[];
}

/**
 * The client's items (owner client: the coach's own to-dos are no load on the client) after Save:
 * open items the debrief does not close, plus the form's new client items and plan steps.
 * Null when within the limit.
 */
export function openItemsCheck(
  items: readonly WireRow<'ActionItems'>[],
  draft: Pick<Draft, 'debrief' | 'items'>,
  extra: number,
  limit: number | undefined,
): OpenItemsCheck | null {
  const max = limit && limit > 0 ? limit : DEFAULT_MAX_OPEN_ITEMS;
  const still = items
    .filter((i) => i.owner !== 'coach')
    .filter((i) => {
      const status = draft.debrief[i.item_id]?.status;
      return !status || status === 'in_progress';
    });
  const added = draft.items.filter((i) => i.text.trim() && i.owner === 'client').length + extra;
  const after = still.length + added;
  if (after <= max) return null;
  const oldest = [...still]
    .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))
    .slice(0, Math.min(still.length, after - max));
  return { limit: max, after, oldest };
}
