import type { WireRow } from '../../shared/schema';
import { clientLabel } from '../lib/format';

interface Props {
  clients: readonly WireRow<'Clients'>[];
  value: string;
  error: string | null;
  hint: string | null;
  onChange: (clientId: string) => void;
  selectRef: { current: HTMLSelectElement | null };
}

export function ClientSelect({ clients, value, error, hint, onChange, selectRef }: Props) {
  const sorted = [...clients].sort((a, b) => a.name.localeCompare(b.name));
  const describedBy = [error ? 'client-error' : '', hint ? 'client-hint' : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for="client">Client</label>
      <select
        id="client"
        ref={selectRef}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">Choose a client…</option>
        {sorted.map((client) => (
          <option key={client.client_id} value={client.client_id}>
            {clientLabel(client)}
          </option>
        ))}
      </select>
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
