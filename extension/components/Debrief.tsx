import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { WireRow } from '../../shared/schema';
import type { DebriefDraft, Draft } from '../lib/storage';
import { DebriefItem } from './DebriefItem';
import { PrepAnswers } from './PrepAnswers';

interface Props {
  items: readonly WireRow<'ActionItems'>[];
  prep: WireRow<'Prep'> | undefined;
  value: Draft['debrief'];
  timeZone: string;
  onChange: (value: Draft['debrief']) => void;
  /** The last session's notes (LastSession), shown first. */
  children?: ComponentChildren;
}

const WORDS: Record<DebriefDraft['status'], string> = {
  done: 'done',
  in_progress: 'in progress',
  derailed: 'derailed',
  dropped: 'dropped',
};

/** One line for the collapsed debrief: "3 open items: 1 done, 2 not marked yet". */
export function debriefSummary(items: readonly WireRow<'ActionItems'>[], value: Draft['debrief']): string {
  if (!items.length) return 'No open action items';
  const counts = new Map<string, number>();
  for (const item of items) {
    const status = value[item.item_id]?.status;
    const word = status ? WORDS[status] : 'not marked yet';
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const parts = [...counts].map(([word, n]) => `${n} ${word}`);
  return `${items.length} open ${items.length === 1 ? 'item' : 'items'}: ${parts.join(', ')}`;
}

/**
 * Since last session: the client's preparation answers and open action items, each to mark. It folds
 * to its one-line summary once every item has a status and the coach has moved on (focus left it);
 * the coach can open or fold it at any time.
 */
export function Debrief({ items, prep, value, timeZone, onChange, children }: Props) {
  const allMarked = items.length > 0 && items.every((item) => value[item.item_id]);
  // null: follow the rule above; true/false: the coach opened or folded it.
  const [chosen, setChosen] = useState<boolean | null>(null);
  // The coach has moved on from the debrief (focus left it), or it opened with every item marked.
  const [movedOn, setMovedOn] = useState(allMarked);
  if (!items.length && !prep && !children) return null;
  const open = chosen ?? !(allMarked && movedOn);
  return (
    <section
      class="debrief"
      aria-labelledby="debrief-title"
      onFocusOut={(e) => {
        const next = e.relatedTarget as Node | null;
        if (!next || !e.currentTarget.contains(next)) setMovedOn(true);
      }}
    >
      <div class="debrief-head">
        <h2 id="debrief-title">Since last session</h2>
        <button type="button" class="link" aria-expanded={open} aria-controls="debrief-body" onClick={() => setChosen(!open)}>
          {open ? 'Fold' : 'Show'}
        </button>
      </div>
      <p class="hint debrief-summary">{debriefSummary(items, value)}</p>
      <div id="debrief-body" hidden={!open} onFocusIn={() => setMovedOn(false)}>
        {children}
        {prep && <PrepAnswers prep={prep} />}
        {items.length > 0 && (
          <ul class="debrief-list">
            {items.map((item) => (
              <DebriefItem
                key={item.item_id}
                item={item}
                value={value[item.item_id]}
                timeZone={timeZone}
                onChange={(next) => {
                  const { [item.item_id]: _, ...rest } = value;
                  onChange(next ? { ...rest, [item.item_id]: next } : rest);
                }}
              />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
