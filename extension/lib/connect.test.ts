import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { LEGACY_CAPABILITIES } from '../../shared/api';
import { encodeConnectionCode } from '../../shared/connection';
import { connect, disconnect } from './connect';
import { connectionItem, syncCacheItem } from './storage';
import { connection as previous, stubWebApp } from './test-helpers';

const hello = {
  ok: true,
  coach: { coach_id: 'C9', name: 'Grace Coach', role: 'leader' },
  sheet: { name: 'Leadership Program', timeZone: 'America/Chicago' },
  server: { version: '0.1.0' },
};
const code = encodeConnectionCode({ url: 'http://127.0.0.1:8787/exec', token: 'tok-9' });

beforeEach(async () => {
  fakeBrowser.reset();
  await connectionItem.setValue(previous);
});
afterEach(() => vi.unstubAllGlobals());

describe('connect', () => {
  it('checks the code with hello and stores the connection', async () => {
    const sent = stubWebApp(hello);
    const result = await connect(`  ${code}\n`, new Date('2026-03-12T10:00:00Z'));
    expect(sent[0]!.body).toEqual({ v: 1, op: 'hello', token: 'tok-9' });
    const stored = {
      url: 'http://127.0.0.1:8787/exec',
      token: 'tok-9',
      coach: hello.coach,
      sheet: hello.sheet,
      connectedAt: '2026-03-12T10:00:00.000Z',
      // A script that names no capabilities understands the first version's fields only.
      server: { version: '0.1.0', capabilities: LEGACY_CAPABILITIES, checkedAt: Date.parse('2026-03-12T10:00:00Z') },
    };
    expect(result).toEqual({ ok: true, connection: stored });
    expect(await connectionItem.getValue()).toEqual(stored);
  });

  it('clears the cached clients of another sheet', async () => {
    await syncCacheItem.setValue({ clients: [], goals: [], openItems: [], latestPrep: [], milestones: [], packages: [], settings: { confidentialByDefault: false, maxOpenItems: 5 }, fetchedAt: 1 });
    stubWebApp(hello);
    await connect(code);
    expect(await syncCacheItem.getValue()).toBeNull();
  });

  it('rejects a damaged code without calling the web app and keeps the previous connection', async () => {
    const sent = stubWebApp(hello);
    const result = await connect('not-a-code');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('ft1.');
    expect(sent).toHaveLength(0);
    expect(await connectionItem.getValue()).toEqual(previous);
  });

  it('reports an unreachable web app and keeps the previous connection', async () => {
    stubWebApp(new Error('offline'));
    const result = await connect(code);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('Could not reach the web app') });
    // It names the address it tried, so a wrong deployment URL in the code can be seen.
    expect(!result.ok && result.message).toContain('at http://127.0.0.1:8787/exec');
    expect(await connectionItem.getValue()).toEqual(previous);
  });

  it('reports a revoked token and keeps the previous connection', async () => {
    stubWebApp({ ok: false, error: { code: 'unauthorized', message: 'Unknown or revoked token.' } });
    const result = await connect(code);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('revoked') });
    expect(await connectionItem.getValue()).toEqual(previous);
  });

  it('disconnects', async () => {
    await disconnect();
    expect(await connectionItem.getValue()).toBeNull();
  });
});
