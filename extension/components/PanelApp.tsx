import { browser } from 'wxt/browser';
import { connectionItem, outboxItem, syncCacheItem, type StoredConnection, type SyncCache } from '../lib/storage';
import { timeOf } from '../lib/format';
import { useStored } from '../lib/use-stored';
import { CaptureForm } from './CaptureForm';
import { NotConnected } from './NotConnected';
import { OutboxStatus } from './OutboxStatus';
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
  return result.cache.clients.length ? null : 'No clients yet — add clients in the program’s sheet.';
}

function Connected({ connection }: { connection: StoredConnection }) {
  const sync = useSyncOnOpen(connection);
  const cache = useStored(syncCacheItem);
  const entries = useStored(outboxItem) ?? [];
  const clients = cache?.clients ?? [];
  return (
    <>
      <CaptureForm clients={clients} clientsHint={clientsHint(sync, cache)} />
      <OutboxStatus entries={entries} clients={clients} />
    </>
  );
}

export function PanelApp() {
  const connection = useStored(connectionItem);
  return (
    <>
      <header class="bar">
        <h1>FollowThrough</h1>
        {connection && (
          <>
            <p class="who" title={`${connection.coach.name} · ${connection.sheet.name}`}>
              {connection.sheet.name}
            </p>
            <button type="button" class="quiet" onClick={() => void browser.runtime.openOptionsPage()}>
              Settings
            </button>
          </>
        )}
      </header>
      <main>{connection === undefined ? null : connection ? <Connected connection={connection} /> : <NotConnected />}</main>
    </>
  );
}
