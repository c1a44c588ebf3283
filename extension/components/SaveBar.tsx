import { plural } from '../lib/format';
import type { OutboxSummary } from '../lib/outbox';

interface Props {
  saving: boolean;
  /** The last Save of this form was queued (cleared by the next change). */
  saved: boolean;
  delivery: OutboxSummary;
}

/** What the coach needs to know about delivery, in a few words. */
function deliveryWords({ waiting, failed }: OutboxSummary, saved: boolean): { text: string; tone: 'ok' | 'muted' | 'error' } {
  if (failed) return { text: `${failed} not accepted — see the top`, tone: 'error' };
  if (waiting)
    return { text: `${saved ? 'Saved · ' : ''}${plural(waiting, 'capture', 'captures')} waiting to be delivered`, tone: 'muted' };
  return saved ? { text: 'Saved · in the sheet', tone: 'ok' } : { text: '', tone: 'muted' };
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The form's footer, kept in view at the bottom of the panel (position: sticky) however long the
 * debrief and the notes grow: Save, its shortcut, and the delivery state.
 */
export function SaveBar({ saving, saved, delivery }: Props) {
  const state = deliveryWords(delivery, saved);
  return (
    <div class="save-bar">
      <button type="submit" class="primary" disabled={saving} aria-keyshortcuts={isMac ? 'Meta+Enter' : 'Control+Enter'}>
        Save
      </button>
      <p class={`delivery-state ${state.tone}`} role="status">
        {state.text}
      </p>
      <p class="hint shortcut" aria-hidden="true">
        <kbd>{isMac ? '⌘' : 'Ctrl'}</kbd>+<kbd>Enter</kbd>
      </p>
    </div>
  );
}
