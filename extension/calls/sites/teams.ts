// Microsoft Teams on the web (teams.microsoft.com, teams.live.com, teams.cloud.microsoft), read through
// data-tid attributes (Teams' own test ids, which peers moved to when Teams' class names changed), ids,
// structure and the URL; a translated label only where nothing else anchors (tables below). Every
// selector has a `// CALL-SITE DOM:` note; tests/fixtures/call-sites/README.md lists the facts.
// This file is also Teams' content script (built as /content-scripts/teams.js, see calls/sites.ts).
import type { CallParticipant } from '../protocol';
import { fold, labelSet, marksSelf, nameInLabel, selfSuffix, textOf, YOU } from '../content/text';
import { callSiteScript, type CaptionBlock, type Roster, type Seen, type SiteDom } from '../content/watch';

// CALL-SITE DOM: meeting links are …/l/meetup-join/<thread id>/… (work) or teams.live.com/meet/<id>
// (personal); the thread id may sit in the URL's fragment in the v2 client. Source: Teams' meeting
// links (Microsoft's "Join a meeting in Teams" help); teams.live.com/meet/ assumed from invitations.
const CODE = /meetup-join\/([^/?#&]+)|\/meet\/(\d{6,})/;
// CALL-SITE DOM: in a call, the leave control is #hangup-button, or a button whose data-tid is
// hangup-main-btn, hangup-leave-button or hangup-end-meeting-button (the organiser's "End meeting").
// Source: TranscripTonic extension/content-scripts/teams/config.js (HANGUP_BUTTON) and Live-Captions-Saver
// (Brandon-Haney) teams-captions-saver/platformConfig.js (hangupButton).
const LEAVE =
  '#hangup-button, button[data-tid="hangup-main-btn"], button[data-tid="hangup-leave-button"], button[data-tid="hangup-end-meeting-button"]';
// CALL-SITE DOM: the pre-join screen's button is #prejoin-join-button. Source: TranscripTonic teams/config.js.
const JOIN = '#prejoin-join-button, [data-tid="prejoin-join-button"]';
// CALL-SITE DOM: roster rows have data-tid="participantsInCall-<name>" in the tree
// [role="tree"][aria-label="Attendees"] (the tree's label is translated: the rows alone are the anchor);
// the name is shown in the row's [title] element. Source: Live-Captions-Saver (Brandon-Haney)
// platformConfig.js (ATTENDEE_TREE, ATTENDEE_ITEM, ATTENDEE_NAME "[title], …").
const ROWS = '[data-tid^="participantsInCall-"]';
const ROW_NAME = '[title]';
// CALL-SITE DOM: live captions: each line's words are in data-tid="closed-caption-text", the speaker in
// data-tid="author" of the same line (a .fui-ChatMessageCompact block; we look up the ancestors instead
// of the class). Source: Live-Captions-Saver (Brandon-Haney) platformConfig.js (captionText, speakerName,
// captionBlock); Zerg00s/Live-Captions-Saver teams-captions-saver/content_script.js.
const CAPTION_TEXT = '[data-tid="closed-caption-text"]';
const CAPTION_AUTHOR = '[data-tid="author"]';
// CALL-SITE DOM: the tab title is "<meeting> | Microsoft Teams", sometimes "Calendar | <meeting> | …"
// or with a "(2) " unread count. Source: Live-Captions-Saver (Brandon-Haney) platformConfig.js extractMeetingTitle.
const TITLE_SUFFIX = /\s*\|\s*microsoft teams.*$/i;

// CALL-SITE DOM: labels, only where no other anchor exists: how Teams names the coach (YOU in content/text.ts).
const youLabels = labelSet(YOU);

function phase(doc: Document): Seen {
  if (doc.querySelector(LEAVE)) return 'live';
  return doc.querySelector(JOIN) ? 'waiting' : { missing: 'teams.controls' };
}

function title(top: Document): string {
  const t = top.title
    .replace(TITLE_SUFFIX, '')
    .replace(/^\(\d+\)\s*/, '')
    .replace(/^calendar\s*\|\s*/i, '')
    .trim();
  return /^(microsoft )?teams$|^calendar$/i.test(t) ? '' : t;
}

function roster(doc: Document): Roster {
  const rows = doc.querySelectorAll(ROWS);
  if (!rows.length) return { list: null, tiles: [] };
  const list: CallParticipant[] = [];
  for (const row of rows) {
    const shown =
      textOf(row.querySelector(ROW_NAME)) ||
      nameInLabel(row.getAttribute('aria-label') ?? '') ||
      row.getAttribute('data-tid')!.slice('participantsInCall-'.length);
    const { name, self } = selfSuffix(shown, youLabels);
    if (name) list.push(self || marksSelf(textOf(row), youLabels) ? { name, self: true } : { name });
  }
  return { list, tiles: [] };
}

function captions(doc: Document): CaptionBlock[] {
  const blocks: CaptionBlock[] = [];
  for (const words of doc.querySelectorAll(CAPTION_TEXT)) {
    // The line is the nearest ancestor (a few levels up) that also holds the author.
    let line: Element | null = words.parentElement;
    for (let up = 0; line && up < 4 && !line.querySelector(CAPTION_AUTHOR); up++) line = line.parentElement;
    const text = textOf(words);
    const speaker = textOf(line?.querySelector(CAPTION_AUTHOR));
    if (text) blocks.push(youLabels.has(fold(speaker)) ? { el: words, speaker, text, self: true } : { el: words, speaker, text });
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
  roster,
  captions,
};

export default callSiteScript(teamsDom);
