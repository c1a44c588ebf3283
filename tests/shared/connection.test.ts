import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode, decodeConnectionCode, encodeConnectionCode } from '../../shared/connection';

describe('connection code', () => {
  it('is ft1. + unpadded base64url of {"url","token"}', () => {
    const code = encodeConnectionCode({ url: 'https://script.google.com/macros/s/AKfy/exec', token: 'ftk_123' });
    expect(code.startsWith('ft1.')).toBe(true);
    expect(code).not.toMatch(/[=+/]/);
    expect(JSON.parse(Buffer.from(code.slice(4), 'base64url').toString('utf8'))).toEqual({
      url: 'https://script.google.com/macros/s/AKfy/exec',
      token: 'ftk_123',
    });
  });

  it('round-trips any text the same way Node encodes it', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'Zoë ✓ 😀 مرحبا', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      expect(base64UrlEncode(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      expect(base64UrlDecode(base64UrlEncode(text))).toBe(text);
    }
  });

  it('decodes what it encodes, ignoring surrounding white space', () => {
    const connection = { url: 'http://127.0.0.1:8787/exec', token: 'ftk_x' };
    expect(decodeConnectionCode(`  ${encodeConnectionCode(connection)}\n`)).toEqual({ ok: true, connection });
  });

  it('accepts a code wrapped by a mail client or quoted in a message', () => {
    const connection = { url: 'https://script.google.com/macros/s/AKfycbx/exec', token: 'ftk_0123456789abcdef' };
    const code = encodeConnectionCode(connection);
    const wrapped = `${code.slice(0, 30)}\n  ${code.slice(30, 60)}\r\n${code.slice(60)}`;
    for (const pasted of [wrapped, `"${code}"`, `“${code}”`, `'${code}'`, `<${code}>`, `  \`${code}\`  `, `"${wrapped}"`]) {
      expect(decodeConnectionCode(pasted)).toEqual({ ok: true, connection });
    }
  });

  it.each([
    ['ft2.abc', 'starts with'],
    ['ft1.###', 'damaged'],
    [`ft1.${Buffer.from('{"url":"ftp://x","token":"t"}').toString('base64url')}`, 'http(s)'],
    [`ft1.${Buffer.from('{"url":"https://x"}').toString('base64url')}`, 'no web app address or token'],
  ])('explains what is wrong with %s', (code, words) => {
    const result = decodeConnectionCode(code);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(words);
  });
});
