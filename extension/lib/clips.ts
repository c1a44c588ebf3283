// Clips: text a coach sent from a page (context menu) or a page the panel was opened on (shortcut).
// The background adds them to storage; the panel takes them into the form when it is open, or as soon
// as it opens — so a clip is kept even while the panel is closed.
import { blankItem } from './capture';
import { withLock } from './lock';
import { MAX_ITEM_CHARS, MAX_NOTES_CHARS } from './limits';
import { clipsItem, type Clip, type Draft } from './storage';

const LOCK = 'followthrough-clips';

export async function addClip(clip: Omit<Clip, 'id' | 'at'>, now = Date.now()): Promise<Clip> {
  const full: Clip = { ...clip, id: crypto.randomUUID(), at: now };
  await withLock(LOCK, async () => clipsItem.setValue([...(await clipsItem.getValue()), full]));
  return full;
}

/** Takes every waiting clip out of storage; each is handed to exactly one panel. */
export function takeClips(): Promise<Clip[]> {
  return withLock(LOCK, async () => {
    const clips = await clipsItem.getValue();
    if (clips.length) await clipsItem.setValue([]);
    return clips;
  });
}

/** Pages the panel does not name as a source: the browser's own and the extension's pages. */
function isWebPage(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** The form with the clips in it: notes appended, items added, the (first) page kept as the source. */
export function applyClips(draft: Draft, clips: readonly Clip[]): Draft {
  let next = draft;
  for (const clip of clips) {
    const text = clip.text.trim();
    if (clip.kind === 'note' && text) {
      next = { ...next, notes: `${next.notes.trimEnd()}${next.notes.trim() ? '\n' : ''}${text}`.slice(0, MAX_NOTES_CHARS) };
    } else if (clip.kind === 'item' && text) {
      const items = next.items.filter((item) => item.text.trim() || item.due);
      next = { ...next, items: [...items, blankItem({ text: text.replace(/\s+/g, ' ').slice(0, MAX_ITEM_CHARS) })] };
    }
    // The first page stays the source of the capture.
    if (isWebPage(clip.url) && !next.source) {
      next = { ...next, source: { source: 'page', title: clip.title.slice(0, 500), url: clip.url.slice(0, 2000) } };
    }
  }
  return next;
}
