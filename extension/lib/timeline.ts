// The client timeline (issue 23): a client's sessions as the panel shows them, and corrections of them.
// The rows come from `clientData` (PRODUCT.md: every row about the client, for the client's coach and
// admins; confidential notes stay envelopes). The coach's own sessions can be corrected (editSession:
// only the session's own coach); after a handover the previous coach's sessions are shown read-only and
// their confidential notes are not shown (they are sealed with that coach's key). Corrections that still
// wait in the outbox are shown as they will be. Pure functions; ClientHistory.tsx loads and renders.
import type { ClientDataAnswer } from '../../shared/api';
import type { ItemStatus, Owner, SessionKind, WireRow } from '../../shared/schema';
import { formatTags, parseTagList } from '../../shared/tags';
import { dayOf } from './format';
import { encryptNote, NoteTooLongError } from './note-crypto';
import { KEY_MISSING_SAVE } from './confidential';
import type { KeyState } from './note-keys';
import type { EditEntry, EditFields } from './storage';

/** Sessions shown per page; "Show older" adds a page. */
export const PAGE_SIZE = 10;

export interface TimelineSession {
  /** The session as it will be once the corrections waiting in the outbox are delivered. */
  session: WireRow<'Sessions'>;
  /** Its action items (also as corrected), in the order they were written. */
  items: WireRow<'ActionItems'>[];
  /** Written by the coach looking at it: only these can be corrected. */
  own: boolean;
  /** A correction of it is in the outbox: waiting to be delivered, or refused by the sheet. */
  pending: 'waiting' | 'failed' | null;
  /** Its deletion waits in the outbox. */
  deleting: boolean;
}

export interface Timeline {
  /** Newest first; deleted sessions are left out. */
  sessions: TimelineSession[];
  /** The client is not (or no longer) the viewer's alone: sessions written by another coach are among them. */
  othersSessions: number;
  /** Of those, the confidential ones, whose notes are not shown. */
  othersConfidential: number;
}

function time(value: unknown): number {
  const t = Date.parse(String(value ?? ''));
  return Number.isNaN(t) ? 0 : t;
}

/** Minutes between start and end, or null without an end. */
export function durationOf(session: Pick<WireRow<'Sessions'>, 'started_at' | 'ended_at'>): number | null {
  const start = time(session.started_at);
  const end = time(session.ended_at);
  if (!start || !end || end < start) return null;
  return Math.round((end - start) / 60_000);
}

