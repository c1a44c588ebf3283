// A change of a client's engagement made in the panel (the client card, a session's outcome): queued
// in the outbox for `updateClient` and true in the cached lists at once, whatever the network does.
import { applyClientChangeToCache } from './engagement';
import { sendMessage } from './messaging';
import { enqueueClientChange } from './outbox';
import type { ClientUpdateFields, OutboxEntry } from './storage';

/**
 * Queues the change (delivered exactly once, in order, by the background, only while `owner` — the
 * coach who made it — is connected) and shows it at once.
 */
export async function changeClient(fields: ClientUpdateFields, owner?: OutboxEntry['owner']): Promise<void> {
  await enqueueClientChange(fields, Date.now(), owner);
  await applyClientChangeToCache(fields.clientId, fields.client, fields.goals ?? []).catch((e: unknown) =>
    console.warn('FollowThrough: cache update', e),
  );
  sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
}
