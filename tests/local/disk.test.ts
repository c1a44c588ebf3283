// The real `serve` process on a bad day: a full disk at SIGTERM and during a burst (a real small tmpfs
// when the tests run as root, the store's fault seam otherwise), a journal damaged in the middle, file
// modes under umask 022, and an immediate restart after SIGKILL while the killed process is a zombie.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { readWorkbook } from '../../local/store/read';
import { BIN, exited, inviteCode, serve, stopAll, type Served } from '../helpers/cli';
import { postJson, tempDir, tokenOf } from '../helpers/runtime';

afterEach(stopAll);

/** Ana invited through the CLI: her token. */
const invite = (data: string) => tokenOf(inviteCode(data, 'Ana Rivera'));

const capture = (token: string, id: string) => ({
  v: 1,
  op: 'capture',
  token,
  captureId: id,
  session: { newClient: { name: `Client ${id}` }, startedAt: '2026-11-20T15:00:00Z', notes: `notes of ${id}` },
  actionItems: [{ text: `item of ${id}` }],
});

/** capture_id → how many Sessions rows carry it, as recovery reads the data dir. */
function capturesIn(data: string): Map<string, number> {
  const sheet = readWorkbook(data).sheets.find((s) => s.name === 'Sessions')!;
  const at = columnsOf('Sessions').indexOf('capture_id');
  const counts = new Map<string, number>();
  for (const row of sheet.cells.slice(1)) if (row[at]) counts.set(String(row[at]), (counts.get(String(row[at])) ?? 0) + 1);
  return counts;
}

async function stop(server: Served): Promise<void> {
  server.child.kill('SIGTERM');
  await exited(server.child);
}

describe('serve on a full disk', () => {
  it('a SIGTERM while the disk is full keeps every acknowledged capture (fault seam)', { timeout: 120_000 }, async () => {
    const data = tempDir();
    // Every snapshot write fails with ENOSPC after 100 bytes; the journal still takes records.
    const server = await serve(['serve', '--port', '0', '--data', data], { FOLLOWTHROUGH_FAULTS: 'snapshot:ENOSPC@100' });
    const token = invite(data); // through serve: the /exec address is known once it runs
    let log = '';
    server.child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const ids = Array.from({ length: 20 }, (_, i) => `t-${i}`);
    for (const id of ids) expect((await postJson(server.execUrl, capture(token, id))).ok).toBe(true);
    await stop(server);
    expect(server.child.exitCode).toBe(0);
    expect(log).toMatch(/closing snapshot could not be written .* is full\); the old snapshot and the journal are kept whole/);
    const again = await serve(['serve', '--port', '0', '--data', data]);
    const stored = capturesIn(data);
    for (const id of ids) expect([id, stored.get(id)]).toEqual([id, 1]);
    expect((await postJson(again.execUrl, { v: 1, op: 'hello', token })).ok).toBe(true);
  });

  const root = process.getuid?.() === 0;
  const canMount = root && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!canMount)(
    'on a real 4 MB tmpfs: a burst into a full disk, reads go on, writes resume when space returns, SIGTERM full, restart with every acknowledged capture',
    { timeout: 240_000 },
    async () => {
      const mnt = tempDir('ft-tmpfs-');
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mnt], { encoding: 'utf8' });
      if (mounted.status !== 0) throw new Error(`mount -t tmpfs failed: ${mounted.stderr}`);
      try {
        const data = join(mnt, 'data');
        let server = await serve(['serve', '--port', '0', '--data', data]);
        const token = invite(data);
        expect((await postJson(server.execUrl, capture(token, 'first'))).ok).toBe(true);

        // Fill the disk, then free 24 KB: room for a few records only.
        const filler = join(mnt, 'filler');
        const fill = (leave: number) => {
          const fd = openSync(filler, 'w');
          const chunk = Buffer.alloc(64 * 1024, 1);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          } finally {
            closeSync(fd);
          }
          const size = statSync(filler).size;
          spawnSync('truncate', ['-s', String(Math.max(0, size - leave)), filler]);
        };
        fill(24 * 1024);

        const acked: string[] = [];
        const refused: string[] = [];
        const ids = Array.from({ length: 120 }, (_, i) => `burst-${i}`);
        let next = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < ids.length) {
              const id = ids[next++]!;
              // Every answer is JSON: ok, or `busy` naming the disk. Before: a short record was acknowledged,
              // then the process died and the requests in flight got socket errors.
              const answer = await postJson(server.execUrl, capture(token, id));
              if (answer.ok) acked.push(id);
              else {
                expect(answer.error.code).toBe('busy');
                expect(answer.error.message).toContain(`the disk mounted at ${mnt} (tmpfs`);
                refused.push(id);
              }
            }
          }),
        );
        expect(refused.length).toBeGreaterThan(0);
        expect(server.child.exitCode).toBeNull();
        // Reads go on while the disk is full.
        expect((await postJson(server.execUrl, { v: 1, op: 'hello', token })).ok).toBe(true);
        const page = await fetch(server.execUrl.replace('/exec', '/?tab=Sessions'));
        expect(page.status).toBe(200);

        // Space returns: the refused captures go through without a restart (the extension's outbox resends).
        rmSync(filler);
        for (const id of refused.splice(0)) {
          let answer: any;
          for (let tries = 0; tries < 10_000 && !answer?.ok; tries++) answer = await postJson(server.execUrl, capture(token, id));
          expect(answer.ok).toBe(true);
          acked.push(id);
        }

        // Full again, then SIGTERM: the last snapshot cannot be written; nothing is lost.
        fill(0);
        await stop(server);
        expect(server.child.exitCode).toBe(0);
        rmSync(filler);
        server = await serve(['serve', '--port', '0', '--data', data]);
        const stored = capturesIn(data);
        for (const id of ['first', ...acked]) expect([id, stored.get(id)]).toEqual([id, 1]);
        expect(stored.size).toBe(1 + ids.length);
        await stop(server);
      } finally {
        spawnSync('umount', ['-l', mnt]);
      }
    },
  );
});

