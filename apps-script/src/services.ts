// The add-on's service layer: the one way it takes the script lock (withScriptLock) and the one way it
// sends an email (sendLoggedEmail / EmailSender). Every writer and every sender goes through here.
//
// Sending is logged before and after, so that a run that dies part-way never sends an email twice:
//   1. quota: MailApp.getRemainingDailyQuota() < 1 → not sent, nothing logged, the caller stops;
//   2. an EmailLog row with status `pending` is written and flushed (SpreadsheetApp.flush) — it is in
//      the sheet before the email leaves;
//   3. MailApp.sendEmail;
//   4. the row becomes `sent` (or `failed`, with the error) — written together with the next email's
//      pending row, or when the sender closes: one setValues and one flush per email, whatever the
//      number of items an email carries.
// A run that finds a `pending` row from an earlier run counts its units as sent (sentUnits in
// shared/reminders.ts) and never sends that email again: if the earlier run died between steps 2 and
// 3, that one email is lost; it never goes out twice. Only one email is ever between 2 and 4.
//
// Sources: Lock.releaseLock — "if you are using the lock with a spreadsheet, call SpreadsheetApp.flush()
// before releasing the lock" (developers.google.com/apps-script/reference/lock/lock#releaseLock());
// SpreadsheetApp.flush — "Applies all pending Spreadsheet changes. Spreadsheet operations are
// sometimes bundled together to improve performance" (…/spreadsheet/spreadsheet-app#flush());
// MailApp.getRemainingDailyQuota and sendEmail(message) (…/mail/mail-app).
import { emailAddressOf } from '../../shared/email-address';
import { senderNameOf } from '../../shared/emails';
import type { EmailKind, Row } from '../../shared/schema';
import { newId } from './ids';
import { appendRecordAfter, findRecords, openTable, spreadsheet, updateRecords, type Located, type TableRef } from './sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** How long a writer waits for the script lock by default. */
export const LOCK_WAIT_MS = 30_000;

let lockDepth = 0;

/** Whether this execution is inside withScriptLock. */
export function holdsScriptLock(): boolean {
  return lockDepth > 0;
}

/**
 * Runs `fn` holding the script lock, so no other execution writes the sheet meanwhile; the sheet's
 * pending changes are flushed before the lock is released. Waits up to `waitMs`, then throws Apps
 * Script's lock timeout. Nested calls run inside the lock already held.
 */
export function withScriptLock<T>(fn: () => T, waitMs: number = LOCK_WAIT_MS): T {
  if (lockDepth > 0) return fn();
  const lock = LockService.getScriptLock();
  lock.waitLock(waitMs);
  return holding(lock, fn);
}

/**
 * withScriptLock for callers that answer "busy" instead of failing: `busy()`'s value when the lock
 * is not free within `waitMs`.
 */
export function tryWithScriptLock<T, B>(fn: () => T, waitMs: number, busy: () => B): T | B {
  if (lockDepth > 0) return fn();
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(waitMs)) return busy();
  return holding(lock, fn);
}

function holding<T>(lock: GoogleAppsScript.Lock.Lock, fn: () => T): T {
  lockDepth++;
  try {
    const result = fn();
    SpreadsheetApp.flush();
    return result;
  } finally {
    lockDepth--;
    lock.releaseLock();
  }
}

export interface OutgoingEmail {
  kind: EmailKind;
  to: string;
  subject: string;
  /** Plain-text body. */
  text: string;
  html: string;
  /** Sender's display name (Settings' sender_name). */
  name: string;
  replyTo?: string;
  /** Items the email is about (EmailLog.item_ids). */
  itemIds?: readonly string[];
  /** What the email carries, space-separated units (EmailLog.dedupe_key); a rerun skips units logged sent or pending. */
  dedupeKey: string;
}

/**
 * Who an email to a client is from: their coach by name (Settings' sender_name when there is no coach),
 * and replies go to the coach's address when it is one.
 */
export function fromCoach(
  coach: { readonly name: unknown; readonly email: unknown } | null,
  senderName: string,
): Pick<OutgoingEmail, 'name' | 'replyTo'> {
  const replyTo = coach ? emailAddressOf(coach.email) : null;
  return { name: senderNameOf(coach, senderName), ...(replyTo ? { replyTo } : {}) };
}

export type SendResult =
  | { status: 'sent'; logId: string }
  | { status: 'failed'; logId: string; detail: string }
  /** The daily quota is spent: nothing sent, nothing logged. */
  | { status: 'quota' };

/**
 * Sends emails one by one, each logged in EmailLog as described at the top. Open one per run, inside
 * withScriptLock (the rows it appends must stay its own), send, then close. EmailLog is opened for keyed
 * access (its header and last row; sheet.ts): the sender appends its rows and reads none of the log.
 */
export class EmailSender {
  private readonly log: TableRef<'EmailLog'>;
  /** The email whose final status is not yet written. */
  private unwritten: Located<'EmailLog'> | null = null;

  constructor(ss: Spreadsheet = spreadsheet()) {
    if (!holdsScriptLock()) throw new Error('EmailSender needs the script lock: call it inside withScriptLock.');
    this.log = openTable(ss, 'EmailLog');
  }

  send(email: OutgoingEmail): SendResult {
    if (MailApp.getRemainingDailyQuota() < 1) return { status: 'quota' };
    const logId = newId('log');
    const pending: Partial<Row<'EmailLog'>> = {
      log_id: logId,
      sent_at: new Date(),
      kind: email.kind,
      to: email.to,
      subject: email.subject,
      item_ids: (email.itemIds ?? []).join(' '),
      dedupe_key: email.dedupeKey,
      status: 'pending',
      detail: '',
    };
    // The previous email's final status and this one's pending row: one write, flushed before the send.
    const located = appendRecordAfter(this.log, this.unwritten, pending);
    this.unwritten = null;
    SpreadsheetApp.flush();
    const row = located.record;
    try {
      MailApp.sendEmail({
        to: email.to,
        subject: email.subject,
        body: email.text,
        htmlBody: email.html,
        name: email.name,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      });
      row.status = 'sent';
      row.sent_at = new Date();
      return { status: 'sent', logId };
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      row.status = 'failed';
      row.detail = detail;
      return { status: 'failed', logId, detail };
    } finally {
      this.unwritten = located;
    }
  }

  /** Writes the last email's final status. */
  close(): void {
    if (this.unwritten === null) return;
    updateRecords(this.log, [this.unwritten]);
    this.unwritten = null;
  }
}

/**
 * Whether an email with this dedupe_key is already in EmailLog as sent or pending (a failed one may be
 * tried again): found by the key column, the log is not read.
 */
export function alreadyLogged(dedupeKey: string, ss: Spreadsheet = spreadsheet()): boolean {
  return findRecords(openTable(ss, 'EmailLog'), 'dedupe_key', [dedupeKey]).some((l) => l.record.status !== 'failed');
}

/** One email, logged: for senders of a single email (invitation, help request, client summary). */
export function sendLoggedEmail(email: OutgoingEmail, ss: Spreadsheet = spreadsheet()): SendResult {
  return withScriptLock(() => {
    const sender = new EmailSender(ss);
    try {
      return sender.send(email);
    } finally {
      sender.close();
    }
  });
}
