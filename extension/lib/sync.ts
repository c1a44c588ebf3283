// Refreshing the coach's clients, goals and open items (`sync`), with a cached copy for offline use.
import type { ErrorCode } from '../../shared/api';
import { callWebApp } from './api';
import { refreshServer } from './connect';
import { describeApiError, describeThrown } from './errors';
import { withClientChange } from './engagement';
import { outboxItem, syncCacheItem, type StoredConnection, type SyncCache } from './storage';

export type SyncResult =
  { ok: true; cache: SyncCache } | { ok: false; code: ErrorCode | 'transport'; message: string; cache: SyncCache | null };

export async function refreshSync(stored: StoredConnection, now = Date.now()): Promise<SyncResult> {
  // Each refresh first asks what the script understands: an update of the sheet's script is noticed.
  const connection = await refreshServer(stored, now);
  try {
    const answer = await callWebApp(connection, 'sync', {});
    if (answer.ok) {
      const { ok: _, ...data } = answer;
      // Changes of a client's engagement still in the outbox stay true in the panel until delivered.
      const pending = (await outboxItem.getValue()).filter((e) => e.op === 'updateClient');
      const cache: SyncCache = pending.reduce<SyncCache>(
        (c, e) =>
          e.op === 'updateClient'
            ? withClientChange(c, e.request.clientId, e.request.client, e.request.goals ?? [], new Date(e.createdAt))
            : c,
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
