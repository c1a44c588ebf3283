// Quick capture in the Notes box: once an item line (`- [ ]`, `TODO:`, `Action:`) is finished — the
// caret has left it — it moves from the notes into an editable action-item row with its owner and due
// date resolved (shared/quick-capture.ts). The line being typed stays until the caret leaves it or
// the coach saves.
import { hasWrittenOwner, isItemLine, parseItem, type DueParser } from '../../shared/quick-capture';
import { formatTags, mergeTags } from '../../shared/tags';
import { blankItem, typedTags } from './capture';
import type { Draft } from './storage';

const MARKER = /^\s*(?:[-*+]\s*\[\s?\]|(?:[-*+]\s+)?(?:todo|action)\s*:)\s*/i;

export interface Absorbed {
  draft: Draft;
  /** Where the caret goes in the shortened notes. */
  caret: number;
  /** How many items were added. */
  added: number;
}

/**
 * Moves finished item lines out of the notes into action-item rows.
 * @param caret the caret in the notes; its line is left alone. Leave out to take every line (Save).
 */
export function absorbItemLines(
  draft: Draft,
  reference: Date,
  timeZone: string,
  extractDue: DueParser | null,
  caret?: number,
  clientNames: readonly string[] = [],
): Absorbed {
  // Until the date parser has loaded, lines wait in the notes (their dates would be lost otherwise).
  if (!extractDue) return { draft, caret: caret ?? draft.notes.length, added: 0 };
  const lines = draft.notes.split('\n');
  const kept: string[] = [];
  const items = draft.items.filter((item) => item.text.trim() || item.due);
  let tags = typedTags(draft.tags);
  let offset = 0;
  let newCaret = caret ?? draft.notes.length;
  let added = 0;
  for (const line of lines) {
    const start = offset;
    const end = offset + line.length;
    offset = end + 1;
    const caretHere = caret !== undefined && caret >= start && caret <= end;
    if (caretHere || !isItemLine(line)) {
      kept.push(line);
      continue;
    }
    const body = line.replace(MARKER, '');
    const parsed = parseItem(body, reference, timeZone, extractDue, clientNames);
    if (parsed.item) {
      items.push(
        blankItem({ text: parsed.item.text, owner: parsed.item.owner, due: parsed.item.due ?? '', ownerChosen: hasWrittenOwner(body) }),
      );
      added += 1;
    }
    tags = mergeTags(tags, parsed.tags);
    if (caret !== undefined && caret > end) newCaret -= Math.min(line.length + 1, caret - start);
  }
  if (!added && kept.length === lines.length) return { draft, caret: caret ?? draft.notes.length, added: 0 };
  const tagText = tags.length === typedTags(draft.tags).length ? draft.tags : formatTags(tags);
  return {
    draft: { ...draft, notes: kept.join('\n'), items: items.length ? items : [blankItem()], tags: tagText },
    caret: Math.max(0, newCaret),
    added,
  };
}
