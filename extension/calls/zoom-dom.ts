// The Zoom web client (app.zoom.us/wc/…, company.zoom.us/wc/…), read through ARIA labels, ids and
// visible text. Every selector is here, each with a `// CALL-SITE DOM:` note; see
// tests/fixtures/call-sites/README.md for where each fact comes from.
import { nameInLabel, textOf, type CallParticipant } from './report';
import type { CaptionBlock, SiteDom } from './watch';

// CALL-SITE DOM: web client URLs are /wc/<meeting number>/join (or /start), or /wc/join/<number>.
const CODE = /\/wc\/(?:join\/)?(\d{9,12})(?:\/|$)/;
// CALL-SITE DOM: in a meeting the footer's red button has aria-label "Leave" (or "End" for the host).
const LEAVE = 'button[aria-label="Leave"], button[aria-label="End"]';
// CALL-SITE DOM: the preview screen's button reads "Join" (visible text).
const JOIN_TEXT = /^join$/i;
// CALL-SITE DOM: the Participants panel is role="list" aria-label="Participants list"; each
// role="listitem"'s aria-label starts with the display name, then ", (Host)", ", muted"… after commas.
const PEOPLE = '[role="list"][aria-label="Participants list"] [role="listitem"][aria-label]';
// CALL-SITE DOM: captions (live transcription) are shown in #live-transcription-subtitle; each element
// child is a line, the speaker's name in its first <span> when several people talk.
const CAPTIONS = '#live-transcription-subtitle';
// CALL-SITE DOM: the tab title is "<topic> - Zoom", or just "Zoom" / "Zoom Meeting".
const TITLE_SUFFIX = /\s*[-–|]\s*zoom(\s+meeting)?\s*$/i;

function phase(doc: Document): 'live' | 'waiting' | null {
  if (doc.querySelector(LEAVE)) return 'live';
  for (const button of doc.querySelectorAll('button')) if (JOIN_TEXT.test(textOf(button))) return 'waiting';
  return null;
}

function title(doc: Document): string {
  const t = doc.title.replace(TITLE_SUFFIX, '').trim();
  return /^zoom( meeting)?$/i.test(t) ? '' : t;
}

function participants(doc: Document): CallParticipant[] {
  const seen = new Map<string, CallParticipant>();
  for (const item of doc.querySelectorAll(PEOPLE)) {
    const name = nameInLabel(item.getAttribute('aria-label') ?? '');
    if (name && !seen.has(name)) seen.set(name, { name });
  }
  return [...seen.values()];
}

function captions(doc: Document): CaptionBlock[] {
  const box = doc.querySelector(CAPTIONS);
  if (!box) return [];
  const blocks: CaptionBlock[] = [];
  for (const el of box.children) {
    const speaker = textOf(el.querySelector('span'));
    const all = textOf(el);
    const text = speaker && all.startsWith(speaker) ? all.slice(speaker.length).replace(/^[:\s]+/, '') : all;
    if (text) blocks.push({ el, speaker, text });
  }
  return blocks;
}

export const zoomDom: SiteDom = {
  source: 'zoom',
  meetingCode: (url) => CODE.exec(url.pathname)?.[1] ?? null,
  phase,
  title,
  participants,
  captions,
};
