// MailApp's host side for the local runtime. The bundle calls MailApp.sendEmail synchronously, so send()
// only validates, counts the recipients against a daily quota, and writes a durable spool record; the
// asynchronous delivery happens later in drain(): over SMTP when an smtp:// URL is configured, otherwise
// as .eml files in an outbox folder that a developer can open in any mail client.
//
// Files under dataDir:
//   mail-quota.json           {"day":"2026-05-01","used":3}: recipients counted on that day
//   mail-spool/<stamp>-<uuid>.json   messages sent but not yet delivered (SpoolRecord)
//   outbox/<stamp>-<slug>.eml        delivered messages, when no SMTP URL is set
// <stamp> is a zero-padded millisecond time plus a sequence number, strictly increasing per dataDir,
// so both folders list in send order.
//
// Semantics worth knowing:
// - Quota: each recipient in to, cc and bcc counts one, as Apps Script's "recipients per day". The day
//   is the calendar day in opts.timeZone, UTC by default (Google resets its quota on a rolling window
//   that varies per account, so any fixed boundary is an approximation). A recipient counts when
//   send() succeeds, whether or not delivery later does.
// - Delivery is at least once: a crash between an SMTP delivery and the removal of its spool record
//   sends the message again on the next drain. A failed delivery keeps its record, with the error and
//   attempt count written into it, and is retried on every drain after.
// - The quota and spool files are written atomically (temp file, fsync, rename) but are not locked:
//   one MailHost per dataDir at a time.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { calendarDayIn } from '../../shared/dates';
import { ensurePrivateDir, writeFileAtomic } from '../store/files';

export interface MailMessage {
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  cc?: string;
  bcc?: string;
  noReply?: boolean;
}

export interface MailHostOptions {
  dataDir: string;
  /** Recipients per day; 100 by default, as a consumer Google account. */
  dailyQuota?: number;
  /** smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025?ignoreTLS=true; without it mail goes to outbox/. */
  smtpUrl?: string;
  now?: () => Date;
  /** From address; 'followthrough@localhost' by default. */
  senderAddress?: string;
  /** IANA zone whose calendar day bounds the quota; 'UTC' by default. */
  timeZone?: string;
  /** Receives errors from background draining (startDraining); console.error by default. */
  onError?: (error: unknown) => void;
}

/** A spooled message: what send() accepted, plus what drain() has learnt about delivering it. */
export interface SpoolRecord {
  id: string;
  /** ISO time of the send() call; the Date header. */
  queuedAt: string;
  from: { name: string; address: string };
  messageId: string;
  message: MailMessage;
  attempts: number;
  lastError?: string;
  lastAttemptAt?: string;
}

interface QuotaState {
  day: string;
  used: number;
}

/** Apps Script's error texts. */
const QUOTA_EXCEEDED = 'Service invoked too many times for one day: email.';
const MAX_SUBJECT_LENGTH = 250;

export class MailHost {
  readonly spoolDir: string;
  readonly outboxDir: string;
  private readonly quotaFile: string;
  private readonly dailyQuota: number;
  private readonly smtpUrl: string | undefined;
  private readonly now: () => Date;
  private readonly senderAddress: string;
  private readonly timeZone: string;
  private readonly onError: (error: unknown) => void;
  private transport: Transporter | undefined;
  /** The last stamp handed out, as [milliseconds, sequence]. */
  private lastStamp: [number, number] = [0, -1];
  /** Drains run one after another; this is the tail of that chain. */
  private drainChain: Promise<unknown> = Promise.resolve();

  constructor(opts: MailHostOptions) {
    this.spoolDir = join(opts.dataDir, 'mail-spool');
    this.outboxDir = join(opts.dataDir, 'outbox');
    this.quotaFile = join(opts.dataDir, 'mail-quota.json');
    this.dailyQuota = opts.dailyQuota ?? 100;
    this.smtpUrl = opts.smtpUrl;
    this.now = opts.now ?? (() => new Date());
    this.senderAddress = opts.senderAddress ?? 'followthrough@localhost';
    this.timeZone = opts.timeZone ?? 'UTC';
    this.onError = opts.onError ?? ((error) => console.error('[mail]', error));
    ensurePrivateDir(this.spoolDir);
    ensurePrivateDir(this.outboxDir);
    // Carry on after the newest stamp already on disk, so names keep sorting in send order across
    // restarts even when the clock stands still or steps back.
    for (const dir of [this.spoolDir, this.outboxDir]) {
      for (const name of readdirSync(dir)) {
        const match = /^(\d{15})-(\d{6})-/.exec(name);
        if (match) this.bumpStamp([Number(match[1]), Number(match[2])]);
      }
    }
  }

