// Signed, expiring links in emails: the key lives in script properties, created on first use.
import { signLink, verifyLink, type LinkCheck, type LinkClaims, type LinkPage } from '../../shared/links';
import { newToken } from './ids';

const KEY_PROPERTY = 'link_signing_key';
const DAY_SECONDS = 86_400;

function signingKey(): string {
  const props = PropertiesService.getScriptProperties();
  let key = props.getProperty(KEY_PROPERTY);
  if (!key) {
    key = newToken();
    props.setProperty(KEY_PROPERTY, key);
  }
  return key;
}

function hmac(message: string, key: string): number[] {
  return Utilities.computeHmacSha256Signature(message, key, Utilities.Charset.UTF_8);
}

export function webAppUrl(): string {
  const url = ScriptApp.getService().getUrl();
  if (!url) throw new Error('Deploy the script as a web app first (Deploy › New deployment › Web app).');
  return url;
}

export interface LinkMaker {
  url(page: LinkPage, id: string, validDays: number, extra?: Record<string, string>): string;
}

/** Makes links valid from `now`; the key is read once per run. */
export function linkMaker(now: Date): LinkMaker {
  const key = signingKey();
  const base = webAppUrl();
  return {
    url(page, id, validDays, extra = {}) {
      const claims: LinkClaims = { p: page, id, exp: Math.floor(now.getTime() / 1000) + validDays * DAY_SECONDS };
      const query = [`page=${page}`, `t=${encodeURIComponent(signLink(claims, key, hmac))}`, ...Object.entries(extra).map(([k, v]) => `${k}=${encodeURIComponent(v)}`)];
      return `${base}?${query.join('&')}`;
    },
  };
}

export function checkLink(token: string, page: LinkPage, now: Date): LinkCheck {
  return verifyLink(token, page, signingKey(), hmac, now.getTime());
}
