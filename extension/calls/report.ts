// What a call site's content script tells the background about the call in its tab. Types and tiny
// pure helpers only: the content scripts import this, so it must stay free of libraries.

export type CallSource = 'meet' | 'zoom' | 'teams';

export interface CallParticipant {
  name: string;
  /** Only where the page shows it. */
  email?: string;
}

/**
 * waiting: a meeting page, not (yet) in the call · live: in the call · ended: left the call ·
 * unavailable: the page no longer looks as the selectors expect ("call details unavailable").
 */
export type CallPhase = 'waiting' | 'live' | 'ended' | 'unavailable';

export interface CallReport {
  source: CallSource;
  phase: CallPhase;
  /** The meeting's title as the page shows it, or ''. */
  title: string;
  /** The meeting code (Meet "abc-defg-hij", Zoom meeting number, Teams thread) or ''. */
  code: string;
  /** The meeting's URL without query or fragment. */
  url: string;
  participants: CallParticipant[];
  /** ISO time the coach joined; '' before. */
  startedAt: string;
  /** ISO time the coach left; '' while live. */
  endedAt: string;
  /** True while the page shows captions (and caption quotes are on for the site). */
  captions: boolean;
}

/** The background's answer to a report: whether to keep caption lines (the site's opt-in). */
export interface ReportAnswer {
  captions: boolean;
}

export interface CaptionLine {
  speaker: string;
  text: string;
  /** Epoch ms of the line's last change. */
  at: number;
}

/** The message envelope of lib/messaging.ts, restated for content scripts (which do not load the polyfill). */
export interface Envelope {
  ft: 1;
  name: string;
  arg: unknown;
}

export const SOURCE_LABELS: Record<CallSource, string> = { meet: 'Google Meet', zoom: 'Zoom', teams: 'Microsoft Teams' };

/** A URL without query and fragment (they may carry tokens or passwords, e.g. Zoom's ?pwd=). */
export function cleanUrl(href: string): string {
  const i = href.search(/[?#]/);
  return i < 0 ? href : href.slice(0, i);
}

/** Text of an element, trimmed and with runs of white space made one. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The display name at the start of an ARIA label such as "Ann Lee (Host, me), video off": up to the first comma outside parentheses. */
export function nameInLabel(label: string): string {
  return (/^(?:[^,(]|\([^)]*\))*/.exec(label)?.[0] ?? '').trim();
}
