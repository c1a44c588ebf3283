// The engine of the call-site content scripts: one MutationObserver per page (changes are coalesced;
// no polling), reading the page through a site's DOM module, reporting the call to the background when
// it changes, and keeping caption lines in memory for the panel's Quote. Runs in the page's isolated
// world; talks to the background through the runtime API directly (no polyfill: content scripts stay tiny).
import { CaptionBuffer } from './caption-buffer';
import { cleanUrl, type CallParticipant, type CallPhase, type CallReport, type CallSource, type Envelope, type ReportAnswer } from './report';

export interface CaptionBlock {
  /** The element the block lives in: the same element while its text grows. */
  el: Element;
  speaker: string;
  text: string;
}

/** How a site's page is read. Each selector lives in the site's *-dom.ts with a `// CALL-SITE DOM:` note. */
export interface SiteDom {
  source: CallSource;
  /** The meeting code when `url` is a meeting page, else null (landing pages, settings…). */
  meetingCode(url: URL): string | null;
  /** live: in the call · waiting: the pre-join screen · null: neither can be found. */
  phase(doc: Document): 'live' | 'waiting' | null;
  title(doc: Document): string;
  participants(doc: Document): CallParticipant[];
  /** The caption blocks shown now, oldest first; [] when captions are off. */
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
/** The call (phase, title, participants) is read at most once a second after a change… */
const SETTLE_MS = 1000;
/** …and, while captions are kept for quotes, caption lines every 250 ms (some sites replace them fast). */
const CAPTION_SETTLE_MS = 250;

export function watchCall(site: SiteDom, doc: Document = document): void {
  const rt = runtime();
  // Registered and also injected into a tab already open: run once per page.
  const g = globalThis as { __followThroughCall?: boolean };
  if (!rt || g.__followThroughCall) return;
  g.__followThroughCall = true;
  const buffer = new CaptionBuffer();
  const loadedAt = Date.now();
  let phase: CallPhase = 'waiting';
  let startedAt = '';
  let endedAt = '';
  let keepCaptions = false;
  let sent = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let captionTimer: ReturnType<typeof setTimeout> | undefined;
  let observer: MutationObserver | undefined;

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

  const read = () => {
    timer = undefined;
    const url = new URL(doc.location.href);
    const code = site.meetingCode(url);
    const seen = site.phase(doc);
    // Not a meeting page, unless it shows a call all the same (Teams joins calls from any of its pages).
    if (code === null && seen === null && phase !== 'live') return;
    const now = Date.now();
    if (seen === 'live' && phase !== 'live' && phase !== 'ended') {
      phase = 'live';
      startedAt = new Date(now).toISOString();
    } else if (phase === 'live' && seen !== 'live') {
      phase = 'ended';
      endedAt = new Date(now).toISOString();
    } else if (phase !== 'live' && phase !== 'ended') {
      phase = seen === 'waiting' || code === null ? 'waiting' : now - loadedAt >= GRACE_MS ? 'unavailable' : 'waiting';
    }
    let captions = false;
    if (phase === 'live' && keepCaptions) {
      const blocks = site.captions(doc);
      captions = blocks.length > 0;
      for (const b of blocks) buffer.upsert(b.el, b.speaker, b.text, now);
    }
    send({
      source: site.source,
      phase,
      title: phase === 'unavailable' ? '' : site.title(doc),
      code: code ?? '',
      url: cleanUrl(url.href),
      participants: phase === 'live' ? site.participants(doc) : [],
      startedAt,
      endedAt,
      captions,
    });
    if (phase === 'ended') observer?.disconnect();
  };

  const readCaptions = () => {
    captionTimer = undefined;
    if (phase !== 'live' || !keepCaptions) return;
    const now = Date.now();
    for (const b of site.captions(doc)) buffer.upsert(b.el, b.speaker, b.text, now);
  };

  function schedule() {
    timer ??= setTimeout(read, SETTLE_MS);
    if (phase === 'live' && keepCaptions) captionTimer ??= setTimeout(readCaptions, CAPTION_SETTLE_MS);
  }

  rt.onMessage.addListener((message, _sender, reply) => {
    const m = message as Partial<Envelope> | null;
    if (m?.ft !== 1 || m.name !== 'callQuotes') return undefined;
    reply({ ok: true, value: keepCaptions ? buffer.recent(Date.now()) : [] });
    return undefined;
  });

  observer = new MutationObserver(schedule);
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  // One read now, and one when the grace period is over (a page that does not change would not say so).
  schedule();
  setTimeout(schedule, GRACE_MS + 50);
}
