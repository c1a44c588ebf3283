// Google Meet, in any UI language. Language-independent anchors first: the meeting URL, the Material
// Symbols ligatures of the call controls (icon names are text that does not change with the
// language), roles, tabindex and data-* attributes, and the structure of a caption block. A translated
// label is used only where nothing else anchors, from the tables below (one per label: English,
// Spanish, French, German, Portuguese, Italian), each entry with its source or marked assumed.
// Every selector has a `// CALL-SITE DOM:` note; tests/fixtures/call-sites/README.md lists the facts.
// This file is also Meet's content script (built as /content-scripts/meet.js, see calls/sites.ts).
import type { CallParticipant } from '../protocol';
import { fold, labelSet, marksSelf, selfSuffix, textOf, YOU, type Labels } from '../content/text';
import { callSiteScript, type CaptionBlock, type Roster, type Seen, type SiteDom } from '../content/watch';

// CALL-SITE DOM: meeting URLs are https://meet.google.com/abc-defg-hij (three letter groups).
// Source: Meet's own invitation links.
const CODE = /^\/([a-z]{3,4}-[a-z]{4}-[a-z]{3,4})(?:\/|$)/i;
// CALL-SITE DOM: icons are Material Symbols ligatures, the icon's name as the element's text, in an
// element of class google-symbols (older UI: google-material-icons / material-icons-extended).
// Source: TranscripTonic extension/content-scripts/google-meet/config.js (GOOGLE_SYMBOLS, TEXT_CALL_END,
// TEXT_CAPTIONS) and extension/content.js (the pre-2024 classes).
const ICONS = '.google-symbols, .google-material-icons, .material-icons-extended';
// CALL-SITE DOM: "call_end" is the leave button's icon. It is shown in the waiting room already.
// Source: TranscripTonic google-meet/index.js ("When user is waiting in meeting lobby for someone to let
// them in, the call end icon is visible, but the captions icon is still not visible").
const CALL_END = 'call_end';
// CALL-SITE DOM: the captions control's icon appears only once admitted: "closed_caption_off" (captions
// off; TranscripTonic config.js TEXT_CAPTIONS) or "closed_caption" (captions on; assumed).
const CAPTION_ICONS = new Set(['closed_caption_off', 'closed_caption']);
// CALL-SITE DOM: the caption area is div[role="region"][tabindex="0"] (its aria-label is translated).
// Source: TranscripTonic google-meet/config.js TRANSCRIPT_REGION.
const CAPTIONS = 'div[role="region"][tabindex="0"]';
// CALL-SITE DOM: the participant list's rows are role="listitem" with the display name as aria-label;
// the coach's row also shows "(You)". Source: Live-Captions-Saver (Brandon-Haney) teams-captions-saver/
// platformConfig.js (attendeeItem [role="listitem"], the "You" indicator); the name as aria-label is assumed.
const LIST_ITEMS = '[role="listitem"][aria-label]';
// CALL-SITE DOM: video tiles carry data-participant-id (meeting bots' admission checks, e.g. the
// excerpts of public bot code); the tile's name as its aria-label is assumed.
const TILES = '[data-participant-id][aria-label]';
// CALL-SITE DOM: the tab title is "Meet - <code or title>" or "<title> - Google Meet".
// Source: Live-Captions-Saver (Brandon-Haney) platformConfig.js extractMeetingTitle.
const TITLE = /^\s*(?:google\s+)?meet\s*[-–—]\s*|\s*[-–—]\s*google meet\s*$/gi;

// CALL-SITE DOM: labels, only where no other anchor exists.
/** The pre-join screen's join buttons (visible text). All assumed from the UI; none seen in a peer's code. */
const JOIN: Labels = {
  en: ['Join now', 'Ask to join', 'Switch here'],
  es: ['Unirse ahora', 'Solicitar unirse'],
  fr: ['Participer', 'Demander à participer'],
  de: ['Jetzt teilnehmen', 'Teilnahme anfordern'],
  pt: ['Participar agora', 'Pedir para participar'],
  it: ['Partecipa ora', 'Chiedi di partecipare'],
};
/** The leave button's aria-label (a second anchor beside the call_end icon). en: Live-Captions-Saver (Brandon-Haney) platformConfig.js hangupButton; the others assumed. */
const LEAVE: Labels = {
  en: ['Leave call'],
  es: ['Salir de la llamada'],
  fr: ["Quitter l'appel", 'Quitter l’appel'],
  de: ['Anruf verlassen'],
  pt: ['Sair da chamada'],
  it: ['Abbandona la chiamata'],
};
/** The participant list's aria-label. All assumed (peers use generated class names here). */
const PEOPLE: Labels = {
  en: ['Participants', 'People'],
  es: ['Participantes', 'Personas'],
  fr: ['Participants', 'Personnes'],
  de: ['Teilnehmer', 'Teilnehmende', 'Personen'],
  pt: ['Participantes', 'Pessoas'],
  it: ['Partecipanti', 'Persone'],
};

