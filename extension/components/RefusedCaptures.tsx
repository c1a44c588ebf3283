import { useState } from 'preact/hooks';
import { entriesCount, timeOf } from '../lib/format';
import { describeEditRefusal, describeRefusal } from '../lib/errors';
import { sendMessage } from '../lib/messaging';
import { discard, retry } from '../lib/outbox';
import { isEdit, type OutboxEntry } from '../lib/storage';

interface Props {
  entries: readonly OutboxEntry[];
  nameOf: (entry: OutboxEntry) => string;
  onEdit: (entry: OutboxEntry) => void;
}

function deliverSoon(): void {
  sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
}

function Refused({ entry, clientName, onEdit }: { entry: OutboxEntry; clientName: string; onEdit: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li class="failed">
      <p class="what">
        {clientName} · saved {timeOf(entry.createdAt)}
      </p>
      <p class="error">
        {isEdit(entry) || entry.op === 'updateClient'
          ? describeEditRefusal(entry.lastError)
          : describeRefusal(entry.lastError, entry.request)}
      </p>
      <div class="row">
        {/* A correction is made again from the client's history, an engagement change on the card; a capture goes back into the form. */}
        {!isEdit(entry) && entry.op !== 'updateClient' && (
          <button type="button" class="secondary" onClick={onEdit}>
            Edit
          </button>
        )}
        <button type="button" class="secondary" onClick={() => void retry(entry.captureId).then(deliverSoon)}>
          Retry
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

/**
 * Captures the sheet refused, at the top of the panel (the toolbar badge is red meanwhile): why, in
 * plain words, and Edit (back into the form, the field's problem shown), Retry, or Discard.
 */
export function RefusedCaptures({ entries, nameOf, onEdit }: Props) {
  const failed = entries.filter((e) => e.state === 'failed');
  if (!failed.length) return null;
  return (
    <section class="card refused" role="alert" aria-labelledby="refused-title">
      <h2 id="refused-title">{entriesCount(failed)} not accepted by the sheet</h2>
      <ul class="failed-list">
        {failed.map((entry) => (
          <Refused key={entry.captureId} entry={entry} clientName={nameOf(entry)} onEdit={() => onEdit(entry)} />
        ))}
      </ul>
    </section>
  );
}
