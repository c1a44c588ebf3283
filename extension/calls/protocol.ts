// Call awareness's protocol: what a call site's content script tells the background about the call in
// its tab, the caption lines it hands the panel, and the one message envelope every part of the
// extension uses (lib/messaging.ts builds its typed RPC on it). Types and constants only: the content
// scripts import this, so it stays free of libraries and of the DOM.

export type CallSource = 'meet' | 'zoom' | 'teams';

export interface CallParticipant {
  /** The display name, without decorations such as "(You)" or "(Host, me)". */
  name: string;
  /** Only where the page shows it (no call site does today). */
  email?: string;
  /** The coach themself (the page marks them "(You)", "(me)"… in its language). */
  self?: boolean;
}

/**
 * waiting: a meeting page, not (yet) admitted: the pre-join screen or the waiting room ·
 * live: admitted to the call · ended: left the call (or the tab closed) ·
 * unavailable: the page no longer looks as the site's reader expects ("call details unavailable").
 */
export type CallPhase = 'waiting' | 'live' | 'ended' | 'unavailable';

/**
 * Where the participants' names come from: `list` — the call's participant list is open (a
 * virtualised list is collected as it scrolls); `tiles` — the list is closed, names come from the
 * video tiles only; `none` — neither shows a name.
 */
export type RosterSource = 'list' | 'tiles' | 'none';

export interface CallReport {
  source: CallSource;
  phase: CallPhase;
  /**
   * True from the moment the coach was admitted to the call (past the pre-join screen and any
   * waiting room) — the moment a session timer starts — and still true after the call ended.
   */
  admitted: boolean;
  /** The meeting's title as the page shows it, or ''. */
  title: string;
  /** The meeting code (Meet "abc-defg-hij", Zoom meeting number, Teams thread) or ''. */
  code: string;
  /** The meeting's URL without query or fragment. */
  url: string;
  /** Everyone seen on the call so far (names read from the list while it was open, and the tiles). */
  participants: CallParticipant[];
  roster: RosterSource;
  /** ISO time the coach was admitted (the call started for them); '' before. */
  startedAt: string;
  /** ISO time the coach left or closed the tab; '' while live. */
  endedAt: string;
  /** True while the page shows captions (and caption quotes are on for the site). */
  captions: boolean;
  /**
   * With phase `unavailable`: which anchor failed, as `<site>.<anchor>` (e.g. `zoom.frame`: the web
   * client's frame is missing; `meet.controls`: no call controls found) — a coach's report names it.
   * '' otherwise.
   */
  reason: string;
}

/** The background's answer to a report: whether to keep caption lines (the site's opt-in). */
export interface ReportAnswer {
  captions: boolean;
}

export interface CaptionLine {
  /** The speaker as the page names them ('' when it does not). */
  speaker: string;
  text: string;
  /** Epoch ms of the line's last change. */
  at: number;
  /** Spoken by the coach (the page labels it "You" in its language): shown under the coach's name. */
  self?: boolean;
}

/** Every runtime message of the extension: a name and one argument, marked as ours. */
export interface Envelope<N extends string = string> {
  ft: 1;
  name: N;
  arg: unknown;
}

/** The answer to an envelope. */
export type Reply = { ok: true; value: unknown } | { ok: false; message: string };

export function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as Partial<Envelope>).ft === 1 &&
    typeof (message as Partial<Envelope>).name === 'string'
  );
}

/** Call awareness's messages, part of lib/messaging.ts's Protocol. */
export interface CallMessages {
  /** From a call site's content script: the call as the page shows it now (the sender's tab is the key). */
  callReport: (report: CallReport) => ReportAnswer;
  /** From the panel: the caption lines the call's content script holds in memory (last two minutes). */
  callQuotes: (arg: { tabId: number }) => CaptionLine[];
}

export const SOURCE_LABELS: Record<CallSource, string> = { meet: 'Google Meet', zoom: 'Zoom', teams: 'Microsoft Teams' };

/** A URL without query and fragment (they may carry tokens or passwords, e.g. Zoom's ?pwd=). */
export function cleanUrl(href: string): string {
  const i = href.search(/[?#]/);
  return i < 0 ? href : href.slice(0, i);
}
