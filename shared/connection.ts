// The connection code a coach pastes into the extension (PRODUCT.md, "Connection code"):
// `ft1.` + base64url (no padding) of the JSON {"url": web app URL, "token": coach token}.
// Pure ECMAScript: Apps Script has no TextEncoder or btoa, so UTF-8 and base64 are done here.

export interface Connection {
  url: string;
  token: string;
}

const PREFIX = 'ft1.';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return bytes;
}

function utf8Text(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let cp: number;
    let extra: number;
    if (b < 0x80) [cp, extra] = [b, 0];
    else if (b >= 0xf0) [cp, extra] = [b & 7, 3];
    else if (b >= 0xe0) [cp, extra] = [b & 15, 2];
    else if (b >= 0xc0) [cp, extra] = [b & 31, 1];
    else throw new Error('invalid UTF-8');
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) throw new Error('invalid UTF-8');
      cp = (cp << 6) | (c & 63);
    }
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}

/** Bytes as base64url without padding (RFC 4648 §5). */
export function base64UrlFromBytes(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, i + 1 < bytes.length ? bytes[i + 1] : undefined, i + 2 < bytes.length ? bytes[i + 2] : undefined];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (b !== undefined) out += ALPHABET[(n >> 6) & 63]!;
    if (c !== undefined) out += ALPHABET[n & 63]!;
  }
  return out;
}

/** The bytes of unpadded base64url text; throws on any other character or an impossible length. */
export function bytesFromBase64Url(code: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(code) || code.length % 4 === 1) throw new Error('invalid base64url');
  const bytes: number[] = [];
  for (let i = 0; i < code.length; i += 4) {
    const chunk = code.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) n = (n << 6) | (k < chunk.length ? ALPHABET.indexOf(chunk[k]!) : 0);
    bytes.push((n >> 16) & 255);
    if (chunk.length > 2) bytes.push((n >> 8) & 255);
    if (chunk.length > 3) bytes.push(n & 255);
  }
  return new Uint8Array(bytes);
}

export function utf8Encode(text: string): Uint8Array {
  return new Uint8Array(utf8Bytes(text));
}

/** Text of UTF-8 bytes; throws on bytes that are not UTF-8. */
export function utf8Decode(bytes: ArrayLike<number>): string {
  return utf8Text(Array.from(bytes));
}

export function base64UrlEncode(text: string): string {
  return base64UrlFromBytes(utf8Bytes(text));
}

export function base64UrlDecode(code: string): string {
  return utf8Text(Array.from(bytesFromBase64Url(code)));
}

export function encodeConnectionCode(connection: Connection): string {
  return PREFIX + base64UrlEncode(JSON.stringify({ url: connection.url, token: connection.token }));
}

export type DecodeResult = { ok: true; connection: Connection } | { ok: false; message: string };

/**
 * The code as pasted from an email or a chat: quotes or angle brackets around it (“ft1.…”, "…", '…',
 * `…`, <…>) and white space or line breaks inside it (a mail client wraps long lines) are not part of
 * it — base64url has neither.
 */
export function cleanConnectionCode(input: string): string {
  let code = input.replace(/\s+/g, '');
  for (;;) {
    const unwrapped = code.replace(/^(["'`\u201c\u201d\u2018\u2019\u00ab\u00bb<])(.*)(["'`\u201c\u201d\u2018\u2019\u00ab\u00bb>])$/s, '$2');
    if (unwrapped === code) return code;
    code = unwrapped;
  }
}

export function decodeConnectionCode(input: string): DecodeResult {
  const code = cleanConnectionCode(input);
  if (!code.startsWith(PREFIX)) {
    return { ok: false, message: 'A connection code starts with "ft1." — copy the whole code from the invitation.' };
  }
  let json: unknown;
  try {
    json = JSON.parse(base64UrlDecode(code.slice(PREFIX.length)));
  } catch {
    return { ok: false, message: 'This connection code is damaged — copy it again, all of it.' };
  }
  const { url, token } = (json ?? {}) as Record<string, unknown>;
  if (typeof url !== 'string' || typeof token !== 'string' || !token) {
    return { ok: false, message: 'This connection code has no web app address or token.' };
  }
  if (!/^https?:\/\/[^\s/]+/.test(url)) {
    return { ok: false, message: 'The web app address in this code is not an http(s) URL.' };
  }
  return { ok: true, connection: { url, token } };
}
