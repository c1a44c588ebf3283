import { useEffect, useState } from 'preact/hooks';
import type { WireRow } from '../../shared/schema';
import { blankItem } from '../lib/capture';
import type { ItemDraft } from '../lib/storage';
import { ActionItemRow } from './ActionItemRow';

interface Props {
  items: readonly ItemDraft[];
  goals: readonly WireRow<'Goals'>[];
  /** Problems by field key (validateDraft): items.<key>.text, items.<key>.due. */
  errors: Readonly<Record<string, string>>;
  /** The client's names, for the owner rule of rows typed here. */
  clientNames: readonly string[];
  onChange: (items: ItemDraft[]) => void;
}

/** The session's action items. Enter in a row's text goes on to the next row (a new one at the end). */
export function ActionItems({ items, goals, errors, clientNames, onChange }: Props) {
  // The row whose text field takes the focus once it is rendered.
  const [focusKey, setFocusKey] = useState<string | null>(null);
  useEffect(() => {
    if (!focusKey) return;
    document.getElementById(`${focusKey}-text`)?.focus();
    setFocusKey(null);
  }, [focusKey, items]);
  const next = (index: number) => {
    const following = items[index + 1];
    if (following && !following.text.trim()) {
      setFocusKey(following.key);
      return;
    }
    const added = blankItem();
    onChange([...items.slice(0, index + 1), added, ...items.slice(index + 1)]);
    setFocusKey(added.key);
  };
  return (
    <fieldset class="items">
      <legend>Action items</legend>
      <ul>
        {items.map((item, index) => (
          <ActionItemRow
            key={item.key}
            item={item}
            goals={goals}
            clientNames={clientNames}
            textError={errors[`items.${item.key}.text`]}
            dueError={errors[`items.${item.key}.due`]}
            onChange={(changed) => onChange(items.map((old, i) => (i === index ? changed : old)))}
            onEnter={() => next(index)}
            onRemove={
              items.length > 1 || item.text
                ? () => {
                    const rest = items.filter((_, i) => i !== index);
                    const left = rest.length ? rest : [blankItem()];
                    onChange(left);
                    setFocusKey(left[Math.min(index, left.length - 1)]!.key);
                  }
                : undefined
            }
          />
        ))}
      </ul>
      <button
        type="button"
        class="secondary"
        onClick={() => {
          const added = blankItem();
          onChange([...items, added]);
          setFocusKey(added.key);
        }}
      >
        Add action item
      </button>
    </fieldset>
  );
}
