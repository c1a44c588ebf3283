// The outbox: Save appends a capture here and returns at once; flush() delivers waiting captures to
// the web app one at a time. The server dedupes by captureId, so re-sending after a lost answer is safe.
// Corrections of saved sessions (editSession) travel the same way: they set values rather than add to
// them, so re-sending one after a lost answer changes nothing more (the web app answers updated: 0), and
// the corrections of one session go in the order they were made.
import type { ErrorCode } from '../../shared/api';
import type { Connection } from '../../shared/connection';
import { callWebApp, isTransportError } from './api';
import { isOutdatedScriptError } from './server';
import { backoffMs } from './backoff';
import { applyCaptureToCache, applyEditToCache } from './cache-update';
import { applyClientChangeToCache } from './engagement';
import { noteRecap } from './recap-notices';
import { withLock } from './lock';
import {
  isEdit,
  outboxItem,
  type CaptureFields,
  type ClientUpdateFields,
  type EditEntry,
  type EditFields,
  type OutboxEntry,
} from './storage';

export interface OutboxSummary {
  waiting: number;
  failed: number;
  /** Epoch ms of the earliest planned attempt of a waiting capture, or null when none waits. */
  nextAttemptAt: number | null;
}

/** Errors that a later attempt may not get: the capture waits for the coach (Retry). */
const PERMANENT: ReadonlySet<ErrorCode> = new Set(['bad_request', 'bad_json', 'too_large', 'unauthorized']);

function update(change: (entries: OutboxEntry[]) => OutboxEntry[]): Promise<OutboxEntry[]> {
  return withLock('followthrough-outbox', async () => {
    const next = change(await outboxItem.getValue());
    await outboxItem.setValue(next);
    return next;
  });
}

function patch(captureId: string, change: (entry: OutboxEntry) => OutboxEntry | null): Promise<OutboxEntry[]> {
  return update((entries) =>
    entries.flatMap((entry) => {
      if (entry.captureId !== captureId) return [entry];
      const changed = change(entry);
      return changed ? [changed] : [];
    }),
  );
}

export function summarize(entries: readonly OutboxEntry[]): OutboxSummary {
  const waiting = entries.filter((e) => e.state === 'waiting');
  return {
    waiting: waiting.length,
    failed: entries.length - waiting.length,
    nextAttemptAt: waiting.length ? Math.min(...waiting.map((e) => e.nextAttemptAt)) : null,
  };
}

/** A new entry's delivery state: queued now, never tried. */
function notYetTried(now: number) {
  return { createdAt: now, attempts: 0, nextAttemptAt: now, state: 'waiting' as const };
}

/**
 * Queues a capture for delivery and returns its entry; never touches the network. With `owner`, the
 * capture is sent only while that coach is connected (never under another coach's token).
 */
export async function enqueue(
  fields: Omit<CaptureFields, 'captureId'>,
  now = Date.now(),
  owner?: OutboxEntry['owner'],
  planItems = 0,
): Promise<OutboxEntry> {
  const captureId = crypto.randomUUID();
  const entry: OutboxEntry = {
    captureId,
    ...(owner ? { owner } : {}),
    ...(planItems ? { planItems } : {}),
    request: { ...fields, captureId },
    ...notYetTried(now),
  };
  await update((entries) => [...entries, entry]);
  return entry;
}

/**
 * Queues a correction of a saved session (editSession) for delivery; never touches the network. `about`
 * names the client and the session's start for the panel's lists; `owner` as for a capture.
 */
export async function enqueueEdit(
  request: EditFields,
  about: EditEntry['about'],
  now = Date.now(),
  owner?: OutboxEntry['owner'],
): Promise<EditEntry> {
  const entry: EditEntry = {
    op: 'editSession',
    captureId: crypto.randomUUID(),
    ...(owner ? { owner } : {}),
    request,
    about,
    ...notYetTried(now),
  };
  await update((entries) => [...entries, entry]);
  return entry;
}

/**
 * A correction waits while an earlier correction of the same session is still in the outbox (waiting or
 * refused): corrections of one session reach the sheet in the order they were made.
 */
export function waitsForEarlier(entry: OutboxEntry, entries: readonly OutboxEntry[]): boolean {
  const at = entries.findIndex((e) => e.captureId === entry.captureId);
  const before = entries.slice(0, at < 0 ? entries.length : at);
  if (isEdit(entry)) return before.some((e) => isEdit(e) && e.request.sessionId === entry.request.sessionId);
  // A client's engagement changes arrive in the order they were made: such an entry waits while an
  // earlier one of the same client still waits (a stage moved twice must not land the other way
  // round; a milestone needs its goal). Plain captures go on as before.
  if (isOrdered(entry)) return before.some((e) => e.state === 'waiting' && isOrdered(e) && clientOf(e) === clientOf(entry));
  return false;
}

/**
 * Queues a change of a client's engagement (the client card: stage, package, cadence, goals,
 * milestones) for `updateClient`; never touches the network.
 */
export async function enqueueClientChange(
  fields: ClientUpdateFields,
  now = Date.now(),
  owner?: OutboxEntry['owner'],
): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    op: 'updateClient',
    captureId: `upd-${crypto.randomUUID()}`,
    ...(owner ? { owner } : {}),
    request: fields,
    ...notYetTried(now),
  };
  await update((entries) => [...entries, entry]);
  return entry;
}

/** The client an entry is about ('' for a capture of a new client, which nothing else can be about yet). */
export function clientOf(entry: OutboxEntry): string {
  if (isEdit(entry)) return entry.about.clientId;
  return entry.op === 'updateClient' ? entry.request.clientId : (entry.request.session.clientId ?? '');
}

