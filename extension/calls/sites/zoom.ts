// The Zoom web client (app.zoom.us/wc/…, company.zoom.us/wc/…). The meeting is drawn inside a
// same-origin frame, iframe#webclient: the script runs in the top frame only (one call per tab) and
// reads that frame's document. Ids and the web client's BEM class names (stable, written by hand, not
// generated) are the anchors; a translated label only where nothing else anchors (tables below).
// Every selector has a `// CALL-SITE DOM:` note; tests/fixtures/call-sites/README.md lists the facts.
// This file is also Zoom's content script (built as /content-scripts/zoom.js, see calls/sites.ts).
import type { CallParticipant } from '../protocol';
import { fold, labelSet, marksSelf, selfSuffix, textOf, type Labels } from '../content/text';
import { callSiteScript, type CaptionBlock, type Roster, type Seen, type SiteDom } from '../content/watch';

// CALL-SITE DOM: web client URLs are /wc/<meeting number>/join (or /start), or /wc/join/<number>.
// Source: TranscripTonic extension/content-scripts/zoom/index.js (app.zoom.us/wc/<digits>/…); /wc/join/ assumed.
const CODE = /\/wc\/(?:join\/)?(\d{9,12})(?:\/|$)/;
// CALL-SITE DOM: the meeting is drawn in the same-origin iframe#webclient.
// Source: TranscripTonic zoom/config.js (IFRAME "#webclient", read through contentDocument);
// zoom-participants (andeerlb) app/js/zoom-script.js reads the frames' contentDocument too.
const FRAME = 'iframe#webclient';
// CALL-SITE DOM: in the meeting, the footer's leave control is in .footer__leave-btn-container, and
// the audio menu #audioOptionMenu exists (TranscripTonic waits for it as "meeting started").
// Source: TranscripTonic zoom/config.js (LEAVE_BUTTON_CONTAINER, AUDIO_OPTION_MENU).
const IN_MEETING = '.footer__leave-btn-container, #audioOptionMenu';
// CALL-SITE DOM: the participant list is #participants-ul, each name in .participants-item__display-name;
// the list is virtualised (only rows in view exist), so peers scroll it to collect every name.
// Source: zoom-participants (andeerlb) app/js/zoom-script.js (collectAllVisibleParticipants).
const LIST = '#participants-ul';
const LIST_NAME = '.participants-item__display-name';
// CALL-SITE DOM: a row's "(Host, me)" decoration is in the row beside the name — assumed.
// CALL-SITE DOM: video tiles show the name in .video-avatar__avatar-footer — public bot code (Zoom
// selector lists seen in the code search, repository not recorded): treat as assumed.
const TILE_NAME = '.video-avatar__avatar-footer';
// CALL-SITE DOM: captions are in .live-transcription-subtitle__box; each child is one line: its first
// child the speaker (a name, or only the speaker's avatar <img>), its last child the words. An
// avatar-only speaker is named by the same image elsewhere on the page (their video tile): the name is
// the text after the image's parent. Source: TranscripTonic zoom/config.js TRANSCRIPT_CONTAINER and
// zoom/utils.js getPersonName.
const CAPTIONS = '.live-transcription-subtitle__box';
// CALL-SITE DOM: the tab title is "<topic> - Zoom", or just "Zoom" / "Zoom Meeting" — assumed.
const TITLE_SUFFIX = /\s*[-–|]\s*zoom(\s+meeting)?\s*$/i;