describe('serve and its data dir', () => {
  it(
    'refuses to start on a journal damaged in the middle, naming the offset and keeping the file; --repair keeps the rest',
    { timeout: 120_000 },
    async () => {
      const data = tempDir();
      const server = await serve(['serve', '--port', '0', '--data', data]);
      const token = invite(data);
      const ids = Array.from({ length: 30 }, (_, i) => `j-${i}`);
      for (const id of ids) expect((await postJson(server.execUrl, capture(token, id))).ok).toBe(true);
      server.child.kill('SIGKILL'); // no closing snapshot: the captures are in the journal only
      await exited(server.child);
      const journal = join(data, 'journal.log');
      const bytes = readFileSync(journal);
      // Flip one byte inside the record of capture j-10.
      const at = bytes.indexOf('notes of j-10') + 'notes of j-'.length;
      bytes[at] = '9'.charCodeAt(0);
      writeFileSync(journal, bytes);
      const recordStart = bytes.lastIndexOf(0x0a, at) + 1;

      // With a timeout: before, the start went on (cutting 20 acknowledged captures) and served forever.
      const result = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--data', data], {
        encoding: 'utf8',
        timeout: 60_000,
        killSignal: 'SIGKILL',
      });
      const refused = { code: result.status, err: result.stderr };
      expect(refused.code).toBe(2);
      expect(refused.err).toContain(`journal.log is damaged at byte offset ${recordStart} (checksum mismatch)`);
      expect(refused.err).toContain('--repair');
      expect(readFileSync(journal)).toEqual(bytes);
      expect(existsSync(join(data, 'lock.json'))).toBe(false);

      const repaired = await serve(['serve', '--port', '0', '--data', data, '--repair']);
      expect(repaired.output).toMatch(/Repaired .*: kept \d+ journal records, set aside 1 damaged one in .*journal\.damaged-/);
      const stored = capturesIn(data);
      expect(stored.get('j-10')).toBeUndefined();
      for (const id of ids.filter((i) => i !== 'j-10')) expect([id, stored.get(id)]).toEqual([id, 1]);
      const aside = readdirSync(data).filter((f) => f.startsWith('journal.damaged-'));
      expect(readFileSync(join(data, aside[0]!), 'utf8')).toContain('notes of j-90');
      // The outbox sends j-10 again: stored once.
      expect((await postJson(repaired.execUrl, capture(token, 'j-10'))).ok).toBe(true);
      expect(capturesIn(data).get('j-10')).toBe(1);
    },
  );

  it('creates the data dir 0700 and every file in it 0600 under umask 022', { timeout: 120_000 }, async () => {
    const data = join(tempDir(), 'data');
    const child = spawn('sh', ['-c', 'umask 022; exec "$0" "$@"', process.execPath, BIN, 'start', '--port', '0', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Press Ctrl+C')) resolve();
      });
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', () => reject(new Error(out)));
    });
    const modes: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        const st = statSync(file);
        modes[file.slice(data.length)] = (st.mode & 0o777).toString(8);
        if (st.isDirectory()) walk(file);
      }
    };
    child.kill('SIGTERM');
    await exited(child);
    modes['/'] = (statSync(data).mode & 0o777).toString(8);
    walk(data);
    for (const [file, mode] of Object.entries(modes))
      expect([file, mode]).toEqual([file, statSync(join(data, file)).isDirectory() ? '700' : '600']);
    expect(Object.keys(modes)).toEqual(expect.arrayContaining(['/snapshot.json', '/journal.log', '/demo.json']));
  });

  it('starts again at once after a SIGKILL, while the killed process is still a zombie', { timeout: 120_000 }, async () => {
    const data = tempDir();
    mkdirSync(data, { recursive: true });
    // A parent that never reaps: `sh` starts serve in the background and becomes `sleep`.
    const parent = spawn('sh', ['-c', '"$0" "$@" & exec sleep 600', process.execPath, BIN, 'serve', '--port', '0', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const execUrl = await new Promise<string>((resolve, reject) => {
        parent.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /Web app.*(http:\/\/127\.0\.0\.1:\d+\/exec)/.exec(out);
          if (m && out.includes('Press Ctrl+C')) resolve(m[1]!);
        });
        parent.on('exit', () => reject(new Error(out)));
      });
      const token = invite(data);
      expect((await postJson(execUrl, capture(token, 'before-kill'))).ok).toBe(true);
      const pid = (JSON.parse(readFileSync(join(data, 'lock.json'), 'utf8')) as { pid: number }).pid;
      process.kill(pid, 'SIGKILL');
      // Wait for the state, not a time: the killed serve is a zombie (its pid still answers kill(pid, 0)).
      const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0];
      while (state() !== 'Z') await new Promise((r) => setImmediate(r));
      // Before: "already being served by process <pid>".
      const again = await serve(['serve', '--port', '0', '--data', data]);
      expect(state()).toBe('Z');
      expect(capturesIn(data).get('before-kill')).toBe(1);
      expect((await postJson(again.execUrl, capture(token, 'after-restart'))).ok).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
