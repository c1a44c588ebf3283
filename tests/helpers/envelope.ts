// Confidential notes for Node-side tests, sealed synchronously with node:crypto's AES-256-GCM — an
// implementation independent of the extension's WebCrypto code, so a test that opens these envelopes
// in the panel also proves the format is plain AES-GCM as shared/envelope.ts describes it.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { base64UrlFromBytes } from '../../shared/connection';
import { envelopeAad, formatEnvelope, formatRecoveryCode, IV_BYTES, KEY_ID_BYTES } from '../../shared/envelope';

export interface TestKey {
  keyId: string;
  /** base64url of the raw key, as the extension stores it. */
  raw: string;
  recoveryCode: string;
}

export function testKey(): TestKey {
  const raw = randomBytes(32);
  const keyId = base64UrlFromBytes(createHash('sha256').update(raw).digest().subarray(0, KEY_ID_BYTES));
  return { keyId, raw: base64UrlFromBytes(raw), recoveryCode: formatRecoveryCode(raw) };
}

export function seal(text: string, key: TestKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key.raw, 'base64url'), iv);
  cipher.setAAD(envelopeAad(key.keyId));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return formatEnvelope({ keyId: key.keyId, iv, ciphertext: body });
}
