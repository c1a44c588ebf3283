import type { WireRow } from '../../shared/schema';
import type { Draft } from '../lib/storage';
import { DebriefItem } from './DebriefItem';
import { PrepAnswers } from './PrepAnswers';

interface Props {
  items: readonly WireRow<'ActionItems'>[];
  prep: WireRow<'Prep'> | undefined;
  value: Draft['debrief'];
  onChange: (value: Draft['debrief']) => void;
}

/** Since last session: the client's preparation answers and open action items, each to mark. */
export function Debrief({ items, prep, value, onChange }: Props) {
  if (!items.length && !prep) return null;
  return (
    <section class="debrief" aria-labelledby="debrief-title">
      <h2 id="debrief-title">Since last session</h2>
      {prep && <PrepAnswers prep={prep} />}
      {items.length > 0 ? (
        <ul class="debrief-list">
          {items.map((item) => (
            <DebriefItem
              key={item.item_id}
              item={item}
              value={value[item.item_id]}
              onChange={(next) => {
                const { [item.item_id]: _, ...rest } = value;
                onChange(next ? { ...rest, [item.item_id]: next } : rest);
              }}
            />
          ))}
        </ul>
      ) : (
        <p class="muted">No open action items.</p>
      )}
    </section>
  );
}
