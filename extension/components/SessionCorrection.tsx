import { useMemo, useState } from 'preact/hooks';
import { ITEM_STATUSES, OWNERS } from '../../shared/schema';
import { OWNER_WORDS } from '../lib/format';
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
import { Field, FieldError, FieldFrame, Fields, SelectField, TextAreaField, type FieldRow } from './Field';
import { ConfidentialSwitch, KindField } from './SessionBar';

/** The session's day and times, side by side; a time's error is under them, the day's is the start's. */
const TIMES: readonly FieldRow<'day' | 'from' | 'to'>[] = [
  { field: 'day', id: 'day', label: 'Day', type: 'date', class: 'field day' },
  { field: 'from', id: 'from', label: 'From', type: 'time' },
  { field: 'to', id: 'to', label: 'To', type: 'time' },
];

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
  /** An item's owner, due date or status, bound to the form. */
  const itemField = <F extends 'owner' | 'due' | 'status'>(item: ItemForm, n: number, field: F) => ({
    id: `fix-item-${n}-${field}`,
    value: item[field],
    onValue: (value: ItemForm[F]) => {
      const change: Partial<ItemForm> = {};
      change[field] = value;
      setItem(n, change);
    },
  });
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

  const errorId = (field: string) => `fix-${field.replace(/\./g, '-')}-error`;
  const fieldError = (field: string) => <FieldError id={errorId(field)} error={errorOf(field)} />;
  const described = (field: string) => (errorOf(field) ? errorId(field) : undefined);

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
        <Fields
          idPrefix="fix-"
          rows={TIMES}
          values={form}
          more={(field) => ({ 'aria-describedby': described(field === 'to' ? 'to' : 'from') })}
          onChange={(field, value) => set({ [field]: value })}
        />
      </div>
      {fieldError('from')}
      {fieldError('to')}
      {notes === null ? (
        <FieldFrame id="fix-notes" label="Notes">
          <p class="hint">
            Key missing: these confidential notes cannot be read in this browser, so they stay as they are. Import your recovery code in
            Settings to correct them.
          </p>
        </FieldFrame>
      ) : (
        <TextAreaField
          id="fix-notes"
          label="Notes"
          rows={6}
          maxLength={MAX_NOTES_CHARS}
          value={form.notes ?? ''}
          aria-describedby={described('notes') ?? described('confidential')}
          onValue={(typed) => set({ notes: typed })}
        />
      )}
      {fieldError('notes')}
      {fieldError('confidential')}
      <Field id="fix-tags" label="Tags" value={form.tags} placeholder="#win #transitions" onValue={(tags) => set({ tags })} />
      <Field id="fix-next" label="Next session" type="date" value={form.nextSession} onValue={(nextSession) => set({ nextSession })} />
      {form.items.length > 0 && (
        <fieldset class="items">
          <legend>Action items</legend>
          <ul>
            {form.items.map((item, n) => (
              <li key={item.itemId} class="item-row">
                <Field
                  id={`fix-item-${n}`}
                  label={`Action item ${n + 1}`}
                  value={item.text}
                  maxLength={2000}
                  aria-describedby={described(`items.${n}.text`)}
                  onValue={(text) => setItem(n, { text })}
                />
                {fieldError(`items.${n}.text`)}
                <div class="item-meta">
                  <SelectField {...itemField(item, n, 'owner')} label="Owner" options={OWNERS} words={OWNER_WORDS} />
                  <Field {...itemField(item, n, 'due')} label="Due" type="date" />
                  <SelectField {...itemField(item, n, 'status')} label="Status" options={ITEM_STATUSES} words={STATUS_WORDS} />
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
