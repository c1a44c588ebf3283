// Takes clips (selection sent from a page, the page the shortcut was pressed on) into the form, now
// and whenever the background adds one while the panel is open.
import { useEffect, useState } from 'preact/hooks';
import { applyClips, takeClips } from '../lib/clips';
import { putDraft } from '../lib/drafts';
import { clipsItem, type Clip } from '../lib/storage';
import type { DraftsApi } from './use-drafts';

function describe(clips: readonly Clip[]): string {
  const notes = clips.filter((c) => c.kind === 'note').length;
  const items = clips.filter((c) => c.kind === 'item').length;
  const parts = [
    notes ? `${notes === 1 ? 'a selection' : `${notes} selections`} to the notes` : '',
    items ? `${items === 1 ? 'an action item' : `${items} action items`}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const title = clips.find((c) => c.title)?.title;
  return `${parts ? `Added ${parts}` : 'Page kept as the source'}${title ? ` from “${title}”` : ''}.`;
}

export interface ClipsNotice {
  /** A sentence about the last clips taken in, for a status line; null when there is none. */
  notice: string | null;
  /** The sentence is no longer true (the coach edited on or chose another client). */
  dismiss(): void;
}

export function useClips(api: DraftsApi): ClipsNotice {
  const [notice, setNotice] = useState<string | null>(null);
  const ready = api.draft !== null;
  const clientId = api.draft?.clientId;
  useEffect(() => setNotice(null), [clientId]);
  useEffect(() => {
    if (!ready) return;
    const take = async () => {
      let taken: Clip[] = [];
      await api.run(async (current) => {
        taken = await takeClips();
        if (!taken.length) return current;
        const next = applyClips(current, taken);
        await putDraft(next);
        return next;
      });
      if (taken.length) setNotice(describe(taken));
    };
    void take();
    return clipsItem.watch((clips) => {
      if (clips.length) void take();
    });
    // api.run reads the latest draft through a ref; re-subscribing on every edit is not needed.
  }, [ready]);
  return { notice, dismiss: () => setNotice(null) };
}
