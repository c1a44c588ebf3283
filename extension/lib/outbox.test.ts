import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FIRST_RETRY_MS, MAX_RETRY_MS, backoffMs } from './backoff';
import { enqueue, enqueueEdit, flush, retry, sendWaitingNow, summarize, waitingCount } from './outbox';
import { outboxItem, syncCacheItem, type CaptureEntry } from './storage';
import { captureOk, connection, stubWebApp } from '../test/helpers';

const fields = (notes = 'Talked about goals') => ({
  session: {
    clientId: 'K1',
    kind: 'coaching' as const,
    startedAt: '2026-03-12T15:00:00.000Z',
    endedAt: '2026-03-12T15:45:00.000Z',
    source: 'manual' as const,
    notes,
    confidential: false,
    tags: [],
  },
  actionItems: [{ text: 'Draft the plan', owner: 'client' as const, due: '2026-03-19' }],
});

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('enqueue', () => {
  it('returns at once without the network and persists the capture', async () => {
    const sent = stubWebApp(captureOk);
    const entry = await enqueue(fields(), 1000);
    expect(sent).toHaveLength(0);
    expect(entry.captureId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await outboxItem.getValue()).toEqual([
      {
        captureId: entry.captureId,
        request: { ...fields(), captureId: entry.captureId },
        createdAt: 1000,
        attempts: 0,
        nextAttemptAt: 1000,
        state: 'waiting',
      },
    ]);
    expect(await waitingCount()).toBe(1);
  });
});

