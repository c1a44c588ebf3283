import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CLIENT_MADE_ID } from '../../shared/api';
import { blankWireRow } from '../../shared/schema';
import { applySavedCaptureToCache } from './cache-update';
import { daysLeftWords, engagementOf, makeId, withClientChange } from './engagement';
import { enqueue, enqueueClientChange, flush } from './outbox';
import { outboxItem, syncCacheItem, type SyncCache } from './storage';
import { refreshSync } from './sync';
import { captureOk, connection, stubWebApp, type SentRequest } from '../test/helpers';

const cache: SyncCache = {
  clients: [
    blankWireRow('Clients', {
      client_id: 'K1',
      name: 'Maya',
      stage: 'active',
      cadence_days: 14,
      package_start: '2026-01-05T00:00:00.000Z',
      package_end: '2026-03-31T00:00:00.000Z',
    }),
  ],
  goals: [blankWireRow('Goals', { goal_id: 'g1', client_id: 'K1', title: 'Calm transitions', status: 'open', measure_baseline: '6 min' })],
  milestones: [
    blankWireRow('Milestones', { milestone_id: 'm1', goal_id: 'g1', client_id: 'K1', title: 'Timer in period 3', status: 'open' }),
  ],
  packages: [
    blankWireRow('Packages', {
      package_id: 'p1',
      client_id: 'K1',
      start_date: '2026-01-05T00:00:00.000Z',
      end_date: '2026-03-31T00:00:00.000Z',
      status: 'active',
    }),
  ],
  openItems: [],
  latestPrep: [],
  settings: { confidentialByDefault: false, maxOpenItems: 3 },
  fetchedAt: 0,
} as unknown as SyncCache;

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

/** The web app answers hello and then sync with `cache` (a script that takes updateClient's stage). */
function answerSync(): void {
  stubWebApp(
    {
      ok: true,
      coach: connection.coach,
      sheet: connection.sheet,
      server: { version: '1', capabilities: { ops: { sync: [], updateClient: ['clientId', 'client.stage'] } } },
    },
    { ok: true, ...cache, fetchedAt: undefined },
  );
}

describe('engagementOf', () => {
  it('reads stage, package days left, cadence and goals with milestones; renewal due within 30 days', () => {
    const e = engagementOf(cache, 'K1', 'UTC', '2026-03-12')!;
    expect(e.stage).toBe('active');
    expect(e.pkg).toEqual({ start: '2026-01-05', end: '2026-03-31', daysLeft: 19 });
    expect(e.renewalDue).toBe(true);
    expect(e.cadenceDays).toBe(14);
    expect(e.goals.map((g) => [g.goal.goal_id, g.milestones.map((m) => m.milestone_id)])).toEqual([['g1', ['m1']]]);
    expect(engagementOf(cache, 'K1', 'UTC', '2026-02-01')!.renewalDue).toBe(false);
    expect(daysLeftWords(19)).toBe('ends in 19 days');
    expect(daysLeftWords(-2)).toBe('ended 2 days ago');
  });

  it('makes ids the web app takes', () => {
    expect(makeId('g')).toMatch(CLIENT_MADE_ID);
    expect(makeId('m')).not.toBe(makeId('m'));
  });
});

describe('withClientChange', () => {
  const now = new Date('2026-03-12T15:00:00Z');
  it('moves the stage, renews the package, marks milestones and goals, adds new ones', () => {
    const next = withClientChange(
      cache,
      'K1',
      { stage: 'maintenance', renew: { packageStart: '2026-04-01', packageEnd: '2026-06-30' } },
      [
        {
          goalId: 'g1',
          status: 'achieved',
          milestones: [
            { milestoneId: 'm1', status: 'reached' },
            { milestoneId: 'm2', title: 'Share with team' },
          ],
        },
        { goalId: 'g2', title: 'Parent calls' },
      ],
      now,
    );
    const client = next.clients[0]!;
    expect([client.stage, client.package_start.slice(0, 10), client.package_end.slice(0, 10)]).toEqual([
      'maintenance',
      '2026-04-01',
      '2026-06-30',
    ]);
    expect(next.packages.map((p) => [p.package_id, p.status])).toEqual([
      ['p1', 'renewed'],
      ['', 'active'],
    ]);
    expect(next.goals.map((g) => [g.goal_id, g.status, !!g.closed_at])).toEqual([
      ['g1', 'achieved', true],
      ['g2', 'open', false],
    ]);
    expect(next.milestones.map((m) => [m.milestone_id, m.status, !!m.reached_at])).toEqual([
      ['m1', 'reached', true],
      ['m2', 'open', false],
    ]);
  });

  it('closing ends the active package', () => {
    const next = withClientChange(cache, 'K1', { stage: 'closed', stageNote: 'Not a fit' }, [], now);
    expect(next.packages[0]!.status).toBe('ended');
    expect(next.clients[0]!.package_end).toBe('');
  });
});

