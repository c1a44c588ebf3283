// The capture form's draft, kept in storage (debounced) so closing the panel, the tab or the browser
// loses nothing. Switching client, opening another draft or saving go through lib/drafts.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { activeDraft, putDraft, putDraftNow } from '../lib/drafts';
import { draftsItem, type Draft, type Drafts } from '../lib/storage';

const SAVE_DELAY_MS = 300;

export interface DraftsApi {
  /** null until restored from storage. */
  draft: Draft | null;
  /** A change typed in the form; written after a short pause. */
  edit(next: Draft): void;
  /** A change that goes to storage at once (switching client, saving, taking clips). */
  run(transition: (current: Draft) => Promise<Draft>): Promise<Draft | null>;
}

export function useDrafts(): DraftsApi {
  const [draft, setDraft] = useState<Draft | null>(null);
  const latest = useRef<Draft | null>(null);
  const pending = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const known = useRef<Drafts | null>(null);

  const write = () => {
    clearTimeout(timer.current);
    if (pending.current && latest.current) void putDraft(latest.current);
    pending.current = false;
  };
  /** The panel is being hidden or closed: write what is pending in one step. */
  const writeNow = () => {
    clearTimeout(timer.current);
    if (pending.current && latest.current) {
      if (known.current) putDraftNow(known.current, latest.current);
      else void putDraft(latest.current);
    }
    pending.current = false;
  };

  useEffect(() => {
    let live = true;
    void draftsItem.getValue().then((drafts) => {
      known.current ??= drafts;
    });
    const unwatch = draftsItem.watch((drafts) => {
      known.current = drafts;
    });
    void activeDraft().then((stored) => {
      if (!live || latest.current) return;
      latest.current = stored;
      setDraft(stored);
    });
    const onHidden = () => {
      if (document.visibilityState === 'hidden') writeNow();
    };
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', writeNow);
    return () => {
      live = false;
      unwatch();
      writeNow();
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', writeNow);
    };
  }, []);

  return {
    draft,
    edit(next) {
      latest.current = next;
      setDraft(next);
      pending.current = true;
      clearTimeout(timer.current);
      timer.current = setTimeout(write, SAVE_DELAY_MS);
    },
    async run(transition) {
      const current = latest.current;
      if (!current) return null;
      // The transition writes `current` itself; a pending debounced write would bring back stale state.
      clearTimeout(timer.current);
      pending.current = false;
      const next = await transition(current);
      latest.current = next;
      setDraft(next);
      return next;
    },
  };
}
