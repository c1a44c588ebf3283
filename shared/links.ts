// Signed links in emails (PRODUCT.md: `?page=item&t=<signed token>`): a token names one item or client
// and what it may do, carries an expiry, and is signed with HMAC-SHA256 under a key only the add-on
// holds. Pure: the HMAC is passed in (Utilities.computeHmacSha256Signature in Apps Script).
import { base64UrlDecode, base64UrlEncode } from './connection';

/** item: an action item's page; prep: a client's preparation form; optout: stop reminders; ics: a session's next-session calendar file; consent: stop sharing the client's words with leaders. */
export const LINK_PAGES = ['item', 'prep', 'optout', 'ics', 'consent'] as const;
export type LinkPage = (typeof LINK_PAGES)[number];

export interface LinkClaims {
  /** Which page the link opens. */
  p: LinkPage;
  /** The item (page item), client (prep, optout, consent) or session (ics) it names. */
  id: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** HMAC-SHA256 of `message` under `key`, as bytes (signed or unsigned). */
export type Hmac = (message: string, key: string) => number[];

function hex(bytes: number[]): string {
  return bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, '0')).join('');
}

function signature(payload: string, key: string, hmac: Hmac): string {
  return base64UrlEncode(hex(hmac(payload, key)));
}

export function signLink(claims: LinkClaims, key: string, hmac: Hmac): string {
  const payload = base64UrlEncode(JSON.stringify(claims));
  return `${payload}.${signature(payload, key, hmac)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'altered' | 'expired' | 'wrong_page' };

/** Compares in time independent of where the texts differ. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

export function verifyLink(token: string, page: LinkPage, key: string, hmac: Hmac, nowMs: number): LinkCheck {
  const [payload, sig, extra] = String(token ?? '').split('.');
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  if (!sameText(sig, signature(payload, key, hmac))) return { ok: false, reason: 'altered' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(base64UrlDecode(payload)) as LinkClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.id !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
  if (claims.p !== page) return { ok: false, reason: 'wrong_page' };
  if (claims.exp * 1000 < nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

export const LINK_PROBLEMS: Record<Exclude<LinkCheck, { ok: true }>['reason'], string> = {
  malformed: 'This link is incomplete. Open it again from the email, or ask your coach for a new one.',
  altered: 'This link has been changed and cannot be used. Open it again from the email.',
  expired: 'This link has expired. Your next reminder email will have a fresh one, or reply to your coach.',
  wrong_page: 'This link belongs to another page. Open it again from the email.',
};
