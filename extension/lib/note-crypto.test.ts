import { describe, expect, it } from 'vitest';
import { bytesFromBase64Url, base64UrlFromBytes } from '../../shared/connection';
import { parseEnvelope } from '../../shared/envelope';
import {
  createNoteKey,
  decryptNote,
  encryptNote,
  keyFromRecoveryCode,
  keyIdOf,
  MAX_CONFIDENTIAL_NOTE_BYTES,
  NoteTooLongError,
  recoveryCodeOf,
} from './note-crypto';

const TEXT = 'Zoë said the board doubts her — 😬 #win\nsecond line';

describe('confidential note encryption (AES-GCM 256, WebCrypto)', () => {
  it('round-trips any text through an ft-enc1 envelope, with a fresh iv each time', async () => {
    const key = await createNoteKey();
    const a = await encryptNote(TEXT, key);
    const b = await encryptNote(TEXT, key);
    expect(a).toMatch(/^ft-enc1\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a.split('.')[1]).toBe(key.keyId);
    expect(a).not.toBe(b);
    expect(a).not.toContain('board');
    expect(await decryptNote(a, [key])).toEqual({ ok: true, text: TEXT });
    expect(await decryptNote(b, [key])).toEqual({ ok: true, text: TEXT });
  });

  it('names the key by a short hash of it: 12 characters, the same for the same key', async () => {
    const key = await createNoteKey();
    expect(key.keyId).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(await keyIdOf(bytesFromBase64Url(key.raw))).toBe(key.keyId);
    expect(bytesFromBase64Url(key.raw)).toHaveLength(32);
  });

  it('detects a changed byte anywhere in the ciphertext or iv, with a clear message', async () => {
    const key = await createNoteKey();
    const envelope = await encryptNote(TEXT, key);
    const [prefix, keyId, iv, sealed] = envelope.split('.') as [string, string, string, string];
    const bytes = bytesFromBase64Url(sealed);
    for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const changed = Uint8Array.from(bytes);
      changed[at] = changed[at]! ^ 0x01;
      const result = await decryptNote([prefix, keyId, iv, base64UrlFromBytes(changed)].join('.'), [key]);
      expect(result).toEqual({ ok: false, reason: 'damaged', keyId, message: expect.stringContaining('altered or damaged') });
    }
    const ivBytes = bytesFromBase64Url(iv);
    ivBytes[0] = ivBytes[0]! ^ 0x80;
    expect(await decryptNote([prefix, keyId, base64UrlFromBytes(ivBytes), sealed].join('.'), [key])).toMatchObject({
      ok: false,
      reason: 'damaged',
    });
    // A cut-off envelope is named as such before any decryption.
    expect(await decryptNote(envelope.slice(0, 40), [key])).toMatchObject({
      ok: false,
      reason: 'damaged',
      message: expect.stringMatching(/cut short|damaged|bytes/),
    });
  });

  it('binds the key id: an envelope relabelled with another key id does not open with that key', async () => {
    const mine = await createNoteKey();
    const other = await createNoteKey();
    const envelope = await encryptNote(TEXT, mine);
    const relabelled = envelope.replace(mine.keyId, other.keyId);
    expect(await decryptNote(relabelled, [mine, other])).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('says the key is missing when this browser lacks the key that made the note', async () => {
    const mine = await createNoteKey();
    const other = await createNoteKey();
    const envelope = await encryptNote(TEXT, mine);
    expect(await decryptNote(envelope, [other])).toEqual({
      ok: false,
      reason: 'missing_key',
      keyId: mine.keyId,
      message: expect.stringContaining('does not have'),
    });
  });

  it('brings the same key back from its recovery code', async () => {
    const key = await createNoteKey();
    const code = recoveryCodeOf(key);
    expect(code).toMatch(/^ft-key1\.[A-Za-z0-9_-]{43}$/);
    const back = await keyFromRecoveryCode(`  ${code.slice(0, 20)}\n${code.slice(20)} `);
    expect(back).toEqual({ ok: true, key });
    const envelope = await encryptNote(TEXT, key);
    expect(await decryptNote(envelope, [(back as { key: typeof key }).key])).toEqual({ ok: true, text: TEXT });
    expect(await keyFromRecoveryCode(code.slice(0, -3))).toMatchObject({ ok: false, message: expect.stringContaining('incomplete') });
    expect(await keyFromRecoveryCode('ft1.abc')).toMatchObject({ ok: false, message: expect.stringContaining('ft-key1.') });
  });

  it('refuses notes whose envelope would not fit in one sheet cell, and fits the longest allowed', async () => {
    const key = await createNoteKey();
    const longest = await encryptNote('x'.repeat(MAX_CONFIDENTIAL_NOTE_BYTES), key);
    expect(longest.length).toBeLessThanOrEqual(50_000);
    expect(parseEnvelope(longest).ok).toBe(true);
    await expect(encryptNote('x'.repeat(MAX_CONFIDENTIAL_NOTE_BYTES + 1), key)).rejects.toBeInstanceOf(NoteTooLongError);
  });
});
