import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FIRST_RETRY_MS } from './backoff';
import { enqueue } from './outbox';
import { OUTBOX_ALARM, runOutbox } from './outbox-runner';
import { connectionItem, outboxItem } from './storage';
import { captureOk, connection, stubWebApp } from '../test/helpers';

const fields = {
  session: { clientId: 'K1', startedAt: '2026-03-12T15:00:00Z' },
  actionItems: [],
};

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

describe('runOutbox', () => {
  it('does not send anything while not connected, and plans no wake-up', async () => {
    const sent = stubWebApp(captureOk);
    await enqueue(fields);
    const summary = await runOutbox();
    expect(sent).toHaveLength(0);
    expect(summary.waiting).toBe(1);
    expect(await fakeBrowser.alarms.get(OUTBOX_ALARM)).toBeUndefined();
  });

  it('plans the next attempt with the alarm after a failure and clears it once delivered', async () => {
    await connectionItem.setValue(connection);
    stubWebApp(new Error('offline'));
    await enqueue(fields);
    const summary = await runOutbox();
    const alarm = await fakeBrowser.alarms.get(OUTBOX_ALARM);
    // The earliest retry, or 30 s from now (Chrome's minimum) when that comes later.
    expect(alarm!.scheduledTime).toBeGreaterThanOrEqual(summary.nextAttemptAt!);
    expect(alarm!.scheduledTime - summary.nextAttemptAt!).toBeLessThan(1000);
    expect(alarm!.scheduledTime - Date.now()).toBeGreaterThan(FIRST_RETRY_MS - 1000);

    const [entry] = await outboxItem.getValue();
    await outboxItem.setValue([{ ...entry!, nextAttemptAt: Date.now() }]);
    stubWebApp(captureOk);
    await runOutbox();
    expect(await outboxItem.getValue()).toEqual([]);
    expect(await fakeBrowser.alarms.get(OUTBOX_ALARM)).toBeUndefined();
  });
});
