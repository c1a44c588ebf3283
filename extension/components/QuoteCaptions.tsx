import { useState } from 'preact/hooks';
import type { CaptionLine } from '../calls/protocol';
import { sendMessage } from '../lib/messaging';

interface Props {
  tabId: number;
  /** The coach's own lines (the page labels them "You", in its language) are shown under this name. */
  coachName: string;
  /** Adds the chosen lines to the notes. */
  onInsert: (lines: CaptionLine[]) => void;
}

type State =
  | { step: 'idle' }
  | { step: 'loading' }
  | { step: 'choose'; lines: CaptionLine[]; chosen: Set<number> }
  | { step: 'error'; message: string };

/** Quote: the call's captions of the last two minutes (held by the call page), lines chosen into the notes. */
export function QuoteCaptions({ tabId, coachName, onInsert }: Props) {
  const [state, setState] = useState<State>({ step: 'idle' });
  const open = async () => {
    setState({ step: 'loading' });
    try {
      const lines = (await sendMessage('callQuotes', { tabId })).map((l) => (l.self && coachName ? { ...l, speaker: coachName } : l));
      setState({ step: 'choose', lines, chosen: new Set() });
    } catch (error) {
      setState({ step: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };
  if (state.step !== 'choose') {
    return (
      <div class="quote">
        <button type="button" class="secondary" disabled={state.step === 'loading'} onClick={() => void open()}>
          Quote captions
        </button>
        {state.step === 'error' && (
          <p class="error" role="alert">
            {state.message}
          </p>
        )}
      </div>
    );
  }
  const { lines, chosen } = state;
  const toggle = (i: number, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(i);
    else next.delete(i);
    setState({ ...state, chosen: next });
  };
  return (
    <fieldset class="quote card-inset">
      <legend>Captions of the last two minutes</legend>
      {lines.length === 0 ? (
        <p class="hint">No captions yet. Turn captions on in the call; lines are kept for two minutes, on this computer only.</p>
      ) : (
        <ul class="quote-lines">
          {lines.map((line, i) => (
            <li key={i}>
              <label>
                <input type="checkbox" checked={chosen.has(i)} onChange={(e) => toggle(i, e.currentTarget.checked)} />
                <span>
                  {line.speaker && <strong>{line.speaker}: </strong>}
                  {line.text}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <div class="row">
        {lines.length > 0 && (
          <button
            type="button"
            class="primary"
            disabled={chosen.size === 0}
            onClick={() => {
              onInsert(lines.filter((_, i) => chosen.has(i)));
              setState({ step: 'idle' });
            }}
          >
            Insert into notes
          </button>
        )}
        <button type="button" class="secondary" onClick={() => setState({ step: 'idle' })}>
          {lines.length ? 'Cancel' : 'Close'}
        </button>
      </div>
    </fieldset>
  );
}
