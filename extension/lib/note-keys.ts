// The coach's confidential-notes key in this browser: made here when the coach has none yet (only its
// id goes to the sheet, with `setNoteKey`), brought here from another browser with the recovery code,
// replaced on request, and removed when the coach disconnects. The key never leaves this browser except
// as the recovery code the coach is shown.
import type { ApiError, Response } from '../../shared/api';
import { callWebApp } from './api';
import { describeApiError, describeThrown } from './errors';
import { createNoteKey, keyFromRecoveryCode, recoveryCodeOf, type NoteKey } from './note-crypto';
import { connectionItem, noteKeysItem, type NoteKeyring, type StoredConnection } from './storage';

export type KeyState =
  /** The key the sheet names is here: confidential notes can be saved and read. */
  | { kind: 'ready'; key: NoteKey }
  /** The sheet names a key this browser lacks: the coach imports its recovery code (or replaces it). */
  | { kind: 'missing'; keyId: string }
  /** No key was recorded for the coach yet (its setup failed or the sheet's script is older). */
  | { kind: 'none' };

/** The keys of this connection (none when the stored keyring belongs to another connection). */
export function keysOf(keyring: NoteKeyring | null | undefined, connection: Pick<StoredConnection, 'url' | 'coach'>): NoteKey[] {
  return keyring && keyring.url === connection.url && keyring.coachId === connection.coach.coach_id ? keyring.keys : [];
}

export function keyState(keyring: NoteKeyring | null | undefined, connection: Pick<StoredConnection, 'url' | 'coach'>): KeyState {
  const keyId = connection.coach.note_key_id ?? '';
  if (!keyId) return { kind: 'none' };
  const key = keysOf(keyring, connection).find((k) => k.keyId === keyId);
  return key ? { kind: 'ready', key } : { kind: 'missing', keyId };
}

async function storeKey(connection: StoredConnection, key: NoteKey, unsaved: boolean): Promise<void> {
  const current = await noteKeysItem.getValue();
  const kept = keysOf(current, connection).filter((k) => k.keyId !== key.keyId);
  await noteKeysItem.setValue({
    url: connection.url,
    coachId: connection.coach.coach_id,
    keys: [key, ...kept],
    ...(unsaved ? { unsavedRecoveryKeyId: key.keyId } : {}),
  });
}

async function recordKeyId(connection: StoredConnection, keyId: string): Promise<void> {
  const stored = await connectionItem.getValue();
  if (stored && stored.url === connection.url && stored.coach.coach_id === connection.coach.coach_id) {
    await connectionItem.setValue({ ...stored, coach: { ...stored.coach, note_key_id: keyId } });
  }
}

export type KeySetup = { ok: true; state: KeyState; created: boolean } | { ok: false; message: string };

/** A key made here and recorded by the sheet, or why the sheet did not record it (`error` when the sheet answered). */
type Made = { ok: true; key: NoteKey } | { ok: false; message: string; error?: ApiError };

/**
 * Makes a key in this browser and asks the sheet to record its id (`replace`: in place of the coach's
 * current key). Recorded: the key is kept here, its recovery code not yet saved, and the stored
 * connection names it.
 */
async function makeKey(connection: StoredConnection, replace: boolean): Promise<Made> {
  const key = await createNoteKey();
  let answer: Response<'setNoteKey'>;
  try {
    answer = await callWebApp(connection, 'setNoteKey', { keyId: key.keyId, replace });
  } catch (error) {
    return { ok: false, message: describeThrown(error) };
  }
  if (!answer.ok) return { ok: false, message: describeApiError(answer.error), error: answer.error };
  await storeKey(connection, key, true);
  await recordKeyId(connection, answer.note_key_id);
  return { ok: true, key };
}

/**
 * After connecting: when the sheet names no key for the coach, makes one in this browser and records its
 * id; when it names one this browser lacks, leaves it to the coach to import the recovery code (a second
 * key would leave the older notes unreadable in the other browser).
 */
export async function ensureNoteKey(connection: StoredConnection): Promise<KeySetup> {
  const state = keyState(await noteKeysItem.getValue(), connection);
  if (state.kind !== 'none') return { ok: true, state, created: false };
  const made = await makeKey(connection, false);
  if (made.ok) return { ok: true, state: { kind: 'ready', key: made.key }, created: true };
  // Another browser recorded a key meanwhile: ask for its recovery code instead of replacing it.
  if (made.error?.field === 'keyId') {
    const hello = await callWebApp(connection, 'hello', {}).catch(() => null);
    const recorded = hello?.ok ? hello.coach.note_key_id : '';
    if (recorded) {
      await recordKeyId(connection, recorded);
      return { ok: true, state: { kind: 'missing', keyId: recorded }, created: false };
    }
  }
  return { ok: false, message: made.message };
}

export type ImportResult = { ok: true; key: NoteKey; current: boolean } | { ok: false; message: string };

/**
 * Brings a key here from its recovery code. The key the sheet names becomes the one new notes use;
 * an older key is kept to read the notes saved with it.
 */
export async function importRecoveryCode(connection: StoredConnection, code: string): Promise<ImportResult> {
  const parsed = await keyFromRecoveryCode(code);
  if (!parsed.ok) return parsed;
  const current = parsed.key.keyId === connection.coach.note_key_id;
  await storeKey(connection, parsed.key, false);
  return { ok: true, key: parsed.key, current };
}

/**
 * Makes a new key and records it in place of the coach's current one (`replace`). Notes saved with
 * the old key stay readable only where the old key is (or with its recovery code).
 */
export async function replaceNoteKey(connection: StoredConnection): Promise<KeySetup> {
  const made = await makeKey(connection, true);
  return made.ok ? { ok: true, state: { kind: 'ready', key: made.key }, created: true } : { ok: false, message: made.message };
}

/** The recovery code of the connection's current key, or null when this browser lacks it. */
export async function currentRecoveryCode(connection: StoredConnection): Promise<string | null> {
  const state = keyState(await noteKeysItem.getValue(), connection);
  return state.kind === 'ready' ? recoveryCodeOf(state.key) : null;
}

/** The coach confirmed the recovery code is saved somewhere safe. */
export async function confirmRecoverySaved(): Promise<void> {
  const current = await noteKeysItem.getValue();
  if (current?.unsavedRecoveryKeyId) {
    const { unsavedRecoveryKeyId: _, ...rest } = current;
    await noteKeysItem.setValue(rest);
  }
}

export async function forgetNoteKeys(): Promise<void> {
  await noteKeysItem.setValue(null);
}
