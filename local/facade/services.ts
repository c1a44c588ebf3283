// Local implementations of the Apps Script services the add-on uses besides SpreadsheetApp.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Channel } from '../exec/channel';
import { formatDate } from './format-date';
import type { Realm } from './realm';

// ContentService.MimeType (developers.google.com/apps-script/reference/content/mime-type: ATOM, CSV,
// ICAL, JAVASCRIPT, JSON, RSS, TEXT, VCARD, XML), each as the media type the echo serves it with; ICAL
// is iCalendar's registered text/calendar (RFC 5545 §8.1), VCARD vCard's text/vcard (RFC 6350 §10.1).
const MIME = {
  JSON: 'application/json',
  TEXT: 'text/plain',
  JAVASCRIPT: 'application/javascript',
  CSV: 'text/csv',
  XML: 'text/xml',
  ICAL: 'text/calendar',
  VCARD: 'text/vcard',
} as const;

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
  private fileName: string | null = null;
  getMimeType(): string {
    return this.mimeType;
  }
  setMimeType(mimeType: string): this {
    this.mimeType = mimeType;
    return this;
  }
  clear(): this {
    return this.setContent('');
  }
  /**
   * "Tells browsers to download rather than display this content" (TextOutput reference): the echo
   * answers with Content-Disposition: attachment and this file name (RFC 6266).
   */
  downloadAsFile(filename: string): this {
    this.fileName = String(filename);
    return this;
  }
  /** "the file name to download this file as, or null if it should be displayed rather than downloaded". */
  getFileName(): string | null {
    return this.fileName;
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

const MAC_ALGORITHMS = {
  HMAC_MD5: 'md5',
  HMAC_SHA_1: 'sha1',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
} as const;

export function makeUtilities(realm: Realm) {
  const hmac = (algorithm: string, value: string | number[], key: string | number[], charset?: string) =>
    signedBytes(realm, createHmac(algorithm, toBuffer(key, charset)).update(toBuffer(value, charset)).digest());
  return {
    DigestAlgorithm: DIGESTS,
    MacAlgorithm: MAC_ALGORITHMS,
    Charset: CHARSETS,
    getUuid: () => randomUUID(),
    computeDigest(algorithm: string, value: string | number[], charset?: string): number[] {
      return signedBytes(realm, createHash(algorithm).update(toBuffer(value, charset)).digest());
    },
    computeHmacSignature: (algorithm: string, value: string | number[], key: string | number[], charset?: string) =>
      hmac(algorithm, value, key, charset),
    computeHmacSha256Signature: (value: string | number[], key: string | number[], charset?: string) => hmac('sha256', value, key, charset),
    base64Encode: (value: string | number[], charset?: string) => toBuffer(value, charset).toString('base64'),
    base64EncodeWebSafe: (value: string | number[], charset?: string) =>
      toBuffer(value, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    base64Decode: (encoded: string) => signedBytes(realm, Buffer.from(String(encoded), 'base64')),
    base64DecodeWebSafe: (encoded: string) => signedBytes(realm, Buffer.from(String(encoded), 'base64url')),
    newBlob: (data: string | number[]) => {
      const bytes = toBuffer(data);
      return {
        getDataAsString: (charset?: string) => bytes.toString((charset === 'US-ASCII' ? 'ascii' : 'utf8') as BufferEncoding),
        getBytes: () => signedBytes(realm, bytes),
      };
    },
    formatDate: (date: Date, timeZone: string, format: string) => formatDate(date, String(timeZone), String(format)),
    formatString: (template: string, ...args: unknown[]) => {
      let i = 0;
      return String(template).replace(/%[sdf%]/g, (m) => (m === '%%' ? '%' : String(args[i++])));
    },
    sleep(ms: number): void {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(Math.max(0, ms), 300_000));
    },
  };
}

/** MailApp: messages go to the host's spool (then SMTP or .eml); the daily quota is the host's. */
export function makeMailApp(channel: Channel) {
  return {
    sendEmail(...args: unknown[]): void {
      let message: Record<string, unknown>;
      if (args.length === 1 && args[0] && typeof args[0] === 'object') message = { ...(args[0] as Record<string, unknown>) };
      else {
        const [to, subject, body, options] = args as [string, string, string, Record<string, unknown> | undefined];
        message = { ...(options ?? {}), to, subject, body };
      }
      const text = (key: string) => (message[key] === undefined || message[key] === null ? undefined : String(message[key]));
      channel.call('mail', 'send', [
        {
          to: text('to') ?? '',
          subject: text('subject') ?? '',
          body: text('body') ?? '',
          ...(text('htmlBody') !== undefined ? { htmlBody: text('htmlBody') } : {}),
          ...(text('name') !== undefined ? { name: text('name') } : {}),
          ...(text('replyTo') !== undefined ? { replyTo: text('replyTo') } : {}),
          ...(text('cc') !== undefined ? { cc: text('cc') } : {}),
          ...(text('bcc') !== undefined ? { bcc: text('bcc') } : {}),
          ...(message.noReply ? { noReply: true } : {}),
        },
      ]);
    },
    getRemainingDailyQuota: () => channel.call('mail', 'remainingDailyQuota', []) as number,
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

interface TriggerRecordLike {
  uid: string;
  handler: string;
}

const WEEK_DAY = {
  SUNDAY: 'SUNDAY',
  MONDAY: 'MONDAY',
  TUESDAY: 'TUESDAY',
  WEDNESDAY: 'WEDNESDAY',
  THURSDAY: 'THURSDAY',
  FRIDAY: 'FRIDAY',
  SATURDAY: 'SATURDAY',
} as const;

/** A trigger as ScriptApp hands it out. */
export class LocalTrigger {
  constructor(private readonly record: TriggerRecordLike) {}
  getUniqueId(): string {
    return this.record.uid;
  }
  getHandlerFunction(): string {
    return this.record.handler;
  }
  getEventType(): string {
    return 'CLOCK';
  }
  getTriggerSource(): string {
    return 'CLOCK';
  }
  getTriggerSourceId(): string | null {
    return null;
  }
}

/** ScriptApp.newTrigger(name).timeBased()…create(). */
export class LocalClockTriggerBuilder {
  private readonly spec: Record<string, unknown> = {};
  constructor(
    private readonly channel: Channel,
    private readonly handler: string,
  ) {}
  private set(key: string, value: unknown): this {
    this.spec[key] = value;
    return this;
  }
  everyMinutes(n: number): this {
    return this.set('everyMinutes', n);
  }
  everyHours(n: number): this {
    return this.set('everyHours', n);
  }
  everyDays(n: number): this {
    return this.set('everyDays', n);
  }
  everyWeeks(n: number): this {
    return this.set('everyWeeks', n);
  }
  atHour(hour: number): this {
    return this.set('atHour', hour);
  }
  nearMinute(minute: number): this {
    return this.set('nearMinute', minute);
  }
  onWeekDay(day: string): this {
    return this.set('onWeekDay', String(day));
  }
  inTimezone(timezone: string): this {
    return this.set('timeZone', String(timezone));
  }
  at(date: Date): this {
    return this.set('at', date.getTime());
  }
  after(durationMilliseconds: number): this {
    return this.set('after', Number(durationMilliseconds));
  }
  create(): LocalTrigger {
    return new LocalTrigger(this.channel.call('triggers', 'create', [this.handler, this.spec]) as TriggerRecordLike);
  }
}

export function makeScriptApp(channel: Channel, realm: Realm) {
  const url = () => channel.call('script', 'webAppUrl', []) as string | null;
  const triggers = () => realm.array((channel.call('triggers', 'list', []) as TriggerRecordLike[]).map((t) => new LocalTrigger(t)));
  return {
    WeekDay: WEEK_DAY,
    EventType: { CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT', ON_FORM_SUBMIT: 'ON_FORM_SUBMIT', ON_CHANGE: 'ON_CHANGE' },
    TriggerSource: { CLOCK: 'CLOCK', SPREADSHEETS: 'SPREADSHEETS' },
    AuthMode: { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION' },
    AuthorizationStatus: { REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' },
    // The user's consent: the runtime grants the manifest's scopes unless told otherwise
    // (RuntimeOptions.grantedScopes). With scopes given, the status is about those only (granular consent).
    getAuthorizationInfo: (_authMode: unknown, scopes?: string[]) => {
      const { required, granted } = channel.call('script', 'scopes', []) as { required: string[]; granted: string[] };
      const asked = Array.isArray(scopes) ? scopes.map(String) : required;
      const missing = asked.filter((s) => !granted.includes(s));
      return {
        getAuthorizationStatus: () => (missing.length ? 'REQUIRED' : 'NOT_REQUIRED'),
        getAuthorizationUrl: () => (missing.length ? 'http://127.0.0.1/authorize' : null),
        getAuthorizedScopes: () => realm.array(asked.filter((s) => granted.includes(s))),
      };
    },
    // requireScopes "ends the current execution" when a scope is not granted (ScriptApp reference).
    requireScopes: (_authMode: unknown, scopes: string[]) => {
      const { granted } = channel.call('script', 'scopes', []) as { granted: string[] };
      if ((scopes ?? []).some((s) => !granted.includes(String(s)))) throw new Error('Authorization is required to perform that action.');
    },
    getService: () => ({ getUrl: () => url(), isEnabled: () => url() !== null }),
    newTrigger: (functionName: string) => ({
      timeBased: () => new LocalClockTriggerBuilder(channel, String(functionName)),
    }),
    getProjectTriggers: triggers,
    getUserTriggers: (_document?: unknown) => triggers(),
    deleteTrigger: (trigger: LocalTrigger) => void channel.call('triggers', 'delete', [trigger.getUniqueId()]),
    getScriptId: () => 'local-script',
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

/** Session: the execution's users come from how it was started (see ExecContext in host/host.ts). */
export function makeSession(timeZoneOf: () => string, channel: Channel) {
  const context = () => channel.call('session', 'context', []) as { activeUser: string; effectiveUser: string };
  return {
    getScriptTimeZone: () => timeZoneOf(),
    getActiveUser: () => {
      const email = context().activeUser;
      return { getEmail: () => email };
    },
    getEffectiveUser: () => {
      const email = context().effectiveUser;
      return { getEmail: () => email };
    },
  };
}

export function makeConsole(write: (line: string) => void) {
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      write(`[${level}] ${args.map(describe).join(' ')}`);
  return { log: log('log'), info: log('info'), warn: log('warn'), error: log('error') };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  // Errors from the bundle belong to its realm: recognise them by shape, not instanceof.
  if (value && typeof value === 'object' && 'stack' in value) return String((value as { stack: unknown }).stack);
  return JSON.stringify(value);
}
