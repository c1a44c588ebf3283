// One process at a time owns a data dir. A `serve` process owns it while it runs and takes other
// commands' calls over loopback (with a secret from the lock file); a one-off command (`run`,
// `invite`, seeding) owns it for its duration, and another command waits for it.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  /** Present when the owner is a server that accepts calls. */
  port?: number;
  secret?: string;
}

const LOCK_FILE = 'lock.json';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as LockInfo;
    return alive(info.pid) && info.pid !== process.pid ? info : null;
  } catch {
    return null;
  }
}

export interface DataLock {
  info: LockInfo;
  update(info: Partial<LockInfo>): void;
  release(): void;
}

/** Takes the data dir, or returns the live owner's info when another process holds it. */
export function tryLockDataDir(dataDir: string): DataLock | LockInfo {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      const info: LockInfo = { pid: process.pid, secret: randomBytes(24).toString('hex') };
      writeSync(fd, JSON.stringify(info));
      const lock: DataLock = {
        info,
        update(more) {
          Object.assign(info, more);
          writeFileSync(file, JSON.stringify(info));
        },
        release() {
          rmSync(file, { force: true });
          process.off('exit', lock.release);
        },
      };
      closeSync(fd);
      process.on('exit', lock.release);
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readLock(dataDir);
      if (owner) return owner;
      rmSync(file, { force: true }); // left by a process that died
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

/** Waits (up to `timeoutMs`) until the data dir is free or owned by a server. */
export async function lockOrServer(dataDir: string, timeoutMs = 30_000): Promise<DataLock | LockInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = tryLockDataDir(dataDir);
    if ('release' in result || result.port) return result;
    if (Date.now() > deadline) throw new Error(`${dataDir} is in use by process ${result.pid}; try again when it has finished.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
