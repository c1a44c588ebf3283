// The capture form's draft, kept in storage so closing the panel, the tab or the browser loses
// nothing: written after every pause in typing, and — when the panel is hidden or closed — handed to
// the background in one synchronous message, which the background writes even though the page is gone
// a moment later (a page being closed may not get to finish a storage call of its own). The form's
// rules live in lib/draft-form.ts; switching client, opening another draft or saving go through
// lib/drafts.ts.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { DraftForm } from '../lib/draft-form';
import { activeDraft, putAside, putDraft } from '../lib/drafts';
import { sendMessage } from '../lib/messaging';
import { draftsItem, type Draft } from '../lib/storage';

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
  const form = useMemo(
    () =>
      new DraftForm({
        show: setDraft,
        write: putDraft,
        putAside,
        handOver: (draft) => void sendMessage('keepDraft', draft).catch(() => putDraft(draft)),
        setTimer: (run, ms) => setTimeout(run, ms),
        clearTimer: (timer) => clearTimeout(timer),
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    void activeDraft().then((stored) => {
      if (live) form.adopt(stored, false);
    });
    // A panel that closed a moment ago may still have its last draft on the way (keepDraft): until
    // the coach changes something here, the form follows what arrives.
    const unwatch = draftsItem.watch(() => {
      void activeDraft().then((stored) => {
        if (live) form.adopt(stored, true);
      });
    });
    const onHidden = () => {
      if (document.visibilityState === 'hidden') form.flush();
    };
    const onPageHide = () => form.flush();
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      live = false;
      unwatch();
      form.flush();
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, [form]);

  return { draft, edit: (next) => form.edit(next), run: (transition) => form.run(transition) };
}
