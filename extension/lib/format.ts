// Short display strings for the panel.
import { calendarDayIn } from '../../shared/dates';
import type { Owner, WireRow } from '../../shared/schema';
import { isEdit, type OutboxEntry } from './storage';

export function clientLabel(client: Pick<WireRow<'Clients'>, 'name' | 'organization'>): string {
  return client.organization ? `${client.name} — ${client.organization}` : client.name;
}

/** Whose an action item is, as a word. */
export const OWNER_WORDS: Readonly<Record<Owner, string>> = { client: 'Client', coach: 'Coach' };

/** The owner of an item read from the sheet, as a word (anything but `coach` reads as the client's). */
export function ownerWord(owner: unknown): string {
  return OWNER_WORDS[owner === 'coach' ? 'coach' : 'client'];
}

/**
 * The calendar day (YYYY-MM-DD) of a date cell as it travels, in the sheet's time zone: a date-only
 * value ('2026-03-19') as it is, a date-time as its day there; '' when there is none.
 */
export function dayOf(value: unknown, timeZone: string): string {
  if (typeof value !== 'string' || !value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : calendarDayIn(date, timeZone);
}

export function timeOf(epochMs: number, now = Date.now()): string {
  const date = new Date(epochMs);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })
    : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "2 captures", "1 correction", "3 changes" (captures and corrections together) for outbox entries. */
export function entriesCount(entries: readonly OutboxEntry[]): string {
  const edits = entries.filter(isEdit).length;
  if (edits === 0) return plural(entries.length, 'capture', 'captures');
  if (edits === entries.length) return plural(entries.length, 'correction', 'corrections');
  return plural(entries.length, 'change', 'changes');
}

/** "Tue, Mar 10" (the browser's words) for a YYYY-MM-DD calendar day. */
export function shortDay(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}
