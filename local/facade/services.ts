// Local implementations of the Apps Script services the add-on uses besides SpreadsheetApp.
import { createHash, randomUUID } from 'node:crypto';
import type { Channel } from '../channel';
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

/** LockService: the host's real locks; waitLock fails with Apps Script's message after its timeout. */
export function makeLockService(channel: Channel) {
  const lockFor = (name: string) => ({
    tryLock: (timeoutInMillis: number) => channel.call('lock', 'acquire', [name, Math.max(0, Number(timeoutInMillis) || 0)]) as boolean,
    waitLock(timeoutInMillis: number): void {
      if (!channel.call('lock', 'acquire', [name, Math.max(0, Number(timeoutInMillis) || 0)])) {
        throw new Error('Lock timeout: another process was holding the lock for too long.');
      }
    },
    releaseLock: () => void channel.call('lock', 'release', [name]),
    hasLock: () => channel.call('lock', 'has', [name]) as boolean,
  });
  return { getScriptLock: () => lockFor('script'), getDocumentLock: () => lockFor('document'), getUserLock: () => lockFor('user') };
}

export function makeScriptApp(channel: Channel) {
  const url = () => channel.call('script', 'webAppUrl', []) as string | null;
  return {
    getService: () => ({ getUrl: () => url(), isEnabled: () => url() !== null }),
  };
}

function propertiesFor(channel: Channel, realm: Realm, scope: string) {
  const call = (method: string, ...args: unknown[]) => channel.call('props', method, [scope, ...args]);
  const store = {
    getProperty: (key: string) => call('get', String(key)) as string | null,
    setProperty(key: string, value: string) {
      call('set', { [String(key)]: String(value) }, false);
      return store;
    },
    getProperties: () => ({ ...(call('all') as Record<string, string>) }),
    setProperties(properties: Record<string, unknown>, deleteAllOthers = false) {
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(properties)) values[k] = String(v);
      call('set', values, Boolean(deleteAllOthers));
      return store;
    },
    getKeys: () => realm.array(Object.keys(call('all') as Record<string, string>)),
    deleteProperty(key: string) {
      call('delete', String(key));
      return store;
    },
    deleteAllProperties() {
      call('delete', null);
      return store;
    },
  };
  return store;
}

export function makePropertiesService(channel: Channel, realm: Realm) {
  return {
    getScriptProperties: () => propertiesFor(channel, realm, 'script'),
    getUserProperties: () => propertiesFor(channel, realm, 'user'),
    getDocumentProperties: () => propertiesFor(channel, realm, 'document'),
  };
}

function cacheFor(channel: Channel, scope: string) {
  const call = (method: string, ...args: unknown[]) => channel.call('cache', method, [scope, ...args]);
  return {
    get: (key: string) => (call('get', [String(key)]) as Record<string, string>)[String(key)] ?? null,
    getAll: (keys: string[]) => ({ ...(call('get', keys.map(String)) as Record<string, string>) }),
    put: (key: string, value: string, expirationInSeconds = 600) => void call('put', { [String(key)]: String(value) }, expirationInSeconds),
    putAll: (values: Record<string, unknown>, expirationInSeconds = 600) =>
      void call('put', Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])), expirationInSeconds),
    remove: (key: string) => void call('remove', [String(key)]),
    removeAll: (keys: string[]) => void call('remove', keys.map(String)),
  };
}

export function makeCacheService(channel: Channel) {
  return {
    getScriptCache: () => cacheFor(channel, 'script'),
    getUserCache: () => cacheFor(channel, 'user'),
    getDocumentCache: () => cacheFor(channel, 'document'),
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
