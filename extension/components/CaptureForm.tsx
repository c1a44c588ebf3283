import { useEffect, useRef, useState } from 'preact/hooks';
import { applySavedCaptureToCache } from '../lib/cache-update';
import { buildCapture, isBlank, setSessionDefaults, started, validateDraft } from '../lib/capture';
import { clearDraft, moveDraftTo, switchClient } from '../lib/drafts';
import { draftKey, isEmptyForm } from '../lib/capture';
import { sendMessage } from '../lib/messaging';
import { enqueue, type OutboxSummary } from '../lib/outbox';
import { dueParser, loadDueParser } from '../lib/due-dates';
import { absorbItemLines } from '../lib/quick-notes';
import { markCallSaved } from '../calls/background/reports';
import { participantAlias } from '../calls/draft';
import { noteKeysItem, type Draft, type StoredConnection, type SyncCache } from '../lib/storage';
import { sealCapture } from '../lib/confidential';
import { keyState, keysOf } from '../lib/note-keys';
import { useStored } from '../lib/use-stored';
import { LastSession } from './LastSession';
import { calendarDayIn } from '../../shared/dates';
import { engagementOf } from '../lib/engagement';
import type { EngagementContext } from '../lib/capture';
import { KindFields } from './KindFields';
import { OpenItemsGuard } from './OpenItemsGuard';
import { openItemsCheck } from '../lib/open-items';
import { planSteps } from '../lib/session-kinds';
import { SessionOutcome } from './SessionOutcome';
import { RecapFields, type PreviewResult } from './RecapFields';
import { previewRecap, RECAP_NOT_IN_SCRIPT, recapRecipient, scriptTakesRecap } from '../lib/recap-draft';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { sharedWords } from '../../shared/testimonials';
import { CallStatus } from './CallStatus';
import { ClientCard } from './ClientCard';
import { QuoteCaptions } from './QuoteCaptions';
import { SummaryButton } from './SummaryButton';
import { useCall } from './use-call';
import { ActionItems } from './ActionItems';
import { ClientPicker } from './ClientPicker';
import { Debrief } from './Debrief';
import { NewClientFields } from './NewClientFields';
import { NotesField } from './NotesField';
import { SaveBar } from './SaveBar';
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
  /** The notice stopped being true (the coach edited on). */
  onNoticeStale: () => void;
  connection: StoredConnection;
  delivery: OutboxSummary;
  /** Changes when a refused capture was brought back to be edited: every field's problem is shown. */
  checkAll?: number;
  /** Shows the chosen client's history (ClientHistory) in place of the form. */
  onHistory?: (clientId: string) => void;
}

/** Asks the background to deliver now; the outbox section shows how that goes. */
function deliverSoon(): void {
  sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
}

