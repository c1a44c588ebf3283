// Refreshing the coach's clients, goals and open items (`sync`), with a cached copy for offline use.
import type { ErrorCode } from '../../shared/api';
import { callWebApp } from './api';
import { refreshServer } from './connect';
import { describeApiError, describeThrown } from './errors';
import { withClientChange } from './engagement';
import { belongsTo } from './outbox';
import {
  isEdit,
  outboxItem,
  syncCacheItem,
  type ClientUpdateFields,
  type OutboxEntry,
  type StoredConnection,
  type SyncCache,
} from './storage';

/** The change of an existing client's engagement an outbox entry carries, if any. */
function clientChangeOf(entry: OutboxEntry): Pick<ClientUpdateFields, 'clientId' | 'client' | 'goals'> | null {
  if (entry.op === 'updateClient') return entry.request;
  if (isEdit(entry)) return null;
  const { session, client, goals } = entry.request;
  return session.clientId && (client || goals) ? { clientId: session.clientId, client, goals } : null;
}

export type SyncResult =
  { ok: true; cache: SyncCache } | { ok: false; code: ErrorCode | 'transport'; message: string; cache: SyncCache | null };

export async function refreshSync(stored: StoredConnection, now = Date.now()): Promise<SyncResult> {
  // Each refresh first asks what the script understands: an update of the sheet's script is noticed.
  const connection = await refreshServer(stored, now);
  try {
    const answer = await callWebApp(connection, 'sync', {});
    if (answer.ok) {
      const { ok: _, ...data } = answer;
      // Changes of a client's engagement still waiting in this coach's outbox (from the card, or carried
      // by a session's capture) stay true in the panel until delivered; one the sheet refused does not.
      const pending = (await outboxItem.getValue()).filter((e) => e.state === 'waiting' && belongsTo(e, connection));
      const cache = pending.reduce<SyncCache>(
        (c, e) => {
          const change = clientChangeOf(e);
          return change ? withClientChange(c, change.clientId, change.client, change.goals ?? [], new Date(e.createdAt)) : c;
        },
        { ...data, fetchedAt: now },
      );
      await syncCacheItem.setValue(cache);
      return { ok: true, cache };
    }
    return { ok: false, code: answer.error.code, message: describeApiError(answer.error), cache: await syncCacheItem.getValue() };
  } catch (error) {
    return { ok: false, code: 'transport', message: describeThrown(error), cache: await syncCacheItem.getValue() };
  }
}
