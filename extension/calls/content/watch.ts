// The engine of the call-site content scripts: one MutationObserver per page (changes are coalesced;
// no polling), reading the page through a site's reader (calls/sites/<id>.ts), reporting the call to
// the background when it changes, and keeping caption lines in memory for the panel's Quote. Runs in
// the top frame's isolated world (registered for top frames only, so a tab reports one call); a site
// that draws the meeting in a same-origin frame (Zoom) hands the watcher that frame's document, which
// is observed too. Talks to the background through the runtime API directly (no polyfill: content
// scripts stay tiny). `callSiteScript` makes a site's reader its content script.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CaptionBuffer } from './caption-buffer';
import {
  cleanUrl,
  isEnvelope,
  type CallParticipant,
  type CallPhase,
  type CallReport,
  type CallSource,
  type Envelope,
  type ReportAnswer,
  type RosterSource,
} from '../protocol';
import { siteOf } from '../sites';

export interface CaptionBlock {
  /** The element the block lives in: the same element while its text grows. */
  el: Element;
  speaker: string;
  text: string;
  /** The page labels the speaker as the coach ("You" in its language). */
  self?: boolean;
}

/** What a reader sees: in the call, on the pre-join screen or in the waiting room, or which anchor is missing. */
export type Seen = 'live' | 'waiting' | { missing: string };

export interface Roster {
  /** The names in the participant list, or null when the list is closed (or cannot be found). */
  list: CallParticipant[] | null;
  /** The names on the video tiles. */
  tiles: CallParticipant[];
}

/** How a site's page is read. Each selector lives in the site's reader with a `// CALL-SITE DOM:` note. */
export interface SiteDom {
  source: CallSource;
  /** The meeting code when `url` is a meeting page, else null (landing pages, settings…). */
  meetingCode(url: URL): string | null;
  /** The document the meeting is drawn in when it is not the page's own (Zoom's frame); null when missing. */
  frame?(top: Document): Document | null;
  phase(doc: Document): Seen;
  title(top: Document, doc: Document): string;
  roster(doc: Document): Roster;
  /** The caption blocks shown now, oldest first; [] when captions are off. Non-caption children are skipped. */
  captions(doc: Document): CaptionBlock[];
}

interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(listener: (message: unknown, sender: unknown, reply: (answer: unknown) => void) => boolean | undefined): void };
}

/** Firefox's `browser` or Chrome's `chrome` (both answer sendMessage with a promise in MV3). */
function runtime(): Runtime | undefined {
  const g = globalThis as unknown as { browser?: { runtime?: Runtime }; chrome?: { runtime?: Runtime } };
  return g.browser?.runtime ?? g.chrome?.runtime;
}

/** A meeting page whose call state cannot be found for this long says "call details unavailable". */
export const GRACE_MS = 5_000;
/**
 * The call controls must stay gone this long before the call counts as ended (pages swap their DOM:
 * Live-Captions-Saver waits 15 s before it finalises); the end time is when they went.
 */
export const END_SETTLE_MS = 4_000;
/** The call (phase, title, participants) is read at most once a second after a change… */
const SETTLE_MS = 1000;
/** …and, while captions are kept for quotes, caption lines every 250 ms (some sites replace them fast). */
const CAPTION_SETTLE_MS = 250;
/** Only the newest blocks are read each time (a page that keeps every block would grow the work). */
const MAX_BLOCKS = 30;
/** Names kept for one call (the background keeps 100). */
const MAX_NAMES = 100;