/** A field the keyboard rules below apply to (not buttons, links or the form itself). */
function isField(target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** The field key of validateDraft for an element of the form, from its id. */
function fieldOf(id: string): string | null {
  const fixed: Record<string, string> = {
    client: 'clientId',
    'new-name': 'newClient.name',
    'new-email': 'newClient.email',
    'next-session': 'nextSessionAt',
    'outcome-start': 'kind.packageStart',
    'outcome-end': 'kind.packageEnd',
    'outcome-reason': 'kind.reason',
    'outcome-plan': 'kind.plan',
  };
  if (fixed[id]) return fixed[id]!;
  const item = /^(.+)-(text|due)$/.exec(id);
  if (item) return `items.${item[1]}.${item[2]}`;
  const link = /^(res-.+)-(url|title)$/.exec(id);
  return link ? `resources.${link[1]}.${link[2]}` : null;
}

/** The element to focus for a field key (the reverse of fieldOf). */
function elementOf(field: string): HTMLElement | null {
  const fixed: Record<string, string> = {
    clientId: 'client',
    'newClient.name': 'new-name',
    'newClient.email': 'new-email',
    nextSessionAt: 'next-session',
    'kind.packageStart': 'outcome-start',
    'kind.packageEnd': 'outcome-end',
    'kind.reason': 'outcome-reason',
    'kind.plan': 'outcome-plan',
  };
  const item = /^items\.(.+)\.(text|due)$/.exec(field);
  const goal = /^kind\.goals\.(.+)\.(title|targetDate)$/.exec(field);
  const link = /^resources\.(.+)\.(url|title)$/.exec(field);
  const id = fixed[field] ?? (item ? `${item[1]}-${item[2]}` : goal ? `kg-${goal[1]}-title` : link ? `${link[1]}-${link[2]}` : '');
  return (
    (id && document.getElementById(id)) ||
    (field === 'endedAt' ? document.querySelector<HTMLElement>('input[aria-label="Ended at"]') : null)
  );
}

export function CaptureForm({
  api,
  cache,
  clientsHint,
  timeZone,
  notice,
  onNoticeStale,
  connection,
  delivery,
  checkAll = 0,
  onHistory,
}: Props) {
  const { draft } = api;
  const live = useCall(api, cache, connection.coach.name);
  // Fields whose problems are shown: those the coach left, or all of them after a Save attempt.
  const [checked, setChecked] = useState<ReadonlySet<string> | 'all'>(new Set<string>());
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const keyring = useStored(noteKeysItem);
  const clientRef = useRef<HTMLSelectElement | null>(null);
  const nameRef = useRef<HTMLInputElement | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  const [focusClient, setFocusClient] = useState(false);
  /** The engagement context of the last render, for effects. */
  const contextRef = useRef<EngagementContext>({ stage: '', renewalDue: false });
  /** After a switch away from a client with unsaved words: offer to bring them along. */
  const [offer, setOffer] = useState<{ fromKey: string; toKey: string; fromName: string } | null>(null);
  const ready = draft !== null;
  useEffect(() => {
    // For bench/panel.ts: the form is filled in and usable.
    if (ready) performance.mark('ft-interactive');
  }, [ready]);
  useEffect(() => {
    // Ctrl/Cmd+Enter saves from anywhere in the panel, whatever has the focus.
    const onKey = (e: KeyboardEvent) => {
      // (Not inside a dialog, e.g. the summary preview, which has its own buttons.)
      const inDialog = e.target instanceof Element && e.target.closest('dialog');
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.isComposing && formRef.current && !inDialog) {
        e.preventDefault();
        formRef.current.requestSubmit();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    // After a Save the next thing a coach does is choose the next client.
    if (!focusClient) return;
    (clientRef.current ?? nameRef.current)?.focus();
    setFocusClient(false);
  }, [focusClient, draft]);
  useEffect(() => {
    if (!checkAll) return;
    setChecked('all');
    // Edit of a refused capture: the caret goes to the first field with a problem, else the notes.
    const first = draft ? Object.keys(validateDraft(draft, contextRef.current))[0] : undefined;
    setTimeout(() => (first ? elementOf(first) : document.getElementById('notes'))?.focus(), 0);
  }, [checkAll]);
  const byDefault = cache ? cache.settings?.confidentialByDefault === true : undefined;
  useEffect(() => {
    // The program's setting `confidential_by_default`: new sessions start confidential. A form the coach
    // has not typed in yet follows it when it becomes known; the coach's own choice is kept after that.
    if (byDefault === undefined) return;
    setSessionDefaults({ confidentialByDefault: byDefault });
    const current = api.draft;
    if (current && current.confidential !== byDefault && isBlank({ ...current, confidential: byDefault })) {
      api.edit({ ...current, confidential: byDefault });
    }
  }, [byDefault, ready]);
  if (!draft) return null;
  const today = calendarDayIn(new Date(), timeZone);
  const engagement = draft.clientId && !draft.newClient ? engagementOf(cache, draft.clientId, timeZone, today) : null;
  const context: EngagementContext = { stage: engagement?.stage ?? '', renewalDue: engagement?.renewalDue ?? false };
  const allErrors = validateDraft(draft, context);
  const errors = Object.fromEntries(
    Object.entries(allErrors).filter(
      ([field]) => (checked === 'all' ? true : checked.has(field)) && !(field === 'clientId' && checked !== 'all'),
    ),
  );

  contextRef.current = context;
  const clients = cache?.clients ?? [];
  const openItems = (cache?.openItems ?? []).filter((i) => draft.clientId && i.client_id === draft.clientId);
  const prep = draft.clientId ? cache?.latestPrep.find((p) => p.client_id === draft.clientId) : undefined;
  // Whose items are the client's: lines with the client's name (or an alias) as their subject.
  const chosenClient = clients.find((c) => c.client_id === draft.clientId);
  const clientNames = draft.newClient
    ? [draft.newClient.name]
    : chosenClient
      ? [chosenClient.name, ...String(chosenClient.aliases ?? '').split(/[;\n]/)].map((n) => n.trim()).filter(Boolean)
      : [];
  const lastSession = draft.clientId ? (cache?.lastSessions ?? []).find((s) => s.client_id === draft.clientId) : undefined;
  const goals = (cache?.goals ?? []).filter(
    (g) => draft.clientId && g.client_id === draft.clientId && (g.status === 'open' || g.status === 'maintenance'),
  );
  const takesRecap = scriptTakesRecap(connection.server?.capabilities);
  const recipient = takesRecap
    ? recapRecipient(
        // A client the capture creates gets emails on (the add-on's capture).
        draft.newClient ? { name: draft.newClient.name, email: draft.newClient.email, reminders: true } : (chosenClient ?? null),
      )
    : { reason: RECAP_NOT_IN_SCRIPT };
  const clientName = draft.newClient?.name.trim() || chosenClient?.name || '';

  const edit = (next: Draft) => {
    setSaved(false);
    if (notice) onNoticeStale();
    // The coach's first keystroke starts the session's timer.
    api.edit(started(next));
  };
  const nameOfKey = (key: string) => (key ? (clients.find((c) => c.client_id === key)?.name ?? 'the other client') : 'no client');
  const chooseClient = (clientId: string, newClient: Draft['newClient'] = null) => {
    setSaved(false);
    const fromKey = draftKey(draft);
    const leavesWords = fromKey !== '' && fromKey !== clientId && !isEmptyForm(draft);
    setOffer(leavesWords ? { fromKey, toKey: clientId, fromName: nameOfKey(fromKey) } : null);
    void api
      .run(async (current) => {
        const next = await switchClient(current, clientId);
        return newClient && !next.newClient ? { ...next, newClient } : next;
      })
      .then(() => {
        if (newClient) nameRef.current?.focus();
      });
  };

  /** The recap the add-on would send for the form as it is now, from the very request Save would queue. */
  const recapNow = async (): Promise<PreviewResult> => {
    const now = new Date();
    const extractDue = dueParser() ?? (await loadDueParser());
    const complete = absorbItemLines(draft, now, timeZone, extractDue, undefined, clientNames).draft;
    const check = buildCapture(started(complete, now), extractDue, now, timeZone, clientNames, context);
    if (!check.ok) return { ok: false, message: `No preview yet: ${check.message}` };
    if ('reason' in recipient) return { ok: false, message: `No recap can be sent: ${recipient.reason}` };
    const signoff = cache?.settings?.clientSignoff ?? DEFAULT_SETTINGS.client_signoff;
    // The add-on's own rule of whose words leaders read (shared/testimonials.ts), on the client's latest answer.
    const words = draft.newClient ? null : sharedWords(prep);
    return {
      ok: true,
      to: recipient.to,
      recap: previewRecap(check.fields, { clientName, coachName: connection.coach.name, timeZone, signoff, sharedWords: words }),
    };
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (saving) return;
    const now = new Date();
    const extractDue = dueParser() ?? (await loadDueParser());
    const complete = absorbItemLines(draft, now, timeZone, extractDue, undefined, clientNames).draft;
    const check = buildCapture(complete, extractDue, now, timeZone, clientNames, context);
    if (complete !== draft) api.edit(complete);
    if (!check.ok) {
      setSaved(false);
      setChecked('all');
      // The first problem's field takes the focus once its message is shown.
      setTimeout(() => elementOf(check.field)?.focus(), 0);
      return;
    }
    setSaving(true);
    try {
      // A confidential session's notes are encrypted here, before the capture enters the outbox.
      const sealed = await sealCapture(check.fields, keyState(keyring, connection));
      if (!sealed.ok) {
        setSaved(false);
        setSaveError(`Not saved: ${sealed.message} Your notes are still here.`);
        return;
      }
      await enqueue(
        sealed.fields,
        Date.now(),
        { url: connection.url, coachId: connection.coach.coach_id },
        planSteps(complete, context.renewalDue),
      );
      // What the coach said in the debrief is true at once (a closed item leaves the open items), and so
      // is the stage move, package and goals of the session's outcome.
      await applySavedCaptureToCache(sealed.fields).catch((e: unknown) => console.warn('FollowThrough: cache update', e));
      if (complete.call) await markCallSaved(complete.call.id).catch(() => undefined);
      await api.run((current) => clearDraft(current));
      setChecked(new Set<string>());
      setOffer(null);
      setSaveError(null);
      setSaved(true);
      setFocusClient(true);
      deliverSoon();
    } catch (error) {
      setSaveError(`Could not save: ${error instanceof Error ? error.message : String(error)}. Your notes are still here.`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      ref={formRef}
      class={`card capture${draft.confidential ? ' confidential' : ''}`}
      onSubmit={save}
      noValidate
      aria-label="Session capture"
      onFocusOut={(e) => {
        // A field the coach leaves shows its problem, if any (not while typing in it).
        const field = e.target instanceof HTMLElement ? fieldOf(e.target.id) : null;
        if (field && checked !== 'all' && !checked.has(field)) setChecked(new Set([...checked, field]));
      }}
      onKeyDown={(e) => {
        if (!isField(e.target)) return;
        // Enter in a one-line field never submits the form (browsers' implicit submission): only Save
        // and Ctrl/Cmd+Enter save. Item rows handle Enter themselves (the next row).
        if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && e.target instanceof HTMLInputElement) e.preventDefault();
        // Escape leaves the field; Tab goes on from where it was.
        if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement && e.target.type === 'search' && e.target.value)) {
          e.target.blur();
        }
      }}
    >
      {live.call && <CallStatus call={live.call} draft={draft} coachName={connection.coach.name} onTake={live.take} />}
      {draft.newClient ? (
        <NewClientFields
          value={draft.newClient}
          error={errors['newClient.name'] ?? null}
          emailError={errors['newClient.email'] ?? null}
          nameRef={nameRef}
          clients={clients}
          onChange={(newClient) => edit({ ...draft, newClient })}
          onChoose={(clientId) => {
            // The typed name was an existing client: the form goes on with that client.
            void api.run(async (current) => switchClient({ ...current, newClient: null }, clientId));
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
          error={errors.clientId ?? null}
          hint={clientsHint}
          selectRef={clientRef}
          onChange={(clientId) => chooseClient(clientId)}
          onNewClient={() => chooseClient('', { name: '', email: '', organization: '' })}
          proposal={draft.call?.proposedClientId ? { clientId: draft.call.proposedClientId, reason: draft.call.reason } : null}
          alias={participantAlias(draft) ?? null}
        />
      )}
      {offer && offer.toKey === draft.clientId && (
        <div class="move-offer" role="status">
          <p>Your unsaved words stay in {offer.fromName}’s draft.</p>
          <div class="row">
            <button
              type="button"
              class="secondary"
              onClick={() => {
                const from = offer.fromKey;
                setOffer(null);
                void api.run((current) => moveDraftTo(current, from)).then(() => document.getElementById('notes')?.focus());
              }}
            >
              Move them to {draft.newClient ? draft.newClient.name || 'the new client' : nameOfKey(draft.clientId)}
            </button>
            <button type="button" class="quiet" onClick={() => setOffer(null)}>
              Keep them there
            </button>
          </div>
        </div>
      )}
      {!draft.newClient && (
        <div class="client-links">
          {draft.clientId && onHistory && (
            <button type="button" class="link" onClick={() => onHistory(draft.clientId)}>
              History…
            </button>
          )}
          <SummaryButton connection={connection} client={clients.find((c) => c.client_id === draft.clientId)} />
        </div>
      )}
      {engagement && (
        <ClientCard
          key={draft.clientId}
          engagement={engagement}
          timeZone={timeZone}
          owner={{ url: connection.url, coachId: connection.coach.coach_id }}
        />
      )}
      {draft.source && (
        <SourceLine
          source={draft.source}
          onRemove={() => edit({ ...draft, source: null, call: draft.call ? { ...draft.call, detached: true } : null })}
        />
      )}
      {notice && (
        <p class="hint notice" role="status">
          {notice}
        </p>
      )}
      <SessionBar draft={draft} onChange={edit} />
      <KindFields draft={draft} stage={context.stage} errors={errors} onChange={edit} />
      <Debrief
        key={draft.clientId}
        items={openItems}
        prep={prep}
        value={draft.debrief}
        timeZone={timeZone}
        onChange={(debrief) => edit({ ...draft, debrief })}
      >
        {lastSession && <LastSession session={lastSession} keys={keysOf(keyring, connection)} />}
      </Debrief>
      <NotesField draft={draft} timeZone={timeZone} clientNames={clientNames} onChange={edit} />
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
      <ActionItems
        items={draft.items}
        goals={goals}
        errors={errors}
        clientNames={clientNames}
        onChange={(items) => edit({ ...draft, items })}
      />
      <SessionOutcome
        draft={draft}
        renewalDue={context.renewalDue}
        packageEnd={engagement?.pkg?.end ?? ''}
        today={today}
        errors={errors}
        onChange={edit}
      />
      <SessionWrapUp draft={draft} error={errors.nextSessionAt ?? null} onChange={edit} />
      <RecapFields
        draft={draft}
        firstName={clientName.split(/\s+/)[0] ?? ''}
        blocked={'reason' in recipient ? recipient.reason : null}
        canLink={takesRecap}
        errors={errors}
        onChange={edit}
        onPreview={recapNow}
      />
      <OpenItemsGuard
        check={openItemsCheck(openItems, draft, planSteps(draft, context.renewalDue), cache?.settings?.maxOpenItems)}
        clientName={chosenClient?.name ?? 'The client'}
        onClose={(itemId, status) =>
          edit({ ...draft, debrief: { ...draft.debrief, [itemId]: { status, note: draft.debrief[itemId]?.note ?? '' } } })
        }
      />
      {saveError && (
        <p class="error" role="alert">
          {saveError}
        </p>
      )}
      <SaveBar saving={saving} saved={saved} delivery={delivery} />
    </form>
  );
}
