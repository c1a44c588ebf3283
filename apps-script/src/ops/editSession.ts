// editSession: the session's own coach corrects a session after Save (notes, confidential flag, kind,
// times, tags, next session) and its items (text, due date, owner, status), or deletes a mistaken
// session: the row stays with deleted_at set and its items become `dropped`; every output ignores it.
// Everything is validated before the first write; fields given with the stored value change nothing,
// so a repeated request writes nothing more (updated = 0).
import type { EditSessionAnswer } from '../../../shared/api';
import { toCellDate } from '../../../shared/dates';
import type { Row } from '../../../shared/schema';
import { formatTags } from '../../../shared/tags';
import { confidentialNotesOk, ENVELOPE_PREFIX } from '../../../shared/envelope';
import { badRequest } from '../errors';
import { readTable, writeRows } from '../sheet';
import type { OpContext } from './context';

type Values = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** Sets the fields that differ; answers whether any did. */
function assign(row: Values, fields: Values): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || same(row[key], value)) continue;
    row[key] = value;
    changed = true;
  }
  return changed;
}

export function editSession({ ss, coach, request, timeZone, now }: OpContext<'editSession'>): EditSessionAnswer {
  const sessions = readTable(ss, 'Sessions');
  const index = sessions.rows.findIndex((s) => s.session_id === request.sessionId);
  const stored = index < 0 ? null : sessions.rows[index]!;
  if (!stored || stored.coach_id !== coach.coach_id) {
    throw badRequest('sessionId', `No session ${JSON.stringify(request.sessionId)} among the sessions you wrote.`);
  }
  if (stored.deleted_at !== '' && !request.delete) {
    throw badRequest('sessionId', 'This session was deleted; it can no longer be changed.');
  }
  const date = (text: string | undefined): Date | '' | undefined =>
    text === undefined ? undefined : text === '' ? '' : toCellDate(text, timeZone);

  // The session as it will be: checked whole before anything is written.
  const edit = request.session ?? {};
  const next: Row<'Sessions'> = { ...stored };
  const sessionChanged = assign(next as unknown as Values, {
    notes: edit.notes,
    confidential: edit.confidential,
    kind: edit.kind,
    started_at: date(edit.startedAt),
    ended_at: date(edit.endedAt),
    tags: edit.tags === undefined ? undefined : formatTags(edit.tags),
    next_session_at: date(edit.nextSessionAt),
  });
  // PRODUCT.md "Confidential notes": the one rule of shared/envelope.ts, as for a capture.
  if (!confidentialNotesOk(next.confidential === true, next.notes)) {
    throw badRequest('session.notes', `A confidential session's notes must be encrypted (an ${ENVELOPE_PREFIX} envelope) or empty.`);
  }
  if (!(next.started_at instanceof Date)) throw badRequest('session.startedAt', 'The session needs its start.');
  if (next.ended_at instanceof Date && next.ended_at.getTime() < next.started_at.getTime()) {
    throw badRequest(edit.endedAt !== undefined ? 'session.endedAt' : 'session.startedAt', 'The session cannot end before it started.');
  }
  next.duration_min =
    next.ended_at instanceof Date ? Math.max(0, Math.round((next.ended_at.getTime() - next.started_at.getTime()) / 60000)) : '';

  const items = readTable(ss, 'ActionItems');
  const itemIndex = new Map(items.rows.map((row, i) => [row.item_id, i]));
  const seen = new Set<string>();
  const changedItems: { index: number; row: Row<'ActionItems'> }[] = [];
  request.items.forEach((change, n) => {
    const i = itemIndex.get(change.itemId);
    const row = i === undefined ? undefined : items.rows[i];
    if (i === undefined || !row || row.session_id !== stored.session_id) {
      throw badRequest(`items.${n}.itemId`, `No action item ${JSON.stringify(change.itemId)} of this session.`);
    }
    if (seen.has(change.itemId)) throw badRequest(`items.${n}.itemId`, 'This item is listed twice.');
    seen.add(change.itemId);
    const copy: Row<'ActionItems'> = { ...row };
    const status = request.delete ? 'dropped' : change.status;
    if (assign(copy as unknown as Values, { text: change.text, due_date: date(change.due), owner: change.owner, status })) {
      if (status !== undefined) copy.completed_at = status === 'done' ? row.completed_at || now : '';
      copy.updated_at = now;
      changedItems.push({ index: i, row: copy });
    }
  });
  if (request.delete) {
    // Every item of a deleted session is dropped, also those the request does not list.
    items.rows.forEach((row, i) => {
      if (row.session_id !== stored.session_id || seen.has(row.item_id) || row.status === 'dropped') return;
      changedItems.push({ index: i, row: { ...row, status: 'dropped', completed_at: '', updated_at: now } });
    });
    if (next.deleted_at === '') next.deleted_at = now;
  }

  // Writes: the items, then the session.
  const sessionWritten = sessionChanged || next.deleted_at !== stored.deleted_at;
  for (const { index: i, row } of changedItems) items.rows[i] = row;
  writeRows(
    items,
    changedItems.map((c) => c.index),
  );
  if (sessionWritten) {
    next.updated_at = now;
    sessions.rows[index] = next;
    writeRows(sessions, [index]);
  }
  return { sessionId: stored.session_id, updated: changedItems.length + (sessionWritten ? 1 : 0) };
}
