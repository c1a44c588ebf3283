// The capture form's state, kept in storage (debounced) so closing the panel mid-session loses nothing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { blankDraft, isBlank } from '../lib/capture';
import { draftItem, type Draft } from '../lib/storage';

const SAVE_DELAY_MS = 400;

function store(draft: Draft): void {
  void draftItem.setValue(isBlank(draft) ? null : draft);
}

/** The draft (null until restored), a setter, and reset() for a fresh form. */
export function useDraft(): [Draft | null, (draft: Draft) => void, () => void] {
  const [draft, setDraftState] = useState<Draft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<Draft | null>(null);

  useEffect(() => {
    let live = true;
    void draftItem.getValue().then((stored) => {
      // A blank leftover draft would carry a stale start time; a new form starts now.
      if (live) setDraftState(stored && !isBlank(stored) ? stored : blankDraft());
    });
    // Closing the panel: write what the debounce still holds.
    const flushPending = () => {
      clearTimeout(timer.current);
      if (pending.current) store(pending.current);
      pending.current = null;
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flushPending();
    };
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', flushPending);
    return () => {
      live = false;
      flushPending();
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', flushPending);
    };
  }, []);

  const setDraft = (next: Draft) => {
    setDraftState(next);
    pending.current = next;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      pending.current = null;
      store(next);
    }, SAVE_DELAY_MS);
  };

  const reset = () => {
    clearTimeout(timer.current);
    pending.current = null;
    setDraftState(blankDraft());
    void draftItem.setValue(null);
  };

  return [draft, setDraft, reset];
}
