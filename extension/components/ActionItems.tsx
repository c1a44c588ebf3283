import type { WireRow } from '../../shared/schema';
import { blankItem } from '../lib/capture';
import type { ItemDraft } from '../lib/storage';
import { ActionItemRow } from './ActionItemRow';

interface Props {
  items: readonly ItemDraft[];
  goals: readonly WireRow<'Goals'>[];
  onChange: (items: ItemDraft[]) => void;
}

export function ActionItems({ items, goals, onChange }: Props) {
  return (
    <fieldset class="items">
      <legend>Action items</legend>
      <ul>
        {items.map((item, index) => (
          <ActionItemRow
            key={item.key}
            item={item}
            goals={goals}
            onChange={(next) => onChange(items.map((old, i) => (i === index ? next : old)))}
            onRemove={
              items.length > 1 || item.text
                ? () => {
                    const rest = items.filter((_, i) => i !== index);
                    onChange(rest.length ? rest : [blankItem()]);
                  }
                : undefined
            }
          />
        ))}
      </ul>
      <button type="button" class="secondary" onClick={() => onChange([...items, blankItem()])}>
        Add action item
      </button>
    </fieldset>
  );
}
