import type { WireRow } from '../../shared/schema';
import type { DebriefDraft } from '../lib/storage';

const CHOICES: { value: DebriefDraft['status'] | ''; label: string }[] = [
  { value: '', label: 'Still open' },
  { value: 'done', label: 'Done' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'derailed', label: 'Derailed' },
];

interface Props {
  item: WireRow<'ActionItems'>;
  value: DebriefDraft | undefined;
  onChange: (value: DebriefDraft | undefined) => void;
}

function dueText(due: string): string {
  return due ? new Date(due).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }) : '';
}

/** One open item of the client on one line: its text, owner and due date, how it went, and a short reason. */
export function DebriefItem({ item, value, onChange }: Props) {
  const id = (part: string) => `debrief-${item.item_id}-${part}`;
  const due = dueText(item.due_date);
  return (
    <li>
      <div class={`debrief-item${value ? ` is-${value.status}` : ''}`} role="group" aria-labelledby={id('text')}>
      <div class="debrief-line">
        <p class="debrief-text">
          <span id={id('text')}>{item.text}</span>
          <span class="hint">
            {' '}
            · {item.owner === 'coach' ? 'Coach' : 'Client'}
            {due ? ` · due ${due}` : ''}
            {item.status === 'in_progress' ? ' · in progress' : ''}
          </span>
        </p>
        <label class="sr-only" for={id('status')}>
          Status
        </label>
        <select
          id={id('status')}
          class="debrief-status"
          value={value?.status ?? ''}
          onChange={(e) => {
            const status = e.currentTarget.value as DebriefDraft['status'] | '';
            onChange(status ? { status, note: value?.note ?? '' } : undefined);
          }}
        >
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      {value && (
        <div class="debrief-note">
          <label class="sr-only" for={id('note')}>
            Reason
          </label>
          <input
            id={id('note')}
            type="text"
            maxLength={1000}
            placeholder={value.status === 'derailed' ? 'What got in the way?' : 'Reason (optional)'}
            value={value.note}
            onInput={(e) => onChange({ ...value, note: e.currentTarget.value })}
          />
        </div>
      )}
      </div>
    </li>
  );
}
