import { useState } from 'preact/hooks';
import type { WireRow } from '../../shared/schema';
import { describeThrown } from '../lib/errors';
import { belongsTo } from '../lib/outbox';
import { dismissRecapNotice, recapNoticeWords, retryRecap } from '../lib/recap-notices';
import { recapNoticesItem, type RecapNotice, type StoredConnection } from '../lib/storage';
import { useStored } from '../lib/use-stored';

/** The recaps the coach asked for that the add-on did not send, each with what to do about it. */
export function RecapNotices({ connection, clients }: { connection: StoredConnection; clients: readonly WireRow<'Clients'>[] }) {
  const notices = (useStored(recapNoticesItem) ?? []).filter((n) => belongsTo(n, connection));
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!notices.length) return null;
  const nameOf = (n: RecapNotice) => {
    const client = clients.find((c) => c.client_id === n.clientId);
    return client ? String(client.name) : 'the client';
  };
  const again = async (n: RecapNotice) => {
    setBusy(n.captureId);
    setProblem(null);
    try {
      const outcome = await retryRecap(connection, n);
      if (outcome && outcome.status !== 'sent' && outcome.status !== 'already') setProblem('Still not sent — see the note above.');
    } catch (error) {
      setProblem(`Not sent: ${describeThrown(error)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="card recap-notices" aria-labelledby="recap-notices-title">
      <h2 id="recap-notices-title">Recaps not sent</h2>
      <ul>
        {notices.map((n) => (
          <li key={n.captureId}>
            <p>{recapNoticeWords(n, nameOf(n))}</p>
            <div class="row">
              {n.request && (
                <button type="button" class="secondary" disabled={busy === n.captureId} onClick={() => void again(n)}>
                  Send it again
                </button>
              )}
              <button type="button" class="quiet" onClick={() => void dismissRecapNotice(n.captureId)}>
                Dismiss
              </button>
            </div>
          </li>
        ))}
      </ul>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
