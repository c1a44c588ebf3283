// The store under a bad disk, through its fault-injection seam (short writes, ENOSPC, EIO at a chosen
// byte), so these paths are tested on every machine: a write is complete or not acknowledged, a failed
// write never crashes the process, reads go on while the disk is full, writes come back by themselves,
// a snapshot that cannot be written loses nothing, and the data dir is private to its owner.
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { tryLockDataDir } from '../../local/store/datalock';
import { WebAppServer } from '../../local/web/server';
import { StoreIo } from '../../local/store/files';
import { StoreWriteError, WorkbookStore } from '../../local/store/store';
import { newProgram, tempDir } from '../helpers/runtime';

function storeAt(dataDir: string, io = new StoreIo(), lines: string[] = []) {
  return new WorkbookStore({ dataDir, io, log: (line) => lines.push(line) });
}

/** A store in a fresh data dir over its own fault-injection seam, and the lines it logs. */
function faultyStore() {
  const dir = tempDir();
  const io = new StoreIo();
  const lines: string[] = [];
  return { dir, io, lines, store: storeAt(dir, io, lines) };
}

/** The data dir opened again holds exactly `texts` in its first column, and no damaged tail. */
function expectReopened(dir: string, texts: string[]) {
  const again = storeAt(dir);
  expect(column(again)).toEqual(texts);
  expect(again.recovery.damagedTail).toBeUndefined();
}

function write(store: WorkbookStore, row: number, text: string) {
  store.apply({ t: 'cells', sheetId: 0, row, col: 1, cells: [[text]] });
  store.commitSync();
}

const column = (store: WorkbookStore) => store.data.sheets[0]!.cells.map((r) => r[0]);

/** Tries a write until the store takes it again (it probes the disk at most every 250 ms). */
function writeWhenAccepted(store: WorkbookStore, row: number, text: string): void {
  for (let tries = 0; ; tries++) {
    try {
      write(store, row, text);
      return;
    } catch (err) {
      if (!(err instanceof StoreWriteError) || tries > 1e7) throw err;
    }
  }
}

describe('store writes on a bad disk (fault injection)', () => {
  it('finishes a record cut by a short write instead of acknowledging half of it', () => {
    const { dir, io, store } = faultyStore();
    write(store, 1, 'first');
    io.inject({ target: 'journal', kind: 'short', atByte: 20 });
    write(store, 2, 'second, written in two pieces');
    expectReopened(dir, ['first', 'second, written in two pieces']);
  });

  it('on ENOSPC mid-record: not acknowledged, undone in memory, journal cut back, reads go on, writes come back', () => {
    const { dir, io, lines, store } = faultyStore();
    write(store, 1, 'kept');
    const journalBefore = readFileSync(join(dir, 'journal.log'));
    io.inject({ target: '*', kind: 'ENOSPC', atByte: 30 });
    store.apply({ t: 'cells', sheetId: 0, row: 2, col: 1, cells: [['lost: the disk is full']] });
    let error: unknown;
    try {
      store.commitSync();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreWriteError);
    expect((error as StoreWriteError).answerCode).toBe('busy');
    expect((error as Error).message).toMatch(/The change was not saved: the disk (mounted at|holding) .* is full \(ENOSPC\)/);
    // What was never acknowledged is not shown either; the journal holds whole records only.
    expect(column(store)).toEqual(['kept']);
    expect(readFileSync(join(dir, 'journal.log'))).toEqual(journalBefore);
    // Writes are refused while the disk is full, with the same message; reading works.
    expect(() => store.apply({ t: 'cells', sheetId: 0, row: 3, col: 1, cells: [['refused']] })).toThrow(StoreWriteError);
    expect(store.refusing?.message).toContain('is full');
    expect(store.data.sheets[0]!.cells[0]).toEqual(['kept']);
    // Space comes back: the store notices by itself.
    io.clear();
    writeWhenAccepted(store, 2, 'after the disk had room again');
    expect(store.refusing).toBeNull();
    expect(lines.join('\n')).toContain('takes writes again');
    expectReopened(dir, ['kept', 'after the disk had room again']);
  });

  it('answers EIO at a chosen byte as `internal`, with the cause', () => {
    const { dir, io, store } = faultyStore();
    io.inject({ target: 'journal', kind: 'EIO', atByte: 0 });
    store.apply({ t: 'cells', sheetId: 0, row: 1, col: 1, cells: [['x']] });
    expect(() => store.commitSync()).toThrow(/failed a write \(EIO: i\/o error, write\)/);
    try {
      store.commitSync();
    } catch {
      // nothing pending any more
    }
    io.clear();
    writeWhenAccepted(store, 1, 'y');
    expect(column(storeAt(dir))).toEqual(['y']);
  });

  it('group commit: a failed write rejects the executions whose changes it carried, never throws where nobody catches', async () => {
    const io = new StoreIo();
    const store = storeAt(tempDir(), io);
    io.inject({ target: '*', kind: 'ENOSPC', atByte: 0 });
    store.writer = 'exec-writes';
    store.apply({ t: 'cells', sheetId: 0, row: 1, col: 1, cells: [['a']] });
    store.writer = null;
    const [writer, reader] = await Promise.allSettled([store.commit('exec-writes'), store.commit('exec-reads')]);
    expect(writer.status).toBe('rejected');
    expect((writer as PromiseRejectedResult).reason).toBeInstanceOf(StoreWriteError);
    expect(reader.status).toBe('fulfilled');
    // An execution refused a write while the disk is full is rejected too, even with nothing pending.
    store.writer = 'exec-refused';
    expect(() => store.apply({ t: 'cells', sheetId: 0, row: 1, col: 1, cells: [['b']] })).toThrow(StoreWriteError);
    store.writer = null;
    await expect(store.commit('exec-refused')).rejects.toThrow(/is full/);
    expect(store.stats.failedCommits).toBe(1);
  });

  it('a snapshot that hits a full disk keeps the old snapshot and the whole journal (the SIGTERM case)', () => {
    const { dir, io, lines, store } = faultyStore();
    write(store, 1, 'in the first snapshot');
    store.snapshot();
    const snapshotBefore = readFileSync(join(dir, 'snapshot.json'));
    for (let i = 2; i <= 20; i++) write(store, i, `row ${i}`);
    const journalBefore = readFileSync(join(dir, 'journal.log'));
    io.inject({ target: 'snapshot', kind: 'ENOSPC', atByte: 100 });
    store.close(); // before: one short writeSync, renamed over the good snapshot, journal truncated
    expect(readFileSync(join(dir, 'snapshot.json'))).toEqual(snapshotBefore);
    expect(readFileSync(join(dir, 'journal.log'))).toEqual(journalBefore);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(lines.join('\n')).toMatch(/closing snapshot could not be written .* is full\); the old snapshot and the journal are kept whole/);
    const again = storeAt(dir);
    expect(column(again)).toEqual(['in the first snapshot', ...Array.from({ length: 19 }, (_, i) => `row ${i + 2}`)]);
  });

  it('a snapshot cut by short writes is finished, read back and checked before it replaces the old one', () => {
    const { dir, io, store } = faultyStore();
    for (let i = 1; i <= 5; i++) write(store, i, `row ${i}`);
    io.inject({ target: 'snapshot', kind: 'short', atByte: 50 });
    store.close();
    expect(readFileSync(join(dir, 'journal.log'), 'utf8')).toBe('');
    expect(column(storeAt(dir))).toEqual(['row 1', 'row 2', 'row 3', 'row 4', 'row 5']);
  });
});

