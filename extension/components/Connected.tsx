import { useEffect, useState } from 'preact/hooks';
import { draftFromCapture } from '../lib/capture';
import { openDraft, otherDrafts, restoreDraft } from '../lib/drafts';
import { timeOf } from '../lib/format';
import { sendMessage } from '../lib/messaging';
import { discard, summarize, waitingCount } from '../lib/outbox';
import { openCapture } from '../lib/confidential';
import { keysOf } from '../lib/note-keys';
import {
  draftsItem,
  noteKeysItem,
  outboxItem,
  syncCacheItem,
  isEdit,
  type OutboxEntry,
  type StoredConnection,
  type SyncCache,
} from '../lib/storage';
import { useStored } from '../lib/use-stored';
import { CaptureForm } from './CaptureForm';
import { ClientHistory } from './ClientHistory';
import { OtherDrafts } from './OtherDrafts';
import { OutboxStatus, captureName } from './OutboxStatus';
import { RecapNotices } from './RecapNotices';
import { RefusedCaptures } from './RefusedCaptures';
import { ScriptUpdateNotice } from './ScriptUpdateNotice';
import { useClips } from './use-clips';
import { useDrafts } from './use-drafts';
import { useSyncOnOpen, type SyncState } from './use-sync';

/** What to say under the client list: loading, offline with a cached copy, or no clients yet. */
function clientsHint(sync: SyncState, cache: SyncCache | null | undefined): string | null {
  if (sync.status === 'loading') return cache ? null : 'Loading your clients…';
  const { result } = sync;
  if (!result.ok) {
    return cache
      ? `${result.message} Showing clients as of ${timeOf(cache.fetchedAt)}.`
      : `${result.message} Your clients will appear once the sheet can be reached.`;
  }
  return result.cache.clients.length ? null : 'No clients yet — add one with “New client”.';
}

/** The panel once connected: the capture form, other drafts, and the outbox. */
export function Connected({ connection }: { connection: StoredConnection }) {
  const sync = useSyncOnOpen(connection);
  const cache = useStored(syncCacheItem);
  const entries = useStored(outboxItem) ?? [];
  const drafts = useStored(draftsItem);
  const api = useDrafts();
  const clips = useClips(api);
  const clients = cache?.clients ?? [];
  useEffect(() => {
    // Captures still waiting (e.g. the background stopped mid-delivery): try them now.
    void waitingCount().then((n) => {
      if (n > 0) sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
    });
  }, []);
  // Edit of a refused capture: the form shows every field's problem.
  const [checkAll, setCheckAll] = useState(0);
  const others = drafts && api.draft ? otherDrafts(drafts, api.draft.clientId) : [];
  // The client whose history is shown in place of the capture form (null: the form).
  const [history, setHistory] = useState<string | null>(null);

  const [editError, setEditError] = useState<string | null>(null);
  const edit = async (entry: OutboxEntry) => {
    // A correction or a change made on the client card is made again where it was made; only a capture goes back into the form.
    if (isEdit(entry) || entry.op === 'updateClient') return;
    const { captureId: _, ...request } = entry.request;
    // A confidential capture holds its notes encrypted: they go back into the form readable.
    const opened = await openCapture(request, keysOf(await noteKeysItem.getValue(), connection));
    if (!opened.ok) {
      setEditError(`Cannot edit this capture: ${opened.message}`);
      return;
    }
    setEditError(null);
    await api.run((current) => restoreDraft(current, draftFromCapture(opened.fields, entry.planItems)));
    await discard(entry.captureId);
    setHistory(null);
    setCheckAll((n) => n + 1);
  };

  return (
    <>
      <ScriptUpdateNotice connection={connection} />
      <RefusedCaptures entries={entries} nameOf={(entry) => captureName(entry, clients)} onEdit={(entry) => void edit(entry)} />
      {/* Near the top, like a refused capture: the client is waiting for an email that did not leave. */}
      <RecapNotices connection={connection} clients={clients} />
      {editError && (
        <p class="error" role="alert">
          {editError}
        </p>
      )}
      {history !== null ? (
        <ClientHistory connection={connection} clientId={history} clients={clients} onClose={() => setHistory(null)} />
      ) : (
        <>
          <OtherDrafts drafts={others} clients={clients} onOpen={(key) => void api.run((current) => openDraft(current, key))} />
          <CaptureForm
            api={api}
            cache={cache ?? null}
            clientsHint={clientsHint(sync, cache)}
            timeZone={connection.sheet.timeZone}
            notice={clips.notice}
            onNoticeStale={clips.dismiss}
            connection={connection}
            delivery={summarize(entries)}
            checkAll={checkAll}
            onHistory={setHistory}
          />
        </>
      )}
      <OutboxStatus entries={entries} clients={clients} />
    </>
  );
}
