import { useState } from 'preact/hooks';
import { AskFirst } from './AskFirst';
import { recoveryCodeOf } from '../lib/note-crypto';
import { confirmRecoverySaved, ensureNoteKey, importRecoveryCode, keyState, replaceNoteKey } from '../lib/note-keys';
import { noteKeysItem, type StoredConnection } from '../lib/storage';
import { useStored } from '../lib/use-stored';

const LOSS =
  'Only this code can bring the key to another browser. If you lose this browser’s data and the code, your confidential notes can never be read again — by you or anyone; nobody can reset it.';

function ImportForm({ connection, label }: { connection: StoredConnection; label: string }) {
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await importRecoveryCode(connection, code);
    setBusy(false);
    if (!result.ok) {
      setMessage({ error: true, text: result.message });
      return;
    }
    setCode('');
    setMessage({
      error: false,
      text: result.current
        ? 'Imported: your confidential notes can be read and written in this browser.'
        : `Imported an older key (id ${result.key.keyId}): notes saved with it can be read here. It is not your current key.`,
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <div class="field">
        <label for="recovery-code">{label}</label>
        <textarea
          id="recovery-code"
          rows={2}
          spellcheck={false}
          autoComplete="off"
          value={code}
          aria-invalid={message?.error ? true : undefined}
          aria-describedby={message ? 'recovery-result' : undefined}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </div>
      {message && (
        <p id="recovery-result" class={message.error ? 'error' : 'connected'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !code.trim()}>
          Import recovery code
        </button>
      </div>
    </form>
  );
}

/** The options' section about the coach's confidential-notes key: its recovery code, import, replacement. */
export function NotesKey({ connection }: { connection: StoredConnection }) {
  const keyring = useStored(noteKeysItem);
  const [shown, setShown] = useState(false);
  const [setupError, setSetupError] = useState<string | null>(null);
  if (keyring === undefined) return null;
  const state = keyState(keyring, connection);
  const unsaved = state.kind === 'ready' && keyring?.unsavedRecoveryKeyId === state.key.keyId;
  return (
    <section class="card" aria-labelledby="notes-key-title">
      <h2 id="notes-key-title">Confidential notes key</h2>
      <p class="muted">
        Notes of a confidential session are encrypted in this browser before they are saved. The sheet, its owner, your program’s leaders,
        exports and emails only ever hold the encrypted text; only your key reads it, and the key never leaves your browsers.
      </p>
      {state.kind === 'ready' && (
        <>
          <p class="connected" role="status">
            Your notes key is in this browser (id <code>{state.key.keyId}</code>).
          </p>
          {unsaved ? (
            <div class="warning-box">
              <p>
                <strong>Save your recovery code now</strong> — in a password manager or on paper. It is shown here once:
              </p>
              <code class="recovery-code">{recoveryCodeOf(state.key)}</code>
              <p class="hint">{LOSS}</p>
              <div class="actions">
                <button type="button" class="primary" onClick={() => void confirmRecoverySaved()}>
                  I have saved my recovery code
                </button>
              </div>
            </div>
          ) : shown ? (
            <div class="warning-box">
              <code class="recovery-code">{recoveryCodeOf(state.key)}</code>
              <div class="actions">
                <button type="button" class="secondary" onClick={() => setShown(false)}>
                  Hide recovery code
                </button>
              </div>
            </div>
          ) : (
            <AskFirst
              opener="Show recovery code…"
              id="reveal-title"
              action="Show recovery code"
              tone="primary"
              onConfirm={() => setShown(true)}
            >
              Anyone who sees this code and can open the sheet can read your confidential notes. Show it now?
            </AskFirst>
          )}
          {!unsaved && <p class="hint">{LOSS}</p>}
          <details>
            <summary>Read notes saved with an older key</summary>
            <ImportForm connection={connection} label="Recovery code of the older key" />
          </details>
        </>
      )}
      {state.kind === 'missing' && (
        <>
          <p class="error" role="status">
            Key missing: your notes key (id <code>{state.keyId}</code>) was made in another browser. Paste its recovery code to read and
            write confidential notes here.
          </p>
          <ImportForm connection={connection} label="Recovery code" />
          <p class="hint">{LOSS}</p>
          <AskFirst
            opener="Lost it? Make a new key…"
            id="replace-title"
            action="Make a new key"
            tone="danger"
            onConfirm={async () => {
              const result = await replaceNoteKey(connection);
              return result.ok ? undefined : result.message;
            }}
          >
            <strong>Make a new notes key?</strong> Confidential notes saved with your current key stay readable only with its recovery code
            or in a browser that still holds it. New notes use the new key.
          </AskFirst>
        </>
      )}
      {state.kind === 'none' && (
        <>
          <p class="muted" role="status">
            No notes key yet: confidential sessions cannot be saved until one is made.
          </p>
          {setupError && (
            <p class="error" role="alert">
              {setupError}
            </p>
          )}
          <button
            type="button"
            class="primary"
            onClick={() => {
              setSetupError(null);
              void ensureNoteKey(connection).then((result) => {
                if (!result.ok) setSetupError(`Could not make the key: ${result.message}`);
              });
            }}
          >
            Make my notes key
          </button>
        </>
      )}
    </section>
  );
}
