// The cryptography of confidential notes: AES-GCM with a 256-bit key, through WebCrypto only
// (globalThis.crypto.subtle — in extension pages, service workers and Node 20, so local/cli/demo.ts
// encrypts the demo's confidential session with this same code). The envelope and recovery-code
// formats live in shared/envelope.ts. Nothing here touches storage or the network.
// Sources: W3C Web Cryptography API, AES-GCM (https://w3c.github.io/webcrypto/#aes-gcm): a 96-bit iv,
// the 128-bit tag appended to the ciphertext, decrypt rejects with OperationError when the tag does not
// verify; Node 20 exposes the same API as globalThis.crypto (https://nodejs.org/docs/latest-v20.x/api/webcrypto.html).
import { base64UrlFromBytes, bytesFromBase64Url, utf8Decode, utf8Encode } from '../../shared/connection';
import {
  envelopeAad,
  formatEnvelope,
  formatRecoveryCode,
  IV_BYTES,
  KEY_BYTES,
  KEY_ID_BYTES,
  maxPlainBytes,
  parseEnvelope,
  parseRecoveryCode,
} from '../../shared/envelope';

/** A notes key as the extension keeps it: the raw bytes (base64url) and their id. */
export interface NoteKey {
  keyId: string;
  /** base64url of the 32 raw key bytes. */
  raw: string;
}

/** Notes of a confidential session hold at most this many UTF-8 bytes, so their envelope fits in one 50,000-character cell. */
export const MAX_CONFIDENTIAL_NOTE_BYTES = maxPlainBytes(50_000);

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const imported = new Map<string, Promise<CryptoKey>>();

function rawBytes(key: NoteKey): Uint8Array {
  const bytes = bytesFromBase64Url(key.raw);
  if (bytes.length !== KEY_BYTES) throw new Error(`A notes key is ${KEY_BYTES} bytes.`);
  return bytes;
}

function cryptoKey(key: NoteKey): Promise<CryptoKey> {
  let found = imported.get(key.keyId);
  if (!found) {
    found = subtle().importKey('raw', rawBytes(key) as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    imported.set(key.keyId, found);
  }
  return found;
}

/** The key id: the first 9 bytes of SHA-256 of the raw key, base64url (12 characters). */
export async function keyIdOf(raw: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await subtle().digest('SHA-256', raw as BufferSource));
  return base64UrlFromBytes(digest.slice(0, KEY_ID_BYTES));
}

/** A new 256-bit AES-GCM key made by WebCrypto. */
export async function createNoteKey(): Promise<NoteKey> {
  const key = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const raw = new Uint8Array(await subtle().exportKey('raw', key));
  return { keyId: await keyIdOf(raw), raw: base64UrlFromBytes(raw) };
}

export function recoveryCodeOf(key: NoteKey): string {
  return formatRecoveryCode(rawBytes(key));
}

export type KeyFromCode = { ok: true; key: NoteKey } | { ok: false; message: string };

/** The key a recovery code holds. */
export async function keyFromRecoveryCode(code: string): Promise<KeyFromCode> {
  const parsed = parseRecoveryCode(code);
  if (!parsed.ok) return parsed;
  return { ok: true, key: { keyId: await keyIdOf(parsed.rawKey), raw: base64UrlFromBytes(parsed.rawKey) } };
}

export class NoteTooLongError extends Error {
  override readonly name = 'NoteTooLongError';
}

/** Encrypts notes into an `ft-enc1.` envelope (a fresh random iv each time). */
export async function encryptNote(text: string, key: NoteKey): Promise<string> {
  const plain = utf8Encode(text);
  if (plain.length > MAX_CONFIDENTIAL_NOTE_BYTES) {
    throw new NoteTooLongError(
      `Confidential notes hold at most ${MAX_CONFIDENTIAL_NOTE_BYTES.toLocaleString('en')} bytes once encrypted; these are ${plain.length.toLocaleString('en')}. Shorten them.`,
    );
  }
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await subtle().encrypt(
    { name: 'AES-GCM', iv: iv as BufferSource, additionalData: envelopeAad(key.keyId) as BufferSource, tagLength: 128 },
    await cryptoKey(key),
    plain as BufferSource,
  );
  return formatEnvelope({ keyId: key.keyId, iv, ciphertext: new Uint8Array(sealed) });
}

export type Decrypted =
  | { ok: true; text: string }
  /** missing_key: made with a key this browser does not hold · damaged: malformed, altered or not UTF-8. */
  | { ok: false; reason: 'missing_key' | 'damaged'; keyId: string | null; message: string };

/** Decrypts an envelope with whichever of `keys` made it. Never throws. */
export async function decryptNote(envelope: string, keys: readonly NoteKey[]): Promise<Decrypted> {
  const parsed = parseEnvelope(envelope);
  if (!parsed.ok) return { ok: false, reason: 'damaged', keyId: null, message: parsed.message };
  const { keyId, iv, ciphertext } = parsed.envelope;
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) {
    return {
      ok: false,
      reason: 'missing_key',
      keyId,
      message: `This note was encrypted with a key (id ${keyId}) that this browser does not have.`,
    };
  }
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: iv as BufferSource, additionalData: envelopeAad(keyId) as BufferSource, tagLength: 128 },
      await cryptoKey(key),
      ciphertext as BufferSource,
    );
    return { ok: true, text: utf8Decode(new Uint8Array(plain)) };
  } catch {
    return {
      ok: false,
      reason: 'damaged',
      keyId,
      message: 'This encrypted note was altered or damaged after it was saved: it does not match its key, so it cannot be read.',
    };
  }
}
