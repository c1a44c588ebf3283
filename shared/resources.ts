// Resources: the titled links a coach shares with a client at the end of a session (PRODUCT.md, capture
// `session.resources [{title, url}]`, http/https only). The one home of what a resource's address may
// be, and of how a list of them is kept in a Sessions.resources cell: one `title — url` a line.
//
// Runs in Apps Script too, which has no WHATWG `URL` class (only ECMAScript built-ins), so an address is
// checked by pattern: an http or https scheme, a host, then an optional path, query or fragment; no
// whitespace or control character anywhere; no user:password@ part (a link that shows one host and
// opens another is how phishing links read).

export interface Resource {
  title: string;
  url: string;
}

export const MAX_RESOURCES = 20;
export const MAX_RESOURCE_TITLE = 200;
export const MAX_RESOURCE_URL = 2000;
/** What separates a title from its address in a Sessions.resources cell. */
export const RESOURCE_SEPARATOR = ' — ';

const HTTP_URL = /^https?:\/\/[^\s/?#@\\]+(?:[/?#][^\s]*)?$/i;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether `url` is an http:// or https:// address a client can open. */
export function isHttpUrl(url: string): boolean {
  return typeof url === 'string' && url.length <= MAX_RESOURCE_URL && HTTP_URL.test(url) && !CONTROL.test(url);
}

/** Why a resource's address is refused, or null when it is fine (the message names what to fix). */
export function resourceUrlProblem(url: string): string | null {
  if (typeof url !== 'string' || !url.trim()) return 'Give the link’s address.';
  if (url.length > MAX_RESOURCE_URL) return `At most ${MAX_RESOURCE_URL} characters.`;
  if (!/^https?:\/\//i.test(url)) return 'Use an http:// or https:// address (other kinds of links are not sent to clients).';
  if (/\s/.test(url) || CONTROL.test(url)) return 'An address has no spaces or line breaks.';
  if (!isHttpUrl(url)) return 'Not a web address: http:// or https://, then the site’s name (no user name or password).';
  return null;
}

/** Why a resource's title is refused, or null. A title is one line: the cell keeps one resource a line. */
export function resourceTitleProblem(title: string): string | null {
  if (typeof title !== 'string' || !title.trim()) return 'Give the link a title.';
  if (title.length > MAX_RESOURCE_TITLE) return `At most ${MAX_RESOURCE_TITLE} characters.`;
  if (/[\r\n\u2028\u2029]/.test(title) || CONTROL.test(title)) return 'A title is one line.';
  return null;
}

/** The Sessions.resources cell for a list of resources: one `title — url` a line ('' for none). */
export function formatResources(resources: readonly Resource[]): string {
  return resources.map((r) => `${r.title.trim()}${RESOURCE_SEPARATOR}${r.url}`).join('\n');
}

/**
 * The resources of a Sessions.resources cell. A line is split at its last separator (an address has no
 * spaces, so a title may itself hold ' — '); a line without one that is an address alone becomes a
 * resource titled by its address (a person typing in the sheet); anything else is left out.
 */
export function parseResources(cell: unknown): Resource[] {
  const out: Resource[] = [];
  for (const line of String(cell ?? '').split(/\r?\n/)) {
    const text = line.trim();
    if (!text) continue;
    const at = text.lastIndexOf(RESOURCE_SEPARATOR);
    const title = at > 0 ? text.slice(0, at).trim() : '';
    const url = at > 0 ? text.slice(at + RESOURCE_SEPARATOR.length).trim() : text;
    if (!isHttpUrl(url)) continue;
    out.push({ title: title || url, url });
  }
  return out;
}
