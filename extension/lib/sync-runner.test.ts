import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SYNC_ALARM, SYNC_PERIOD_MINUTES, ensureSyncAlarm, registerSyncRefresh, runSync } from './sync-runner';
import { connectionItem, syncCacheItem } from './storage';
import { connection, stubWebApp } from '../test/helpers';

const answer = { ok: true, clients: [{ client_id: 'K1', name: 'Maya' }], goals: [], openItems: [], latestPrep: [] };
const hello = {
  ok: true,
  coach: connection.coach,
  sheet: connection.sheet,
  server: { version: '0.2.0', capabilities: { ops: { hello: [], sync: [] } } },
};
/** Each refresh asks hello first (what the script understands), then sync. */
const byOp = (r: { body: Record<string, unknown> }) => (r.body.op === 'hello' ? hello : answer);

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

describe('sync refresh', () => {
  it('plans a refresh every 15 minutes, once', async () => {
    await ensureSyncAlarm();
    await ensureSyncAlarm();
    const alarm = await fakeBrowser.alarms.get(SYNC_ALARM);
    expect(alarm?.periodInMinutes).toBe(SYNC_PERIOD_MINUTES);
    expect(SYNC_PERIOD_MINUTES).toBe(15);
  });

  it('refreshes the cache when connected, and does nothing otherwise', async () => {
    const sent = stubWebApp(byOp);
    expect(await runSync()).toBeNull();
    expect(sent).toHaveLength(0);
    await connectionItem.setValue(connection);
    const result = await runSync();
    expect(result?.ok).toBe(true);
    expect(sent.map((r) => r.body.op)).toEqual(['hello', 'sync']);
    expect((await connectionItem.getValue())?.server?.version).toBe('0.2.0');
    expect((await syncCacheItem.getValue())?.clients).toEqual(answer.clients);
  });

  it('refreshes when the alarm fires', async () => {
    await connectionItem.setValue(connection);
    const sent = stubWebApp(byOp);
    registerSyncRefresh();
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: Date.now(), periodInMinutes: 15 } as never);
    await vi.waitFor(() => expect(sent.map((r) => r.body.op)).toEqual(['hello', 'sync']));
  });
});
