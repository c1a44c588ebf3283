import { useState } from 'preact/hooks';
import type { WireRow } from '../../shared/schema';
import { clientLabel, plural, timeOf } from '../lib/format';
import { sendMessage } from '../lib/messaging';
import { discard, retry, sendWaitingNow } from '../lib/outbox';
import type { OutboxEntry } from '../lib/storage';

interface Props {
  entries: readonly OutboxEntry[];
  clients: readonly WireRow<'Clients'>[];
  onEdit: (entry: OutboxEntry) => void;
}

function deliverSoon(): void {
  sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
}

function FailedEntry({ entry, clientName, onEdit }: { entry: OutboxEntry; clientName: string; onEdit: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li class="failed">
      <p class="what">
        {clientName} · saved {timeOf(entry.createdAt)}
      </p>
      <p class="error">{entry.lastError?.message ?? 'The web app refused this capture.'}</p>
      <div class="row">
        <button
          type="button"
          class="secondary"
          onClick={() => {
            void retry(entry.captureId).then(deliverSoon);
          }}
        >
          Retry
        </button>
        <button type="button" class="secondary" onClick={onEdit}>
          Edit
        </button>
        {confirming ? (
          <button type="button" class="danger" onClick={() => void discard(entry.captureId)}>
            Discard for good
          </button>
        ) : (
          <button type="button" class="quiet" onClick={() => setConfirming(true)}>
            Discard…
          </button>
        )}
      </div>
    </li>
  );
}

export function OutboxStatus({ entries, clients, onEdit }: Props) {
  const waiting = entries.filter((e) => e.state === 'waiting');
  const failed = entries.filter((e) => e.state === 'failed');
  const nameOf = (entry: OutboxEntry) => {
    const { clientId, newClient } = entry.request.session;
    if (newClient) return `${newClient.name} (new client)`;
    const client = clients.find((c) => c.client_id === clientId);
    return client ? clientLabel(client) : 'Unknown client';
  };
  const lastProblem = waiting.find((e) => e.lastError);
  const nextTry = waiting.length ? Math.min(...waiting.map((e) => e.nextAttemptAt)) : null;

  return (
    <section class="card outbox" aria-labelledby="outbox-title">
      <h2 id="outbox-title">Delivery</h2>
      {entries.length === 0 && <p class="muted">Everything you saved is in the sheet.</p>}
      {waiting.length > 0 && (
        <p>
          <strong>{plural(waiting.length, 'capture', 'captures')}</strong> waiting to be delivered.
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
        <>
          <p>
            <strong>{plural(failed.length, 'capture', 'captures')}</strong> not accepted by the sheet:
          </p>
          <ul class="failed-list">
            {failed.map((entry) => (
              <FailedEntry key={entry.captureId} entry={entry} clientName={nameOf(entry)} onEdit={() => onEdit(entry)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
