import { useState } from 'preact/hooks';
import { CallSites } from './CallSites';
import { AskFirst } from './AskFirst';
import { NotesKey } from './NotesKey';
import { connect, disconnect } from '../lib/connect';
import { plural } from '../lib/format';
import { connectionItem, outboxItem, type StoredConnection } from '../lib/storage';
import { useStored } from '../lib/use-stored';
import { ScriptUpdateNotice } from './ScriptUpdateNotice';

function CurrentConnection({ connection, waiting }: { connection: StoredConnection | null; waiting: number }) {
  return (
    <section class="card" aria-labelledby="current-title">
      <h2 id="current-title">Current connection</h2>
      <div role="status">
        {connection ? (
          <p class="connected">
            Connected as {connection.coach.name} to {connection.sheet.name}
          </p>
        ) : (
          <p class="muted">Not connected.</p>
        )}
      </div>
      {connection && (
        <>
          <dl class="details">
            <dt>Role</dt>
            <dd>{connection.coach.role}</dd>
            <dt>Time zone</dt>
            <dd>{connection.sheet.timeZone}</dd>
            <dt>Web app</dt>
            <dd class="url">{new URL(connection.url).host}</dd>
          </dl>
          <ScriptUpdateNotice connection={connection} />
          {waiting > 0 && (
            <p class="hint">
              {plural(waiting, 'capture is', 'captures are')} still waiting to be delivered; they will be sent when you connect again.
            </p>
          )}
          <AskFirst opener="Disconnect…" id="disconnect-title" action="Disconnect and remove" tone="danger" onConfirm={disconnect}>
            <strong>Disconnect this browser?</strong> Your confidential notes key and your unsaved drafts are removed from it. To read
            confidential notes here again you will need your recovery code.
            {waiting > 0 && ' Captures still waiting stay, and are sent when you connect again as yourself.'}
          </AskFirst>
        </>
      )}
    </section>
  );
}

function ConnectForm({ connected }: { connected: StoredConnection | null }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = await connect(code);
    setBusy(false);
    if (!result.ok) setError(`Could not connect: ${result.message}`);
    else {
      setCode('');
      if (!result.key.ok) setError(`Connected, but your notes key could not be set up: ${result.key.message}`);
    }
  };

  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{connected ? 'Connect with another code' : 'Connect to your program’s sheet'}</h2>
      <p class="muted">
        Your program admin sends a connection code starting with <code>ft1.</code> (menu “Invite coach…” in the sheet).
      </p>
      {connected && (
        <p class="hint">Connecting as another coach removes {connected.coach.name}’s drafts and notes key from this browser.</p>
      )}
      <div class="field">
        <label for="code">Connection code</label>
        <textarea
          id="code"
          rows={3}
          spellcheck={false}
          autoComplete="off"
          value={code}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'code-error' : undefined}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </div>
      {error && (
        <p id="code-error" class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}

export function OptionsApp() {
  const connection = useStored(connectionItem);
  const entries = useStored(outboxItem) ?? [];
  if (connection === undefined) return null;
  return (
    <main class="options">
      <h1>FollowThrough settings</h1>
      <CurrentConnection connection={connection} waiting={entries.filter((e) => e.state === 'waiting').length} />
      {connection && <NotesKey connection={connection} />}
      <ConnectForm connected={connection} />
      <CallSites />
    </main>
  );
}
