// An extension newer than the sheet's script: it learns what the script understands from hello,
// never sends it a field it lacks, and says in plain words that the script needs updating.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { capabilitiesOf, LEGACY_CAPABILITIES, type Capabilities } from '../../shared/api';
import { encodeConnectionCode } from '../../shared/connection';
import { ScriptUpdateNotice } from '../components/ScriptUpdateNotice';
import { connect } from './connect';
import { enqueue, flush } from './outbox';
import { missingFeatures, serverInfo } from './server';
import { connectionItem, outboxItem } from './storage';
import { refreshSync } from './sync';
import { stubWebApp } from '../test/helpers';

const code = encodeConnectionCode({ url: 'https://script.google.com/macros/s/X/exec', token: 'tok' });
const current = capabilitiesOf();
/** A script that does not know session.notes yet. */
const older = { ops: { ...current.ops, capture: current.ops.capture!.filter((f) => f !== 'session.notes') } };
const helloWith = (capabilities: Capabilities | undefined, version = '0.1.9') => ({
  ok: true,
  coach: { coach_id: 'C1', name: 'Ada', role: 'coach' },
  sheet: { name: 'Program', timeZone: 'UTC' },
  server: capabilities === undefined ? { version } : { version, capabilities },
});

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

describe('server capabilities', () => {
  it("a script that names no capabilities understands only the first version's fields", () => {
    expect(serverInfo(helloWith(undefined), 1).capabilities).toBe(LEGACY_CAPABILITIES);
    expect(missingFeatures(serverInfo(helloWith(current), 1))).toEqual([]);
  });

  it('connected to a script without session.notes, a capture with notes is not sent and the coach is told to update the script', async () => {
    stubWebApp(helloWith(older));
    const connected = await connect(code);
    expect(connected.ok).toBe(true);
    const connection = (await connectionItem.getValue())!;
    expect(connection.server?.capabilities).toEqual(older);

    await enqueue({ session: { clientId: 'cli_1', startedAt: '2026-03-12', notes: 'Talked about transitions' } });
    const sent = stubWebApp({ ok: true, sessionId: 's', itemIds: [], clientId: 'cli_1', duplicate: false });
    await flush(connection);
    expect(sent).toHaveLength(0);
    const [entry] = await outboxItem.getValue();
    expect(entry).toMatchObject({ state: 'failed', lastError: { code: 'outdated' } });
    expect(entry!.lastError!.message).toContain('older than this extension');
    expect(entry!.lastError!.message).toContain('session.notes');
    expect(entry!.lastError!.message).toContain('update the sheet');

    const notice = ScriptUpdateNotice({ connection }) as { props: { role: string; children: string } } | null;
    expect(notice?.props.role).toBe('alert');
    expect(notice?.props.children).toMatch(/version 0\.1\.9\) is older than this extension and cannot save capture: session\.notes/);
  });

  it('a capture the script understands goes out as before', async () => {
    stubWebApp(helloWith(older));
    await connect(code);
    const connection = (await connectionItem.getValue())!;
    await enqueue({ session: { clientId: 'cli_1', startedAt: '2026-03-12' } });
    const sent = stubWebApp({ ok: true, sessionId: 's', itemIds: [], clientId: 'cli_1', duplicate: false });
    await flush(connection);
    expect(sent.map((r) => r.body.op)).toEqual(['capture']);
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('notices an updated script at the next refresh, and the notice goes', async () => {
    stubWebApp(helloWith(older));
    await connect(code);
    const sent = stubWebApp(helloWith(current, '0.2.0'), { ok: true, clients: [], goals: [], openItems: [], latestPrep: [] });
    await refreshSync((await connectionItem.getValue())!);
    expect(sent.map((r) => r.body.op)).toEqual(['hello', 'sync']);
    const connection = (await connectionItem.getValue())!;
    expect(connection.server).toMatchObject({ version: '0.2.0', capabilities: current });
    expect(ScriptUpdateNotice({ connection })).toBeNull();
  });
});
