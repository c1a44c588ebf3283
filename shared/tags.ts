// Session tags: the one home of how tags are read (from notes, from the Tags field, from a
// Sessions.tags cell), merged, written to the cell, and which tag marks a bright spot.
//
// A tag's canonical form has no leading '#' and no whitespace (inner runs become '-'); tags compare
// case-insensitively and keep the spelling of their first appearance. The Sessions.tags cell holds
// them space-separated, each with a leading '#'. Before this module, `metrics.ts` stripped '#' to find
// #win while `quick-capture.ts`'s isBrightSpot did not, the panel split the Tags field on spaces and
// commas while metrics also split on semicolons, and merging kept inner spaces that writing replaced.

/** The tag that marks a bright spot of the session. */
export const WIN_TAG = 'win';

/** `#tag` in free text: a '#' at the start or after whitespace, then a letter, then letters, digits, _ or -. */
const IN_TEXT = /(^|\s)#([\p{L}][\p{L}\p{N}_-]*)/gu;
/** What separates tags in the Tags field and in a Sessions.tags cell. */
const LIST_SEPARATOR = /[\s,;]+/;

/** A tag in canonical form: trimmed, without leading '#', inner whitespace as '-'; '' when nothing is left. */
export function normalizeTag(tag: string): string {
  return String(tag).trim().replace(/^#+/, '').trim().replace(/\s+/g, '-');
}

/** The `#tags` of free text (notes, an action-item line), without '#', in order. */
export function tagsIn(text: string): string[] {
  // No String.prototype.matchAll: ES2020, past what Apps Script's V8 is documented to have (ES2019,
  // clasp's README); a fresh global RegExp so that lastIndex is never shared between calls.
  const pattern = new RegExp(IN_TEXT.source, IN_TEXT.flags);
  const tags: string[] = [];
  for (let m = pattern.exec(String(text)); m; m = pattern.exec(String(text))) tags.push(m[2]!);
  return tags;
}

/** The same text with its `#tags` taken out (the whitespace before each is kept). */
export function withoutTags(text: string): string {
  return String(text).replace(IN_TEXT, (_m, lead: string) => lead);
}

/** Tag lists merged: canonical form, order of first appearance, no case-insensitive repeats. */
export function mergeTags(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of lists.flat()) {
    const clean = normalizeTag(tag);
    const key = clean.toLowerCase();
    if (!clean || seen.has(key)) continue;
    seen.add(key);
    out.push(clean);
  }
  return out;
}

/**
 * Tags of a list as a person types it (the panel's Tags field: "#win #math", "win, math") or as a
 * Sessions.tags cell holds it ("#win #math"; a person editing the sheet may use commas or semicolons).
 */
export function parseTagList(text: unknown): string[] {
  if (text === null || text === undefined) return [];
  return mergeTags(String(text).split(LIST_SEPARATOR));
}

/** Tags as stored in the Sessions.tags cell: space-separated, each with a leading '#'. */
export function formatTags(tags: readonly string[]): string {
  return mergeTags(tags)
    .map((t) => `#${t}`)
    .join(' ');
}

/** Whether the tags mark a bright spot: #win in any case, with or without its '#'. */
export function isBrightSpot(tags: readonly string[]): boolean {
  return tags.some((t) => normalizeTag(t).toLowerCase() === WIN_TAG);
}
