import { useRef, useState } from 'preact/hooks';
import type { WireRow } from '../../shared/schema';
import { blankItem, buildCapture, type ActionItemDraft } from '../lib/capture';
import { MAX_NOTES_CHARS } from '../lib/limits';
import { sendMessage } from '../lib/messaging';
import { enqueue } from '../lib/outbox';
import { ActionItemRow } from './ActionItemRow';
import { ClientSelect } from './ClientSelect';
import { useDraft } from './use-draft';

interface Props {
  clients: readonly WireRow<'Clients'>[];
  clientsHint: string | null;
}

/** Asks the background to deliver now; the outbox section shows how that goes. */
function deliverSoon(): void {
  sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
}

export function CaptureForm({ clients, clientsHint }: Props) {
  const [draft, setDraft, reset] = useDraft();
  const [clientError, setClientError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const clientRef = useRef<HTMLSelectElement | null>(null);

  if (!draft) return null;

  const edit = (next: typeof draft) => {
    setSaved(false);
    setDraft(next);
  };
  const editItem = (index: number, item: ActionItemDraft) =>
    edit({ ...draft, items: draft.items.map((old, i) => (i === index ? item : old)) });
  const removeItem = (index: number) => edit({ ...draft, items: draft.items.filter((_, i) => i !== index) });

  const save = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    const check = buildCapture(draft);
    if (!check.ok) {
      setSaved(false);
      setClientError(check.message);
      clientRef.current?.focus();
      return;
    }
    setSaving(true);
    try {
      await enqueue(check.fields);
      reset();
      setClientError(null);
      setSaveError(null);
      setSaved(true);
      deliverSoon();
    } catch (error) {
      setSaveError(`Could not save: ${error instanceof Error ? error.message : String(error)}. Your notes are still here.`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="card capture" onSubmit={save} noValidate>
      <ClientSelect
        clients={clients}
        value={draft.clientId}
        error={clientError}
        hint={clientsHint}
        selectRef={clientRef}
        onChange={(clientId) => {
          if (clientId) setClientError(null);
          edit({ ...draft, clientId });
        }}
      />
      <div class="field">
        <label for="notes">Notes</label>
        <textarea
          id="notes"
          rows={8}
          value={draft.notes}
          maxLength={MAX_NOTES_CHARS}
          onInput={(e) => edit({ ...draft, notes: e.currentTarget.value })}
        />
      </div>
      <fieldset class="items">
        <legend>Action items</legend>
        <ul>
          {draft.items.map((item, index) => (
            <ActionItemRow
              key={item.key}
              item={item}
              onChange={(next) => editItem(index, next)}
              onRemove={draft.items.length > 1 ? () => removeItem(index) : undefined}
            />
          ))}
        </ul>
        <button type="button" class="secondary" onClick={() => edit({ ...draft, items: [...draft.items, blankItem()] })}>
          Add action item
        </button>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          Save
        </button>
        <p class="saved" role="status">
          {saved ? 'Saved' : ''}
        </p>
      </div>
      {saveError && (
        <p class="error" role="alert">
          {saveError}
        </p>
      )}
    </form>
  );
}