/** "45 min", "1 h", "1 h 15 min". */
export function durationLabel(minutes: number | null): string {
  if (minutes === null) return '';
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** The first line of the notes that says something, shortened to `max` characters. */
export function firstLine(text: string, max = 120): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** What an item's status says in the timeline. */
export const STATUS_WORDS: Record<ItemStatus, string> = {
  open: 'open',
  in_progress: 'in progress',
  done: 'done',
  derailed: 'derailed',
  dropped: 'dropped',
};

/** The session and its items with one correction applied (the request's values, as the sheet will hold them). */
function corrected(t: TimelineSession, request: EditFields, state: EditEntry['state'], now: string): TimelineSession {
  let session = t.session;
  const edit = request.session;
  if (edit) {
    session = {
      ...session,
      ...(edit.notes !== undefined ? { notes: edit.notes } : {}),
      ...(edit.confidential !== undefined ? { confidential: edit.confidential } : {}),
      ...(edit.kind !== undefined ? { kind: edit.kind } : {}),
      ...(edit.startedAt !== undefined ? { started_at: edit.startedAt } : {}),
      ...(edit.endedAt !== undefined ? { ended_at: edit.endedAt } : {}),
      ...(edit.tags !== undefined ? { tags: formatTags(edit.tags) } : {}),
      ...(edit.nextSessionAt !== undefined ? { next_session_at: edit.nextSessionAt } : {}),
    } as WireRow<'Sessions'>;
    const minutes = durationOf(session);
    session = { ...session, duration_min: minutes === null ? '' : minutes } as WireRow<'Sessions'>;
  }
  const changes = new Map((request.items ?? []).map((c) => [c.itemId, c]));
  const items = t.items.map((item) => {
    if (request.delete) return { ...item, status: 'dropped' } as WireRow<'ActionItems'>;
    const c = changes.get(item.item_id);
    if (!c) return item;
    return {
      ...item,
      ...(c.text !== undefined ? { text: c.text } : {}),
      ...(c.due !== undefined ? { due_date: c.due } : {}),
      ...(c.owner !== undefined ? { owner: c.owner } : {}),
      ...(c.status !== undefined ? { status: c.status, completed_at: c.status === 'done' ? item.completed_at || now : '' } : {}),
    } as WireRow<'ActionItems'>;
  });
  const pending = t.pending === 'failed' || state === 'failed' ? 'failed' : 'waiting';
  return { ...t, session, items, pending, deleting: t.deleting || request.delete === true };
}

/**
 * The client's sessions for the coach `coachId`, newest first, with the corrections still in the outbox
 * (`edits`, oldest first) applied. Deleted sessions are left out.
 */
export function buildTimeline(data: ClientDataAnswer, coachId: string, edits: readonly EditEntry[] = [], now = new Date()): Timeline {
  const itemsBySession = new Map<string, WireRow<'ActionItems'>[]>();
  for (const item of data.tabs.ActionItems) {
    const list = itemsBySession.get(item.session_id) ?? [];
    list.push(item);
    itemsBySession.set(item.session_id, list);
  }
  const at = now.toISOString();
  let sessions: TimelineSession[] = data.tabs.Sessions.filter((s) => !s.deleted_at).map((session) => ({
    session,
    items: itemsBySession.get(session.session_id) ?? [],
    own: session.coach_id === coachId,
    pending: null,
    deleting: false,
  }));
  for (const entry of edits) {
    sessions = sessions.map((t) =>
      t.own && t.session.session_id === entry.request.sessionId ? corrected(t, entry.request, entry.state, at) : t,
    );
  }
  sessions.sort((a, b) => time(b.session.started_at) - time(a.session.started_at));
  const others = sessions.filter((t) => !t.own);
  return { sessions, othersSessions: others.length, othersConfidential: others.filter((t) => t.session.confidential === true).length };
}

/** The sessions on the first `pages` pages. */
export function page<T>(sessions: readonly T[], pages: number): T[] {
  return sessions.slice(0, Math.max(1, pages) * PAGE_SIZE);
}

// ── Corrections ───────────────────────────────────────────────────────────────────────────────────────

export interface ItemForm {
  itemId: string;
  text: string;
  /** YYYY-MM-DD (the sheet's calendar) or ''. */
  due: string;
  owner: Owner;
  status: ItemStatus;
}

/** The correction form: what the coach sees and changes. Times are in the browser's zone, as the timer's. */
export interface CorrectionForm {
  /** The notes as words (decrypted when confidential); null when they cannot be read here (key missing). */
  notes: string | null;
  confidential: boolean;
  kind: SessionKind;
  /** YYYY-MM-DD of the start, browser's zone. */
  day: string;
  /** HH:MM of the start and of the end ('' without an end). */
  from: string;
  to: string;
  /** As typed: "#win #math". */
  tags: string;
  /** YYYY-MM-DD (the sheet's calendar) or ''. */
  nextSession: string;
  items: ItemForm[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD and HH:MM of an instant in the browser's zone. */
function localParts(iso: string): { day: string; hhmm: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { day: '', hhmm: '' };
  return { day: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, hhmm: `${pad(d.getHours())}:${pad(d.getMinutes())}` };
}

/** The instant of a local day and HH:MM (browser's zone), or null when either is incomplete. */
export function localInstant(day: string, hhmm: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!d || !t) return null;
  const date = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), 0, 0);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The form for a session as it is (notes already opened: null when this browser cannot read them). */
export function formOf(t: TimelineSession, notes: string | null, timeZone: string): CorrectionForm {
  const start = localParts(String(t.session.started_at));
  const end = t.session.ended_at ? localParts(String(t.session.ended_at)) : { day: '', hhmm: '' };
  return {
    notes,
    confidential: t.session.confidential === true,
    kind: (t.session.kind || 'coaching') as SessionKind,
    day: start.day,
    from: start.hhmm,
    to: end.hhmm,
    tags: parseTagList(t.session.tags)
      .map((tag) => `#${tag}`)
      .join(' '),
    nextSession: dayOf(t.session.next_session_at, timeZone),
    items: t.items.map((item) => ({
      itemId: item.item_id,
      text: String(item.text),
      due: dayOf(item.due_date, timeZone),
      owner: (item.owner || 'client') as Owner,
      status: (item.status || 'open') as ItemStatus,
    })),
  };
}

export type Correction =
  /** `request` null: nothing was changed. Notes are still words here (sealCorrection encrypts them). */
  { ok: true; request: EditFields | null } | { ok: false; field: string; message: string };

/** The same tags, whatever their order, case or '#'. */
const tagKey = (text: string) =>
  parseTagList(text)
    .map((t) => t.toLowerCase())
    .sort()
    .join(' ');
const sameTags = (a: string, b: string) => tagKey(a) === tagKey(b);

/**
 * The editSession request for what the coach changed between `before` (formOf the session) and `after`:
 * only the fields that differ, so a correction never rewrites what the coach did not touch. When the
 * Confidential flag changes, the notes go along (encrypted when turned on, as words when turned off).
 */
export function correctionOf(sessionId: string, before: CorrectionForm, after: CorrectionForm): Correction {
  const session: NonNullable<EditFields['session']> = {};
  if (after.confidential !== before.confidential) {
    if (before.notes === null) {
      return {
        ok: false,
        field: 'confidential',
        message: 'These notes cannot be read in this browser (key missing), so Confidential cannot be changed here.',
      };
    }
    session.confidential = after.confidential;
  }
  if (after.notes !== null && (after.notes !== before.notes || session.confidential !== undefined)) session.notes = after.notes;
  if (after.kind !== before.kind) session.kind = after.kind;
  if (after.day !== before.day || after.from !== before.from || after.to !== before.to) {
    const start = localInstant(after.day, after.from);
    if (!start) return { ok: false, field: 'from', message: 'Give the day and the time the session started.' };
    const end = after.to ? localInstant(after.day, after.to) : null;
    if (after.to && !end) return { ok: false, field: 'to', message: 'Not a time.' };
    if (end && end.getTime() < start.getTime()) return { ok: false, field: 'to', message: 'The end is before the start.' };
    if (after.day !== before.day || after.from !== before.from) session.startedAt = start.toISOString();
    if (after.day !== before.day || after.to !== before.to) session.endedAt = end ? end.toISOString() : '';
  }
  if (!sameTags(after.tags, before.tags)) session.tags = parseTagList(after.tags);
  if (after.nextSession !== before.nextSession) session.nextSessionAt = after.nextSession;

  const items: NonNullable<EditFields['items']> = [];
  for (const [n, item] of after.items.entries()) {
    const was = before.items.find((i) => i.itemId === item.itemId);
    if (!was) continue;
    if (!item.text.trim()) return { ok: false, field: `items.${n}.text`, message: 'An action item needs its text.' };
    const change: NonNullable<EditFields['items']>[number] = { itemId: item.itemId };
    if (item.text.trim() !== was.text) change.text = item.text.trim();
    if (item.due !== was.due) change.due = item.due;
    if (item.owner !== was.owner) change.owner = item.owner;
    if (item.status !== was.status) change.status = item.status;
    if (Object.keys(change).length > 1) items.push(change);
  }
  const changed = Object.keys(session).length > 0;
  if (!changed && !items.length) return { ok: true, request: null };
  return { ok: true, request: { sessionId, ...(changed ? { session } : {}), ...(items.length ? { items } : {}) } };
}

export type SealedCorrection = { ok: true; request: EditFields } | { ok: false; message: string };

/**
 * The correction as it may leave the panel: the notes of a session that is (or stays) confidential
 * encrypted with the coach's key, as for a capture (PRODUCT.md, "Confidential notes"). `confidential` is
 * the session's flag after the correction.
 */
export async function sealCorrection(request: EditFields, confidential: boolean, state: KeyState): Promise<SealedCorrection> {
  const notes = request.session?.notes;
  if (notes === undefined || !confidential) return { ok: true, request };
  if (!notes.trim()) return { ok: true, request: { ...request, session: { ...request.session, notes: '' } } };
  if (state.kind !== 'ready') return { ok: false, message: KEY_MISSING_SAVE };
  try {
    return { ok: true, request: { ...request, session: { ...request.session, notes: await encryptNote(notes, state.key) } } };
  } catch (error) {
    if (error instanceof NoteTooLongError) return { ok: false, message: error.message };
    throw error;
  }
}