  /**
   * MailApp.sendEmail: validates, counts the recipients against today's quota and spools the message.
   * Synchronous; delivery happens in drain().
   */
  send(message: MailMessage): void {
    const to = String(message.to ?? '');
    if (to.trim() === '') throw new Error('Failed to send email: no recipient');
    const recipients = [...parseAddressList(to), ...parseAddressList(message.cc), ...parseAddressList(message.bcc)];
    if (message.replyTo !== undefined && message.replyTo !== '') parseAddressList(message.replyTo);
    const subject = String(message.subject ?? '');
    if (subject.length > MAX_SUBJECT_LENGTH) throw new Error('Argument too large: subject');

    const now = this.now();
    const quota = this.readQuota(now);
    if (this.dailyQuota - quota.used < recipients.length) throw new Error(QUOTA_EXCEEDED);

    const id = randomUUID();
    const senderDomain = this.senderAddress.split('@')[1] ?? 'localhost';
    const record: SpoolRecord = {
      id,
      queuedAt: now.toISOString(),
      from: {
        name: message.name === undefined ? '' : String(message.name),
        // Apps Script's noReply sends from noreply@ the domain; the local stand-in does the same.
        address: message.noReply ? `noreply@${senderDomain}` : this.senderAddress,
      },
      messageId: `<${id}@${senderDomain}>`,
      message: normalizeMessage(message, subject),
      attempts: 0,
    };

    // Count first, then spool: a failed spool write gives the recipients back, while a crash between
    // the two can only over-count, never send uncounted mail.
    this.writeQuota({ day: quota.day, used: quota.used + recipients.length });
    try {
      writeFileDurably(join(this.spoolDir, `${this.nextStamp(now)}-${id}.json`), JSON.stringify(record, null, 2));
    } catch (error) {
      this.writeQuota(quota);
      throw error;
    }
  }

  /** MailApp.getRemainingDailyQuota. */
  remainingDailyQuota(): number {
    return Math.max(0, this.dailyQuota - this.readQuota(this.now()).used);
  }

  /**
   * Delivers every spooled message: over SMTP when smtpUrl is set, else into outbox/ as .eml.
   * Resolves to the number delivered in this pass. Concurrent calls run one after another.
   */
  drain(): Promise<number> {
    const run = this.drainChain.then(
      () => this.drainOnce(),
      () => this.drainOnce(),
    );
    this.drainChain = run.catch(() => undefined);
    return run;
  }

  /** Drains in the background every intervalMs (after the previous pass ends); returns a stop function. */
  startDraining(intervalMs = 500): () => void {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      this.drain()
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          if (stopped) return;
          timer = setTimeout(tick, intervalMs);
          // The runtime's server keeps the process alive; draining alone should not.
          timer.unref();
        });
    };
    timer = setTimeout(tick, 0);
    timer.unref();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }

  // ---- delivery ------------------------------------------------------------------------------------

  private async drainOnce(): Promise<number> {
    const names = readdirSync(this.spoolDir)
      .filter((name) => name.endsWith('.json'))
      .sort();
    let delivered = 0;
    for (const name of names) {
      const file = join(this.spoolDir, name);
      let record: SpoolRecord;
      try {
        record = JSON.parse(readFileSync(file, 'utf8')) as SpoolRecord;
      } catch (error) {
        // Gone (another drain took it) or unreadable: leave it for a person to look at.
        if (existsSync(file)) this.onError(new Error(`Unreadable mail spool record ${file}: ${String(error)}`));
        continue;
      }
      try {
        if (this.smtpUrl) {
          await this.smtp().sendMail(composeOptions(record));
        } else {
          const eml = await buildEml(record);
          const stamp = /^\d{15}-\d{6}/.exec(name)?.[0] ?? name.slice(0, -'.json'.length);
          writeFileDurably(join(this.outboxDir, `${stamp}-${slug(record.message.subject)}.eml`), eml);
        }
        unlinkSync(file);
        delivered++;
      } catch (error) {
        record.attempts++;
        record.lastError = error instanceof Error ? error.message : String(error);
        record.lastAttemptAt = this.now().toISOString();
        writeFileDurably(file, JSON.stringify(record, null, 2));
        // Said once per message; later retries only update the record.
        if (record.attempts === 1) this.onError(new Error(`Mail to ${record.message.to} not delivered yet: ${record.lastError}`));
      }
    }
    return delivered;
  }

  private smtp(): Transporter {
    this.transport ??= createTransport(this.smtpUrl);
    return this.transport;
  }

  // ---- quota and names -----------------------------------------------------------------------------

  private readQuota(now: Date): QuotaState {
    const day = calendarDayIn(now, this.timeZone);
    try {
      const state = JSON.parse(readFileSync(this.quotaFile, 'utf8')) as Partial<QuotaState>;
      if (state.day === day && typeof state.used === 'number' && state.used >= 0) return { day, used: state.used };
    } catch {
      // No file yet, or unreadable: a fresh day.
    }
    return { day, used: 0 };
  }

  private writeQuota(state: QuotaState): void {
    writeFileDurably(this.quotaFile, JSON.stringify(state));
  }

  /** "<15-digit ms>-<6-digit sequence>", strictly greater than every stamp handed out before. */
  private nextStamp(now: Date): string {
    const ms = Math.max(0, now.getTime());
    const [lastMs, lastSeq] = this.lastStamp;
    const stamp: [number, number] = ms > lastMs ? [ms, 0] : [lastMs, lastSeq + 1];
    this.lastStamp = stamp;
    return `${String(stamp[0]).padStart(15, '0')}-${String(stamp[1]).padStart(6, '0')}`;
  }

  private bumpStamp(stamp: [number, number]): void {
    const [ms, seq] = this.lastStamp;
    if (stamp[0] > ms || (stamp[0] === ms && stamp[1] > seq)) this.lastStamp = stamp;
  }
}

