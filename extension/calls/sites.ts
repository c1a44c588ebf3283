// The call sites the extension can be turned on for. ONE LINE PER SITE: a new call site is its reader
// `calls/sites/<id>.ts` (selectors, labels and its content script) plus its line here. wxt.config.ts
// builds `calls/sites/<id>.ts` as the content script `/content-scripts/<id>.js`, the options page
// lists the site, and the background registers the script when the coach turns the site on.
// Pure data, shared by wxt.config.ts, the content scripts, the options page and the background.
import type { CallSource } from './protocol';

export interface CallSite {
  id: CallSource;
  label: string;
  /** Optional host permissions asked for when the coach turns the site on. */
  origins: string[];
  /** Pages the content script is registered for (within `origins`); top frames only. */
  matches: string[];
  /** The built content script, relative to the extension's root. */
  script: `/content-scripts/${CallSource}.js`;
}

const site = (id: CallSource, label: string, origins: string[], matches = origins): CallSite => ({
  id,
  label,
  origins,
  matches,
  script: `/content-scripts/${id}.js`,
});

export const CALL_SITES: readonly CallSite[] = [
  site('meet', 'Google Meet', ['https://meet.google.com/*']),
  // The web client runs on app.zoom.us and on company subdomains (acme.zoom.us/wc/…); the meeting is
  // drawn in a same-origin frame that the top frame's script reads (calls/sites/zoom.ts).
  site('zoom', 'Zoom (web client)', ['https://*.zoom.us/*'], ['https://*.zoom.us/wc/*']),
  site('teams', 'Microsoft Teams (web)', ['https://teams.microsoft.com/*', 'https://teams.live.com/*', 'https://teams.cloud.microsoft/*']),
];

export const ALL_CALL_ORIGINS: readonly string[] = CALL_SITES.flatMap((s) => s.origins);

export function siteOf(id: CallSource): CallSite {
  return CALL_SITES.find((s) => s.id === id)!;
}

/** The id a site's content script is registered under. */
export function scriptId(id: CallSource): string {
  return `ft-call-${id}`;
}
