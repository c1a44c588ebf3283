import { useEffect, useRef, useState } from 'preact/hooks';
import { parseTagList } from '../../shared/tags';
import { applyEditToCache } from '../lib/cache-update';
import { sendMessage } from '../lib/messaging';
import type { NoteKey } from '../lib/note-crypto';
import { dayOf, ownerWord } from '../lib/format';
import { enqueueEdit } from '../lib/outbox';
import type { EditFields, StoredConnection } from '../lib/storage';
import { durationLabel, STATUS_WORDS, type TimelineSession } from '../lib/timeline';
import { OTHERS_CONFIDENTIAL, sessionDate, useOpenedNotes } from './ClientHistory';
import { KIND_LABELS } from './SessionBar';
import { SessionCorrection } from './SessionCorrection';

interface Props {
  t: TimelineSession;
  keys: readonly NoteKey[];
  connection: StoredConnection;
  onBack: () => void;
}

function deliverSoon(): void {
  sendMessage('flushOutbox').catch((error: unknown) => console.warn('FollowThrough: background not reachable', error));
}

function clock(iso: unknown): string {
  const d = new Date(String(iso ?? ''));
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

function calendarDay(day: string): string {
  return day
    ? new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
    : '';
}

/**
 * One session of the client's history, whole: times, kind, the notes (decrypted when confidential), tags,
 * next session, the page it came from and every action item with its outcome. The coach's own session
 * offers Correct… and Delete…; both go through the outbox (editSession), delivered exactly once.
 */
export function HistorySession({ t, keys, connection, onBack }: Props) {
  const [mode, setMode] = useState<'view' | 'correct' | 'delete'>('view');
  const [queued, setQueued] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const s = t.session;
  const hidden = !t.own && s.confidential === true;
  const opened = useOpenedNotes(String(s.notes), keys, !hidden);
  const timeZone = connection.sheet.timeZone;
  useEffect(() => heading.current?.focus(), [mode]);
  /** Correct… and Delete… open their form; what was said of an earlier change goes. */
  const openForm = (next: 'correct' | 'delete') => {
    setQueued(null);
    setMode(next);
  };

  const queue = async (request: EditFields, said: string) => {
    await enqueueEdit(request, { clientId: String(s.client_id), startedAt: String(s.started_at) }, Date.now(), {
      url: connection.url,
      coachId: connection.coach.coach_id,
    });
    // The debrief is true at once (a closed item leaves it, a deleted session's notes go), even offline.
    await applyEditToCache(request, t.items).catch((e: unknown) => console.warn('FollowThrough: cache update', e));
    deliverSoon();
    setQueued(said);
    setMode('view');
  };

  if (mode === 'correct' && opened !== null) {
    return (
      <SessionCorrection
        t={t}
        notes={opened.ok ? opened.text : null}
        connection={connection}
        onCancel={() => setMode('view')}
        onQueued={(request) => queue(request, 'Correction saved: it is on its way to the sheet.')}
      />
    );
  }

  const duration = durationLabel(s.duration_min === '' ? null : Number(s.duration_min));
  const tags = parseTagList(s.tags);
  const next = calendarDay(dayOf(s.next_session_at, timeZone));
  return (
    <article class="history-session" aria-labelledby="history-session-title">
      <button type="button" class="link" onClick={onBack}>
        ← All sessions
      </button>
      <h3 id="history-session-title" tabIndex={-1} ref={heading}>
        {sessionDate(s.started_at)}
        {s.confidential === true && <span class="badge confidential-badge">Confidential</span>}
        {!t.own && <span class="badge other-badge">Another coach</span>}
      </h3>
      <dl class="details">
        <dt>Kind</dt>
        <dd>{KIND_LABELS[s.kind as keyof typeof KIND_LABELS] ?? String(s.kind)}</dd>
        <dt>Time</dt>
        <dd>
          {clock(s.started_at)}
          {s.ended_at ? `–${clock(s.ended_at)}` : ''}
          {duration ? ` (${duration})` : ''}
        </dd>
        {tags.length > 0 && (
          <>
            <dt>Tags</dt>
            <dd>{tags.map((tag) => `#${tag}`).join(' ')}</dd>
          </>
        )}
        {next && (
          <>
            <dt>Next session</dt>
            <dd>{next}</dd>
          </>
        )}
        {s.source_title && (
          <>
            <dt>From</dt>
            <dd>{String(s.source_title)}</dd>
          </>
        )}
      </dl>
      <h4>Notes</h4>
      {hidden ? (
        <p class="hint">{OTHERS_CONFIDENTIAL}</p>
      ) : opened === null ? (
        <p class="muted">Opening…</p>
      ) : opened.ok ? (
        opened.text.trim() ? (
          <p class="last-notes history-notes">{opened.text}</p>
        ) : (
          <p class="muted">No notes.</p>
        )
      ) : (
        <p class="hint">
          {opened.reason === 'missing_key' ? 'Key missing: import your recovery code in Settings to read these notes.' : opened.message}
        </p>
      )}
      <h4>Action items</h4>
      {t.items.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="history-items whole">
          {t.items.map((item) => {
            const due = calendarDay(dayOf(item.due_date, timeZone));
            return (
              <li key={item.item_id} class={`is-${String(item.status)}`}>
                {String(item.text)}
                <span class="muted">
                  {' · '}
                  {ownerWord(item.owner)}
                  {due ? ` · due ${due}` : ''}
                </span>{' '}
                <span class="outcome">{STATUS_WORDS[item.status as keyof typeof STATUS_WORDS] ?? String(item.status)}</span>
                {item.status_note ? <span class="muted"> — {String(item.status_note)}</span> : null}
              </li>
            );
          })}
        </ul>
      )}
      {queued && (
        <p class="saved" role="status">
          {queued}
        </p>
      )}
      {t.pending === 'waiting' && !queued && <p class="hint">A correction of this session is waiting to be delivered.</p>}
      {t.own && !t.deleting && mode === 'view' && (
        <div class="row">
          <button type="button" class="secondary" disabled={opened === null && !hidden} onClick={() => openForm('correct')}>
            Correct…
          </button>
          <button type="button" class="quiet" onClick={() => openForm('delete')}>
            Delete session…
          </button>
        </div>
      )}
      {t.own && mode === 'delete' && (
        <div class="warning-box" role="alertdialog" aria-labelledby="delete-title" aria-describedby="delete-words">
          <p id="delete-title">
            <strong>Delete this session?</strong>
          </p>
          <p id="delete-words">
            For a session saved by mistake. Its action items are dropped and no reminder, summary or dashboard counts it; the sheet keeps
            the row marked deleted.
          </p>
          <div class="row">
            <button
              type="button"
              class="danger"
              onClick={() =>
                void queue({ sessionId: String(s.session_id), delete: true }, 'Deletion saved: it is on its way to the sheet.')
              }
            >
              Delete session
            </button>
            <button type="button" class="secondary" onClick={() => setMode('view')}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {!t.own && <p class="hint">Only the coach who wrote a session can correct it.</p>}
    </article>
  );
}
