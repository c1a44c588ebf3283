// One process at a time owns a data dir. A `serve` process owns it while it runs and takes other
// commands' calls over loopback (with a secret from the lock file); a one-off command (`run`,
// `invite`, seeding) owns it for its duration, and another command waits for it.
//
// A lock is taken over when its owner is gone: no such process, a zombie (killed, not yet reaped by its
// parent: `kill(pid, 0)` still succeeds for it, so /proc/<pid>/stat's state is read — proc(5)), or
// another process that got the same pid later (its start time, field 22 of /proc/<pid>/stat, differs
// from the one the owner wrote).
import { randomBytes } from 'node:crypto';
import { closeSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, openPrivate, StoreIo, writeFileAtomic, writeFully } from './files';

export interface LockInfo {
  pid: number;
  /** The owner's start time (clock ticks after boot, /proc/<pid>/stat field 22), where /proc exists. */
  started?: string;
  /** Present when the owner is a server that accepts calls. */
  port?: number;
  secret?: string;
}

const LOCK_FILE = 'lock.json';
/** A lock file still empty after this long was left by a process that died while creating it. */
const UNWRITTEN_LOCK_MS = 5000;

/** State and start time of a process from /proc/<pid>/stat; null when there is no /proc entry. */
function procStat(pid: number): { state: string; started: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', started: fields[19] ?? '' };
  } catch {
    return null;
  }
}

const hasProc = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

/** Is the lock's owner still running (not gone, not a zombie, not another process with its pid)? */
function ownerAlive(info: LockInfo): boolean {
  if (hasProc) {
    const stat = procStat(info.pid);
    if (!stat) return false;
    if (stat.state === 'Z' || stat.state === 'X') return false;
    return info.started === undefined || info.started === stat.started;
  }
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLockFile(file: string): { text: string; info: LockInfo } | null {
  try {
    const text = readFileSync(file, 'utf8');
    return { text, info: JSON.parse(text) as LockInfo };
  } catch {
    return null;
  }
}

export function readLock(dataDir: string): LockInfo | null {
  const lock = readLockFile(join(dataDir, LOCK_FILE));
  return lock && lock.info.pid !== process.pid && ownerAlive(lock.info) ? lock.info : null;
}

export interface DataLock {
  info: LockInfo;
  update(info: Partial<LockInfo>): void;
  release(): void;
}

/** Takes the data dir, or returns the live owner's info when another process holds it. */
export function tryLockDataDir(dataDir: string): DataLock | LockInfo {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 0600: the secret in it lets a command act on the workbook through the running server.
      const fd = openPrivate(file, 'wx');
      const started = procStat(process.pid)?.started;
      const info: LockInfo = { pid: process.pid, ...(started ? { started } : {}), secret: randomBytes(24).toString('hex') };
      try {
        writeFully(new StoreIo(), 'file', fd, Buffer.from(JSON.stringify(info)));
      } catch (err) {
        closeSync(fd);
        rmSync(file, { force: true });
        throw err;
      }
      const lock: DataLock = {
        info,
        update(more) {
          Object.assign(info, more);
          writeFileAtomic(file, JSON.stringify(info));
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
      const before = readLockFile(file);
      if (!before) {
        // Created but not yet written by another process, or left empty by one that died right then.
        let age: number;
        try {
          age = Date.now() - statSync(file).mtimeMs;
        } catch {
          continue; // gone already
        }
        if (age < UNWRITTEN_LOCK_MS) throw new Error(`${dataDir} is being locked by another process right now; try again.`, { cause: err });
        rmSync(file, { force: true });
        continue;
      }
      if (before.info.pid !== process.pid && ownerAlive(before.info)) return before.info;
      // Left by a process that is gone. Removed only if it still is the file judged stale, so a lock
      // another process took over in the meantime is kept.
      if (readLockFile(file)?.text === before.text) rmSync(file, { force: true });
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
