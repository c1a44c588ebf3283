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
 * The deployment's URL as a request to it shows it: ScriptApp.getService().getUrl() inside a web-app
 * execution, kept when it is an /exec URL. Elsewhere (menu, editor, trigger) getUrl may answer the /dev
 * URL, which only editors can open ("If you are running the development mode web app, this returns the
 * development mode url", Service reference), so it is never taken from there.
 */
export function rememberWebAppUrl(): void {
  const url = ScriptApp.getService().getUrl();
  if (!url || !/\/exec$/.test(url)) return;
  const props = PropertiesService.getScriptProperties();
  if (props.getProperty(URL_PROPERTY) !== url) props.setProperty(URL_PROPERTY, url);
}

/** The web app's /exec URL, for connection codes and links: known from a request that reached it. */
export function webAppUrl(): string {
  const url = PropertiesService.getScriptProperties().getProperty(URL_PROPERTY);
  if (!url) {
    throw new Error('The web app’s /exec address is not known yet. Deploy the script as a web app (Deploy › New deployment › Web app, or npm run deploy) and open its /exec URL once; then try again.');
  }
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
