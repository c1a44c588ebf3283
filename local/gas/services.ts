// Local implementations of the Apps Script services the add-on uses besides SpreadsheetApp.
import { createHash, randomUUID } from 'node:crypto';
import type { Realm } from './realm';

const MIME = { JSON: 'application/json', TEXT: 'text/plain', JAVASCRIPT: 'application/javascript', CSV: 'text/csv', XML: 'text/xml' } as const;

/** What TextOutput and HtmlOutput share: a body of text built up by the script. */
export class LocalContent {
  constructor(private content: string) {}
  getContent(): string {
    return this.content;
  }
  setContent(content: string): this {
    this.content = String(content);
    return this;
  }
  append(content: string): this {
    this.content += String(content);
    return this;
  }
}

export class LocalTextOutput extends LocalContent {
  private mimeType: string = MIME.TEXT;
  getMimeType(): string {
    return this.mimeType;
  }
  setMimeType(mimeType: string): this {
    this.mimeType = mimeType;
    return this;
  }
}

export const ContentService = {
  MimeType: MIME,
  createTextOutput: (content?: string) => new LocalTextOutput(content === undefined ? '' : String(content)),
};

const DIGESTS = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' } as const;
const CHARSETS = { US_ASCII: 'ascii', UTF_8: 'utf8' } as const;

/** Bytes as Apps Script returns them: signed, -128..127. */
function signedBytes(realm: Realm, buf: Buffer): number[] {
  const out = realm.array<number>();
  for (const b of buf) out.push(b > 127 ? b - 256 : b);
  return out;
}

function toBuffer(value: string | number[], charset: string = 'utf8'): Buffer {
  return typeof value === 'string' ? Buffer.from(value, charset as BufferEncoding) : Buffer.from(value.map((b) => (b + 256) % 256));
}

export function makeUtilities(realm: Realm, timeZoneOf: () => string) {
  return {
    DigestAlgorithm: DIGESTS,
    Charset: CHARSETS,
    getUuid: () => randomUUID(),
    computeDigest(algorithm: string, value: string | number[], charset?: string): number[] {
      return signedBytes(realm, createHash(algorithm).update(toBuffer(value, charset)).digest());
    },
    base64Encode: (value: string | number[], charset?: string) => toBuffer(value, charset).toString('base64'),
    base64EncodeWebSafe: (value: string | number[], charset?: string) => toBuffer(value, charset).toString('base64url'),
    formatDate(date: Date, timeZone: string, _format: string): string {
      // The add-on formats dates itself; this returns ISO-like local time for logs.
      return new Intl.DateTimeFormat('sv-SE', { timeZone: timeZone || timeZoneOf(), dateStyle: 'short', timeStyle: 'medium' }).format(date);
    },
    sleep(ms: number): void {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    },
  };
}

/**
 * The script lock. Calls into the bundle run one at a time on this process's thread, and processes
 * sharing a data dir are serialised by the data-dir lock, so a lock is free whenever a call starts.
 */
export function makeLockService() {
  let held = 0;
  const lock = {
    tryLock: (_ms: number) => {
      held++;
      return true;
    },
    waitLock: (_ms: number) => {
      held++;
    },
    releaseLock: () => {
      held = Math.max(0, held - 1);
    },
    hasLock: () => held > 0,
  };
  return { getScriptLock: () => lock, getDocumentLock: () => lock, getUserLock: () => lock };
}

export function makeScriptApp(webAppUrl: () => string | null) {
  return {
    getService: () => ({ getUrl: () => webAppUrl(), isEnabled: () => webAppUrl() !== null }),
  };
}

export function makeSession(timeZoneOf: () => string) {
  return {
    getScriptTimeZone: () => timeZoneOf(),
    getActiveUser: () => ({ getEmail: () => '' }),
    getEffectiveUser: () => ({ getEmail: () => 'owner@localhost' }),
  };
}

export function makeConsole(write: (line: string) => void) {
  const log = (level: string) => (...args: unknown[]) =>
    write(`[${level}] ${args.map(describe).join(' ')}`);
  return { log: log('log'), info: log('info'), warn: log('warn'), error: log('error') };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  // Errors from the bundle belong to its realm: recognise them by shape, not instanceof.
  if (value && typeof value === 'object' && 'stack' in value) return String((value as { stack: unknown }).stack);
  return JSON.stringify(value);
}
