import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { LastSession as LastSessionRow } from '../../shared/api';
import { openNotes } from '../lib/confidential';
import type { Decrypted, NoteKey } from '../lib/note-crypto';

interface Props {
  session: LastSessionRow;
  /** The coach's notes keys in this browser. */
  keys: readonly NoteKey[];
}

/** The notes of the coach's last session with the client (sync.lastSessions), decrypted here when confidential. */
export function LastSession({ session, keys }: Props) {
  const [opened, setOpened] = useState<Decrypted | null>(null);
  const keyIds = keys.map((k) => k.keyId).join(',');
  useEffect(() => {
    let live = true;
    setOpened(null);
    void openNotes(session.notes, keys).then((result) => {
      if (live) setOpened(result);
    });
    return () => {
      live = false;
    };
    // The notes and the keys held decide what is shown.
  }, [session.session_id, session.notes, keyIds]);
  const date = session.started_at ? new Date(session.started_at).toLocaleDateString(undefined, { day: 'numeric', month: 'short' }) : '';
  return (
    <div class="last-session">
      <h3>
        Last session{date ? ` (${date})` : ''}
        {session.confidential === true && <span class="badge confidential-badge">Confidential</span>}
      </h3>
      {opened === null ? (
        <p class="muted">Opening…</p>
      ) : opened.ok ? (
        opened.text.trim() ? (
          <p class="last-notes">{opened.text}</p>
        ) : (
          <p class="muted">No notes.</p>
        )
      ) : opened.reason === 'missing_key' ? (
        <div class="key-missing" role="note">
          <p>
            <strong>Key missing:</strong> this confidential note was encrypted with your notes key, which this browser does not have. Import
            your recovery code to read it here.
          </p>
          <button type="button" class="secondary" onClick={() => void browser.runtime.openOptionsPage()}>
            Import recovery code
          </button>
        </div>
      ) : (
        <p class="error">{opened.message}</p>
      )}
    </div>
  );
}
