// Microsoft Teams on the web (teams.microsoft.com, teams.live.com, teams.cloud.microsoft), read through
// data-tid attributes (Teams' own test ids), ARIA and the URL. Every selector is here, each with a
// `// CALL-SITE DOM:` note; see tests/fixtures/call-sites/README.md for where each fact comes from.
import { nameInLabel, textOf, type CallParticipant } from './report';
import type { CaptionBlock, SiteDom } from './watch';

// CALL-SITE DOM: meeting links are …/l/meetup-join/<thread id>/… (work) or teams.live.com/meet/<id>
// (personal); the thread id may sit in the URL's fragment in the v2 client.
const CODE = /meetup-join\/([^/?#&]+)|\/meet\/(\d{6,})/;
// CALL-SITE DOM: in a call, the Leave button is #hangup-button (v2) or data-tid="hangup-main-btn".
const LEAVE = '#hangup-button button, button#hangup-button, button[data-tid="hangup-main-btn"]';
// CALL-SITE DOM: the pre-join screen's button has data-tid="prejoin-join-button".
const JOIN = 'button[data-tid="prejoin-join-button"]';
// CALL-SITE DOM: the roster (People) is role="tree" aria-label="Participants"; each role="treeitem"'s
// aria-label starts with the display name; an organisation member's email is in the item's title.
const PEOPLE = '[role="tree"][aria-label="Participants"] [role="treeitem"][aria-label]';
// CALL-SITE DOM: live captions: each line's words are in data-tid="closed-caption-text", the speaker
// in data-tid="author" within the same line element.
const CAPTION_TEXT = '[data-tid="closed-caption-text"]';
const CAPTION_AUTHOR = '[data-tid="author"]';
// CALL-SITE DOM: the tab title is "<meeting> | Microsoft Teams" (sometimes "Meeting with …").
const TITLE_SUFFIX = /\s*\|\s*microsoft teams.*$/i;
const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;

function phase(doc: Document): 'live' | 'waiting' | null {
  if (doc.querySelector(LEAVE)) return 'live';
  return doc.querySelector(JOIN) ? 'waiting' : null;
}

function title(doc: Document): string {
  const t = doc.title.replace(TITLE_SUFFIX, '').trim();
  return /^(microsoft )?teams$/i.test(t) ? '' : t;
}

function participants(doc: Document): CallParticipant[] {
  const seen = new Map<string, CallParticipant>();
  for (const item of doc.querySelectorAll(PEOPLE)) {
    const name = nameInLabel(item.getAttribute('aria-label') ?? '');
    const email = EMAIL.exec(item.getAttribute('title') ?? '')?.[0];
    if (name && !seen.has(name)) seen.set(name, email ? { name, email } : { name });
  }
  return [...seen.values()];
}

function captions(doc: Document): CaptionBlock[] {
  const blocks: CaptionBlock[] = [];
  for (const words of doc.querySelectorAll(CAPTION_TEXT)) {
    // The line is the nearest ancestor (a few levels up) that also holds the author.
    let line: Element | null = words.parentElement;
    for (let up = 0; line && up < 4 && !line.querySelector(CAPTION_AUTHOR); up++) line = line.parentElement;
    const text = textOf(words);
    if (text) blocks.push({ el: words, speaker: textOf(line?.querySelector(CAPTION_AUTHOR)), text });
  }
  return blocks;
}

function code(url: URL): string | null {
  const m = CODE.exec(decodeURIComponent(url.pathname + url.hash));
  return m ? (m[1] ?? m[2] ?? '') : null;
}

export const teamsDom: SiteDom = {
  source: 'teams',
  meetingCode: code,
  phase,
  title,
  participants,
  captions,
};
