// Refreshes `sync` when the panel opens; the cached answer keeps the panel usable offline.
import { useEffect, useState } from 'preact/hooks';
import { refreshSync, type SyncResult } from '../lib/sync';
import type { StoredConnection } from '../lib/storage';

export type SyncState = { status: 'loading' } | { status: 'done'; result: SyncResult };

export function useSyncOnOpen(connection: StoredConnection): SyncState {
  const [state, setState] = useState<SyncState>({ status: 'loading' });
  const { url, token } = connection;
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    void refreshSync(connection).then((result) => {
      if (live) setState({ status: 'done', result });
    });
    return () => {
      live = false;
    };
    // Only a different sheet or token calls for a new refresh.
  }, [url, token]);
  return state;
}