// ---- helpers ---------------------------------------------------------------------------------------

// A practical check, not RFC 5322's full grammar: a local part without spaces or specials, and a
// domain of dot-separated labels with at least one dot (or localhost, for local testing).
const ADDRESS =
  /^[^\s@<>()[\]\\,;:"]+@(?:localhost|(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)$/;

/**
 * Splits a comma-separated address list (commas inside "quoted names" or <brackets> don't split) and
 * validates each entry, `addr` or `Name <addr>`. Returns the bare addresses; throws Apps Script's
 * `Invalid email: <entry>` for the first bad one.
 */
export function parseAddressList(list: string | undefined): string[] {
  if (list === undefined) return [];
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let bracketed = false;
  for (const c of String(list)) {
    if (c === '"' && !bracketed) quoted = !quoted;
    else if (c === '<' && !quoted) bracketed = true;
    else if (c === '>' && !quoted) bracketed = false;
    if (c === ',' && !quoted && !bracketed) {
      entries.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  entries.push(current);
  const addresses: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const named = /^(?:"(?:[^"\\]|\\.)*"|[^"<>]*)\s*<([^<>]*)>$/.exec(entry);
    const address = named ? named[1]!.trim() : entry;
    if (!ADDRESS.test(address)) throw new Error(`Invalid email: ${entry}`);
    addresses.push(address);
  }
  return addresses;
}

/** Copies the known fields as strings, dropping the empty optional ones. */
function normalizeMessage(message: MailMessage, subject: string): MailMessage {
  const out: MailMessage = { to: String(message.to), subject, body: String(message.body ?? '') };
  const optional = ['htmlBody', 'name', 'replyTo', 'cc', 'bcc'] as const;
  for (const key of optional) {
    const value = message[key];
    if (value !== undefined && value !== null && String(value) !== '') out[key] = String(value);
  }
  if (message.noReply) out.noReply = true;
  return out;
}

/** The nodemailer message for a spool record, shared by the SMTP and the .eml paths. */
function composeOptions(record: SpoolRecord): SendMailOptions {
  const { message, from } = record;
  const options: SendMailOptions = {
    from: from.name ? { name: from.name, address: from.address } : from.address,
    to: message.to,
    subject: message.subject,
    text: message.body,
    date: new Date(record.queuedAt),
    messageId: record.messageId,
    // Leave nodemailer's X-Mailer header out: the local stand-in should look like Apps Script's mail.
    xMailer: false,
  };
  if (message.htmlBody !== undefined) options.html = message.htmlBody;
  if (message.cc !== undefined) options.cc = message.cc;
  if (message.bcc !== undefined) options.bcc = message.bcc;
  if (message.replyTo !== undefined) options.replyTo = message.replyTo;
  return options;
}

/** The RFC 5322 text of a record, CRLF line ends, Bcc header kept (the .eml is the sender's copy). */
async function buildEml(record: SpoolRecord): Promise<Buffer> {
  const node = new MailComposer({ ...composeOptions(record), newline: 'win' }).compile();
  node.keepBcc = true;
  return node.build();
}

/** A file-name-safe slug of a subject, at most 40 characters. */
function slug(subject: string): string {
  const s = subject
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
  return s || 'message';
}

/** Writes a file atomically and durably, private to its owner (store/files.ts). */
function writeFileDurably(path: string, data: string | Buffer): void {
  writeFileAtomic(path, data);
}
