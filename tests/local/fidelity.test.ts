// The local runtime behaves as Apps Script does where the add-on depends on it: one test per
// behaviour, driven by a probe bundle (tests/fixtures/gas-probe/Code.js) the way a script would.
import { simpleParser } from 'mailparser';
import { createHmac } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Runtime, type RuntimeOptions } from '../../local/runtime';
import { tempDir } from '../helpers/runtime';
import { smtpServer } from '../helpers/smtp';

const PROBE = join(import.meta.dirname, '..', 'fixtures', 'gas-probe', 'Code.js');
const open: Runtime[] = [];
afterEach(async () => {
  for (const rt of open.splice(0)) await rt.close();
});

function probe(options: Partial<RuntimeOptions> = {}): Runtime {
  const rt = new Runtime({ dataDir: tempDir(), codeFile: PROBE, webAppUrl: 'http://127.0.0.1:1/exec', log: () => {}, ...options });
  open.push(rt);
  return rt;
}

describe('execution scope', () => {
  it('holds only ECMAScript built-ins and Apps Script services, fresh for every execution', async () => {
    const rt = probe();
    const first = rt.call('probeGlobals') as Record<string, unknown>;
    expect(first).toMatchObject({
      process: 'undefined',
      require: 'undefined',
      fetch: 'undefined',
      setTimeout: 'undefined',
      TextEncoder: 'undefined',
      window: 'undefined',
      Buffer: 'undefined',
      evalAllowed: true,
    });
    expect((rt.call('probeGlobals') as { counter: number }).counter).toBe(1);
    expect(((await rt.execute('probeGlobals')).value as { value: { counter: number } }).value.counter).toBe(1);
  });

  it('names a missing function as Apps Script does', () => {
    expect(() => probe().call('noSuchFunction')).toThrow('Script function not found: noSuchFunction');
  });

  it('FOLLOWTHROUGH_NOW sets new Date() inside the bundle, and the clock runs on', () => {
    const rt = probe({ now: new Date('2030-01-02T03:04:05Z') });
    const now = Date.parse(rt.call('probeNow') as string);
    expect(now).toBeGreaterThanOrEqual(Date.parse('2030-01-02T03:04:05Z'));
    expect(now).toBeLessThan(Date.parse('2030-01-02T03:04:35Z'));
  });
});

describe('SpreadsheetApp values', () => {
  it('gives Date objects for date cells, numbers, booleans and empty strings', () => {
    expect(probe().call('probeValues')).toEqual({
      date: true,
      dateIso: '2026-03-12T15:00:00.000Z',
      number: 'number',
      boolean: 'boolean',
      empty: true,
      text: 'text',
      beyond: true,
      display: ['3/12/2026 11:00:00', '3.5', 'TRUE'],
    });
  });

  it("makes '=…' a formula unless it starts with an apostrophe or the cell is plain text, and parses numbers and booleans", () => {
    const rt = probe();
    expect(rt.call('probeFormulas')).toEqual({
      formulas: ['=1+1', '', ''],
      values: [
        ['=2+2', '=3+3'],
        [true, '42'],
      ],
    });
    const cells = rt.data.sheets.find((s) => s.name === 'Formulas')!.cells;
    expect(cells[0]).toEqual([{ f: '=1+1' }, '=2+2', '=3+3']);
    expect(cells[1]).toEqual([42, true, '42']);
  });

  it("refuses more than 50,000 characters in a cell with Apps Script's message", () => {
    const rt = probe();
    expect(rt.call('probeMaxCell')).toBe(50_000);
    expect(() => rt.call('probeLongCell')).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
  });

  it('refuses a range outside the grid', () => {
    expect(() => probe().call('probeOutsideGrid')).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
  });
});

describe('time limit', () => {
  it("ends a running execution with Apps Script's error, in this thread and in a worker", async () => {
    // The limit covers the whole execution (loading the bundle too); 1.5 s leaves room on a loaded machine.
    const rt = probe({ timeLimitMs: 1500 });
    expect(() => rt.call('probeSpin')).toThrow('Exceeded maximum execution time');
    await expect(rt.execute('probeSpin')).rejects.toThrow('Exceeded maximum execution time');
    // The pool replaced its worker: executions go on.
    expect((await rt.execute('probeNow')).value.kind).toBe('json');
  });

  it('also ends an execution that is blocked (not running script code), and releases its lock', async () => {
    const rt = probe({ timeLimitMs: 1500 });
    const started = Date.now();
    await expect(rt.execute('probeHoldLock', 20_000)).rejects.toThrow('Exceeded maximum execution time');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(((await rt.execute('probeTryLock', 0)).value as { value: boolean }).value).toBe(true);
  });
});

