// The call sites the extension can be turned on for: the host permission each one asks for and the
// pages its content script runs on. Pure data, shared by wxt.config.ts, the content scripts, the
// options page and the background.
import type { CallSource } from './report';

export interface CallSite {
  id: CallSource;
  label: string;
  /** Optional host permissions asked for when the coach turns the site on. */
  origins: string[];
  /** Pages the content script is registered for (within `origins`). */
  matches: string[];
  /** The built content script, relative to the extension's root. */
  script: `/content-scripts/${CallSource}.js`;
}

export const CALL_SITES: readonly CallSite[] = [
  {
    id: 'meet',
    label: 'Google Meet',
    origins: ['https://meet.google.com/*'],
    matches: ['https://meet.google.com/*'],
    script: '/content-scripts/meet.js',
  },
  {
    id: 'zoom',
    label: 'Zoom (web client)',
    // The web client runs on app.zoom.us and on company subdomains (acme.zoom.us/wc/…).
    origins: ['https://*.zoom.us/*'],
    matches: ['https://*.zoom.us/wc/*'],
    script: '/content-scripts/zoom.js',
  },
  {
    id: 'teams',
    label: 'Microsoft Teams (web)',
    origins: ['https://teams.microsoft.com/*', 'https://teams.live.com/*', 'https://teams.cloud.microsoft/*'],
    matches: ['https://teams.microsoft.com/*', 'https://teams.live.com/*', 'https://teams.cloud.microsoft/*'],
    script: '/content-scripts/teams.js',
  },
];

export const ALL_CALL_ORIGINS: readonly string[] = CALL_SITES.flatMap((s) => s.origins);

export function siteOf(id: CallSource): CallSite {
  return CALL_SITES.find((s) => s.id === id)!;
}

/** The id a site's content script is registered under. */
export function scriptId(id: CallSource): string {
  return `ft-call-${id}`;
}
