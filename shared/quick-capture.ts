// Quick capture: action items typed straight into the notes.
//   - [ ] Send the agenda @coach by Friday      TODO: observe the 3rd period next Tue
//   Action: try the countdown timer in 2 weeks #win
// A line starting with `- [ ]`, `TODO:` or `Action:` becomes an action item; its owner is the
// client's only when the line reads as theirs — `@client`, or the client's name as its subject
// ("Maya sends the plan") — otherwise the coach's (the coach writes the notes: "send the plan to Maya"
// is the coach's to do; `@coach` says so explicitly); a natural-language due date is resolved with
// chrono-node in the sheet's time zone; `#tags` anywhere are collected (`#win` marks a bright spot;
// the tag rules live in shared/tags.ts).
// Pure: ECMAScript and chrono-node only, so the same code runs in the panel and in Node tests.
import type { Owner } from './schema';
import { mergeTags, tagsIn, withoutTags as stripTags } from './tags';

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

const ITEM_LINE = /^\s*(?:[-*+]\s*\[\s?\]|(?:[-*+]\s+)?(?:todo|action)\s*:)\s*(.*)$/i;
const OWNER = /(^|\s)@(client|coach)\b/gi;
/** Words that introduce a due date and go with it when the date is taken out of the text. */
export const DUE_WORD = /(?:^|\s)(?:by|due|on|before|until|till)\s*:?\s*$/i;

/** True when the line would become an action item. */
export function isItemLine(line: string): boolean {
  return ITEM_LINE.test(line);
}

/**
 * Finds the first due date in a text: the date as YYYY-MM-DD in `timeZone`, and the text without it.
 * shared/quick-dates.ts implements it with chrono-node; it is passed in so that the panel can load
 * chrono only when it is needed.
 */
export type DueParser = (text: string, reference: Date, timeZone: string) => { text: string; due?: string };

export function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '')
    .trim();
}

/** A name compared as people type it: case, accents and spacing aside. */
function nameKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * True when the text has one of the client's names (full name or first name) as its subject: it
 * starts with the name followed by a word ("Maya sends…", "Maya Thompson to call…", "Maya: call…"),
 * not a possessive ("Maya's plan" is about her, not hers to do).
 */
export function hasClientAsSubject(text: string, clientNames: readonly string[]): boolean {
  const start = nameKey(text);
  const names = new Set<string>();
  for (const name of clientNames) {
    const full = nameKey(name);
    if (!full) continue;
    names.add(full);
    names.add(full.split(' ')[0]!);
  }
  for (const name of names) {
    if (!start.startsWith(name)) continue;
    const rest = start.slice(name.length);
    if (/^(?::|,)?\s+\S/.test(rest) && !/^['’]s\b/.test(rest)) return true;
  }
  return false;
}

/**
 * Whose the item is: `@client` / `@coach` when written, else the client's only when the text has the
 * client's name as its subject, else the coach's.
 */
export function ownerOf(text: string, clientNames: readonly string[]): Owner {
  let written: Owner | null = null;
  const rest = text.replace(OWNER, (_m, lead: string, who: string) => {
    written = who.toLowerCase() as Owner;
    return lead;
  });
  return written ?? (hasClientAsSubject(rest, clientNames) ? 'client' : 'coach');
}

/** The text without its owner marker (`@client`, `@coach`): the marker says whose it is, it is not the item. */
export function withoutOwnerMarker(text: string): string {
  return text.replace(OWNER, (_m, lead: string) => lead);
}

/** True when the text names its owner (`@client`, `@coach`). */
export function hasWrittenOwner(text: string): boolean {
  return new RegExp(OWNER.source, 'i').test(text);
}

/**
 * One action-item text (the part after `- [ ]`, `TODO:` or `Action:`).
 * @param clientNames the session's client's name (and aliases): a line with it as subject is theirs
 */
export function parseItem(
  body: string,
  reference: Date,
  timeZone: string,
  extractDue: DueParser,
  clientNames: readonly string[] = [],
): { item: QuickItem | null; tags: string[] } {
  const owner = ownerOf(body, clientNames);
  const withoutOwner = withoutOwnerMarker(body);
  const tags = tagsIn(withoutOwner);
  const withoutTags = stripTags(withoutOwner);
  const { text, due } = extractDue(withoutTags, reference, timeZone);
  const finalText = text || tidy(withoutTags);
  if (!finalText) return { item: null, tags };
  return { item: due ? { text: finalText, owner, due } : { text: finalText, owner }, tags };
}

/**
 * Splits notes into action items, tags and the remaining notes.
 * @param reference the instant "today", "Friday" and "in 2 weeks" count from
 * @param timeZone the sheet's IANA time zone (hello's sheet.timeZone)
 * @param extractDue the date parser (shared/quick-dates.ts)
 */
export function parseQuickCapture(
  notes: string,
  reference: Date,
  timeZone: string,
  extractDue: DueParser,
  clientNames: readonly string[] = [],
): QuickCapture {
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
    const { item, tags } = parseItem(match[1] ?? '', reference, timeZone, extractDue, clientNames);
    tagLists.push(tags);
    if (item) items.push(item);
  }
  return { items, tags: mergeTags(...tagLists), notes: kept.join('\n').replace(/^\n+|\n+$/g, '') };
}
