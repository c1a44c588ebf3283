// Quick capture: action items typed straight into the notes.
//   - [ ] Send the agenda @coach by Friday      TODO: observe the 3rd period next Tue
//   Action: try the countdown timer in 2 weeks #win
// A line starting with `- [ ]`, `TODO:` or `Action:` becomes an action item; `@client` / `@coach`
// set its owner (client when neither is given); a natural-language due date is resolved with
// chrono-node in the sheet's time zone; `#tags` anywhere are collected (`#win` marks a bright spot).
// Pure: ECMAScript and chrono-node only, so the same code runs in the panel and in Node tests.
import { parse as parseDates, type ParsedResult } from 'chrono-node/en';
import { calendarDayIn, zoneOffsetMinutes } from './dates';
import type { Owner } from './schema';

export interface QuickItem {
  text: string;
  owner: Owner;
  /** A calendar day in the sheet's time zone. */
  due?: string;
}

export interface QuickCapture {
  items: QuickItem[];
  /** Tags without their '#', in order of first appearance, without case-insensitive repeats. */
  tags: string[];
  /** The notes without the action-item lines. */
  notes: string;
}

/** The tag that marks a bright spot of the session. */
export const WIN_TAG = 'win';

const ITEM_LINE = /^\s*(?:[-*+]\s*\[\s?\]|(?:[-*+]\s+)?(?:todo|action)\s*:)\s*(.*)$/i;
const OWNER = /(^|\s)@(client|coach)\b/gi;
const TAG = /(^|\s)#([\p{L}][\p{L}\p{N}_-]*)/gu;
/** Words that introduce a due date and go with it when the date is taken out of the text. */
const DUE_WORD = /(?:^|\s)(?:by|due|on|before|until|till)\s*:?\s*$/i;

/** True when the line would become an action item. */
export function isItemLine(line: string): boolean {
  return ITEM_LINE.test(line);
}

/** The `#tags` of a text, without '#'. */
export function tagsIn(text: string): string[] {
  return [...text.matchAll(TAG)].map((m) => m[2]!);
}

export function mergeTags(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of lists.flat()) {
    const clean = tag.trim().replace(/^#+/, '');
    const key = clean.toLowerCase();
    if (!clean || seen.has(key)) continue;
    seen.add(key);
    out.push(clean);
  }
  return out;
}

export function isBrightSpot(tags: readonly string[]): boolean {
  return tags.some((t) => t.toLowerCase() === WIN_TAG);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * A bare weekday ("by Friday"): the next such day after today in `timeZone` (a week ahead when today
 * is that weekday, unless it says "this Friday"). chrono's own choice depends on the time of day.
 */
function nextWeekday(weekday: number, reference: Date, timeZone: string, todayCounts: boolean): string {
  const today = calendarDayIn(reference, timeZone);
  const base = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  let ahead = (weekday - new Date(base).getUTCDay() + 7) % 7;
  if (ahead === 0 && !todayCounts) ahead = 7;
  return new Date(base + ahead * 86_400_000).toISOString().slice(0, 10);
}

function hasDate(result: ParsedResult): boolean {
  const start = result.start;
  return start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month');
}

/**
 * The first due date in `text`, as a calendar day in `timeZone`, and the text without it.
 * Dates are resolved forward from `reference` (a weekday means the next one).
 */
export function extractDue(text: string, reference: Date, timeZone: string): { text: string; due?: string } {
  const offset = zoneOffsetMinutes(reference.getTime(), timeZone);
  const found = parseDates(text, { instant: reference, timezone: offset }, { forwardDate: true }).find(hasDate);
  if (!found) return { text: tidy(text) };
  const { start } = found;
  const due =
    start.isCertain('weekday') && !start.isCertain('day') && !/\b(?:next|last|past|previous)\b/i.test(found.text)
      ? nextWeekday(start.get('weekday') ?? 0, reference, timeZone, /\bthis\b/i.test(found.text))
      : `${pad(start.get('year') ?? 0, 4)}-${pad(start.get('month') ?? 1)}-${pad(start.get('day') ?? 1)}`;
  const before = text.slice(0, found.index).replace(DUE_WORD, '');
  const after = text.slice(found.index + found.text.length);
  return { text: tidy(`${before} ${after}`), due };
}

function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '')
    .trim();
}

/** One action-item text (the part after `- [ ]`, `TODO:` or `Action:`). */
export function parseItem(body: string, reference: Date, timeZone: string): { item: QuickItem | null; tags: string[] } {
  let owner: Owner = 'client';
  const withoutOwner = body.replace(OWNER, (_m, lead: string, who: string) => {
    owner = who.toLowerCase() as Owner;
    return lead;
  });
  const tags = tagsIn(withoutOwner);
  const withoutTags = withoutOwner.replace(TAG, (_m, lead: string) => lead);
  const { text, due } = extractDue(withoutTags, reference, timeZone);
  const finalText = text || tidy(withoutTags);
  if (!finalText) return { item: null, tags };
  return { item: due ? { text: finalText, owner, due } : { text: finalText, owner }, tags };
}

/**
 * Splits notes into action items, tags and the remaining notes.
 * @param reference the instant "today", "Friday" and "in 2 weeks" count from
 * @param timeZone the sheet's IANA time zone (hello's sheet.timeZone)
 */
export function parseQuickCapture(notes: string, reference: Date, timeZone: string): QuickCapture {
  const items: QuickItem[] = [];
  const tagLists: string[][] = [];
  const kept: string[] = [];
  for (const line of notes.split(/\r?\n/)) {
    const match = ITEM_LINE.exec(line);
    if (!match) {
      kept.push(line);
      tagLists.push(tagsIn(line));
      continue;
    }
    const { item, tags } = parseItem(match[1] ?? '', reference, timeZone);
    tagLists.push(tags);
    if (item) items.push(item);
  }
  return { items, tags: mergeTags(...tagLists), notes: kept.join('\n').replace(/^\n+|\n+$/g, '') };
}
