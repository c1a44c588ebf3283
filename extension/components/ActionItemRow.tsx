import { ownerOf } from '../../shared/quick-capture';
import type { Owner, WireRow } from '../../shared/schema';
import { OWNER_WORDS } from '../lib/format';
import { MAX_ITEM_CHARS } from '../lib/limits';
import type { ItemDraft } from '../lib/storage';
import { Field, FieldError } from './Field';

const flip = (owner: Owner): Owner => (owner === 'client' ? 'coach' : 'client');

interface Props {
  item: ItemDraft;
  goals: readonly WireRow<'Goals'>[];
  clientNames: readonly string[];
  textError?: string | undefined;
  dueError?: string | undefined;
  onChange: (item: ItemDraft) => void;
  /** Enter in the text field: on to the next row. */
  onEnter: () => void;
  onRemove?: () => void;
}

/** The due date as words, so a date typed as "next Tue" can be checked before saving. */
function dueWords(due: string): string {
  const [y, m, d] = due.split('-').map(Number);
  if (!y || !m || !d) return '';
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

export function ActionItemRow({ item, goals, clientNames, textError, dueError, onChange, onEnter, onRemove }: Props) {
  const id = (part: string) => `${item.key}-${part}`;
  return (
    <li class="item-row">
      <Field
        id={id('text')}
        label="Action item"
        value={item.text}
        maxLength={MAX_ITEM_CHARS}
        error={textError}
        enterKeyHint="next"
        onValue={(text) =>
          // Until the coach flips the chip, the owner follows the rule as the text is typed.
          onChange(item.ownerChosen ? { ...item, text } : { ...item, text, owner: ownerOf(text, clientNames) })
        }
        onKeyDown={(e) => {
          // Enter never saves from here (Ctrl/Cmd+Enter does): it adds the next item, as a list does.
          if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.isComposing) {
            e.preventDefault();
            onEnter();
          }
        }}
      />
      <div class="item-meta">
        <div class="field owner">
          <span class="label" aria-hidden="true">
            Owner
          </span>
          <button
            type="button"
            id={id('owner')}
            class={`owner-chip is-${item.owner}`}
            aria-label={`Owner: ${OWNER_WORDS[item.owner]}. Press to make it the ${item.owner === 'client' ? 'coach' : 'client'}’s.`}
            title={`${OWNER_WORDS[item.owner]}’s to do — click to flip`}
            onClick={() => onChange({ ...item, owner: flip(item.owner), ownerChosen: true })}
          >
            {OWNER_WORDS[item.owner]}
          </button>
        </div>
        <Field
          id={id('due')}
          label="Due"
          type="date"
          value={item.due}
          aria-invalid={dueError ? true : undefined}
          aria-describedby={dueError ? id('due-error') : item.due ? id('due-words') : undefined}
          onValue={(due) => onChange({ ...item, due })}
        />
        {onRemove && (
          <button type="button" class="icon" aria-label="Remove row" title="Remove this row" onClick={onRemove}>
            ×
          </button>
        )}
      </div>
      <FieldError id={id('due-error')} error={dueError} />
      {item.due && !dueError && (
        <p id={id('due-words')} class="hint due-words">
          Due {dueWords(item.due)}
        </p>
      )}
      {goals.length > 0 && (
        <div class="field goal">
          <label for={id('goal')}>Goal</label>
          <select id={id('goal')} value={item.goalId} onChange={(e) => onChange({ ...item, goalId: e.currentTarget.value })}>
            <option value="">No goal</option>
            {goals.map((goal) => (
              <option key={goal.goal_id} value={goal.goal_id}>
                {goal.title}
              </option>
            ))}
          </select>
        </div>
      )}
    </li>
  );
}
