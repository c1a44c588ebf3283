// Runs in the 'extension' vitest project (WXT's fake browser).
// 200 captures through the real outbox and the real Apps Script bundle (in the local runtime) under a
// random schedule of faults: offline periods, answers lost after the sheet stored the capture, busy
// answers, service-worker stops in the middle of a delivery and browser restarts. Afterwards every
// capture is in the Sessions tab exactly once and the outbox is empty — on a new sheet, and on a
// program of 100,000 action items (the bench's data set), where every op finds its rows by key.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CaptureFields } from '../../extension/lib/storage';
import { columnsOf } from '../../shared/schema';
import { buildDataset, writeDataset } from '../../bench/dataset';
import { seededRandom } from '../helpers/rows';
import { newProgram, tempDir, type TestProgram } from '../helpers/runtime';

type Mode = 'online' | 'offline' | 'lose-answer' | 'busy' | 'hang';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

for (const items of [0, 100_000]) {
  describe(`outbox under faults${items ? `, on a sheet of ${items.toLocaleString('en-US')} action items` : ''}`, () => {
    let program: TestProgram;
    let clientId: string;
    beforeAll(() => {
      const dataDir = tempDir();
      if (items) writeDataset(dataDir, buildDataset({ items, clients: items / 100, coaches: 20, now: new Date('2026-11-24T12:00:00Z') }));
      program = newProgram({ dataDir, log: () => {} });
      clientId = program.accepted({
        op: 'capture',
        captureId: 'seed',
        session: { newClient: { name: 'Maya' }, startedAt: '2026-11-20' },
      }).clientId;
    }, 120_000);
    afterAll(async () => {
      await program.rt.close();
    });

    it(
      'delivers 200 captures exactly once through offline periods, lost answers, worker stops and restarts',
      { timeout: 120_000 },
      async () => {
        fakeBrowser.reset();
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
        const rnd = seededRandom(8);
        let mode: Mode = 'online';
        let requests = 0;
        // The web app: the local runtime running the real bundle, behind a network that misbehaves.
        vi.stubGlobal(
          'fetch',
          vi.fn(async (_url: string, init: RequestInit) => {
            requests++;
            const current = mode;
            if (current === 'offline') throw new TypeError('Failed to fetch');
            if (current === 'hang') return new Promise<Response>(() => {}); // the worker is stopped mid-request
            if (current === 'busy') return new Response(JSON.stringify({ ok: false, error: { code: 'busy', message: 'busy' } }));
            const answer = program.post(String(init.body));
            if (current === 'lose-answer') throw new TypeError('Failed to fetch'); // stored, but the answer never arrives
            return new Response(JSON.stringify(answer));
          }),
        );

        const { connectionItem } = await import('../../extension/lib/storage');
        await connectionItem.setValue({
          url: 'http://127.0.0.1:8787/exec',
          token: program.token,
          coach: { coach_id: program.coachId, name: 'Ana Rivera', role: 'coach', note_key_id: '' },
          sheet: { name: 'FollowThrough program', timeZone: 'America/New_York' },
          connectedAt: new Date().toISOString(),
        });

        // A "worker" is a fresh copy of the outbox module: a stop forgets everything in memory.
        let outbox = await import('../../extension/lib/outbox');
        const restartWorker = async () => {
          vi.resetModules();
          outbox = await import('../../extension/lib/outbox');
        };
        const deliver = () => outbox.flush({ url: 'http://127.0.0.1:8787/exec', token: program.token });

        const enqueued: string[] = [];
        let stops = 0;
        for (let i = 0; i < 200; i++) {
          const fields: Omit<CaptureFields, 'captureId'> = {
            session: { clientId, startedAt: new Date().toISOString(), notes: `capture ${i}` },
            actionItems: [{ text: `item ${i}` }],
          };
          enqueued.push((await outbox.enqueue(fields)).captureId);
          const roll = rnd();
          mode = roll < 0.25 ? 'offline' : roll < 0.35 ? 'lose-answer' : roll < 0.42 ? 'busy' : roll < 0.5 ? 'hang' : 'online';
          if (mode === 'hang') {
            void deliver(); // never finishes: the worker is stopped during the delivery
            await Promise.resolve();
            await restartWorker();
            stops++;
            mode = rnd() < 0.5 ? 'offline' : 'online';
          } else if (rnd() < 0.6) {
            await deliver();
          }
          if (rnd() < 0.05) {
            await restartWorker(); // a browser restart: storage stays, memory goes
            stops++;
          }
          vi.setSystemTime(Date.now() + Math.floor(rnd() * 90_000)); // time passes; backoffs expire
        }

        // The network comes back for good; the alarm keeps calling until nothing waits.
        mode = 'online';
        for (let round = 0; round < 50 && (await outbox.waitingCount()) > 0; round++) {
          vi.setSystemTime(Date.now() + 30 * 60_000);
          await deliver();
        }

        const { outboxItem } = await import('../../extension/lib/storage');
        expect(await outboxItem.getValue()).toEqual([]);
        // This coach's sessions (the data set's other coaches have their own).
        const col = (tab: 'Sessions' | 'ActionItems', name: string) => columnsOf(tab).indexOf(name as never);
        const ours = program.rows('Sessions').filter((row) => row[col('Sessions', 'coach_id')] === program.coachId);
        const captureIds = ours.map((row) => row[col('Sessions', 'capture_id')]).filter((id) => id !== 'seed');
        expect(captureIds).toHaveLength(200);
        expect(new Set(captureIds).size).toBe(200);
        expect([...captureIds].sort()).toEqual([...enqueued].sort());
        const sessionIds = new Set(ours.map((row) => row[col('Sessions', 'session_id')]));
        expect(program.rows('ActionItems').filter((row) => sessionIds.has(row[col('ActionItems', 'session_id')]))).toHaveLength(200);
        // The schedule really did misbehave: resent requests and stopped workers.
        expect(requests).toBeGreaterThan(250);
        expect(stops).toBeGreaterThan(10);
      },
    );
  });
}
