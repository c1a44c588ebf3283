import type { OpenItemsCheck } from '../lib/open-items';

interface Props {
  check: OpenItemsCheck | null;
  clientName: string;
  onClose: (itemId: string, status: 'done' | 'dropped') => void;
}

/**
 * Said before Save: the client would carry more open items than the program's limit; the oldest
 * open ones are offered to mark done or drop first (each marks the item in the debrief).
 */
export function OpenItemsGuard({ check, clientName, onClose }: Props) {
  if (!check) return null;
  return (
    <section class="open-guard" aria-labelledby="open-guard-title">
      <p id="open-guard-title">
        <strong>
          {clientName} would have {check.after} open items
        </strong>{' '}
        — the program keeps it to {check.limit}.{' '}
        {check.oldest.length ? 'Close or drop the oldest first:' : 'Fewer new items keep the list focused.'}
      </p>
      {check.oldest.length > 0 && (
        <ul>
          {check.oldest.map((item) => (
            <li key={item.item_id}>
              <span>{item.text}</span>
              <button type="button" class="secondary" aria-label={`Done: ${item.text}`} onClick={() => onClose(item.item_id, 'done')}>
                Done
              </button>
              <button type="button" class="quiet" aria-label={`Drop: ${item.text}`} onClick={() => onClose(item.item_id, 'dropped')}>
                Drop
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
