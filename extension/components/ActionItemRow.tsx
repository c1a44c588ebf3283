import { OWNERS, type Owner } from '../../shared/schema';
import type { ActionItemDraft } from '../lib/capture';
import { MAX_ITEM_CHARS } from '../lib/limits';

const OWNER_LABELS: Record<Owner, string> = { client: 'Client', coach: 'Coach' };

interface Props {
  item: ActionItemDraft;
  onChange: (item: ActionItemDraft) => void;
  onRemove?: () => void;
}

export function ActionItemRow({ item, onChange, onRemove }: Props) {
  const id = (part: string) => `${item.key}-${part}`;
  return (
    <li class="item-row">
      <div class="field">
        <label for={id('text')}>Action item</label>
        <input
          id={id('text')}
          type="text"
          value={item.text}
          maxLength={MAX_ITEM_CHARS}
          onInput={(e) => onChange({ ...item, text: e.currentTarget.value })}
        />
      </div>
      <div class="item-meta">
        <div class="field">
          <label for={id('owner')}>Owner</label>
          <select id={id('owner')} value={item.owner} onChange={(e) => onChange({ ...item, owner: e.currentTarget.value as Owner })}>
            {OWNERS.map((owner) => (
              <option key={owner} value={owner}>
                {OWNER_LABELS[owner]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={id('due')}>Due</label>
          <input id={id('due')} type="date" value={item.due} onInput={(e) => onChange({ ...item, due: e.currentTarget.value })} />
        </div>
        {onRemove && (
          <button type="button" class="icon" aria-label="Remove row" title="Remove this row" onClick={onRemove}>
            ×
          </button>
        )}
      </div>
    </li>
  );
}
