import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MailHost, parseAddressList, type MailHostOptions, type SpoolRecord } from '../../local/host/mail';
import { smtpServer, type TestSmtp } from '../helpers/smtp';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ft-mail-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const host = (opts: Partial<MailHostOptions> = {}) => new MailHost({ dataDir, onError: () => {}, ...opts });
const list = (dir: string) =>
  readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort();
const first = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0];

async function readOutbox(mail: MailHost): Promise<ParsedMail[]> {
  return Promise.all(list(mail.outboxDir).map((name) => simpleParser(readFileSync(join(mail.outboxDir, name)))));
}

describe('MailHost outbox', () => {
  it('writes a multipart .eml with text, html, reply-to and the sender name', async () => {
    const mail = host({ senderAddress: 'program@example.org' });
    mail.send({
      to: 'coach@example.com, "Doe, Jane" <jane@example.com>',
      subject: 'Action items: week 3 ✓',
      body: 'Plain text\nsecond line',
      htmlBody: '<p>Hello <b>coach</b></p>',
      name: 'FollowThrough Program',
      replyTo: 'lead@example.com',
      cc: 'cc@example.com',
      bcc: 'audit@example.com',
    });
    expect(list(mail.spoolDir)).toHaveLength(1);
    expect(await mail.drain()).toBe(1);
    expect(list(mail.spoolDir)).toEqual([]);

    const names = list(mail.outboxDir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^\d{15}-\d{6}-action-items-week-3\.eml$/);
    const raw = readFileSync(join(mail.outboxDir, names[0]!), 'utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(raw.includes('\r\n') && !/[^\r]\n/.test(raw)).toBe(true); // CRLF throughout

    const [parsed] = await readOutbox(mail);
    expect(parsed!.subject).toBe('Action items: week 3 ✓');
    expect(parsed!.text?.trim()).toBe('Plain text\nsecond line');
    expect(parsed!.html).toBe('<p>Hello <b>coach</b></p>');
    expect(first(parsed!.from)).toEqual({ name: 'FollowThrough Program', address: 'program@example.org' });
    expect(first(parsed!.replyTo)?.address).toBe('lead@example.com');
    const to = Array.isArray(parsed!.to) ? parsed!.to[0]! : parsed!.to!;
    expect(to.value).toEqual([
      { name: '', address: 'coach@example.com' },
      { name: 'Doe, Jane', address: 'jane@example.com' },
    ]);
    expect(first(parsed!.cc)?.address).toBe('cc@example.com');
    expect(first(parsed!.bcc)?.address).toBe('audit@example.com');
    expect(parsed!.messageId).toMatch(/@example\.org>$/);
  });

  it('writes a single text part without htmlBody, and the bare sender without a name', async () => {
    const mail = host();
    mail.send({ to: 'a@example.com', subject: '', body: 'just text' });
    await mail.drain();
    const [parsed] = await readOutbox(mail);
    expect(parsed!.html).toBe(false);
    expect(parsed!.text?.trim()).toBe('just text');
    expect(first(parsed!.from)).toEqual({ name: '', address: 'followthrough@localhost' });
    expect(list(mail.outboxDir)[0]).toMatch(/-message\.eml$/);
  });

  it('names files in send order, even with a clock that stands still or steps back', async () => {
    let t = Date.parse('2026-03-01T10:00:00Z');
    const mail = host({ now: () => new Date(t) });
    const subjects = ['zulu', 'alpha', 'mike', 'bravo'];
    for (const [i, subject] of subjects.entries()) {
      if (i === 3) t -= 60_000;
      mail.send({ to: 'a@example.com', subject, body: '' });
    }
    // A restart with the same frozen clock carries on after the names already on disk.
    const again = host({ now: () => new Date(t) });
    again.send({ to: 'a@example.com', subject: 'echo', body: '' });
    expect(await again.drain()).toBe(5);
    const parsed = await readOutbox(again);
    expect(parsed.map((m) => m.subject)).toEqual([...subjects, 'echo']);
  });

  it('sets From to noreply@ the sender domain for noReply', async () => {
    const mail = host({ senderAddress: 'program@example.org' });
    mail.send({ to: 'a@example.com', subject: 's', body: 'b', noReply: true, name: 'Program' });
    await mail.drain();
    const [parsed] = await readOutbox(mail);
    expect(first(parsed!.from)).toEqual({ name: 'Program', address: 'noreply@example.org' });
  });

  it('keeps spooled messages across a restart before drain', async () => {
    const before = host();
    before.send({ to: 'a@example.com', subject: 'survives', body: 'still here', htmlBody: '<i>html</i>' });
    const spooled = list(before.spoolDir);
    expect(spooled).toHaveLength(1);
    const record = JSON.parse(readFileSync(join(before.spoolDir, spooled[0]!), 'utf8')) as SpoolRecord;
    expect(record.message).toMatchObject({ to: 'a@example.com', subject: 'survives', body: 'still here' });

    // A new host on the same dataDir (the process restarted) delivers it.
    const after = host();
    expect(after.remainingDailyQuota()).toBe(99);
    expect(await after.drain()).toBe(1);
    const [parsed] = await readOutbox(after);
    expect(parsed!.subject).toBe('survives');
    expect(parsed!.html).toBe('<i>html</i>');
  });

  it('drains in the background until stopped', async () => {
    const mail = host();
    const stop = mail.startDraining(20);
    try {
      mail.send({ to: 'a@example.com', subject: 'background', body: '' });
      const deadline = Date.now() + 5_000;
      while (list(mail.outboxDir).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(list(mail.outboxDir)).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('runs concurrent drains one after another without delivering twice', async () => {
    const mail = host();
    for (let i = 0; i < 5; i++) mail.send({ to: 'a@example.com', subject: `m${i}`, body: '' });
    const counts = await Promise.all([mail.drain(), mail.drain(), mail.drain()]);
    expect(counts).toEqual([5, 0, 0]);
    expect(list(mail.outboxDir)).toHaveLength(5);
  });
});

describe('MailHost validation and quota', () => {
  it('rejects invalid addresses with Apps Script wording, and spools nothing', () => {
    const mail = host();
    expect(() => mail.send({ to: 'not-an-address', subject: 's', body: 'b' })).toThrow(new Error('Invalid email: not-an-address'));
    expect(() => mail.send({ to: 'ok@example.com, bad@', subject: 's', body: 'b' })).toThrow(new Error('Invalid email: bad@'));
    expect(() => mail.send({ to: 'ok@example.com', cc: 'a b@c.com', subject: 's', body: 'b' })).toThrow('Invalid email: a b@c.com');
    expect(() => mail.send({ to: 'ok@example.com', replyTo: 'nope', subject: 's', body: 'b' })).toThrow('Invalid email: nope');
    expect(() => mail.send({ to: '  ', subject: 's', body: 'b' })).toThrow('Failed to send email: no recipient');
    expect(() => mail.send({ to: 'ok@example.com', subject: 'x'.repeat(251), body: 'b' })).toThrow('Argument too large: subject');
    expect(list(mail.spoolDir)).toEqual([]);
    expect(mail.remainingDailyQuota()).toBe(100);
  });

  it('parses address lists', () => {
    expect(parseAddressList('a@x.io, "Last, First" <b@y.org>,Name <c@z.co.uk>, d@localhost')).toEqual([
      'a@x.io',
      'b@y.org',
      'c@z.co.uk',
      'd@localhost',
    ]);
    expect(parseAddressList(undefined)).toEqual([]);
    expect(() => parseAddressList('a@b')).toThrow('Invalid email: a@b');
  });

  it('allows a daily quota of 3 recipients, then throws, and resets the next day', () => {
    let now = new Date('2026-04-10T08:00:00Z');
    const mail = host({ dailyQuota: 3, now: () => now });
    expect(mail.remainingDailyQuota()).toBe(3);
    mail.send({ to: 'a@example.com', subject: 's', body: 'b' });
    mail.send({ to: 'b@example.com', cc: 'c@example.com', subject: 's', body: 'b' });
    expect(mail.remainingDailyQuota()).toBe(0);
    expect(() => mail.send({ to: 'd@example.com', subject: 's', body: 'b' })).toThrow(
      new Error('Service invoked too many times for one day: email.'),
    );
    expect(list(mail.spoolDir)).toHaveLength(2);

    // Still the same UTC day late in the evening; the count is persisted for a restarted host too.
    now = new Date('2026-04-10T23:59:59Z');
    expect(host({ dailyQuota: 3, now: () => now }).remainingDailyQuota()).toBe(0);

    now = new Date('2026-04-11T00:00:00Z');
    expect(mail.remainingDailyQuota()).toBe(3);
    mail.send({ to: 'd@example.com', subject: 's', body: 'b' });
    expect(mail.remainingDailyQuota()).toBe(2);
    expect(JSON.parse(readFileSync(join(dataDir, 'mail-quota.json'), 'utf8'))).toEqual({ day: '2026-04-11', used: 1 });
  });

  it('refuses a message with more recipients than remain, counting nothing', () => {
    const mail = host({ dailyQuota: 3 });
    mail.send({ to: 'a@example.com, b@example.com', subject: 's', body: 'b' });
    expect(() => mail.send({ to: 'c@example.com', bcc: 'd@example.com', subject: 's', body: 'b' })).toThrow(
      'Service invoked too many times for one day: email.',
    );
    expect(mail.remainingDailyQuota()).toBe(1);
  });

  it('bounds the quota day in the configured time zone', () => {
    let now = new Date('2026-04-11T06:59:00Z'); // 23:59 on 10 April in Los Angeles (PDT)
    const mail = host({ dailyQuota: 1, timeZone: 'America/Los_Angeles', now: () => now });
    mail.send({ to: 'a@example.com', subject: 's', body: 'b' });
    expect(mail.remainingDailyQuota()).toBe(0);
    now = new Date('2026-04-11T07:00:00Z'); // midnight in Los Angeles
    expect(mail.remainingDailyQuota()).toBe(1);
  });

  it('treats an unreadable quota file as a fresh day', () => {
    writeFileSync(join(dataDir, 'mail-quota.json'), '{oops');
    expect(host({ dailyQuota: 5 }).remainingDailyQuota()).toBe(5);
  });
});

describe('MailHost over SMTP', () => {
  let smtp: TestSmtp;
  let reject: boolean;

  beforeEach(async () => {
    reject = false;
    smtp = await smtpServer(() => reject);
  });

  afterEach(() => smtp.close());

  it('delivers spooled mail to the SMTP server and removes the record', async () => {
    const mail = host({ smtpUrl: smtp.url, senderAddress: 'program@example.org' });
    mail.send({
      to: 'coach@example.com',
      bcc: 'audit@example.com',
      subject: 'Over SMTP',
      body: 'text part',
      htmlBody: '<p>html part</p>',
      name: 'Program Lead',
      replyTo: 'lead@example.com',
    });
    expect(smtp.received).toHaveLength(0); // send() only spools
    expect(await mail.drain()).toBe(1);
    expect(list(mail.spoolDir)).toEqual([]);
    expect(list(mail.outboxDir)).toEqual([]);

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.from).toBe('program@example.org');
    expect(smtp.received[0]!.rcpt.sort()).toEqual(['audit@example.com', 'coach@example.com']);
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.subject).toBe('Over SMTP');
    expect(parsed.text?.trim()).toBe('text part');
    expect(parsed.html).toBe('<p>html part</p>');
    expect(first(parsed.replyTo)?.address).toBe('lead@example.com');
    expect(first(parsed.from)).toEqual({ name: 'Program Lead', address: 'program@example.org' });
    expect(parsed.bcc).toBeUndefined(); // Bcc travels in the envelope only
  });

  it('keeps a message whose delivery failed, records the error, and retries on the next drain', async () => {
    const mail = host({ smtpUrl: smtp.url });
    mail.send({ to: 'coach@example.com', subject: 'retry me', body: 'b' });
    reject = true;
    expect(await mail.drain()).toBe(0);
    const [name] = list(mail.spoolDir);
    const record = JSON.parse(readFileSync(join(mail.spoolDir, name!), 'utf8')) as SpoolRecord;
    expect(record.attempts).toBe(1);
    expect(record.lastError).toMatch(/Mailbox unavailable/);

    reject = false;
    expect(await mail.drain()).toBe(1);
    expect(list(mail.spoolDir)).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    expect((await simpleParser(smtp.received[0]!.raw)).subject).toBe('retry me');
  });

  it('keeps messages spooled while the SMTP server is down', async () => {
    const downUrl = smtp.url;
    await smtp.close();
    const mail = host({ smtpUrl: downUrl });
    mail.send({ to: 'coach@example.com', subject: 'later', body: 'b' });
    expect(await mail.drain()).toBe(0);
    expect(list(mail.spoolDir)).toHaveLength(1);
    expect(existsSync(join(dataDir, 'mail-quota.json'))).toBe(true);
    // Restart the server so afterEach has one to close.
    smtp = await smtpServer();
  });
});