describe('LockService across concurrent executions', () => {
  it('serialises lock holders, and tryLock/waitLock give up after their timeouts', async () => {
    const rt = probe();
    // Waits for lock states, not for times: a loaded machine may start an execution late.
    const until = async (ok: () => boolean) => {
      while (!ok()) await new Promise((r) => setTimeout(r, 5));
    };
    const lock = () => rt.host.locks.state('script');
    const a = rt.execute('probeHoldLock', 3000);
    await until(() => lock().held);
    const b = rt.execute('probeHoldLock', 10);
    await until(() => lock().waiting === 1);
    expect(((await rt.execute('probeTryLock', 50)).value as { value: boolean }).value).toBe(false);
    await expect(rt.execute('probeWaitLock', 50)).rejects.toThrow('Lock timeout: another process was holding the lock for too long.');
    const rows = await Promise.all([a, b]);
    expect(rows.map((r) => (r.value as { value: number }).value)).toEqual([1, 2]);
    expect(rt.data.sheets.find((s) => s.name === 'Locked')!.cells.map((r) => r[0])).toEqual(['held 1', 'held 2']);
  });
});

describe('MailApp', () => {
  it("spools each message to an .eml file and counts the daily quota, failing with Apps Script's words", async () => {
    const dataDir = tempDir();
    const rt = probe({ dataDir, mailQuota: 2 });
    expect(rt.call('probeMail', 'a@example.org')).toBe(1);
    expect(rt.call('probeMail', 'b@example.org')).toBe(0);
    expect(() => rt.call('probeMail', 'c@example.org')).toThrow('Service invoked too many times for one day: email.');
    expect(() => rt.call('probeMail', 'not an address')).toThrow(/Invalid email/);
    await rt.mail.drain();
    expect(readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  });

  it('delivers through SMTP when SMTP_URL is set: HTML and text parts, reply-to, sender name', async () => {
    const smtp = await smtpServer();
    try {
      const rt = probe({ smtpUrl: smtp.url });
      rt.call('probeMail', 'client@example.org');
      await rt.mail.drain();
      expect(smtp.received).toHaveLength(1);
      const mail = await simpleParser(smtp.received[0]!.raw);
      expect(mail.subject).toBe('Probe <1>');
      expect(mail.text?.trim()).toBe('plain body');
      expect(mail.html).toContain('<p>html <b>body</b></p>');
      expect(mail.replyTo?.value[0]?.address).toBe('coach@example.org');
      expect(mail.from?.value[0]?.name).toBe('FollowThrough');
    } finally {
      await smtp.close();
    }
  });
});

describe('HtmlService', () => {
  it('evaluates templates: <?= ?> escapes, <?!= ?> does not, <? ?> runs code', () => {
    expect(probe().call('probeTemplate')).toBe('<ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>b &amp; c</li></ul><em>raw</em>\n');
  });

  it('hands dialogs and sidebars to the sheet host', () => {
    const { dialogs } = probe().invoke('probeDialog');
    expect(dialogs).toEqual([{ kind: 'sidebar', title: 'Probe sidebar', html: '<p>side</p>', width: 600, height: 400 }]);
  });
});

describe('Utilities and Session', () => {
  it('formats dates in a time zone, signs with HMAC-SHA256 as signed bytes, encodes base64', () => {
    const u = probe().call('probeUtilities') as Record<string, unknown>;
    expect(u.date).toBe('2026-07-01T08:30:00-04:00 Wed');
    expect(u.hmac).toBe(createHmac('sha256', 'key').update('message').digest('hex'));
    expect(u.signed).toBe(true);
    expect(u.b64).toBe(
      Buffer.from('héllo?')
        .toString('base64url')
        .padEnd(Math.ceil(Buffer.from('héllo?').length / 3) * 4, '='),
    );
    expect(u.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(u.tz).toBe('Europe/Berlin');
  });
});

describe('PropertiesService and CacheService', () => {
  it('keeps properties across a restart; the cache expires', async () => {
    const dataDir = tempDir();
    const rt = probe({ dataDir });
    expect(rt.call('probeProperties', 'kept')).toEqual({ property: 'kept', cache: 'cached', missing: null });
    await rt.close();
    open.splice(open.indexOf(rt), 1);
    const again = probe({ dataDir });
    expect((again.call('probeProperties', '') as { property: string }).property).toBe('kept');
    await new Promise((r) => setTimeout(r, 1100));
    expect(again.call('probeCache')).toBeNull();
  });
});

describe('ScriptApp triggers', () => {
  it('fires an installable time-driven trigger on schedule while serving, once', { timeout: 15_000 }, async () => {
    const rt = probe();
    const uid = rt.call('probeInstallTrigger', 500) as string;
    rt.startBackground();
    await expect.poll(() => rt.data.sheets.find((s) => s.name === 'Ticks')?.cells.length ?? 0, { timeout: 8000, interval: 200 }).toBe(1);
    const row = rt.data.sheets.find((s) => s.name === 'Ticks')!.cells[0]!;
    expect(row[1]).toBe(uid);
    await new Promise((r) => setTimeout(r, 1500));
    expect(rt.data.sheets.find((s) => s.name === 'Ticks')!.cells).toHaveLength(1);
    expect(rt.host.triggers.list()).toEqual([]);
  });

  it('plans daily triggers in their time zone, allows at most 20, and checks everyMinutes', () => {
    const rt = probe({ now: new Date('2026-11-22T10:00:00Z') });
    const first = rt.call('probeDailyTrigger') as { id: string; count: number };
    expect(first.count).toBe(1);
    // At 05:00 in New York, the next 07:00 there is the same day, 12:00 UTC.
    expect(new Date(rt.host.triggers.list()[0]!.nextRunAt!).toISOString()).toBe('2026-11-22T12:00:00.000Z');
    for (let i = 1; i < 20; i++) rt.call('probeDailyTrigger');
    expect(() => rt.call('probeDailyTrigger')).toThrow(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
    expect(() => rt.call('probeBadTrigger')).toThrow('The value you passed to everyMinutes must be 1, 5, 10, 15 or 30.');
    expect(rt.call('probeDeleteTriggers')).toBe(0);
  });
});

describe("who runs an execution, and where (Google's rules)", () => {
  it("SpreadsheetApp.getUi() throws Google's message in the web app and in a trigger, and works at the sheet", () => {
    const rt = probe();
    expect(rt.call('probeUi')).toBe('ui');
    expect(() => rt.callIn(rt.webApp, 'probeUi')).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
    expect(() => rt.callIn(rt.asTrigger(rt.owner), 'probeUi')).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
  });

  it('the web app runs as the owner for an anonymous visitor; a person at the sheet runs as themself', () => {
    const rt = probe({ owner: 'owner@example.org' });
    expect(rt.callIn(rt.webApp, 'probeUsers')).toEqual({ active: '', effective: 'owner@example.org', url: 'http://127.0.0.1:1/exec' });
    expect(rt.callIn(rt.asUser('second@example.org'), 'probeUsers')).toEqual({
      active: 'second@example.org',
      effective: 'second@example.org',
      url: 'http://127.0.0.1:1/dev',
    });
  });

  it('getService().getUrl() answers the /dev form outside a web-app request', () => {
    const rt = probe();
    expect((rt.call('probeUsers') as { url: string }).url).toBe('http://127.0.0.1:1/dev');
    expect((rt.callIn(rt.asTrigger(rt.owner), 'probeUsers') as { url: string }).url).toBe('http://127.0.0.1:1/dev');
  });

  it('each user sees only their own triggers, which run as their creator', async () => {
    const rt = probe({ owner: 'owner@example.org', now: new Date('2026-11-21T10:00:00Z') });
    rt.call('probeDailyTrigger');
    const second = rt.asUser('second@example.org');
    expect(rt.callIn(second, 'probeMyTriggers')).toEqual([]);
    expect(rt.callIn(second, 'probeDeleteTriggers')).toBe(0);
    expect(rt.call('probeMyTriggers')).toEqual(['probeTick']); // the second user could not delete it
    rt.callIn(second, 'probeInstallWhoRuns');
    expect(rt.callIn(second, 'probeMyTriggers')).toEqual(['probeWhoRuns']);
    expect(rt.call('probeMyTriggers')).toEqual(['probeTick']);
    const stop = rt.startBackground();
    try {
      await expect.poll(() => rt.data.sheets.find((s) => s.name === 'Runs')?.cells[0]?.[0], { timeout: 10_000 }).toBe('second@example.org');
    } finally {
      stop();
    }
  });

  it('a page keeps only the meta tags added with addMetaTag, and refuses others', () => {
    const rt = probe();
    expect(rt.invokeIn(rt.webApp, 'probeMetaPage').value).toMatchObject({ kind: 'html', metaTags: [] });
    expect(rt.invokeIn(rt.webApp, 'probeMetaTagPage').value).toMatchObject({
      kind: 'html',
      metaTags: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
    });
    expect(() => rt.call('probeBadMetaTag')).toThrow('Invalid argument: name');
  });
});
