import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { capabilitiesOf, LEGACY_CAPABILITIES } from '../../shared/api';
import { encodeConnectionCode } from '../../shared/connection';
import { connect, disconnect } from './connect';
import { createNoteKey, recoveryCodeOf } from './note-crypto';
import { clipsItem, connectionItem, draftsItem, noteKeysItem, recapNoticesItem, syncCacheItem } from './storage';
import { connection as previous, stubWebApp } from '../test/helpers';

const hello = {
  ok: true,
  coach: { coach_id: 'C9', name: 'Grace Coach', role: 'leader', note_key_id: '' },
  sheet: { name: 'Leadership Program', timeZone: 'America/Chicago' },
  server: { version: '0.1.0' },
};
/** A script of this version: it understands setNoteKey. */
const current = { ...hello, server: { version: '0.2.0', capabilities: capabilitiesOf() } };
const code = encodeConnectionCode({ url: 'http://127.0.0.1:8787/exec', token: 'tok-9' });

beforeEach(async () => {
  fakeBrowser.reset();
  await connectionItem.setValue(previous);
});
afterEach(() => vi.unstubAllGlobals());

describe('connect', () => {
  it("checks the code with hello, stores the connection, and makes the coach's notes key recording only its id", async () => {
    const sent = stubWebApp(current, (r: { body: Record<string, unknown> }) => ({ ok: true, note_key_id: r.body.keyId }));
    const result = await connect(`  ${code}\n`, new Date('2026-03-12T10:00:00Z'));
    expect(sent[0]!.body).toEqual({ v: 1, op: 'hello', token: 'tok-9' });
    const keyring = await noteKeysItem.getValue();
    const key = keyring!.keys[0]!;
    expect(sent[1]!.body).toEqual({ v: 1, op: 'setNoteKey', token: 'tok-9', keyId: key.keyId, replace: false });
    // The key itself is never sent.
    expect(JSON.stringify(sent)).not.toContain(key.raw);
    const stored = {
      url: 'http://127.0.0.1:8787/exec',
      token: 'tok-9',
      coach: { ...hello.coach, note_key_id: key.keyId },
      sheet: hello.sheet,
      connectedAt: '2026-03-12T10:00:00.000Z',
      server: { version: '0.2.0', capabilities: capabilitiesOf(), checkedAt: Date.parse('2026-03-12T10:00:00Z') },
    };
    expect(result).toEqual({ ok: true, connection: stored, key: { ok: true, created: true, state: { kind: 'ready', key } } });
    expect(await connectionItem.getValue()).toEqual(stored);
    expect(keyring).toMatchObject({ url: stored.url, coachId: 'C9', unsavedRecoveryKeyId: key.keyId });
  });

  it('sends no setNoteKey to a script that does not understand it; the key waits for an updated script', async () => {
    const sent = stubWebApp(hello);
    const result = await connect(code, new Date('2026-03-12T10:00:00Z'));
    expect(sent).toHaveLength(1);
    expect(result).toMatchObject({ ok: true, key: { ok: false, message: expect.stringContaining('update the sheet') } });
    expect((await connectionItem.getValue())!.server).toMatchObject({ capabilities: LEGACY_CAPABILITIES });
    expect(await noteKeysItem.getValue()).toBeNull();
  });

  it('asks for the recovery code instead of making a second key when the coach already has one', async () => {
    const sent = stubWebApp({ ...hello, coach: { ...hello.coach, note_key_id: 'AAAAAAAAAAAA' } });
    const result = await connect(code);
    expect(sent).toHaveLength(1);
    expect(result).toMatchObject({ ok: true, key: { ok: true, created: false, state: { kind: 'missing', keyId: 'AAAAAAAAAAAA' } } });
    expect(await noteKeysItem.getValue()).toBeNull();
  });

  it('learns of a key another browser recorded meanwhile and asks for its code', async () => {
    const refused = {
      ok: false,
      error: { code: 'bad_request', field: 'keyId', message: 'keyId: You already have a notes key (id BBBBBBBBBBBB).' },
    };
    stubWebApp(current, refused, { ...current, coach: { ...hello.coach, note_key_id: 'BBBBBBBBBBBB' } });
    const result = await connect(code);
    expect(result).toMatchObject({ ok: true, key: { ok: true, state: { kind: 'missing', keyId: 'BBBBBBBBBBBB' } } });
    expect(await noteKeysItem.getValue()).toBeNull();
    expect((await connectionItem.getValue())!.coach.note_key_id).toBe('BBBBBBBBBBBB');
  });

  it("removes the previous coach's drafts, clips and notes key when another coach connects", async () => {
    const key = await createNoteKey();
    await noteKeysItem.setValue({ url: previous.url, coachId: previous.coach.coach_id, keys: [key] });
    await draftsItem.setValue({ active: 'K1', byKey: { K1: { notes: 'Ada’s draft' } as never } });
    await clipsItem.setValue([{ id: 'c', kind: 'note', text: 'clip', title: '', url: '', at: 1 }]);
    stubWebApp({ ...hello, coach: { ...hello.coach, note_key_id: 'AAAAAAAAAAAA' } });
    await connect(code);
    expect(await draftsItem.getValue()).toEqual({ active: '', byKey: {} });
    expect(await clipsItem.getValue()).toEqual([]);
    expect(await noteKeysItem.getValue()).toBeNull();
    expect(recoveryCodeOf(key)).toMatch(/^ft-key1\./);
  });

  it('clears the cached clients of another sheet', async () => {
    await syncCacheItem.setValue({
      clients: [],
      goals: [],
      openItems: [],
      latestPrep: [],
      milestones: [],
      packages: [],
      lastSessions: [],
      settings: { confidentialByDefault: false, maxOpenItems: 5 },
      fetchedAt: 1,
    });
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

  it('disconnects, removing the notes key and the drafts from this browser', async () => {
    await noteKeysItem.setValue({ url: previous.url, coachId: previous.coach.coach_id, keys: [await createNoteKey()] });
    await draftsItem.setValue({ active: 'K1', byKey: { K1: { notes: 'Ada’s draft' } as never } });
    await recapNoticesItem.setValue([{ notes: 'Ada’s session notes' } as never]);
    // The moment the pages say "Not connected." (the connection gone), nothing of the coach is left.
    const leftWhenDisconnected: unknown[] = [];
    const unwatch = connectionItem.watch(async (value) => {
      if (value === null) leftWhenDisconnected.push(await noteKeysItem.getValue(), (await draftsItem.getValue()).byKey);
    });
    await disconnect();
    await expect.poll(() => leftWhenDisconnected).toEqual([null, {}]);
    unwatch();
    expect(await connectionItem.getValue()).toBeNull();
    expect(await noteKeysItem.getValue()).toBeNull();
    expect(await draftsItem.getValue()).toEqual({ active: '', byKey: {} });
    expect(await recapNoticesItem.getValue()).toEqual([]);
  });
});