describe('the data dir is private to its owner', () => {
  let umask = 0;
  beforeEach(() => {
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('creates the dir 0700 and its files 0600 under umask 022, and tightens files of older versions', () => {
    const dir = join(tempDir(), 'data');
    const store = storeAt(dir);
    write(store, 1, 'x');
    const lock = tryLockDataDir(dir);
    if (!('release' in lock)) throw new Error('not locked');
    lock.update({ port: 1234 });
    store.close();
    const mode = (f: string) => statSync(join(dir, f)).mode & 0o777;
    expect(mode('.')).toBe(0o700);
    for (const f of ['snapshot.json', 'journal.log', 'lock.json']) expect([f, mode(f)]).toEqual([f, 0o600]);
    lock.release();
    writeFileSync(join(dir, 'journal.log'), '', { mode: 0o644 });
    chmodSync(join(dir, 'journal.log'), 0o644);
    chmodSync(join(dir, 'snapshot.json'), 0o644);
    chmodSync(dir, 0o755);
    storeAt(dir).close();
    expect([mode('.'), mode('journal.log'), mode('snapshot.json')]).toEqual([0o700, 0o600, 0o600]);
  });

  it('spools and delivers mail as private files', async () => {
    const p = newProgram();
    p.rt.mail.send({ to: 'bo@example.org', subject: 'Private', body: 'A message that names a client.' });
    await p.rt.mail.drain();
    const outbox = join(p.dataDir, 'outbox');
    const files = readdirSync(outbox);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(join(outbox, f)).mode & 0o777).toBe(0o600);
    expect(statSync(outbox).mode & 0o777).toBe(0o700);
    expect(statSync(join(p.dataDir, 'mail-spool')).mode & 0o777).toBe(0o700);
    await p.rt.close();
  });
});

describe('the web app on a full disk', () => {
  it(
    'answers writes `busy` naming the disk, keeps answering reads, and takes writes again when space returns',
    { timeout: 60_000 },
    async () => {
      const io = new StoreIo();
      const p = newProgram({ io, workers: 2 });
      const server = new WebAppServer(p.rt, { port: 0, secret: 's', log: () => {} });
      await server.listen();
      try {
        const post = async (body: object) =>
          (await fetch(server.execUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) })).json();
        const capture = (id: string) => ({
          v: 1,
          op: 'capture',
          token: p.token,
          captureId: id,
          session: { newClient: { name: `Client ${id}` }, startedAt: '2026-11-20' },
          actionItems: [{ text: `item ${id}` }],
        });
        expect((await post(capture('before'))).ok).toBe(true);
        io.inject({ target: '*', kind: 'ENOSPC', atByte: 0 });
        const refused = await Promise.all(['a', 'b', 'c', 'd'].map((id) => post(capture(id))));
        for (const answer of refused) {
          expect(answer).toMatchObject({ ok: false, error: { code: 'busy' } });
          expect(answer.error.message).toMatch(/not saved: the disk .* is full/);
        }
        // Reads go on: the API and the sheet host page.
        expect((await post({ v: 1, op: 'hello', token: p.token })).ok).toBe(true);
        expect((await fetch(`${server.hostUrl}?tab=Sessions`)).status).toBe(200);
        io.clear();
        let answer: any;
        for (let tries = 0; tries < 10_000; tries++) {
          answer = await post(capture('a'));
          if (answer.ok) break;
          expect(answer.error.code).toBe('busy');
        }
        expect(answer).toMatchObject({ ok: true, duplicate: false });
        const ids = p.rows('Sessions').map((r) => r[columnsOf('Sessions').indexOf('capture_id')]);
        expect(ids).toEqual(['before', 'a']);
      } finally {
        await server.close();
        await p.rt.close();
      }
    },
  );
});
