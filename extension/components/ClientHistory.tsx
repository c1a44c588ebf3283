import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ClientDataAnswer } from '../../shared/api';
import type { WireRow } from '../../shared/schema';
import { callWebApp } from '../lib/api';
import { openNotes } from '../lib/confidential';
import { describeApiError, describeThrown } from '../lib/errors';
import { clientLabel, plural } from '../lib/format';
import type { Decrypted, NoteKey } from '../lib/note-crypto';
import { keysOf } from '../lib/note-keys';
import { isEdit, noteKeysItem, outboxItem, type EditEntry, type StoredConnection } from '../lib/storage';
import { buildTimeline, durationLabel, firstLine, page, PAGE_SIZE, STATUS_WORDS, type TimelineSession } from '../lib/timeline';
import { useStored } from '../lib/use-stored';
import { HistorySession } from './HistorySession';
import { KIND_LABELS } from './SessionBar';

interface Props {
  connection: StoredConnection;
  clientId: string;
  clients: readonly WireRow<'Clients'>[];
  onClose: () => void;
}

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: ClientDataAnswer };

/** The session's notes as words: decrypted here when confidential (null while opening). */
export function useOpenedNotes(notes: string, keys: readonly NoteKey[], readable: boolean): Decrypted | null {
  const [opened, setOpened] = useState<Decrypted | null>(null);
  const keyIds = keys.map((k) => k.keyId).join(',');
  useEffect(() => {
    let live = true;
    setOpened(null);
    if (!readable) return;
    void openNotes(notes, keys).then((result) => {
      if (live) setOpened(result);
    });
    return () => {
      live = false;
    };
    // The notes and the keys held decide what is shown.
  }, [notes, keyIds, readable]);
  return opened;
}

