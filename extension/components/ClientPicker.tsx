import { useState } from 'preact/hooks';
import type { WireRow } from '../../shared/schema';
import { clientLabel } from '../lib/format';

interface Props {
  clients: readonly WireRow<'Clients'>[];
  value: string;
  error: string | null;
  hint: string | null;
  selectRef: { current: HTMLSelectElement | null };
  onChange: (clientId: string) => void;
  onNewClient: () => void;
  /** The client proposed from the call's participants, and why. */
  proposal?: { clientId: string; reason: string } | null;
  /** The participant name a manual choice will keep as an alias of the chosen client. */
  alias?: string | null;
}

function matches(client: WireRow<'Clients'>, query: string): boolean {
  return [client.name, client.email, client.organization].some((field) =>
    String(field ?? '')
      .toLowerCase()
      .includes(query),
  );
}

/** The client list from `sync`, narrowed by a search over name, email and organization. */
export function ClientPicker({ clients, value, error, hint, selectRef, onChange, onNewClient, proposal, alias }: Props) {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const sorted = [...clients].sort((a, b) => a.name.localeCompare(b.name));
  const shown = q ? sorted.filter((c) => c.client_id === value || matches(c, q)) : sorted;
  const found = q ? shown.filter((c) => matches(c, q)).length : null;
  const proposed = !!proposal && !!value && proposal.clientId === value;
  const describedBy = ['client-count', proposed || alias ? 'client-match' : '', error ? 'client-error' : '', hint ? 'client-hint' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="field picker">
      <div class="label-row">
        <label for="client">Client</label>
        <button type="button" class="link" onClick={onNewClient}>
          + New client
        </button>
      </div>
      {clients.length > 6 && (
        <input
          type="search"
          class="search"
          aria-label="Find by name, email or organization"
          placeholder="Find by name, email or organization"
          aria-controls="client"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'ArrowDown') {
              e.preventDefault();
              const first = shown.find((c) => matches(c, q));
              if (e.key === 'Enter' && first && found === 1) onChange(first.client_id);
              selectRef.current?.focus();
            }
          }}
        />
      )}
      <select
        id="client"
        ref={selectRef}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">{found === 0 ? 'No client matches' : 'Choose a client…'}</option>
        {shown.map((client) => (
          <option key={client.client_id} value={client.client_id}>
            {clientLabel(client)}
          </option>
        ))}
      </select>
      <p id="client-count" class="hint" aria-live="polite">
        {found === null ? '' : `${found} matching ${found === 1 ? 'client' : 'clients'}`}
      </p>
      {proposed ? (
        <p id="client-match" class="hint match">
          Proposed from the call: {proposal.reason}
        </p>
      ) : (
        alias &&
        value && (
          <p id="client-match" class="hint match">
            “{alias}” will be kept as another name of this client.
          </p>
        )
      )}
      {hint && (
        <p id="client-hint" class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id="client-error" class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
