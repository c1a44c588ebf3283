import type { WireRow } from '../../shared/schema';
import { clientLabel } from '../lib/format';
import type { NewClientDraft } from '../lib/storage';

/** Clients already in the list under the typed name (case, accents and spacing aside). */
export function sameName(clients: readonly WireRow<'Clients'>[], name: string): WireRow<'Clients'>[] {
  const key = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  const typed = key(name);
  return typed ? clients.filter((c) => key(String(c.name ?? '')) === typed) : [];
}

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
      <div class="field">
        <label for="new-name">Name</label>
        <input
          id="new-name"
          ref={nameRef}
          type="text"
          autoComplete="off"
          maxLength={200}
          value={value.name}
          aria-invalid={error ? true : undefined}
          aria-describedby={
            [error ? 'new-name-error' : '', existing.length ? 'new-name-warning' : ''].filter(Boolean).join(' ') || undefined
          }
          onInput={(e) => onChange({ ...value, name: e.currentTarget.value })}
        />
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
        {error && (
          <p id="new-name-error" class="error field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div class="field">
        <label for="new-email">Email</label>
        <input
          id="new-email"
          type="email"
          autoComplete="off"
          maxLength={254}
          value={value.email}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? 'new-email-error' : undefined}
          onInput={(e) => onChange({ ...value, email: e.currentTarget.value })}
        />
        {emailError && (
          <p id="new-email-error" class="error field-error" role="alert">
            {emailError}
          </p>
        )}
      </div>
      <div class="field">
        <label for="new-org">Organization</label>
        <input
          id="new-org"
          type="text"
          autoComplete="off"
          maxLength={200}
          value={value.organization}
          onInput={(e) => onChange({ ...value, organization: e.currentTarget.value })}
        />
      </div>
      <button type="button" class="link" onClick={onCancel}>
        Choose an existing client instead
      </button>
    </fieldset>
  );
}
