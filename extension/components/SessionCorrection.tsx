import { useMemo, useState } from 'preact/hooks';
import { ITEM_STATUSES, type ItemStatus, type Owner } from '../../shared/schema';
import { MAX_NOTES_CHARS } from '../lib/limits';
import { keyState } from '../lib/note-keys';
import { noteKeysItem, type EditFields, type StoredConnection } from '../lib/storage';
import {
  correctionOf,
  formOf,
  sealCorrection,
  STATUS_WORDS,
  type CorrectionForm,
  type ItemForm,
  type TimelineSession,
} from '../lib/timeline';
import { useStored } from '../lib/use-stored';
import { ConfidentialSwitch, KindField } from './SessionBar';

interface Props {
  t: TimelineSession;
  /** The notes as words, or null when this browser cannot read them (key missing). */
  notes: string | null;
  connection: StoredConnection;
  onCancel: () => void;
  onQueued: (request: EditFields) => Promise<void>;
}

/**
 * Correcting a saved session: notes (encrypted again here when the session is confidential), the
 * Confidential flag, kind, day and times, tags, next session, and each action item's text, due date,
 * owner and status. Only what changed is sent (editSession), through the outbox.
 */
export function SessionCorrection({ t, notes, connection, onCancel, onQueued }: Props) {
  const timeZone = connection.sheet.timeZone;
  const before = useMemo(() => formOf(t, notes, timeZone), [t, notes, timeZone]);
  const [form, setForm] = useState<CorrectionForm>(before);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const keyring = useStored(noteKeysItem);
  const set = (change: Partial<CorrectionForm>) => setForm({ ...form, ...change });
  const setItem = (n: number, change: Partial<ItemForm>) =>
    set({ items: form.items.map((item, i) => (i === n ? { ...item, ...change } : item)) });
  const errorOf = (field: string) => (problem?.field === field ? problem.message : null);

  const save = async () => {
    const correction = correctionOf(String(t.session.session_id), before, form);
    if (!correction.ok) return setProblem({ field: correction.field, message: correction.message });
    if (!correction.request) return setProblem({ field: 'form', message: 'Nothing was changed.' });
    setBusy(true);
    try {
      const sealed = await sealCorrection(correction.request, form.confidential, keyState(keyring, connection));
      if (!sealed.ok) return setProblem({ field: 'notes', message: sealed.message });
      setProblem(null);
      await onQueued(sealed.request);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: string) => {
    const message = errorOf(field);
    return message ? (
      <p id={`fix-${field.replace(/\./g, '-')}-error`} class="error field-error" role="alert">
        {message}
      </p>
    ) : null;
  };
  const described = (field: string) => (errorOf(field) ? `fix-${field.replace(/\./g, '-')}-error` : undefined);

  return (
    <form
      class={`history-correction${form.confidential ? ' is-confidential' : ''}`}
      aria-labelledby="correction-title"
      noValidate
      onKeyDown={(e) => {
        // As in the capture form: Enter in a one-line field does not save; the button does.
        if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && e.target instanceof HTMLInputElement) e.preventDefault();
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.isComposing) {
          e.preventDefault();
          e.currentTarget.requestSubmit();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="correction-title">Correct the session</h3>
      <div class="session-bar">
        <KindField id="fix-kind" value={form.kind} onChange={(kind) => set({ kind })} />
        <ConfidentialSwitch
          checked={form.confidential}
          hintId="fix-confidential-hint"
          disabled={notes === null}
          onChange={(confidential) => set({ confidential })}
        />
        <p id="fix-confidential-hint" class={`hint history-confidential-hint${before.confidential && !form.confidential ? ' error' : ''}`}>
          {form.confidential
            ? 'The notes are encrypted again in this browser before they leave it; only you can read them.'
            : before.confidential
              ? 'Turning Confidential off makes these notes readable by everyone with access to the program’s sheet.'
              : 'Off: the notes are readable in the sheet.'}
        </p>
      </div>
      <div class="history-times">
        <div class="field day">
          <label for="fix-day">Day</label>
          <input
            id="fix-day"
            type="date"
            value={form.day}
            onInput={(e) => set({ day: e.currentTarget.value })}
            aria-describedby={described('from')}
          />
        </div>
        <div class="field">
          <label for="fix-from">From</label>
          <input
            id="fix-from"
            type="time"
            value={form.from}
            onInput={(e) => set({ from: e.currentTarget.value })}
            aria-describedby={described('from')}
          />
        </div>
        <div class="field">
          <label for="fix-to">To</label>
          <input
            id="fix-to"
            type="time"
            value={form.to}
            onInput={(e) => set({ to: e.currentTarget.value })}
            aria-describedby={described('to')}
          />
        </div>
      </div>
      {fieldError('from')}
      {fieldError('to')}
      <div class="field">
        <label for="fix-notes">Notes</label>
        {notes === null ? (
          <p class="hint">
            Key missing: these confidential notes cannot be read in this browser, so they stay as they are. Import your recovery code in
            Settings to correct them.
          </p>
        ) : (
          <textarea
            id="fix-notes"
            rows={6}
            maxLength={MAX_NOTES_CHARS}
            value={form.notes ?? ''}
            aria-describedby={described('notes') ?? described('confidential')}
            onInput={(e) => set({ notes: e.currentTarget.value })}
          />
        )}
      </div>
      {fieldError('notes')}
      {fieldError('confidential')}
      <div class="field">
        <label for="fix-tags">Tags</label>
        <input
          id="fix-tags"
          type="text"
          value={form.tags}
          placeholder="#win #transitions"
          onInput={(e) => set({ tags: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for="fix-next">Next session</label>
        <input id="fix-next" type="date" value={form.nextSession} onInput={(e) => set({ nextSession: e.currentTarget.value })} />
      </div>
      {form.items.length > 0 && (
        <fieldset class="items">
          <legend>Action items</legend>
          <ul>
            {form.items.map((item, n) => (
              <li key={item.itemId} class="item-row">
                <div class="field">
                  <label for={`fix-item-${n}`}>Action item {n + 1}</label>
                  <input
                    id={`fix-item-${n}`}
                    type="text"
                    value={item.text}
                    maxLength={2000}
                    aria-describedby={described(`items.${n}.text`)}
                    onInput={(e) => setItem(n, { text: e.currentTarget.value })}
                  />
                </div>
                {fieldError(`items.${n}.text`)}
                <div class="item-meta">
                  <div class="field">
                    <label for={`fix-item-${n}-owner`}>Owner</label>
                    <select
                      id={`fix-item-${n}-owner`}
                      value={item.owner}
                      onChange={(e) => setItem(n, { owner: e.currentTarget.value as Owner })}
                    >
                      <option value="client">Client</option>
                      <option value="coach">Coach</option>
                    </select>
                  </div>
                  <div class="field">
                    <label for={`fix-item-${n}-due`}>Due</label>
                    <input
                      id={`fix-item-${n}-due`}
                      type="date"
                      value={item.due}
                      onInput={(e) => setItem(n, { due: e.currentTarget.value })}
                    />
                  </div>
                  <div class="field">
                    <label for={`fix-item-${n}-status`}>Status</label>
                    <select
                      id={`fix-item-${n}-status`}
                      value={item.status}
                      onChange={(e) => setItem(n, { status: e.currentTarget.value as ItemStatus })}
                    >
                      {ITEM_STATUSES.map((status) => (
                        <option key={status} value={status}>
                          {STATUS_WORDS[status]}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {fieldError('form')}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          Save correction
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
