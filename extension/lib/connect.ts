// Connecting the extension to a program's sheet with the code from an invitation.
import type { Response } from '../../shared/api';
import { decodeConnectionCode } from '../../shared/connection';
import { callWebApp } from './api';
import { describeApiError, describeThrown } from './errors';
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
  };
  // Another sheet's clients must not be offered for this one.
  if (previous?.url !== connection.url || previous.coach.coach_id !== connection.coach.coach_id) {
    await syncCacheItem.setValue(null);
  }
  await connectionItem.setValue(connection);
  return { ok: true, connection };
}

export async function disconnect(): Promise<void> {
  await connectionItem.setValue(null);
  await syncCacheItem.setValue(null);
}
