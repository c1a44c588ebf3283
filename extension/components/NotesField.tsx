import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isBrightSpot } from '../../shared/tags';
import { allTags } from '../lib/capture';
import { MAX_NOTES_CHARS } from '../lib/limits';
import { dueParser } from '../lib/due-dates';
import { absorbItemLines } from '../lib/quick-notes';
import type { Draft } from '../lib/storage';

const ITEM_START = /(^|\n)\s*([-*+]\s*\[\s?\]|([-*+]\s+)?(todo|action)\s*:)/i;

interface Props {
  draft: Draft;
  timeZone: string;
  /** The client's names: an item line with one as its subject is the client's (the owner rule). */
  clientNames: readonly string[];
  onChange: (draft: Draft) => void;
}

/** Notes with quick capture: finished `- [ ]` / `TODO:` / `Action:` lines become action-item rows. */
export function NotesField({ draft, timeZone, clientNames, onChange }: Props) {
  const ref = useRef<HTMLTextAreaElement | null>(null);
  const caret = useRef<number | null>(null);
  const [moved, setMoved] = useState('');
  // "Moved … to the list below" is true until the coach types on or turns to another client.
  useEffect(() => setMoved(''), [draft.clientId]);
  useLayoutEffect(() => {
    if (caret.current !== null && ref.current && document.activeElement === ref.current) {
      ref.current.setSelectionRange(caret.current, caret.current);
    }
    caret.current = null;
  });
  useLayoutEffect(() => {
    // The box grows with the text (no scrollbar of its own inside the scrolling panel), from 4 lines.
    const area = ref.current;
    if (!area) return;
    area.style.height = 'auto';
    const borders = area.offsetHeight - area.clientHeight;
    area.style.height = `${area.scrollHeight + borders}px`;
  }, [draft.notes]);
  const absorb = (notes: string, at: number | undefined) => {
    const result = absorbItemLines({ ...draft, notes }, new Date(), timeZone, dueParser(), at, clientNames);
    if (result.added) {
      caret.current = result.caret;
      setMoved(`Moved ${result.added === 1 ? '1 action item' : `${result.added} action items`} from your notes to the list below.`);
    } else if (moved) {
      setMoved('');
    }
    onChange(result.draft);
  };
  const leave = (area: HTMLTextAreaElement) => {
    if (ITEM_START.test(area.value)) absorb(area.value, area.selectionStart);
  };
  return (
    <div class="field">
      <label for="notes">Notes</label>
      <p id="notes-readers" class={`hint notes-readers${draft.confidential ? ' is-private' : ''}`}>
        {draft.confidential
          ? 'Only you can read these notes: they are encrypted in this browser with your notes key before they are saved.'
          : 'Everyone with access to the program’s sheet can read these notes.'}
        {draft.confidential && isBrightSpot(allTags(draft)) && ' #win lines of a confidential session are never shared with leaders.'}
      </p>
      <textarea
        id="notes"
        ref={ref}
        rows={4}
        value={draft.notes}
        maxLength={MAX_NOTES_CHARS}
        aria-describedby="notes-readers notes-hint"
        onInput={(e) => absorb(e.currentTarget.value, e.currentTarget.selectionStart)}
        onKeyUp={(e) => {
          // The caret left a finished item line with the arrow keys.
          if (e.key.startsWith('Arrow') || e.key === 'PageUp' || e.key === 'PageDown') leave(e.currentTarget);
        }}
        onClick={(e) => leave(e.currentTarget)}
      />
      <p id="notes-hint" class="hint">
        Start a line with <kbd>- [ ]</kbd>, <kbd>TODO:</kbd> or <kbd>Action:</kbd> for an action item, with a date like <kbd>by Friday</kbd>{' '}
        and <kbd>#tags</kbd> (<kbd>#win</kbd> for a bright spot). An item is yours unless the client is its subject (
        <kbd>{clientNames[0]?.split(' ')[0] || 'Maya'} sends…</kbd>) or it says <kbd>@client</kbd>.
      </p>
      <p class="sr-status" role="status">
        {moved}
      </p>
    </div>
  );
}
