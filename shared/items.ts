// Action-item state: the one home of what "open", "overdue", "due today" and "due within N days"
// mean, for the reminder planner, the metrics, the panel's sync, the client summary and the sheet's
// own colouring. Days are day numbers of the sheet's time zone (shared/dates.ts: dayNumberIn,
// dayCounter), so an item due today is due until midnight where the program is, not in UTC.
import { OPEN_ITEM_STATUSES } from './schema';

/** Open = still to be done: status open or in_progress (done, derailed and dropped are closed). */
export function isOpenStatus(status: unknown): boolean {
  return (OPEN_ITEM_STATUSES as readonly unknown[]).includes(status);
}

export function isOpenItem(item: { readonly status: unknown }): boolean {
  return isOpenStatus(item.status);
}

/** Where an item stands against its due day on `today`. */
export type DueState = 'closed' | 'undated' | 'overdue' | 'due_today' | 'upcoming';

/**
 * The item's state on day `today`: closed when not open; undated without a due day; overdue when
 * the due day is before today; due_today on it; upcoming after it.
 */
export function dueState(item: { readonly status: unknown }, dueDay: number | null, today: number): DueState {
  if (!isOpenItem(item)) return 'closed';
  if (dueDay === null || !Number.isFinite(dueDay)) return 'undated';
  return dueDay < today ? 'overdue' : dueDay === today ? 'due_today' : 'upcoming';
}

/** Open and due before today. */
export function isOverdue(item: { readonly status: unknown }, dueDay: number | null, today: number): boolean {
  return dueState(item, dueDay, today) === 'overdue';
}

/** Open and due today. */
export function isDueToday(item: { readonly status: unknown }, dueDay: number | null, today: number): boolean {
  return dueState(item, dueDay, today) === 'due_today';
}

/** Open and due from today to `days` days ahead, both included (0 = today only). */
export function isDueWithin(item: { readonly status: unknown }, dueDay: number | null, today: number, days: number): boolean {
  const state = dueState(item, dueDay, today);
  return (state === 'due_today' || state === 'upcoming') && dueDay! - today <= days;
}

/**
 * The same rules as Google Sheets formulas over row 2 of the ActionItems tab, for conditional
 * formatting (Sheets' TODAY() is the spreadsheet's time zone, as our day numbers are).
 */
export function itemStateFormulas(statusCell: string, dueCell: string, soonDays: number): { overdue: string; dueSoon: string } {
  const open = `OR(${OPEN_ITEM_STATUSES.map((s) => `${statusCell}="${s}"`).join(',')})`;
  return {
    overdue: `=AND(${dueCell}<>"",${dueCell}<TODAY(),${open})`,
    dueSoon: `=AND(${dueCell}<>"",${dueCell}>=TODAY(),${dueCell}<=TODAY()+${soonDays},${open})`,
  };
}

/**
 * The reasons coaches give when an action item derailed, offered in the debrief; the chosen one is
 * the item's status_note, so the metrics' derailers group by it (shared/metrics.ts).
 */
export const DERAILER_REASONS = ['Time', 'Priorities changed', 'Unclear', 'Needs support', 'Other'] as const;
