// A confidential session's notes leave the panel only as an envelope (PRODUCT.md, "Confidential
// notes"): sealed here before the capture enters the outbox, opened here for the coach's debrief or
// for Edit of a capture the sheet refused.
import { looksLikeEnvelope } from '../../shared/envelope';
import { decryptNote, encryptNote, NoteTooLongError, type Decrypted, type NoteKey } from './note-crypto';
import type { KeyState } from './note-keys';
import type { CaptureFields } from './storage';

type Fields = Omit<CaptureFields, 'captureId'>;

export type Sealed = { ok: true; fields: Fields } | { ok: false; message: string };

export const KEY_MISSING_SAVE =
  'Your notes key is not in this browser, so confidential notes cannot be encrypted. Import your recovery code in Settings, or turn Confidential off.';

/** The capture with a confidential session's notes encrypted (plain notes of other sessions are kept). */
export async function sealCapture(fields: Fields, state: KeyState): Promise<Sealed> {
  const { session } = fields;
  if (!session.confidential) return { ok: true, fields };
  const notes = session.notes ?? '';
  if (!notes.trim()) return { ok: true, fields: { ...fields, session: { ...session, notes: '' } } };
  if (state.kind !== 'ready') return { ok: false, message: KEY_MISSING_SAVE };
  try {
    return { ok: true, fields: { ...fields, session: { ...session, notes: await encryptNote(notes, state.key) } } };
  } catch (error) {
    if (error instanceof NoteTooLongError) return { ok: false, message: error.message };
    throw error;
  }
}

/** Notes as the coach reads them: an envelope is decrypted with the keys of this browser. */
export async function openNotes(notes: string, keys: readonly NoteKey[]): Promise<Decrypted> {
  return looksLikeEnvelope(notes) ? decryptNote(notes, keys) : { ok: true, text: notes };
}

export type Opened = { ok: true; fields: Fields } | { ok: false; message: string };

/** A queued capture with its notes readable again (Edit of a capture the sheet refused). */
export async function openCapture(fields: Fields, keys: readonly NoteKey[]): Promise<Opened> {
  const notes = fields.session.notes ?? '';
  if (!looksLikeEnvelope(notes)) return { ok: true, fields };
  const opened = await decryptNote(notes, keys);
  if (!opened.ok) return { ok: false, message: opened.message };
  return { ok: true, fields: { ...fields, session: { ...fields.session, notes: opened.text } } };
}