// CALL-SITE DOM: labels, only where no other anchor exists.
/** The preview screen's join button (visible text). All assumed. */
const JOIN: Labels = {
  en: ['Join'],
  es: ['Unirse'],
  fr: ['Rejoindre'],
  de: ['Beitreten'],
  pt: ['Entrar', 'Ingressar'],
  it: ['Entra', 'Partecipa'],
};
/** The waiting room's message (no id or class of it is documented by a peer). All assumed. */
const WAITING_ROOM: Labels = {
  en: ['the meeting host will let you in soon', 'waiting for the host to start'],
  es: ['el anfitrión de la reunión le permitirá entrar pronto', 'esperando a que el anfitrión inicie'],
  fr: ["l'hôte de la réunion vous laissera entrer", "en attente du démarrage par l'hôte"],
  de: ['der Host des Meetings wird Sie in Kürze eintreten lassen', 'warten, bis der Host'],
  pt: ['o anfitrião da reunião permitirá sua entrada em breve', 'aguardando o anfitrião iniciar'],
  it: ["l'organizzatore della riunione ti farà entrare a breve", "in attesa che l'organizzatore avvii"],
};
/** How the list marks the coach: "(Me)", "(Host, me)". All assumed. */
const ME: Labels = {
  en: ['Me'],
  es: ['Yo'],
  fr: ['Moi'],
  de: ['Ich'],
  pt: ['Eu'],
  it: ['Io'],
};

const joinLabels = labelSet(JOIN);
const meLabels = labelSet(ME);
const waitingRoom = [...labelSet(WAITING_ROOM)];

function frame(top: Document): Document | null {
  const iframe = top.querySelector<HTMLIFrameElement>(FRAME);
  // A same-origin frame's document; null for another origin. A page without the frame may draw the
  // meeting itself (assumed for the PWA): the top document when it shows the meeting's controls.
  if (iframe) return iframe.contentDocument;
  return top.querySelector(IN_MEETING) ? top : null;
}

function phase(doc: Document): Seen {
  if (doc.querySelector(IN_MEETING)) return 'live';
  for (const button of doc.querySelectorAll('button')) if (joinLabels.has(fold(textOf(button)))) return 'waiting';
  // The frame is still loading, or shows the waiting room (its message is the only anchor).
  if (doc.readyState !== 'complete' || doc.URL === 'about:blank') return 'waiting';
  const text = fold(doc.body?.textContent ?? '');
  if (waitingRoom.some((m) => text.includes(m))) return 'waiting';
  return { missing: 'zoom.controls' };
}

function title(top: Document): string {
  const t = top.title.replace(TITLE_SUFFIX, '').trim();
  return /^zoom( meeting)?$/i.test(t) ? '' : t;
}

function roster(doc: Document): Roster {
  const box = doc.querySelector(LIST);
  let list: CallParticipant[] | null = null;
  if (box) {
    list = [];
    for (const el of box.querySelectorAll(LIST_NAME)) {
      const name = selfSuffix(textOf(el), meLabels);
      const self = name.self || marksSelf(textOf(el.closest('li') ?? el.parentElement), meLabels);
      if (name.name) list.push(self ? { name: name.name, self } : { name: name.name });
    }
  }
  const tiles: CallParticipant[] = [];
  for (const el of doc.querySelectorAll(TILE_NAME)) {
    const { name, self } = selfSuffix(textOf(el), meLabels);
    if (name) tiles.push(self ? { name, self } : { name });
  }
  return { list, tiles };
}

/** The name beside another copy of the avatar image (a video tile or the participant list). */
function avatarName(doc: Document, img: HTMLImageElement, box: Element): string {
  const src = img.getAttribute('src');
  if (!src) return '';
  for (const other of doc.querySelectorAll('img[src]')) {
    if (other === img || box.contains(other) || other.getAttribute('src') !== src) continue;
    const name = textOf(other.parentElement?.nextElementSibling);
    if (name) return selfSuffix(name, meLabels).name;
  }
  return '';
}

function captions(doc: Document): CaptionBlock[] {
  const box = doc.querySelector(CAPTIONS);
  if (!box) return [];
  const blocks: CaptionBlock[] = [];
  for (const el of box.children) {
    const who = el.firstElementChild;
    const words = el.lastElementChild;
    if (!who || !words || who === words) continue;
    const speaker = who.tagName === 'IMG' ? avatarName(doc, who as HTMLImageElement, box) : textOf(who);
    const text = textOf(words);
    if (text) blocks.push({ el, speaker, text });
  }
  return blocks;
}

export const zoomDom: SiteDom = {
  source: 'zoom',
  meetingCode: (url) => CODE.exec(url.pathname)?.[1] ?? null,
  frame,
  phase,
  title,
  roster,
  captions,
};

export default callSiteScript(zoomDom);
