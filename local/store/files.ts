// Writing the data dir's files as embedded stores do (SQLite's unix VFS `seekAndWrite` loops on
// partial writes and reports SQLITE_FULL on ENOSPC; LMDB's `mdb_env_write_meta`/`mdb_page_flush`
// retry short writes and fail the transaction on error): every write loops until all its bytes are
// written or fails with an error; nothing is assumed written because a call returned.
//
// The fault-injection seam: every write of the store goes through `io.write`, which can be told to
// write short, or fail with ENOSPC or EIO at a chosen byte, so the tests of those paths always run.
// A real `serve` takes faults from FOLLOWTHROUGH_FAULTS (README, "Durability": tests only).
//
// Files and folders of the data dir are private to their owner: files 0600, folders 0700, whatever
// the umask (the lock file holds the secret that lets a command act as the runtime's admin).
import {
  chmodSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, sep } from 'node:path';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** What a write is for; a fault can aim at one of them or at all ('*'). */
export type WriteTarget = 'journal' | 'snapshot' | 'probe' | 'file';
export type FaultKind = 'short' | 'ENOSPC' | 'EIO';

export interface Fault {
  target: WriteTarget | '*';
  kind: FaultKind;
  /** Bytes written to that target (since the fault was injected) before the fault strikes. */
  atByte: number;
}

function errnoError(code: 'ENOSPC' | 'EIO', syscall: string): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'i/o error';
  const err = new Error(`${code}: ${text}, ${syscall}`) as NodeJS.ErrnoException;
  err.code = code;
  err.errno = code === 'ENOSPC' ? -28 : -5;
  err.syscall = syscall;
  return err;
}

interface ArmedFault extends Fault {
  written: number;
}

/** Parses FOLLOWTHROUGH_FAULTS: `target:KIND@byte`, comma-separated (e.g. `snapshot:ENOSPC@0`). */
export function parseFaults(text: string | undefined): Fault[] {
  if (!text) return [];
  return text.split(',').map((part) => {
    const m = /^(journal|snapshot|probe|file|\*):(short|ENOSPC|EIO)@(\d+)$/.exec(part.trim());
    if (!m) throw new Error(`FOLLOWTHROUGH_FAULTS: cannot read "${part}" (expected e.g. journal:ENOSPC@4096)`);
    return { target: m[1] as Fault['target'], kind: m[2] as FaultKind, atByte: Number(m[3]) };
  });
}

/** The store's writes. Without faults, plain writeSync/fsyncSync. */
export class StoreIo {
  private faults: ArmedFault[] = [];

  constructor(faults: Fault[] = []) {
    for (const f of faults) this.inject(f);
  }

  /** Arms a fault: `short` strikes once; ENOSPC and EIO stay until `clear()` (a full or failing disk). */
  inject(fault: Fault): void {
    this.faults.push({ ...fault, written: 0 });
  }

  clear(): void {
    this.faults = [];
  }

  write(target: WriteTarget, fd: number, buf: Buffer, offset: number, length: number): number {
    if (!this.faults.length) return writeSync(fd, buf, offset, length);
    const fault = this.faults.find((f) => f.target === '*' || f.target === target);
    if (!fault) return writeSync(fd, buf, offset, length);
    const room = fault.atByte - fault.written;
    if (room >= length) {
      const n = writeSync(fd, buf, offset, length);
      fault.written += n;
      return n;
    }
    if (fault.kind === 'short') {
      // A partial write, as write(2) may do: part of the buffer, at least one byte, then the fault is spent.
      const n = writeSync(fd, buf, offset, Math.max(1, room));
      this.faults.splice(this.faults.indexOf(fault), 1);
      return n;
    }
    if (room > 0) {
      // The kernel writes what fits and reports a short count; the next write gets the error.
      const n = writeSync(fd, buf, offset, room);
      fault.written += n;
      return n;
    }
    throw errnoError(fault.kind, 'write');
  }

  fsync(fd: number): void {
    fsyncSync(fd);
  }
}

/** Writes all of `buf` or throws; a write that makes no progress is an I/O error. */
export function writeFully(io: StoreIo, target: WriteTarget, fd: number, buf: Buffer): void {
  let offset = 0;
  let stalls = 0;
  while (offset < buf.length) {
    const n = io.write(target, fd, buf, offset, buf.length - offset);
    if (n > 0) {
      offset += n;
      stalls = 0;
    } else if (++stalls > 3) {
      throw errnoError('EIO', 'write');
    }
  }
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates the data dir (and any sub-folder) private to its owner, and makes an existing one so. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  if ((statSync(dir).mode & 0o777) !== DIR_MODE) chmodSync(dir, DIR_MODE);
}

/** Makes an existing file of the data dir private (files written by older versions were 0644). */
export function makePrivate(file: string): void {
  try {
    if ((statSync(file).mode & 0o777) !== FILE_MODE) chmodSync(file, FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Opens (creating 0600) a file of the data dir; an existing file is made 0600 too. */
export function openPrivate(file: string, flags: string): number {
  const fd = openSync(file, flags, FILE_MODE);
  fchmodSync(fd, FILE_MODE);
  return fd;
}

/**
 * Writes a whole file atomically and durably: a private temp file written in full and fsync'ed, then
 * renamed over the target and the folder fsync'ed. On any failure the temp file is removed and the
 * target is left as it was.
 */
export function writeFileAtomic(file: string, data: string | Buffer, io: StoreIo = new StoreIo(), target: WriteTarget = 'file'): void {
  const dir = dirname(file);
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    const fd = openPrivate(temp, 'wx');
    try {
      writeFully(io, target, fd, bytes);
      io.fsync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    removeQuietly(temp);
    throw err;
  }
  fsyncDir(dir);
}

export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone, or the disk refuses even that: the temp name is never read
  }
}

/** The mount a path lives on, from /proc/self/mounts (Linux), for messages that name the disk. */
export function diskOf(path: string): string {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // not there yet: the path itself
  }
  try {
    let best: { at: string; type: string; device: string } | null = null;
    for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
      const [device, rawAt, type] = line.split(' ');
      if (!device || !rawAt || !type) continue;
      const at = rawAt.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
      const inside = at === '/' || real === at || real.startsWith(at.endsWith(sep) ? at : at + sep);
      if (inside && (!best || at.length >= best.at.length)) best = { at, type, device };
    }
    if (best) return `the disk mounted at ${best.at} (${best.type} ${best.device})`;
  } catch {
    // no /proc: name the folder
  }
  return `the disk holding ${real}`;
}