const joinLabels = labelSet(JOIN);
const leaveLabels = labelSet(LEAVE);
const peopleLabels = labelSet(PEOPLE);
// How Meet names the coach: YOU in content/text.ts.
const youLabels = labelSet(YOU);

function icons(doc: Document): Set<string> {
  const names = new Set<string>();
  for (const el of doc.querySelectorAll(ICONS)) names.add((el.textContent ?? '').trim());
  return names;
}

function phase(doc: Document): Seen {
  const shown = icons(doc);
  const admitted = [...CAPTION_ICONS].some((n) => shown.has(n));
  if (shown.has(CALL_END)) return admitted ? 'live' : 'waiting';
  for (const button of doc.querySelectorAll('button[aria-label]')) {
    if (leaveLabels.has(fold(button.getAttribute('aria-label')!))) return admitted ? 'live' : 'waiting';
  }
  for (const button of doc.querySelectorAll('button')) if (joinLabels.has(fold(textOf(button)))) return 'waiting';
  return { missing: 'meet.controls' };
}

function title(top: Document): string {
  const t = top.title.replace(TITLE, '').trim();
  return CODE.test(`/${t}`) || /^(google )?meet$/i.test(t) ? '' : t;
}

// CALL-SITE DOM: the participant list is the role="list" labelled as in PEOPLE, or — whatever its
// label — the one whose rows include the coach's "(You)" row (only the participant list has it).
function roster(doc: Document): Roster {
  let list: CallParticipant[] | null = null;
  for (const el of doc.querySelectorAll('[role="list"]')) {
    const rows: CallParticipant[] = [];
    for (const row of el.querySelectorAll(LIST_ITEMS)) {
      const { name, self } = selfSuffix(row.getAttribute('aria-label')!.trim(), youLabels);
      if (name) rows.push(self || marksSelf(textOf(row), youLabels) ? { name, self: true } : { name });
    }
    if (!peopleLabels.has(fold(el.getAttribute('aria-label') ?? '')) && !rows.some((p) => p.self)) continue;
    list = [...(list ?? []), ...rows];
  }
  const tiles: CallParticipant[] = [];
  for (const tile of doc.querySelectorAll(TILES)) {
    const name = tile.getAttribute('aria-label')!.trim();
    if (name) tiles.push({ name });
  }
  return { list, tiles };
}

// CALL-SITE DOM: each caption block is one speaker's turn: the words in its last child, the speaker
// (avatar image and name) in the child before; a block updates in place while the speaker talks.
// The region's last children are not captions: a "Jump to bottom" button (skipped: it holds a button)
// and a spacer (skipped: no speaker and words). Source: TranscripTonic google-meet/index.js (the name is
// the words' previous sibling; "the last and last but one are non transcript elements").
function captions(doc: Document): CaptionBlock[] {
  const blocks: CaptionBlock[] = [];
  for (const region of doc.querySelectorAll(CAPTIONS)) {
    for (const el of region.children) {
      if (el.tagName === 'BUTTON' || el.querySelector('button')) continue;
      const words = el.lastElementChild;
      const who = words?.previousElementSibling;
      if (!words || !who) continue;
      const speaker = textOf(who);
      const text = textOf(words);
      if (!speaker || !text) continue;
      blocks.push(youLabels.has(fold(speaker)) ? { el, speaker, text, self: true } : { el, speaker, text });
    }
  }
  return blocks;
}

export const meetDom: SiteDom = {
  source: 'meet',
  meetingCode: (url) => CODE.exec(url.pathname)?.[1]?.toLowerCase() ?? null,
  phase,
  title,
  roster,
  captions,
};

export default callSiteScript(meetDom);
