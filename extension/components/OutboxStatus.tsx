import type { WireRow } from '../../shared/schema';
import { clientLabel, entriesCount, timeOf } from '../lib/format';
import { sendMessage } from '../lib/messaging';
import { sendWaitingNow } from '../lib/outbox';
import { isEdit, type OutboxEntry } from '../lib/storage';

interface Props {
  entries: readonly OutboxEntry[];
  clients: readonly WireRow<'Clients'>[];
}

/** The name a capture (or a correction) is about, for the delivery lists. */
export function captureName(entry: OutboxEntry, clients: readonly WireRow<'Clients'>[]): string {
  if (isEdit(entry)) {
    const client = clients.find((c) => c.client_id === entry.about.clientId);
    const day = entry.about.startedAt
      ? new Date(entry.about.startedAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })
      : '';
    return `${client ? clientLabel(client) : 'Unknown client'} (${entry.request.delete ? 'deletion' : 'correction'} of the session${day ? ` of ${day}` : ''})`;
  }
  if (entry.op === 'updateClient') {
    const client = clients.find((c) => c.client_id === entry.request.clientId);
    return `${client ? clientLabel(client) : 'Unknown client'} (engagement change)`;
  }
  const { clientId, newClient } = entry.request.session;
  if (newClient) return `${newClient.name} (new client)`;
  const client = clients.find((c) => c.client_id === clientId);
  return client ? clientLabel(client) : 'Unknown client';
}

function deliverSoon(): void {
  sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
}

export function OutboxStatus({ entries, clients }: Props) {
  const waiting = entries.filter((e) => e.state === 'waiting');
  const failed = entries.filter((e) => e.state === 'failed');
  const nameOf = (entry: OutboxEntry) => captureName(entry, clients);
  const lastProblem = waiting.find((e) => e.lastError);
  const nextTry = waiting.length ? Math.min(...waiting.map((e) => e.nextAttemptAt)) : null;

  return (
    <section class="card outbox" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Delivery</h2>
      {entries.length === 0 && <p class="muted">Everything you saved is in the sheet.</p>}
      {waiting.length > 0 && (
        <p>
          <strong>{entriesCount(waiting)}</strong> waiting to be delivered.
          {lastProblem && nextTry !== null && (
            <span class="muted">
              {' '}
              Last attempt: {lastProblem.lastError?.message} Next try {nextTry <= Date.now() ? 'now' : `at ${timeOf(nextTry)}`}.
            </span>
          )}
        </p>
      )}
      {waiting.length > 0 && (
        <ul class="waiting-list">
          {waiting.slice(0, 5).map((entry) => (
            <li key={entry.captureId}>
              {nameOf(entry)} <span class="muted">· saved {timeOf(entry.createdAt)}</span>
            </li>
          ))}
          {waiting.length > 5 && <li class="muted">and {waiting.length - 5} more</li>}
        </ul>
      )}
      {waiting.length > 0 && lastProblem && (
        <button type="button" class="secondary" onClick={() => void sendWaitingNow().then(deliverSoon)}>
          Send now
        </button>
      )}
      {failed.length > 0 && (
        <p>
          <strong>{entriesCount(failed)}</strong> not accepted by the sheet: see the top of the panel.
        </p>
      )}
    </section>
  );
}