describe('engagement changes in the outbox', () => {
  it('are delivered with updateClient, in order per client, after an earlier capture of the same client', async () => {
    const order: string[] = [];
    const sent = stubWebApp((request: SentRequest) => {
      order.push(`${String(request.body.op)}:${JSON.stringify((request.body.client as { stage?: string } | undefined)?.stage ?? '')}`);
      if (request.body.op === 'capture') return captureOk(request);
      return { ok: true, clientId: 'K1', stageChanged: true, goalIds: [], milestoneIds: [], packageId: 'p1' };
    });
    await enqueue({ session: { clientId: 'K1', startedAt: '2026-03-12T15:00:00Z' }, client: { stage: 'contacted' } }, 1);
    await enqueueClientChange({ clientId: 'K1', client: { stage: 'breakthrough' } }, 2);
    await enqueueClientChange({ clientId: 'K1', client: { stage: 'active' } }, 3);
    await flush(connection);
    expect(order).toEqual(['capture:"contacted"', 'updateClient:"breakthrough"', 'updateClient:"active"']);
    expect(sent[1]!.body).toEqual({ v: 1, op: 'updateClient', token: connection.token, clientId: 'K1', client: { stage: 'breakthrough' } });
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('a later change of a client waits while an earlier one waits for the network; another client goes on', async () => {
    let down = true;
    const sent = stubWebApp((request: SentRequest) =>
      down && request.body.clientId === 'K1'
        ? new Error('offline')
        : { ok: true, clientId: request.body.clientId, stageChanged: true, goalIds: [], milestoneIds: [], packageId: '' },
    );
    await enqueueClientChange({ clientId: 'K1', client: { stage: 'contacted' } }, 1);
    await enqueueClientChange({ clientId: 'K1', client: { stage: 'breakthrough' } }, 2);
    await enqueueClientChange({ clientId: 'K2', client: { stage: 'active' } }, 3);
    await flush(connection);
    expect(sent.map((s) => [s.body.clientId, (s.body.client as { stage: string }).stage])).toEqual([
      ['K1', 'contacted'],
      ['K2', 'active'],
    ]);
    down = false;
    await outboxItem.setValue((await outboxItem.getValue()).map((e) => ({ ...e, nextAttemptAt: 0 })));
    await flush(connection);
    expect(sent.slice(2).map((s) => (s.body.client as { stage: string }).stage)).toEqual(['contacted', 'breakthrough']);
    expect(await outboxItem.getValue()).toEqual([]);
  });

  it('a sync while a change waits keeps the change in the cache', async () => {
    answerSync();
    await enqueueClientChange({ clientId: 'K1', client: { stage: 'maintenance' } }, 1);
    const result = await refreshSync(connection);
    expect(result.ok && result.cache.clients[0]!.stage).toBe('maintenance');
    expect((await syncCacheItem.getValue())!.clients[0]!.stage).toBe('maintenance');
  });

  it('on Save, the capture and its stage move are in the cache at once', async () => {
    const timer = blankWireRow('ActionItems', { item_id: 'I1', client_id: 'K1', text: 'Try the timer', owner: 'client', status: 'open' });
    await syncCacheItem.setValue({ ...cache, openItems: [timer] });
    await applySavedCaptureToCache({
      session: { clientId: 'K1', startedAt: '2026-03-12T15:00:00.000Z', notes: 'Goal reached' },
      debrief: [{ itemId: 'I1', status: 'done' }],
      client: { stage: 'maintenance' },
    });
    const stored = (await syncCacheItem.getValue())!;
    expect(stored.clients[0]!.stage).toBe('maintenance');
    // The item closed in the debrief leaves the open items.
    expect(stored.openItems).toEqual([]);
  });

  it('a sync keeps the stage move a waiting capture carries, and drops a change the sheet refused', async () => {
    answerSync();
    await enqueue(
      {
        session: { clientId: 'K1', startedAt: '2026-03-12T15:00:00.000Z', notes: 'Fit' },
        actionItems: [],
        client: { stage: 'maintenance' },
      },
      1,
    );
    let result = await refreshSync(connection);
    expect(result.ok && result.cache.clients[0]!.stage).toBe('maintenance');
    // The sheet refused it: the card shows the sheet's stage again after the next sync.
    await outboxItem.setValue((await outboxItem.getValue()).map((e) => ({ ...e, state: 'failed' as const })));
    answerSync();
    result = await refreshSync(connection);
    expect(result.ok && result.cache.clients[0]!.stage).toBe(cache.clients[0]!.stage);
  });
});
