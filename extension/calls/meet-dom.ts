// Google Meet, read through what the page exposes for accessibility and its meeting URLs. Every
// selector is here, each with a `// CALL-SITE DOM:` note; tests/fixtures/call-sites/README.md says
// where each fact comes from. Generated class names are never used.
import { textOf, type CallParticipant } from './report';
import type { CaptionBlock, SiteDom } from './watch';

// CALL-SITE DOM: meeting URLs are https://meet.google.com/abc-defg-hij (three letter groups).
const CODE = /^\/([a-z]{3,4}-[a-z]{4}-[a-z]{3,4})(?:\/|$)/i;
// CALL-SITE DOM: in a call, the red "Leave call" button has aria-label="Leave call"; its icon is the
// Material Symbols ligature "call_end" (text of an <i>), which does not change with the UI language.
const LEAVE = 'button[aria-label="Leave call"]';
const ICONS = 'button i';
// CALL-SITE DOM: the pre-join screen's buttons read "Join now" or "Ask to join" (visible text).
const JOIN_TEXT = /^(join now|ask to join|switch here)$/i;
// CALL-SITE DOM: the People panel lists participants as role="listitem" inside role="list"
// aria-label="Participants"; each item's aria-label is the display name (the coach's own reads "… (You)").
const PEOPLE = '[role="list"][aria-label="Participants"] [role="listitem"][aria-label]';
// CALL-SITE DOM: video tiles carry data-participant-id, with the display name as the tile's aria-label;
// used when the People panel is closed.
const TILES = '[data-participant-id][aria-label]';
// CALL-SITE DOM: captions are shown in role="region" aria-label="Captions"; each element child is one
// speaker's block: the speaker's name in the block's first <span>, then the words.
const CAPTIONS = '[role="region"][aria-label="Captions"]';
// CALL-SITE DOM: the tab title is "Meet - <meeting title or code>" (also with an en dash).
const TITLE_PREFIX = /^\s*(google\s+)?meet\s*[-–—]\s*/i;

function phase(doc: Document): 'live' | 'waiting' | null {
  if (doc.querySelector(LEAVE)) return 'live';
  for (const icon of doc.querySelectorAll(ICONS)) if (icon.textContent?.trim() === 'call_end') return 'live';
  for (const button of doc.querySelectorAll('button')) if (JOIN_TEXT.test(textOf(button))) return 'waiting';
  return null;
}

function title(doc: Document): string {
  const t = doc.title.replace(TITLE_PREFIX, '').trim();
  return CODE.test(`/${t}`) || /^meet$/i.test(t) ? '' : t;
}

function participants(doc: Document): CallParticipant[] {
  const seen = new Map<string, CallParticipant>();
  let items = doc.querySelectorAll(PEOPLE);
  if (!items.length) items = doc.querySelectorAll(TILES);
  for (const item of items) {
    const name = (item.getAttribute('aria-label') ?? '').trim();
    if (name && !seen.has(name)) seen.set(name, { name });
  }
  return [...seen.values()];
}

function captions(doc: Document): CaptionBlock[] {
  const region = doc.querySelector(CAPTIONS);
  if (!region) return [];
  const blocks: CaptionBlock[] = [];
  for (const el of region.children) {
    const speaker = textOf(el.querySelector('span'));
    const all = textOf(el);
    const text = speaker && all.startsWith(speaker) ? all.slice(speaker.length).trim() : all;
    if (text) blocks.push({ el, speaker, text });
  }
  return blocks;
}

export const meetDom: SiteDom = {
  source: 'meet',
  meetingCode: (url) => CODE.exec(url.pathname)?.[1]?.toLowerCase() ?? null,
  phase,
  title,
  participants,
  captions,
};