/** "Tue 3 Mar 2026", in the browser's zone (the session's time, as the timer shows it). */
export function sessionDate(iso: unknown): string {
  const d = new Date(String(iso ?? ''));
  return Number.isNaN(d.getTime())
    ? ''
    : d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** What the timeline says instead of the notes of another coach's confidential session. */
export const OTHERS_CONFIDENTIAL = 'Confidential notes of the previous coach are not shown to you.';

function NotesLine({ t, keys }: { t: TimelineSession; keys: readonly NoteKey[] }) {
  const hidden = !t.own && t.session.confidential === true;
  const opened = useOpenedNotes(String(t.session.notes), keys, !hidden);
  if (hidden) return <p class="hint">{OTHERS_CONFIDENTIAL}</p>;
  if (opened === null) return <p class="hint">Opening…</p>;
  if (!opened.ok)
    return (
      <p class="hint">{opened.reason === 'missing_key' ? 'Key missing: import your recovery code to read these notes.' : opened.message}</p>
    );
  const line = firstLine(opened.text);
  return line ? <p class="history-line">{line}</p> : <p class="hint">No notes.</p>;
}

function Row({ t, keys, onOpen }: { t: TimelineSession; keys: readonly NoteKey[]; onOpen: () => void }) {
  const duration = durationLabel(t.session.duration_min === '' ? null : Number(t.session.duration_min));
  return (
    <li class={`history-row${t.deleting ? ' is-deleting' : ''}`}>
      <button type="button" class="history-open" onClick={onOpen}>
        <span class="history-head">
          <strong>{sessionDate(t.session.started_at)}</strong>
          <span class="muted">
            {' · '}
            {KIND_LABELS[t.session.kind as keyof typeof KIND_LABELS] ?? String(t.session.kind)}
            {duration ? ` · ${duration}` : ''}
          </span>
          {t.session.confidential === true && <span class="badge confidential-badge">Confidential</span>}
          {!t.own && <span class="badge other-badge">Another coach</span>}
        </span>
      </button>
      <NotesLine t={t} keys={keys} />
      {t.pending && (
        <p class={t.pending === 'failed' ? 'error' : 'hint'}>
          {t.pending === 'failed'
            ? 'The sheet did not accept a correction: see the top of the panel.'
            : t.deleting
              ? 'Deletion waiting to be delivered.'
              : 'Correction waiting to be delivered.'}
        </p>
      )}
      {t.items.length > 0 && (
        <ul class="history-items">
          {t.items.map((item) => (
            <li key={item.item_id} class={`is-${String(item.status)}`}>
              {String(item.text)}{' '}
              <span class="outcome">{STATUS_WORDS[item.status as keyof typeof STATUS_WORDS] ?? String(item.status)}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * The client's history in the panel: the coach's sessions with the client, newest first (date, kind,
 * duration, the first line of the notes — decrypted here when confidential — and the items with their
 * outcome), loaded from the sheet when opened (`clientData`) and shown a page at a time; a session opens
 * whole, and the coach's own can be corrected or deleted (through the outbox). After a handover the
 * previous coach's sessions are shown read-only, without their confidential notes.
 */
export function ClientHistory({ connection, clientId, clients, onClose }: Props) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [pages, setPages] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const keyring = useStored(noteKeysItem);
  const outbox = useStored(outboxItem);
  const keys = keysOf(keyring, connection);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const client = clients.find((c) => c.client_id === clientId);
  const me = connection.coach.coach_id;

  const fetchData = async (quiet: boolean) => {
    if (!quiet) setLoad({ state: 'loading' });
    try {
      const answer = await callWebApp(connection, 'clientData', { clientId });
      if (!answer.ok) return setLoad({ state: 'error', message: describeApiError(answer.error) });
      setLoad({ state: 'ready', data: answer });
    } catch (error) {
      setLoad({
        state: 'error',
        message: `${describeThrown(error)} The history needs the sheet; your corrections wait in the outbox meanwhile.`,
      });
    }
  };
  useEffect(() => {
    void fetchData(false);
    heading.current?.focus();
  }, [clientId]);

  // This coach's corrections of this client's sessions still in the outbox, oldest first.
  const edits = useMemo(
    () =>
      (outbox ?? []).filter(
        (e): e is EditEntry =>
          isEdit(e) && e.about.clientId === clientId && (!e.owner || (e.owner.url === connection.url && e.owner.coachId === me)),
      ),
    [outbox, clientId],
  );
  // A correction left the outbox (delivered or discarded): the sheet is read again.
  const inOutbox = edits.map((e) => e.captureId).join(',');
  const seen = useRef(inOutbox);
  useEffect(() => {
    const before = seen.current.split(',').filter(Boolean);
    seen.current = inOutbox;
    if (before.some((id) => !inOutbox.includes(id)) && load.state === 'ready') void fetchData(true);
  }, [inOutbox]);

  const timeline = load.state === 'ready' ? buildTimeline(load.data, me, edits) : null;
  const opened = timeline && openId ? timeline.sessions.find((t) => t.session.session_id === openId) : undefined;
  const name = client ? clientLabel(client) : 'this client';
  const handedOver = load.state === 'ready' && load.data.tabs.Clients[0]?.coach_id === me;

  return (
    <section class="card history" aria-labelledby="history-title">
      <div class="history-bar">
        <h2 id="history-title" tabIndex={-1} ref={heading}>
          History with {client?.name ?? 'this client'}
        </h2>
        <button type="button" class="secondary" onClick={onClose}>
          Back to the session
        </button>
      </div>
      {load.state === 'loading' && (
        <p class="muted" role="status">
          Loading the sessions from the sheet…
        </p>
      )}
      {load.state === 'error' && (
        <div role="alert">
          <p class="error">Could not load the history: {load.message}</p>
          <button type="button" class="secondary" onClick={() => void fetchData(false)}>
            Try again
          </button>
        </div>
      )}
      {timeline && opened && <HistorySession t={opened} keys={keys} connection={connection} onBack={() => setOpenId(null)} />}
      {timeline && !opened && (
        <>
          {timeline.othersSessions > 0 && (
            <p class="hint history-others" role="note">
              {handedOver
                ? `${name} was with another coach before you: their sessions are shown read-only.`
                : `Sessions written by ${name}’s coach are shown read-only.`}
              {timeline.othersConfidential > 0 && ` ${OTHERS_CONFIDENTIAL}`}
            </p>
          )}
          {timeline.sessions.length === 0 ? (
            <p class="muted">No sessions with {name} yet.</p>
          ) : (
            <>
              <p class="hint">
                {plural(timeline.sessions.length, 'session', 'sessions')}, newest first. Open one to see it whole
                {timeline.sessions.some((t) => t.own) ? ' and to correct or delete it' : ''}.
              </p>
              <ol class="history-list">
                {page(timeline.sessions, pages).map((t) => (
                  <Row key={t.session.session_id} t={t} keys={keys} onOpen={() => setOpenId(t.session.session_id)} />
                ))}
              </ol>
              {timeline.sessions.length > pages * PAGE_SIZE && (
                <button type="button" class="secondary" onClick={() => setPages(pages + 1)}>
                  Show older sessions ({Math.min(PAGE_SIZE, timeline.sessions.length - pages * PAGE_SIZE)} of{' '}
                  {timeline.sessions.length - pages * PAGE_SIZE})
                </button>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
