import { describe, expect, it } from 'vitest';
import { base64UrlFromBytes, bytesFromBase64Url } from '../../shared/connection';
import {
  confidentialNotesOk,
  envelopeLength,
  formatEnvelope,
  maxPlainBytes,
  parseEnvelope,
  parseRecoveryCode,
  formatRecoveryCode,
} from '../../shared/envelope';

const envelope = formatEnvelope({ keyId: 'AbCdEfGhIj_-', iv: new Uint8Array(12).fill(7), ciphertext: new Uint8Array(40).fill(9) });

describe('the ft-enc1 envelope', () => {
  it('is ft-enc1.<key id>.<iv>.<ciphertext>, base64url parts, and parses back', () => {
    expect(envelope).toBe(`ft-enc1.AbCdEfGhIj_-.${Buffer.alloc(12, 7).toString('base64url')}.${Buffer.alloc(40, 9).toString('base64url')}`);
    const parsed = parseEnvelope(envelope);
    expect(parsed.ok && parsed.envelope.keyId).toBe('AbCdEfGhIj_-');
    expect(parsed.ok && [...parsed.envelope.iv]).toEqual(new Array(12).fill(7));
    expect(parsed.ok && parsed.envelope.ciphertext.length).toBe(40);
    expect(envelopeLength(24)).toBe(envelope.length);
  });

  it.each([
    ['plain words', 'starts with "ft-enc1."'],
    ['ft-enc1.AbCdEfGhIj_-.abc', 'three parts'],
    ['ft-enc1.short.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA', 'key id'],
    [envelope.replace(/\.[^.]+$/, '.AAAA'), 'cut short'],
    [envelope.replace(/\.[^.]+$/, '.not base64!'), 'not base64url'],
    [`ft-enc1.AbCdEfGhIj_-.AAAA.${Buffer.alloc(40, 9).toString('base64url')}`, 'iv'],
  ])('names what is wrong with %j', (text, message) => {
    const parsed = parseEnvelope(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });

  it('lets a confidential session hold only an envelope or nothing', () => {
    expect(confidentialNotesOk(true, envelope)).toBe(true);
    expect(confidentialNotesOk(true, '')).toBe(true);
    expect(confidentialNotesOk(true, undefined)).toBe(true);
    expect(confidentialNotesOk(true, 'The words')).toBe(false);
    expect(confidentialNotesOk(true, 'ft-enc1.forged')).toBe(false);
    expect(confidentialNotesOk(false, 'The words')).toBe(true);
  });

  it('knows the longest notes whose envelope fits in a 50,000-character cell', () => {
    const n = maxPlainBytes(50_000);
    expect(envelopeLength(n)).toBeLessThanOrEqual(50_000);
    expect(envelopeLength(n + 1)).toBeGreaterThan(50_000);
  });

  it('writes and reads the recovery code, refusing a damaged one', () => {
    const raw = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const code = formatRecoveryCode(raw);
    expect(code).toBe(`ft-key1.${base64UrlFromBytes(raw)}`);
    expect(parseRecoveryCode(code)).toEqual({ ok: true, rawKey: raw });
    expect(parseRecoveryCode(code.replace('ft-key1.', 'ft-key2.'))).toMatchObject({ ok: false });
    expect(parseRecoveryCode(`${code.slice(0, -1)}!`)).toMatchObject({ ok: false, message: expect.stringContaining('damaged') });
    expect(bytesFromBase64Url(code.slice(8))).toEqual(raw);
  });
});
