// Connecting the extension to a program's sheet with the code from an invitation.
import type { Response } from '../../shared/api';
import { decodeConnectionCode } from '../../shared/connection';
import { callWebApp } from './api';
import { describeApiError, describeThrown } from './errors';
import { serverInfo } from './server';
import { connectionItem, syncCacheItem, type StoredConnection } from './storage';

export type ConnectResult = { ok: true; connection: StoredConnection } | { ok: false; message: string };

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
    coach: answer.coach,
    sheet: answer.sheet,
    connectedAt: now.toISOString(),
    server: serverInfo(answer, now.getTime()),
  };
  // Another sheet's clients must not be offered for this one.
  if (previous?.url !== connection.url || previous.coach.coach_id !== connection.coach.coach_id) {
    await syncCacheItem.setValue(null);
  }
  await connectionItem.setValue(connection);
  return { ok: true, connection };
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

export async function disconnect(): Promise<void> {
  await connectionItem.setValue(null);
  await syncCacheItem.setValue(null);
}
