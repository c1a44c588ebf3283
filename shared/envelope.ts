// Confidential notes (PRODUCT.md, "Confidential notes"): the one home of the envelope a confidential
// session's `notes` cell holds, and of the coach's recovery code. Formats and parsing only — the
// encryption itself (AES-GCM 256 with WebCrypto) is done by the coach's extension
// (extension/lib/note-crypto.ts); the sheet, the add-on and the local runtime never hold a key.
//
//   envelope:      ft-enc1.<key id>.<iv>.<ciphertext>      every part base64url without padding
//   key id:        the first 9 bytes of SHA-256(raw key) → 12 characters (names the key, reveals nothing)
//   iv:            12 random bytes (the GCM nonce size NIST SP 800-38D §8.2 recommends)
//   ciphertext:    AES-GCM output: the UTF-8 text encrypted, then its 16-byte authentication tag
//                  (WebCrypto appends the tag: https://w3c.github.io/webcrypto/#aes-gcm-operations)
//   associated data: the text `ft-enc1.<key id>`, so a key id swapped into an envelope fails to decrypt
//   recovery code: ft-key1.<raw 32-byte key>               base64url, 43 characters after the prefix
import { base64UrlFromBytes, bytesFromBase64Url, utf8Encode } from './connection';

export const ENVELOPE_PREFIX = 'ft-enc1.';
export const RECOVERY_PREFIX = 'ft-key1.';
export const KEY_BYTES = 32;
export const KEY_ID_BYTES = 9;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** 12 base64url characters: what `setNoteKey.keyId` and Coaches.note_key_id hold. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

export interface Envelope {
  keyId: string;
  iv: Uint8Array;
  /** The encrypted text followed by the GCM tag. */
  ciphertext: Uint8Array;
}

export type EnvelopeParse = { ok: true; envelope: Envelope } | { ok: false; message: string };

/** True for text that claims to be an envelope (it may still be damaged: see parseEnvelope). */
export function looksLikeEnvelope(text: string): boolean {
  return text.startsWith(ENVELOPE_PREFIX);
}

export function isKeyId(text: string): boolean {
  return KEY_ID_PATTERN.test(text);
}

export function formatEnvelope(envelope: Envelope): string {
  return `${ENVELOPE_PREFIX}${envelope.keyId}.${base64UrlFromBytes(envelope.iv)}.${base64UrlFromBytes(envelope.ciphertext)}`;
}

/** Reads an envelope's parts; a malformed one gets a message saying what is wrong. Never throws. */
export function parseEnvelope(text: string): EnvelopeParse {
  if (!looksLikeEnvelope(text)) return { ok: false, message: `An encrypted note starts with "${ENVELOPE_PREFIX}".` };
  const parts = text.slice(ENVELOPE_PREFIX.length).split('.');
  if (parts.length !== 3) return { ok: false, message: 'An encrypted note has three parts after "ft-enc1." (key id, iv, ciphertext).' };
  const [keyId, iv, ciphertext] = parts as [string, string, string];
  if (!isKeyId(keyId)) return { ok: false, message: 'The key id of this encrypted note is damaged.' };
  let ivBytes: Uint8Array;
  let cipherBytes: Uint8Array;
  try {
    ivBytes = bytesFromBase64Url(iv);
    cipherBytes = bytesFromBase64Url(ciphertext);
  } catch {
    return { ok: false, message: 'This encrypted note is damaged (not base64url).' };
  }
  if (ivBytes.length !== IV_BYTES) return { ok: false, message: `The iv of an encrypted note is ${IV_BYTES} bytes.` };
  if (cipherBytes.length < TAG_BYTES) return { ok: false, message: 'This encrypted note is cut short.' };
  return { ok: true, envelope: { keyId, iv: ivBytes, ciphertext: cipherBytes } };
}

/** The associated data an envelope's ciphertext is bound to. */
export function envelopeAad(keyId: string): Uint8Array {
  return utf8Encode(`${ENVELOPE_PREFIX}${keyId}`);
}

/** Length in characters of the envelope of `plainBytes` bytes of UTF-8 text. */
export function envelopeLength(plainBytes: number): number {
  const b64 = (n: number) => Math.ceil((n * 4) / 3);
  return ENVELOPE_PREFIX.length + 12 + 1 + b64(IV_BYTES) + 1 + b64(plainBytes + TAG_BYTES);
}

/** The most UTF-8 bytes of notes whose envelope still fits in `cellChars` characters (a sheet cell). */
export function maxPlainBytes(cellChars: number): number {
  let n = Math.floor(((cellChars - envelopeLength(0)) * 3) / 4);
  while (n > 0 && envelopeLength(n) > cellChars) n -= 1;
  return Math.max(0, n);
}

/**
 * Whether `notes` may be stored for a session with the given confidentiality: a confidential
 * session's notes are empty or a well-formed envelope, never plain words.
 */
export function confidentialNotesOk(confidential: boolean, notes: string | undefined): boolean {
  return !confidential || !notes || parseEnvelope(notes).ok;
}

export function formatRecoveryCode(rawKey: Uint8Array): string {
  if (rawKey.length !== KEY_BYTES) throw new Error(`A notes key is ${KEY_BYTES} bytes.`);
  return RECOVERY_PREFIX + base64UrlFromBytes(rawKey);
}

export type RecoveryParse = { ok: true; rawKey: Uint8Array } | { ok: false; message: string };

/** Reads a recovery code as the coach pastes it (white space and line breaks inside are ignored). */
export function parseRecoveryCode(input: string): RecoveryParse {
  const code = input.replace(/\s+/g, '');
  if (!code.startsWith(RECOVERY_PREFIX)) {
    return { ok: false, message: `A recovery code starts with "${RECOVERY_PREFIX}" — copy the whole code you saved.` };
  }
  let bytes: Uint8Array;
  try {
    bytes = bytesFromBase64Url(code.slice(RECOVERY_PREFIX.length));
  } catch {
    return { ok: false, message: 'This recovery code is damaged — copy it again, all of it.' };
  }
  if (bytes.length !== KEY_BYTES) return { ok: false, message: 'This recovery code is incomplete — copy it again, all of it.' };
  return { ok: true, rawKey: bytes };
}