/** Whether an entry changes a client's engagement or relies on one (an item linked to a goal). */
function isOrdered(entry: OutboxEntry): boolean {
  if (isEdit(entry) || !clientOf(entry)) return false;
  if (entry.op === 'updateClient') return true;
  const r = entry.request;
  return !!r.client || !!r.goals?.length || !!r.actionItems?.some((item) => item.goalId);
}

/** Puts a failed (or backing-off) capture back in line for the next flush. */
export async function retry(captureId: string, now = Date.now()): Promise<void> {
  await patch(captureId, ({ lastError: _, ...entry }) => ({ ...entry, state: 'waiting', attempts: 0, nextAttemptAt: now }));
}

/** "Send now": every waiting capture becomes due at once, e.g. when the coach knows the network is back. */
export async function sendWaitingNow(now = Date.now()): Promise<void> {
  await update((entries) => entries.map((e) => (e.state === 'waiting' ? { ...e, nextAttemptAt: now } : e)));
}

/** Removes a capture the coach gave up on. */
export async function discard(captureId: string): Promise<void> {
  await patch(captureId, () => null);
}

export async function waitingCount(): Promise<number> {
  return summarize(await outboxItem.getValue()).waiting;
}

/** Captures this context delivered so far (the background refreshes `sync` after a delivery). */
let deliveredCount = 0;
export function delivered(): number {
  return deliveredCount;
}

async function deliver(connection: Connection, entry: OutboxEntry): Promise<void> {
  let error: OutboxEntry['lastError'];
  try {
    if (isEdit(entry)) {
      const answer = await callWebApp(connection, 'editSession', entry.request);
      if (answer.ok) {
        await patch(entry.captureId, () => null);
        deliveredCount += 1;
        await applyEditToCache(entry.request).catch((e: unknown) => console.warn('FollowThrough: cache update', e));
        return;
      }
      error = answer.error;
    } else if (entry.op === 'updateClient') {
      const answer = await callWebApp(connection, 'updateClient', entry.request);
      if (answer.ok) {
        await patch(entry.captureId, () => null);
        deliveredCount += 1;
        // The change was in the cache since the coach made it; a renewal's package gets its id.
        const { clientId, client, goals } = entry.request;
        if (client?.renew)
          await applyClientChangeToCache(clientId, client, goals, answer.packageId).catch((e: unknown) =>
            console.warn('FollowThrough: cache update', e),
          );
        return;
      }
      error = answer.error;
    } else {
      const answer = await callWebApp(connection, 'capture', entry.request);
      if (answer.ok) {
        await patch(entry.captureId, () => null);
        deliveredCount += 1;
        // The new items and a new client are in the cached lists at once, with their ids.
        await applyCaptureToCache(entry.request, answer).catch((e: unknown) => console.warn('FollowThrough: cache update', e));
        // A recap asked for and not sent is told to the coach (no address, a failed send, the day's quota).
        await noteRecap(entry.request, answer, entry.owner).catch((e: unknown) => console.warn('FollowThrough: recap notice', e));
        return;
      }
      error = answer.error;
    }
  } catch (thrown) {
    if (isOutdatedScriptError(thrown)) error = { code: 'outdated', message: thrown.message };
    else if (isTransportError(thrown)) error = { code: 'transport', message: thrown.message };
    else throw thrown;
  }
  // A capture the script cannot take waits for the coach (Retry once the script is updated).
  const permanent = error.code === 'outdated' || (error.code !== 'transport' && PERMANENT.has(error.code));
  const failedAt = Date.now();
  await patch(entry.captureId, (current) => {
    const attempts = current.attempts + 1;
    return permanent
      ? { ...current, attempts, state: 'failed', lastError: error }
      : { ...current, attempts, nextAttemptAt: failedAt + backoffMs(attempts), lastError: error };
  });
}

/** A connection, with the coach it is for when known (entries of another coach are not sent over it). */
export type SendingConnection = Connection & { coach?: { coach_id: string } };

/** Whether the entry may be sent over this connection: only its own coach's, when it names one. */
export function belongsTo(entry: Pick<OutboxEntry, 'owner'>, connection: SendingConnection): boolean {
  return !entry.owner || !connection.coach || (entry.owner.url === connection.url && entry.owner.coachId === connection.coach.coach_id);
}

async function flushPass(connection: SendingConnection): Promise<void> {
  const attempted = new Set<string>();
  for (;;) {
    // Re-read before each send: the panel may have queued or the coach retried meanwhile.
    const now = Date.now();
    const entries = await outboxItem.getValue();
    const next = entries
      .filter(
        (e) =>
          e.state === 'waiting' &&
          e.nextAttemptAt <= now &&
          !attempted.has(e.captureId) &&
          belongsTo(e, connection) &&
          !waitsForEarlier(e, entries),
      )
      .sort((a, b) => a.createdAt - b.createdAt)[0];
    if (!next) return;
    attempted.add(next.captureId);
    await deliver(connection, next);
  }
}

let running: Promise<OutboxSummary> | null = null;
let again: SendingConnection | null = null;

/**
 * Delivers every waiting capture that is due, oldest first, one at a time. While a flush runs in this
 * context, further calls join it and it makes one more pass, so nothing queued meanwhile is missed
 * and no capture is sent twice at once.
 */
export function flush(connection: SendingConnection): Promise<OutboxSummary> {
  if (running) {
    again = connection;
    return running;
  }
  running = (async () => {
    try {
      let current: SendingConnection | null = connection;
      while (current) {
        again = null;
        await flushPass(current);
        current = again;
      }
      return summarize(await outboxItem.getValue());
    } finally {
      running = null;
    }
  })();
  return running;
}
