// Connecting the extension to a program's sheet with the code from an invitation.
import type { Response } from '../../shared/api';
import { decodeConnectionCode } from '../../shared/connection';
import { callWebApp } from './api';
import { describeApiError, describeThrown } from './errors';
import { ensureNoteKey, forgetNoteKeys, type KeySetup } from './note-keys';
import { serverInfo } from './server';
import { clipsItem, connectionItem, draftsItem, recapNoticesItem, syncCacheItem, type StoredConnection } from './storage';

export type ConnectResult = { ok: true; connection: StoredConnection; key: KeySetup } | { ok: false; message: string };

/**
 * What this browser keeps of a connection besides the outbox: the cached clients, the drafts, page
 * clips and the notes key. Removed when the coach disconnects or another coach connects, so no coach
 * sees another's drafts or notes on a shared computer. Waiting captures stay, each sent only while
 * the coach who saved it is connected.
 */
async function forgetConnectionData(): Promise<void> {
  await syncCacheItem.setValue(null);
  await draftsItem.setValue({ active: '', byKey: {} });
  await clipsItem.setValue([]);
  // A notice of a recap not sent holds the capture it came from: the session's notes, the client's address.
  await recapNoticesItem.setValue([]);
  await forgetNoteKeys();
}

/**
 * Decodes the code, checks it with `hello` and stores the connection. On any failure the previous
 * connection stays as it was.
 */
export async function connect(code: string, now = new Date()): Promise<ConnectResult> {
  const decoded = decodeConnectionCode(code);
  if (!decoded.ok) return { ok: false, message: decoded.message };
  let answer: Response<'hello'>;
  try {
    answer = await callWebApp(decoded.connection, 'hello', {});
  } catch (error) {
    return { ok: false, message: describeThrown(error) };
  }
  if (!answer.ok) return { ok: false, message: describeApiError(answer.error) };
  const previous = await connectionItem.getValue();
  const connection: StoredConnection = {
    ...decoded.connection,
    coach: { ...answer.coach, note_key_id: answer.coach.note_key_id ?? '' },
    sheet: answer.sheet,
    connectedAt: now.toISOString(),
    server: serverInfo(answer, now.getTime()),
  };
  // Another sheet's clients, another coach's drafts and key must not be offered for this one.
  if (previous?.url !== connection.url || previous.coach.coach_id !== connection.coach.coach_id) {
    await forgetConnectionData();
  }
  await connectionItem.setValue(connection);
  const key = await ensureNoteKey(connection);
  return { ok: true, connection: (await connectionItem.getValue()) ?? connection, key };
}

/**
 * Asks the script again what it understands (`hello`) and keeps the answer, so a script updated (or
 * replaced by an older one) since connecting is noticed. On any failure the connection stays as it was.
 */
export async function refreshServer(connection: StoredConnection, now = Date.now()): Promise<StoredConnection> {
  let answer: Response<'hello'>;
  try {
    answer = await callWebApp({ url: connection.url, token: connection.token }, 'hello', {});
  } catch {
    return connection;
  }
  if (!answer.ok) return connection;
  const current = await connectionItem.getValue();
  // The coach may have connected elsewhere meanwhile: only this connection is updated.
  if (!current || current.url !== connection.url || current.token !== connection.token) return connection;
  const updated: StoredConnection = { ...current, coach: answer.coach, sheet: answer.sheet, server: serverInfo(answer, now) };
  await connectionItem.setValue(updated);
  return updated;
}

/**
 * Disconnects this browser: the notes key and the drafts of this connection are removed from it, and
 * then the connection. The pages say "Not connected." when the connection goes, so by then nothing of
 * the coach is left; a disconnect cut short leaves the coach connected, never another person's words
 * on a browser that says it is not connected.
 */
export async function disconnect(): Promise<void> {
  await forgetConnectionData();
  await connectionItem.setValue(null);
}
