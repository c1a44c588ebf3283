import { useEffect, useRef, useState } from 'preact/hooks';
import { buildCapture } from '../lib/capture';
import { clearDraft, switchClient } from '../lib/drafts';
import { sendMessage } from '../lib/messaging';
import { enqueue } from '../lib/outbox';
import { dueParser, loadDueParser } from '../lib/due-dates';
import { absorbItemLines } from '../lib/quick-notes';
import { markCallSaved } from '../calls/background/reports';
import { participantAlias } from '../calls/draft';
import type { Draft, StoredConnection, SyncCache } from '../lib/storage';
import { CallStatus } from './CallStatus';
import { QuoteCaptions } from './QuoteCaptions';
import { SummaryButton } from './SummaryButton';
import { useCall } from './use-call';
import { ActionItems } from './ActionItems';
import { ClientPicker } from './ClientPicker';
import { Debrief } from './Debrief';
import { NewClientFields } from './NewClientFields';
import { NotesField } from './NotesField';
import { SessionBar } from './SessionBar';
import { SessionWrapUp } from './SessionWrapUp';
import { SourceLine } from './SourceLine';
import type { DraftsApi } from './use-drafts';

interface Props {
  api: DraftsApi;
  cache: SyncCache | null;
  clientsHint: string | null;
  timeZone: string;
  notice: string | null;
  connection: StoredConnection;
}

/** Asks the background to deliver now; the outbox section shows how that goes. */
function deliverSoon(): void {
  sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
}

export function CaptureForm({ api, cache, clientsHint, timeZone, notice, connection }: Props) {
  const { draft } = api;
  const live = useCall(api, cache, connection.coach.name);
  const [clientError, setClientError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const clientRef = useRef<HTMLSelectElement | null>(null);
  const nameRef = useRef<HTMLInputElement | null>(null);
  const ready = draft !== null;
  useEffect(() => {
    // For bench/panel.ts: the form is filled in and usable.
    if (ready) performance.mark('ft-interactive');
  }, [ready]);
  if (!draft) return null;

  const clients = cache?.clients ?? [];
  const openItems = (cache?.openItems ?? []).filter((i) => draft.clientId && i.client_id === draft.clientId);
  const prep = draft.clientId ? cache?.latestPrep.find((p) => p.client_id === draft.clientId) : undefined;
  const goals = (cache?.goals ?? []).filter((g) => draft.clientId && g.client_id === draft.clientId && (g.status === 'open' || g.status === 'maintenance'));

  const edit = (next: Draft) => {
    setSaved(false);
    api.edit(next);
  };
  const chooseClient = (clientId: string, newClient: Draft['newClient'] = null) => {
    setSaved(false);
    if (clientId || newClient) setClientError(null);
    void api.run(async (current) => {
      const next = await switchClient(current, clientId);
      return newClient && !next.newClient ? { ...next, newClient } : next;
    }).then(() => {
      if (newClient) nameRef.current?.focus();
    });
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    const now = new Date();
    const extractDue = dueParser() ?? (await loadDueParser());
    const complete = absorbItemLines(draft, now, timeZone, extractDue).draft;
    const check = buildCapture(complete, extractDue, now, timeZone);
    if (complete !== draft) api.edit(complete);
    if (!check.ok) {
      setSaved(false);
      setClientError(check.message);
      (check.field === 'clientId' ? clientRef : nameRef).current?.focus();
      return;
    }
    setSaving(true);
    try {
      await enqueue(check.fields);
      if (complete.call) await markCallSaved(complete.call.id).catch(() => undefined);
      await api.run((current) => clearDraft(current));
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
    <form class={`card capture${draft.confidential ? ' confidential' : ''}`} onSubmit={save} noValidate aria-label="Session capture">
      {live.call && <CallStatus call={live.call} draft={draft} coachName={connection.coach.name} onTake={live.take} />}
      {draft.newClient ? (
        <NewClientFields
          value={draft.newClient}
          error={clientError}
          nameRef={nameRef}
          onChange={(newClient) => {
            if (newClient.name.trim()) setClientError(null);
            edit({ ...draft, newClient });
          }}
          onCancel={() => {
            edit({ ...draft, newClient: null });
            setTimeout(() => clientRef.current?.focus(), 0);
          }}
        />
      ) : (
        <ClientPicker
          clients={clients}
          value={draft.clientId}
          error={clientError}
          hint={clientsHint}
          selectRef={clientRef}
          onChange={(clientId) => chooseClient(clientId)}
          onNewClient={() => chooseClient('', { name: '', email: '', organization: '' })}
          proposal={draft.call?.proposedClientId ? { clientId: draft.call.proposedClientId, reason: draft.call.reason } : null}
          alias={participantAlias(draft) ?? null}
        />
      )}
      {!draft.newClient && <SummaryButton connection={connection} clientId={draft.clientId} />}
      {draft.source && <SourceLine source={draft.source} onRemove={() => edit({ ...draft, source: null, call: draft.call ? { ...draft.call, detached: true } : null })} />}
      {notice && (
        <p class="hint notice" role="status">
          {notice}
        </p>
      )}
      <SessionBar draft={draft} onChange={edit} />
      <Debrief items={openItems} prep={prep} value={draft.debrief} onChange={(debrief) => edit({ ...draft, debrief })} />
      <NotesField draft={draft} timeZone={timeZone} onChange={edit} />
      {live.call && live.quotes && live.call.phase !== 'unavailable' && (
        <QuoteCaptions
          tabId={live.call.tabId}
          coachName={connection.coach.name}
          onInsert={(lines) => {
            const quoted = lines.map((l) => `> ${l.speaker ? `${l.speaker}: ` : ''}${l.text}`).join('\n');
            const notes = draft.notes.trimEnd();
            edit({ ...draft, notes: notes ? `${notes}\n${quoted}\n` : `${quoted}\n` });
            document.getElementById('notes')?.focus();
          }}
        />
      )}
      <ActionItems items={draft.items} goals={goals} onChange={(items) => edit({ ...draft, items })} />
      <SessionWrapUp draft={draft} onChange={edit} />
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
