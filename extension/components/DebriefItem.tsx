import { calendarDayIn } from '../../shared/dates';
import { DERAILER_REASONS } from '../../shared/items';
import type { WireRow } from '../../shared/schema';
import { dayOf, ownerWord } from '../lib/format';
import type { DebriefDraft } from '../lib/storage';
import { Field, FieldFrame } from './Field';

interface Props {
  item: WireRow<'ActionItems'>;
  value: DebriefDraft | undefined;
  /** The sheet's time zone: due days and "overdue" are the program's calendar days. */
  timeZone: string;
  now?: Date;
  onChange: (value: DebriefDraft | undefined) => void;
}

const isNamedReason = (note: string) => (DERAILER_REASONS as readonly string[]).includes(note) && note !== 'Other';
/** The derailer reason a note is: one of the named reasons, or Other for words of the coach's own. */
function derailerOf(note: string): string {
  return isNamedReason(note) ? note : note.trim() ? 'Other' : '';
}

/** The choices; "no change" says what the item is now (open, or in progress), so the two never disagree. */
function choices(current: string): { value: DebriefDraft['status'] | ''; label: string }[] {
  return [
    { value: '', label: current === 'in_progress' ? 'Still in progress' : 'Still open' },
    { value: 'done', label: 'Done' },
    ...(current === 'in_progress' ? [] : [{ value: 'in_progress' as const, label: 'In progress' }]),
    { value: 'derailed', label: 'Derailed' },
    { value: 'dropped', label: 'Dropped' },
  ];
}

/** The due date as weekday and date of the sheet's calendar ("Thu 12 Mar"), and whether it has passed. */
function dueOf(due: string, timeZone: string, now: Date): { text: string; overdue: boolean } | null {
  if (!due) return null;
  const day = dayOf(due, timeZone);
  const text = new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return { text, overdue: day < calendarDayIn(now, timeZone) };
}

/** One open item of the client on one line: its text, owner and due date, how it went, and a short reason. */
export function DebriefItem({ item, value, timeZone, now = new Date(), onChange }: Props) {
  const id = (part: string) => `debrief-${item.item_id}-${part}`;
  const due = dueOf(item.due_date, timeZone, now);
  return (
    <li>
      <div class={`debrief-item${value ? ` is-${value.status}` : ''}`} role="group" aria-labelledby={id('text')}>
        <div class="debrief-line">
          <p class="debrief-text">
            <span id={id('text')}>{item.text}</span>
            <span class="hint">
              {' '}
              · {ownerWord(item.owner)}
              {due ? ` · due ${due.text}` : ''}
              {item.status === 'in_progress' ? ' · in progress' : ''}
            </span>
            {due?.overdue && !value && <span class="overdue"> Overdue</span>}
          </p>
          <FieldFrame inline id={id('status')} label="Status" labelClass="sr-only">
            <select
              id={id('status')}
              class="debrief-status"
              value={value?.status ?? ''}
              onChange={(e) => {
                const status = e.currentTarget.value as DebriefDraft['status'] | '';
                onChange(status ? { status, note: value?.note ?? '' } : undefined);
              }}
            >
              {choices(String(item.status)).map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </FieldFrame>
        </div>
        {value && (
          <div class={`debrief-note${value.status === 'derailed' ? ' with-derailer' : ''}`}>
            {value.status === 'derailed' && (
              <FieldFrame inline id={id('derailer')} label="Why it derailed" labelClass="sr-only">
                <select
                  id={id('derailer')}
                  value={derailerOf(value.note)}
                  onChange={(e) => {
                    const reason = e.currentTarget.value;
                    // "Other" leaves the words to the coach; a named reason is the note, so derailers group by it.
                    onChange({ ...value, note: reason === 'Other' ? (isNamedReason(value.note) ? '' : value.note) : reason });
                    if (reason === 'Other') document.getElementById(id('note'))?.focus();
                  }}
                >
                  <option value="">Why?</option>
                  {DERAILER_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </FieldFrame>
            )}
            <Field
              inline
              id={id('note')}
              label="Reason"
              labelClass="sr-only"
              maxLength={1000}
              placeholder={value.status === 'derailed' ? 'What got in the way?' : 'Reason (optional)'}
              value={value.note}
              onValue={(note) => onChange({ ...value, note })}
            />
          </div>
        )}
      </div>
    </li>
  );
}
