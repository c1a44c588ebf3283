import type { WireRow } from '../../shared/schema';
import { clientLabel } from '../lib/format';
import type { NewClientDraft } from '../lib/storage';
import { Field, Fields, type FieldRow } from './Field';

/** Clients already in the list under the typed name (case, accents and spacing aside). */
export function sameName(clients: readonly WireRow<'Clients'>[], name: string): WireRow<'Clients'>[] {
  const key = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  const typed = key(name);
  return typed ? clients.filter((c) => key(String(c.name ?? '')) === typed) : [];
}

/** How to reach the new client, under the name. */
const CONTACT: readonly FieldRow<'email' | 'organization'>[] = [
  { field: 'email', id: 'email', label: 'Email', type: 'email', maxLength: 254 },
  { field: 'organization', id: 'org', label: 'Organization', maxLength: 200 },
];

interface Props {
  value: NewClientDraft;
  error: string | null;
  emailError: string | null;
  nameRef: { current: HTMLInputElement | null };
  /** The coach's clients, to warn about a name that is already one of them. */
  clients: readonly WireRow<'Clients'>[];
  onChange: (value: NewClientDraft) => void;
  onCancel: () => void;
  /** Choose the existing client instead. */
  onChoose: (clientId: string) => void;
}

/** A client typed in during the call; the web app creates it with the session (session.newClient). */
export function NewClientFields({ value, error, emailError, nameRef, clients, onChange, onCancel, onChoose }: Props) {
  const existing = sameName(clients, value.name);
  return (
    <fieldset class="new-client">
      <legend>New client</legend>
      <Field
        id="new-name"
        label="Name"
        inputRef={nameRef}
        autoComplete="off"
        maxLength={200}
        value={value.name}
        error={error}
        aria-describedby={[error ? 'new-name-error' : '', existing.length ? 'new-name-warning' : ''].filter(Boolean).join(' ') || undefined}
        onValue={(name) => onChange({ ...value, name })}
      >
        {existing.length > 0 && (
          <div id="new-name-warning" class="warning" role="status">
            <p>
              You already have {existing.length === 1 ? 'a client' : `${existing.length} clients`} named “{existing[0]!.name}”. Saving
              creates another one.
            </p>
            {existing.map((client) => (
              <button key={client.client_id} type="button" class="link" onClick={() => onChoose(client.client_id)}>
                Use {clientLabel(client)}
              </button>
            ))}
          </div>
        )}
      </Field>
      <Fields
        autoComplete="off"
        idPrefix="new-"
        rows={CONTACT}
        values={value}
        more={(field) => (field === 'email' ? { error: emailError } : {})}
        onChange={(field, typed) => onChange({ ...value, [field]: typed })}
      />
      <button type="button" class="link" onClick={onCancel}>
        Choose an existing client instead
      </button>
    </fieldset>
  );
}