export function watchCall(site: SiteDom, top: Document = document): void {
  const rt = runtime();
  // Registered and also injected into a tab already open: run once per page.
  const g = globalThis as { __followThroughCall?: boolean };
  if (!rt || g.__followThroughCall) return;
  g.__followThroughCall = true;
  const buffer = new CaptionBuffer();
  const loadedAt = Date.now();
  let phase: CallPhase = 'waiting';
  let admitted = false;
  let startedAt = '';
  let endedAt = '';
  let reason = '';
  let goneSince = 0;
  let keepCaptions = false;
  let sent = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let captionTimer: ReturnType<typeof setTimeout> | undefined;
  // Everyone read from the participant list during this call: a virtualised list shows only the rows
  // in view, so names are collected as the coach scrolls it.
  const listed = new Map<string, CallParticipant>();
  const observer = new MutationObserver(schedule);
  let watched: Document | null = null;
  // The participants as last seen in the call (an ended call keeps them).
  let lastPeople: { participants: CallParticipant[]; roster: RosterSource } = { participants: [], roster: 'none' };

  const watch = (doc: Document) => {
    if (doc === watched || !doc.documentElement) return;
    watched = doc;
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  };

  const send = (report: CallReport) => {
    const key = JSON.stringify(report);
    if (key === sent) return;
    sent = key;
    const envelope: Envelope = { ft: 1, name: 'callReport', arg: report };
    rt.sendMessage(envelope).then(
      (reply) => {
        const r = reply as { ok?: boolean; value?: ReportAnswer } | undefined;
        const wanted = !!(r?.ok && r.value?.captions);
        if (wanted !== keepCaptions) {
          keepCaptions = wanted;
          if (!wanted) buffer.clear();
          schedule();
        }
      },
      // The extension was reloaded or the background is starting: the next change reports again.
      () => {
        sent = '';
      },
    );
  };

  const keepLines = (doc: Document, now: number): boolean => {
    const blocks = site.captions(doc);
    for (const b of blocks.slice(-MAX_BLOCKS)) buffer.upsert(b.el, b.speaker, b.text, now, b.self);
    return blocks.length > 0;
  };

  const people = (doc: Document): { participants: CallParticipant[]; roster: RosterSource } => {
    const { list, tiles } = site.roster(doc);
    for (const p of list ?? []) {
      const known = listed.get(p.name);
      if (known ? p.self && !known.self : listed.size < MAX_NAMES) listed.set(p.name, p);
    }
    const all = new Map(listed);
    for (const p of tiles) if (!all.has(p.name) && all.size < MAX_NAMES) all.set(p.name, p);
    return { participants: [...all.values()], roster: list ? 'list' : tiles.length ? 'tiles' : 'none' };
  };

  function read() {
    timer = undefined;
    const url = new URL(top.location.href);
    const code = site.meetingCode(url);
    const doc = site.frame ? site.frame(top) : top;
    if (doc) watch(doc);
    const seen: Seen = doc ? site.phase(doc) : { missing: `${site.source}.frame` };
    // Not a meeting page, unless it shows a call all the same (Teams joins calls from any of its pages).
    if (code === null && typeof seen !== 'string' && phase !== 'live') return;
    const now = Date.now();
    if (seen === 'live') goneSince = 0;
    if (seen === 'live' && phase !== 'live' && phase !== 'ended') {
      phase = 'live';
      admitted = true;
      reason = '';
      startedAt = new Date(now).toISOString();
    } else if (phase === 'live' && seen !== 'live') {
      // The controls went: the call ended, unless they are back after a DOM swap.
      goneSince ||= now;
      if (now - goneSince >= END_SETTLE_MS) {
        phase = 'ended';
        endedAt = new Date(goneSince).toISOString();
      } else {
        setTimeout(schedule, END_SETTLE_MS - (now - goneSince) + 50);
      }
    } else if (phase !== 'live' && phase !== 'ended') {
      const missing = typeof seen === 'object' && code !== null;
      phase = missing && now - loadedAt >= GRACE_MS ? 'unavailable' : 'waiting';
      reason = phase === 'unavailable' && typeof seen === 'object' ? seen.missing : '';
    }
    const live = phase === 'live' && doc;
    const captions = live && keepCaptions ? keepLines(doc, now) : false;
    if (live) lastPeople = people(doc);
    const { participants, roster } = phase === 'live' || phase === 'ended' ? lastPeople : { participants: [], roster: 'none' as const };
    send({
      source: site.source,
      phase,
      admitted,
      title: phase === 'unavailable' || !doc ? '' : site.title(top, doc),
      code: code ?? '',
      url: cleanUrl(url.href),
      participants,
      roster,
      startedAt,
      endedAt,
      captions,
      reason,
    });
    if (phase === 'ended') observer.disconnect();
  }

  function readCaptions() {
    captionTimer = undefined;
    if (phase !== 'live' || !keepCaptions || !watched) return;
    keepLines(watched, Date.now());
  }

  function schedule() {
    if (phase === 'ended') return;
    timer ??= setTimeout(read, SETTLE_MS);
    if (phase === 'live' && keepCaptions) captionTimer ??= setTimeout(readCaptions, CAPTION_SETTLE_MS);
  }

  rt.onMessage.addListener((message, _sender, reply) => {
    if (!isEnvelope(message) || message.name !== 'callQuotes') return undefined;
    reply({ ok: true, value: keepCaptions ? buffer.recent(Date.now()) : [] });
    return undefined;
  });

  // The page goes away (the tab navigates, reloads or closes) while in the call: the call ended now.
  // (The background also ends a live call when its tab closes or loads another page.)
  addEventListener('pagehide', () => {
    if (phase !== 'live' || !sent) return;
    phase = 'ended';
    endedAt = new Date(goneSince || Date.now()).toISOString();
    send({ ...(JSON.parse(sent) as CallReport), phase, endedAt, captions: false });
  });
  watch(top);
  // A frame's document is replaced when it loads: load events reach the top document in the capture phase.
  top.addEventListener('load', schedule, true);
  // One read now, and one when the grace period is over (a page that does not change would not say so).
  schedule();
  setTimeout(schedule, GRACE_MS + 50);
}

/**
 * A call site's content script (`export default` of calls/sites/<id>.ts): registered at run time only,
 * for the site's pages (top frames), once the coach turns the site on in the options
 * (calls/background/registration.ts); it watches the call through the site's reader.
 */
export function callSiteScript(site: SiteDom) {
  return defineContentScript({
    registration: 'runtime',
    matches: siteOf(site.source).matches,
    main() {
      watchCall(site);
    },
  });
}