describe('flush', () => {
  /** A capture whose delivery failed offline once: a flush before its backoff sends nothing; the next answer accepts it. */
  async function backingOff() {
    const sent = stubWebApp(new Error('offline'), captureOk);
    await enqueue(fields());
    await flush(connection);
    await flush(connection);
    expect(sent).toHaveLength(1);
    return sent;
  }

  it('sends the capture with the token and removes it when the web app accepts it', async () => {
    const sent = stubWebApp(captureOk);
    const entry = await enqueue(fields());
    const summary = await flush(connection);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(connection.url);
    expect(sent[0]!.init.method).toBe('POST');
    expect(sent[0]!.init.headers).toEqual({ 'content-type': 'text/plain;charset=utf-8' });
    expect(sent[0]!.body).toEqual({ v: 1, op: 'capture', token: 'secret-token', captureId: entry.captureId, ...fields() });
    expect(await outboxItem.getValue()).toEqual([]);
    expect(summary).toEqual({ waiting: 0, failed: 0, nextAttemptAt: null });
  });

  it('keeps the capture after a network failure, counts the attempt and backs off', async () => {
    stubWebApp(new Error('offline'));
    await enqueue(fields());
    const before = Date.now();
    await flush(connection);
    const [entry] = await outboxItem.getValue();
    expect(entry).toMatchObject({ state: 'waiting', attempts: 1, lastError: { code: 'transport' } });
    expect(entry!.nextAttemptAt).toBeGreaterThanOrEqual(before + FIRST_RETRY_MS);
  });

  it('treats a non-JSON answer as a transport error', async () => {
    stubWebApp('<html>Sign in</html>');
    await enqueue(fields());
    await flush(connection);
    expect((await outboxItem.getValue())[0]).toMatchObject({ state: 'waiting', attempts: 1, lastError: { code: 'transport' } });
  });

  it('does not resend a capture before its backoff has passed, then delivers it', async () => {
    const sent = await backingOff();
    const [entry] = await outboxItem.getValue();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(entry!.nextAttemptAt);
    await flush(connection);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body.captureId).toBe(entry!.captureId);
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('"Send now" makes backing-off captures due at once, keeping their attempt count', async () => {
    const sent = await backingOff();
    await sendWaitingNow();
    expect((await outboxItem.getValue())[0]).toMatchObject({ attempts: 1, state: 'waiting' });
    await flush(connection);
    expect(sent).toHaveLength(2);
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('retries busy and internal answers with backoff', async () => {
    stubWebApp({ ok: false, error: { code: 'busy', message: 'Sheet is busy.' } });
    await enqueue(fields());
    await flush(connection);
    expect((await outboxItem.getValue())[0]).toMatchObject({ state: 'waiting', attempts: 1, lastError: { code: 'busy' } });
  });

  it('marks a refused capture failed and does not retry it on its own', async () => {
    const refusal = { ok: false, error: { code: 'bad_request', field: 'session.clientId', message: 'session.clientId: Unknown client.' } };
    const sent = stubWebApp(refusal);
    await enqueue(fields());
    await flush(connection);
    const [entry] = await outboxItem.getValue();
    expect(entry).toMatchObject({ state: 'failed', attempts: 1, lastError: refusal.error });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + MAX_RETRY_MS * 10);
    await flush(connection);
    expect(sent).toHaveLength(1);
    expect(summarize(await outboxItem.getValue())).toEqual({ waiting: 0, failed: 1, nextAttemptAt: null });
  });

  it.each(['bad_json', 'too_large', 'unauthorized'])('marks %s as failed', async (code) => {
    stubWebApp({ ok: false, error: { code, message: 'No.' } });
    await enqueue(fields());
    await flush(connection);
    expect((await outboxItem.getValue())[0]).toMatchObject({ state: 'failed', lastError: { code } });
  });

  it('delivers each capture once when flushes run concurrently', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent = stubWebApp(async (request: { body: Record<string, unknown> }) => {
      await gate;
      return captureOk(request as Parameters<typeof captureOk>[0]);
    });
    const a = await enqueue(fields('one'));
    const b = await enqueue(fields('two'));
    const flushes = [flush(connection), flush(connection), flush(connection)];
    // A capture queued while the first flush is under way is picked up by that same run.
    const c = await enqueue(fields('three'));
    const lateFlush = flush(connection);
    release();
    await Promise.all([...flushes, lateFlush]);
    expect(sent.map((r) => r.body.captureId)).toEqual([a.captureId, b.captureId, c.captureId]);
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('keeps captures queued meanwhile when removing a delivered one', async () => {
    let queued: Promise<unknown> = Promise.resolve();
    stubWebApp(
      async (request: { body: Record<string, unknown> }) => {
        queued = enqueue(fields('during delivery'));
        await queued;
        return captureOk(request as Parameters<typeof captureOk>[0]);
      },
      { ok: false, error: { code: 'busy', message: 'Busy.' } },
    );
    await enqueue(fields('first'));
    await flush(connection);
    const left = await outboxItem.getValue();
    expect(left).toHaveLength(1);
    expect((left[0] as CaptureEntry).request.session.notes).toBe('during delivery');
  });
});

describe('retry', () => {
  it('puts a failed capture back in line and the next flush delivers it', async () => {
    const sent = stubWebApp({ ok: false, error: { code: 'unauthorized', message: 'Revoked.' } }, captureOk);
    const entry = await enqueue(fields());
    await flush(connection);
    expect((await outboxItem.getValue())[0]!.state).toBe('failed');
    await retry(entry.captureId);
    const [requeued] = await outboxItem.getValue();
    expect(requeued).toMatchObject({ state: 'waiting', attempts: 0 });
    expect(requeued!.lastError).toBeUndefined();
    await flush(connection);
    expect(sent).toHaveLength(2);
    expect(await outboxItem.getValue()).toEqual([]);
  });
});

describe('backoffMs', () => {
  it('doubles from 30 s and stops at 30 min', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(7)).toBe(MAX_RETRY_MS);
    expect(backoffMs(500)).toBe(MAX_RETRY_MS);
  });
});

describe('corrections (editSession)', () => {
  const about = { clientId: 'K1', startedAt: '2026-03-12T15:00:00.000Z' };
  const editOk = (request: { body: Record<string, unknown> }) => ({ ok: true, sessionId: request.body.sessionId, updated: 1 });

  it('queues a correction without the network and sends it as editSession with the token', async () => {
    const sent = stubWebApp(editOk);
    const entry = await enqueueEdit(
      { sessionId: 'S1', session: { kind: 'observation' }, items: [{ itemId: 'I1', status: 'done' }] },
      about,
      1000,
    );
    expect(sent).toHaveLength(0);
    expect(entry).toMatchObject({ op: 'editSession', about, state: 'waiting', attempts: 0 });
    await flush(connection);
    expect(sent.map((r) => r.body)).toEqual([
      {
        v: 1,
        op: 'editSession',
        token: 'secret-token',
        sessionId: 'S1',
        session: { kind: 'observation' },
        items: [{ itemId: 'I1', status: 'done' }],
      },
    ]);
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('sends the corrections of one session in the order they were made, each after the one before was accepted', async () => {
    // The first answer is lost (network), so the first correction is tried again before the second goes.
    const sent = stubWebApp(new Error('offline'), editOk);
    await enqueueEdit({ sessionId: 'S1', items: [{ itemId: 'I1', status: 'done' }] }, about, 1000);
    await enqueueEdit({ sessionId: 'S1', items: [{ itemId: 'I1', status: 'open' }] }, about, 1000);
    await enqueueEdit({ sessionId: 'S2', session: { notes: 'other session' } }, about, 1000);
    await flush(connection);
    // S1's first correction failed and backs off; S1's second waits for it; S2's is independent.
    expect(sent.map((r) => [r.body.sessionId, (r.body.items as { status: string }[] | undefined)?.[0]?.status ?? null])).toEqual([
      ['S1', 'done'],
      ['S2', null],
    ]);
    await sendWaitingNow();
    await flush(connection);
    expect(sent.slice(2).map((r) => (r.body.items as { status: string }[])[0]!.status)).toEqual(['done', 'open']);
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('keeps a refused correction for the coach, and the later corrections of that session behind it', async () => {
    const sent = stubWebApp(
      {
        ok: false,
        error: { code: 'bad_request', message: 'sessionId: No session "S1" among the sessions you wrote.', field: 'sessionId' },
      },
      editOk,
    );
    await enqueueEdit({ sessionId: 'S1', delete: true }, about);
    await enqueueEdit({ sessionId: 'S1', session: { kind: 'coaching' } }, about);
    await flush(connection);
    expect(sent).toHaveLength(1);
    const left = await outboxItem.getValue();
    expect(left.map((e) => e.state)).toEqual(['failed', 'waiting']);
    expect(summarize(left)).toMatchObject({ waiting: 1, failed: 1 });
  });

  it('corrects the cached debrief once accepted: a deleted session and its open items leave it', async () => {
    stubWebApp(editOk);
    await syncCacheItem.setValue({
      clients: [],
      goals: [],
      milestones: [],
      packages: [],
      latestPrep: [],
      settings: { confidentialByDefault: false, maxOpenItems: 10 },
      fetchedAt: 1,
      lastSessions: [{ session_id: 'S1', client_id: 'K1', started_at: about.startedAt, kind: 'coaching', notes: 'x', confidential: false }],
      openItems: [{ item_id: 'I1', session_id: 'S1', client_id: 'K1', status: 'open', text: 'Draft the plan' } as never],
    });
    await enqueueEdit({ sessionId: 'S1', delete: true }, about);
    await flush(connection);
    const cache = await syncCacheItem.getValue();
    expect(cache!.lastSessions).toEqual([]);
    expect(cache!.openItems).toEqual([]);
  });
});
