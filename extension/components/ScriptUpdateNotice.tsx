import { missingFeatures, updateMessage } from '../lib/server';
import type { StoredConnection } from '../lib/storage';

/** Says in plain words that the sheet's script is older than the extension, and what it cannot save. */
export function ScriptUpdateNotice({ connection }: { connection: StoredConnection }) {
  if (!connection.server) return null;
  const missing = missingFeatures(connection.server);
  if (!missing.length) return null;
  return (
    <p class="error script-update" role="alert">
      {updateMessage(connection.server, missing)}
    </p>
  );
}
