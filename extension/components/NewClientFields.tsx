import type { NewClientDraft } from '../lib/storage';

interface Props {
  value: NewClientDraft;
  error: string | null;
  emailError: string | null;
  nameRef: { current: HTMLInputElement | null };
  onChange: (value: NewClientDraft) => void;
  onCancel: () => void;
}

/** A client typed in during the call; the web app creates it with the session (session.newClient). */
export function NewClientFields({ value, error, emailError, nameRef, onChange, onCancel }: Props) {
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
          aria-describedby={error ? 'new-name-error' : undefined}
          onInput={(e) => onChange({ ...value, name: e.currentTarget.value })}
        />
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
        <input id="new-org" type="text" autoComplete="off" maxLength={200} value={value.organization} onInput={(e) => onChange({ ...value, organization: e.currentTarget.value })} />
      </div>
      <button type="button" class="link" onClick={onCancel}>
        Choose an existing client instead
      </button>
    </fieldset>
  );
}
