// The capture form's draft, kept in storage so closing the panel, the tab or the browser loses
// nothing: written after every pause in typing, and — when the panel is hidden or closed — handed to
// the background in one synchronous message, which the background writes even though the page is gone
// a moment later (a page being closed may not get to finish a storage call of its own). Switching
// client, opening another draft or saving go through lib/drafts.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { activeDraft, putDraft } from '../lib/drafts';
import { sendMessage } from '../lib/messaging';
import { draftsItem, type Draft } from '../lib/storage';

/** A pause in typing after which the draft is written. */
const PAUSE_MS = 300;

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
  /** This panel changed the draft since it opened (until then, a write arriving late is adopted). */
  const touched = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const write = () => {
    clearTimeout(timer.current);
    if (pending.current && latest.current) void putDraft(latest.current);
    pending.current = false;
  };
  /** The panel is being hidden or closed: hand what is pending to the background in one step. */
  const writeNow = () => {
    clearTimeout(timer.current);
    if (pending.current && latest.current) {
      const draft = latest.current;
      sendMessage('keepDraft', draft).catch(() => putDraft(draft));
    }
    pending.current = false;
  };

  useEffect(() => {
    let live = true;
    void activeDraft().then((stored) => {
      if (!live || latest.current) return;
      latest.current = stored;
      setDraft(stored);
    });
    // A panel that closed a moment ago may still have its last draft on the way (keepDraft): until
    // the coach changes something here, the form follows what arrives.
    const unwatch = draftsItem.watch(() => {
      if (!live || touched.current) return;
      void activeDraft().then((stored) => {
        if (!live || touched.current) return;
        latest.current = stored;
        setDraft(stored);
      });
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
      touched.current = true;
      latest.current = next;
      setDraft(next);
      pending.current = true;
      clearTimeout(timer.current);
      timer.current = setTimeout(write, PAUSE_MS);
    },
    async run(transition) {
      const current = latest.current;
      if (!current) return null;
      touched.current = true;
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
