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

const URL_PROPERTY = 'web_app_url';

/**
 * The deployment's /exec URL in the one form that works for everyone: `https://script.google.com/
 * macros/s/<id>/exec`. A Workspace account's getUrl() may answer `/a/<domain>/macros/s/<id>/exec`, which
 * sends people outside the domain to a sign-in page, so that form is rewritten. The local runtime's
 * deployment is `http://127.0.0.1:<port>/exec`. Anything else (a /dev URL, another site) is null.
 */
export function execUrlOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const text = url.trim();
  const google = /^https:\/\/script\.google\.com\/(?:a\/[^/?#]+\/)?macros\/s\/([A-Za-z0-9_-]{10,})\/exec$/.exec(text);
  if (google) return `https://script.google.com/macros/s/${google[1]}/exec`;
  if (/^http:\/\/127\.0\.0\.1:\d{1,5}\/exec$/.test(text)) return text;
  return null;
}

/**
 * The deployment's URL as a request to it shows it: ScriptApp.getService().getUrl() inside a web-app
 * execution, kept when it is an /exec URL. Elsewhere (menu, editor, trigger) getUrl may answer the /dev
 * URL, which only editors can open ("If you are running the development mode web app, this returns the
 * development mode url", Service reference), so it is never taken from there.
 */
export function rememberWebAppUrl(): void {
  const url = execUrlOf(ScriptApp.getService().getUrl());
  if (!url) return;
  const props = PropertiesService.getScriptProperties();
  if (props.getProperty(URL_PROPERTY) !== url) props.setProperty(URL_PROPERTY, url);
}

/** The /exec URL given by an admin (Check deployment): refused unless it is one. */
export function storeWebAppUrl(url: unknown): string {
  const exec = execUrlOf(url);
  if (!exec)
    throw new Error(
      'That is not a web app /exec address. Copy it from Deploy › Manage deployments: https://script.google.com/macros/s/…/exec',
    );
  PropertiesService.getScriptProperties().setProperty(URL_PROPERTY, exec);
  return exec;
}

/** The stored /exec URL, or null while none is known. */
export function knownWebAppUrl(): string | null {
  return execUrlOf(PropertiesService.getScriptProperties().getProperty(URL_PROPERTY));
}

/** The web app's /exec URL, for connection codes and links: known, never guessed. */
export function webAppUrl(): string {
  const url = knownWebAppUrl();
  if (!url) {
    const here = ScriptApp.getService().getUrl();
    const dev =
      typeof here === 'string' && /\/dev$/.test(here) ? ' (here Google only tells the /dev address, which only editors can open)' : '';
    throw new Error(
      `The web app’s /exec address is not known yet${dev}. Deploy the script as a web app (npm run deploy, or Deploy › New deployment › Web app) and open its /exec URL once, or paste it in FollowThrough › Check deployment…; then try again.`,
    );
  }
  return url;
}

export interface LinkMaker {
  url(page: LinkPage, id: string, validDays: number, extra?: Record<string, string>): string;
}

/** How long a client's links to stop reminders or stop sharing their words work, whichever email carries them. */
export const STOP_LINK_DAYS = 365;

/** Makes links valid from `now`; the key is read once per run. */
export function linkMaker(now: Date): LinkMaker {
  const key = signingKey();
  const base = webAppUrl();
  return {
    url(page, id, validDays, extra = {}) {
      const claims: LinkClaims = { p: page, id, exp: Math.floor(now.getTime() / 1000) + validDays * DAY_SECONDS };
      const query = [
        `page=${page}`,
        `t=${encodeURIComponent(signLink(claims, key, hmac))}`,
        ...Object.entries(extra).map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
      ];
      return `${base}?${query.join('&')}`;
    },
  };
}

export function checkLink(token: string, page: LinkPage, now: Date): LinkCheck {
  return verifyLink(token, page, signingKey(), hmac, now.getTime());
}
