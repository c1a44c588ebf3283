// The durable workbook: a snapshot (written by atomic rename) plus an append-only journal of op
// records, each fsync'ed before the call that made it is acknowledged. It keeps the promises of the
// embedded stores people trust (SQLite, LMDB):
// - A write is complete or not acknowledged. Every write loops until all its bytes are written
//   (files.ts); when one fails, the journal is cut back to its last whole record, the workbook in
//   memory goes back to what is on disk, and every execution whose changes were lost is told so (its
//   request is answered `busy` or `internal`, never `ok`). Nothing throws where nobody catches.
// - On a full disk (ENOSPC) reads go on; writes are refused with a message naming the disk; a probe
//   write (at most every PROBE_EVERY_MS, when a write is tried) notices the space coming back.
// - A snapshot goes to a private temp file, its length and checksum are read back and checked, the
//   file and its folder are fsync'ed, then it is renamed over the old one; only then is the journal
//   truncated. A snapshot that cannot be written leaves the journal whole: nothing is lost.
// - Recovery replays the journal over the snapshot. A torn tail (a record cut short by a crash, never
//   acknowledged) is cut at the last whole record, its bytes kept in a file and reported. Damage with
//   whole records after it is corruption of acknowledged data: the start is refused with the offset
//   and the file is left as it is, until the store is opened with `repair` (`--repair`).
import { closeSync, copyFileSync, existsSync, ftruncateSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { newWorkbook, type WorkbookData } from '../workbook/workbook';
import { applyOp, type Op } from './journal-records';
import {
  diskOf,
  ensurePrivateDir,
  FILE_MODE,
  fsyncDir,
  makePrivate,
  openPrivate,
  parseFaults,
  removeQuietly,
  StoreIo,
  writeFully,
} from './files';
import {
  JOURNAL_FILE,
  JournalDamagedError,
  parseJournal,
  readRecord,
  readSnapshot,
  recordLine,
  replay,
  salvageLines,
  SNAPSHOT_FILE,
  snapshotText,
  type JournalRecord,
  type Snapshot,
} from './read';

export { DataFormatError, JournalDamagedError } from './read';

/** Snapshot (and start a new journal) after this many records or bytes of journal. */
const SNAPSHOT_EVERY_RECORDS = 2000;
const SNAPSHOT_EVERY_BYTES = 16 * 1024 * 1024;
/** After a failed automatic snapshot, the next try waits for this many more records. */
const SNAPSHOT_RETRY_RECORDS = 200;
/** While writes are refused, a write tried this long after the last probe probes the disk again. */
const PROBE_EVERY_MS = 250;
const PROBE_BYTES = 64 * 1024;

export interface RecoveryReport {
  snapshotSeq: number;
  replayed: number;
  /** Set when the journal ended in a torn record. */
  damagedTail?: { offset: number; bytes: number; savedTo: string };
  /** Set when the store was opened with `repair` and the journal was damaged. */
  repaired?: { kept: number; setAside: number; savedTo: string; original: string };
}

/** A write the disk refused; the request that made it is answered with `answerCode`, never `ok`. */
export class StoreWriteError extends Error {
  readonly answerCode: 'busy' | 'internal';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'StoreWriteError';
    this.answerCode = code === 'ENOSPC' || code === 'EDQUOT' ? 'busy' : 'internal';
  }
}

export interface StoreOptions {
  dataDir: string;
  sheetName?: string;
  timeZone?: string;
  log?: (line: string) => void;
  /** Open a journal damaged before its end: keep every readable record, set the rest aside. */
  repair?: boolean;
  /** The fault-injection seam; by default faults come from FOLLOWTHROUGH_FAULTS (tests only). */
  io?: StoreIo;
}

interface Waiter {
  execId: string | undefined;
  resolve: () => void;
  reject: (err: Error) => void;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export class WorkbookStore {
  readonly recovery: RecoveryReport;
  /** The seam through which every write goes: tests inject short writes, ENOSPC and EIO here. */
  readonly io: StoreIo;
  /** The execution whose service call is being served (set by the host), to whom applied ops belong. */
  writer: string | null = null;
  private current: WorkbookData;
  private readonly dataDir: string;
  private readonly log: (line: string) => void;
  private journalFd: number;
  /** Bytes of whole, fsync'ed records in the journal. */
  private journalBytes: number;
  private seq: number;
  private pending: Op[] = [];
  private pendingWriters = new Set<string>();
  /** Executions whose changes were thrown away by a failed write, until they learn it. */
  private readonly lostWriters = new Map<string, StoreWriteError>();
  private failure: StoreWriteError | null = null;
  private lastProbe = 0;
  private recordsSinceSnapshot = 0;
  private nextSnapshotAt = SNAPSHOT_EVERY_RECORDS;
  private waiters: Waiter[] = [];
  private scheduled = false;
  private closed = false;
  /** Counts of host operations, for the bench's "sheet service calls". */
  readonly stats = { commits: 0, fsyncs: 0, failedCommits: 0 };

  constructor(options: StoreOptions) {
    this.dataDir = options.dataDir;
    this.io = options.io ?? new StoreIo(parseFaults(process.env.FOLLOWTHROUGH_FAULTS));
    ensurePrivateDir(this.dataDir);
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    const fresh = () => newWorkbook(options.sheetName ?? 'FollowThrough program', options.timeZone ?? 'America/New_York');
    const snapshot = readSnapshot(this.dataDir, fresh);
    makePrivate(join(this.dataDir, SNAPSHOT_FILE));
    const snapshotSeq = snapshot.seq;
    const journalPath = join(this.dataDir, JOURNAL_FILE);
    const buf = existsSync(journalPath) ? readFileSync(journalPath) : Buffer.alloc(0);
    const parsed = parseJournal(buf);
    if (parsed.damage?.laterRecords && !options.repair) throw new JournalDamagedError(journalPath, parsed.damage);
    this.journalFd = openPrivate(journalPath, 'a+');
    this.recovery = { snapshotSeq, replayed: 0 };
    if (parsed.damage?.laterRecords) {
      this.current = snapshot.data;
      this.seq = snapshot.seq;
      this.journalBytes = buf.length;
      this.repair(snapshot, buf, journalPath);
      return;
    }
    this.recovery.replayed = replay(snapshot, parsed.records);
    this.current = snapshot.data;
    this.seq = snapshot.seq;
    this.journalBytes = parsed.goodBytes;
    if (options.repair) this.log(`--repair: ${journalPath} has no damage before its end; nothing to repair.`);
    if (parsed.damage) {
      const savedTo = join(this.dataDir, `journal.damaged-${stamp()}.log`);
      writeFileSync(savedTo, buf.subarray(parsed.goodBytes), { mode: FILE_MODE });
      ftruncateSync(this.journalFd, parsed.goodBytes);
      this.io.fsync(this.journalFd);
      const bytes = buf.length - parsed.goodBytes;
      this.recovery.damagedTail = { offset: parsed.goodBytes, bytes, savedTo };
      this.log(
        `Recovered the workbook up to journal record ${this.seq}; the journal's last ${bytes} bytes (from offset ` +
          `${parsed.goodBytes}) were a record cut short (${parsed.damage.reason}), never acknowledged; they are kept in ${savedTo}.`,
      );
    }
    this.recordsSinceSnapshot = parsed.records.length;
    if (!existsSync(join(this.dataDir, SNAPSHOT_FILE))) this.trySnapshot('first snapshot');
  }

  /** The workbook in memory: everything committed, plus what is pending. */
  get data(): WorkbookData {
    return this.current;
  }

  /** When writes are refused (full or failing disk), why; null when they are accepted. */
  get refusing(): StoreWriteError | null {
    return this.failure;
  }

  /** Applies an op in memory; it becomes durable at the next commit. Throws while writes are refused. */
  apply(op: Op): void {
    if (this.closed) throw new Error('The workbook is closed.');
    if (this.failure && !this.probe()) {
      // The execution's answer must not say `ok` for a change it could not make.
      if (this.writer) this.lostWriters.set(this.writer, this.failure);
      throw this.failure;
    }
    applyOp(this.current, op);
    this.pending.push(op);
    if (this.writer) this.pendingWriters.add(this.writer);
  }

  get uncommitted(): number {
    return this.pending.length;
  }

  /**
   * Appends the pending ops as one journal record and fsyncs it. Throws StoreWriteError when the disk
   * refuses; the ops are then undone in memory and their executions are marked lost.
   */
  commitSync(): void {
    if (!this.pending.length) return;
    const record: JournalRecord = { seq: this.seq + 1, ops: this.pending };
    const bytes = Buffer.from(recordLine(record), 'utf8');
    try {
      writeFully(this.io, 'journal', this.journalFd, bytes);
      this.io.fsync(this.journalFd);
    } catch (err) {
      throw this.rollBack(err);
    }
    this.journalBytes += bytes.length;
    this.seq = record.seq;
    this.pending = [];
    this.pendingWriters.clear();
    this.stats.commits++;
    this.stats.fsyncs++;
    this.recordsSinceSnapshot++;
    if (this.recordsSinceSnapshot >= this.nextSnapshotAt || this.journalBytes >= SNAPSHOT_EVERY_BYTES) {
      // The record is durable whatever happens to the snapshot: a failed one is logged, not thrown.
      if (!this.trySnapshot('automatic snapshot')) this.nextSnapshotAt = this.recordsSinceSnapshot + SNAPSHOT_RETRY_RECORDS;
    }
  }

  /**
   * Group commit: every caller in the same turn of the event loop shares one write and one fsync.
   * Resolves once everything applied before the call is durable; rejects (StoreWriteError) when the
   * changes of `execId` (or, without one, of anybody) could not be written.
   */
  commit(execId?: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ execId, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        const waiters = this.waiters;
        this.waiters = [];
        let failed: StoreWriteError | null = null;
        try {
          this.commitSync();
        } catch (err) {
          failed = err instanceof StoreWriteError ? err : this.asWriteError(err);
        }
        for (const w of waiters) {
          const lost = w.execId === undefined ? failed : this.takeLost(w.execId);
          if (lost) w.reject(lost);
          else w.resolve();
        }
      });
    });
  }

  /** Whether an execution's changes were thrown away by a failed write; forgets it once asked. */
  takeLost(execId: string): StoreWriteError | null {
    const lost = this.lostWriters.get(execId) ?? null;
    this.lostWriters.delete(execId);
    return lost;
  }

  /** Writes a snapshot of everything committed and starts a new journal; throws when it cannot. */
  snapshot(): void {
    if (this.pending.length) this.commitSync();
    const text = snapshotText(this.seq, this.current);
    const bytes = Buffer.from(text, 'utf8');
    const file = join(this.dataDir, SNAPSHOT_FILE);
    const temp = `${file}.tmp-${process.pid}`;
    try {
      const fd = openPrivate(temp, 'w');
      try {
        writeFully(this.io, 'snapshot', fd, bytes);
        this.io.fsync(fd);
      } finally {
        closeSync(fd);
      }
      // Read back what the disk holds before trusting it over the old snapshot.
      const size = statSync(temp).size;
      if (size !== bytes.length) throw new Error(`the new snapshot has ${size} bytes where ${bytes.length} were written`);
      if (crc32(readFileSync(temp)) !== crc32(bytes)) throw new Error('the new snapshot does not read back as written');
      renameSync(temp, file);
    } catch (err) {
      removeQuietly(temp);
      throw err;
    }
    fsyncDir(this.dataDir);
    // Only now is the journal redundant. Should the truncation fail, its records are older than the
    // snapshot and replay skips them.
    ftruncateSync(this.journalFd, 0);
    this.io.fsync(this.journalFd);
    this.journalBytes = 0;
    this.recordsSinceSnapshot = 0;
    this.nextSnapshotAt = SNAPSHOT_EVERY_RECORDS;
  }

  /** Makes everything durable and writes a last snapshot; a disk that refuses loses nothing committed. */
  close(): void {
    if (this.closed) return;
    try {
      this.commitSync();
    } catch (err) {
      this.log(`Closing: the last changes could not be written (${(err as Error).message}); they were never acknowledged.`);
    }
    this.trySnapshot('closing snapshot');
    closeSync(this.journalFd);
    this.closed = true;
  }

  private trySnapshot(what: string): boolean {
    try {
      this.snapshot();
      return true;
    } catch (err) {
      this.log(
        `The ${what} could not be written to ${this.dataDir} (${this.describe(err)}); the old snapshot and the journal ` +
          'are kept whole, so nothing is lost: the journal is replayed at the next start.',
      );
      return false;
    }
  }

  private describe(err: unknown): string {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return `${diskOf(this.dataDir)} is full`;
    if (code === 'EIO') return `${diskOf(this.dataDir)} reported an I/O error`;
    return (err as Error)?.message ?? String(err);
  }

  private asWriteError(err: unknown): StoreWriteError {
    if (err instanceof StoreWriteError) return err;
    const code = (err as NodeJS.ErrnoException)?.code ?? 'EIO';
    const what =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? `${diskOf(this.dataDir)} is full (${code})`
        : `${diskOf(this.dataDir)} failed a write (${(err as Error)?.message ?? String(err)})`;
    return new StoreWriteError(
      `The change was not saved: ${what}. The workbook can still be read; writes are refused until the disk takes them ` +
        'again, which FollowThrough notices by itself.',
      code,
    );
  }

  /**
   * A write failed: cut the journal back to its last whole record, reload the workbook as it is on
   * disk, mark the executions whose ops are gone, and refuse writes until a probe succeeds.
   */
  private rollBack(err: unknown): StoreWriteError {
    const failure = this.asWriteError(err);
    this.stats.failedCommits++;
    for (const execId of this.pendingWriters) this.lostWriters.set(execId, failure);
    this.pending = [];
    this.pendingWriters.clear();
    this.failure = failure;
    this.lastProbe = Date.now();
    try {
      ftruncateSync(this.journalFd, this.journalBytes);
      this.io.fsync(this.journalFd);
    } catch (cut) {
      // The torn bytes stay; recovery cuts them at the next start (they end without a whole record).
      this.log(`Could not cut the journal back after a failed write: ${(cut as Error).message}`);
    }
    this.current = this.reload();
    this.log(failure.message);
    return failure;
  }

  /** The workbook as the snapshot and the journal's whole records hold it. */
  private reload(): WorkbookData {
    const snapshot = readSnapshot(this.dataDir, () => this.current);
    const buf = readFileSync(join(this.dataDir, JOURNAL_FILE)).subarray(0, this.journalBytes);
    replay(snapshot, parseJournal(buf).records);
    return snapshot.data;
  }

  /** While writes are refused: is there room again? Writes and fsyncs a probe file, at most every PROBE_EVERY_MS. */
  private probe(): boolean {
    const now = Date.now();
    if (now - this.lastProbe < PROBE_EVERY_MS) return false;
    this.lastProbe = now;
    const file = join(this.dataDir, `.probe-${process.pid}`);
    try {
      const fd = openPrivate(file, 'w');
      try {
        writeFully(this.io, 'probe', fd, Buffer.alloc(PROBE_BYTES));
        this.io.fsync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      return false;
    } finally {
      removeQuietly(file);
    }
    this.log(`${this.dataDir} takes writes again.`);
    this.failure = null;
    return true;
  }

  /**
   * --repair: the snapshot plus every readable record, in order (a record that no longer applies is set
   * aside too); the damaged bytes go to journal.damaged-*.log, the journal as it was to
   * journal.before-repair-*.log; then a fresh snapshot and an empty journal.
   */
  private repair(snapshot: Snapshot, buf: Buffer, journalPath: string): void {
    const when = stamp();
    const original = join(this.dataDir, `journal.before-repair-${when}.log`);
    copyFileSync(journalPath, original);
    makePrivate(original);
    const aside: Buffer[] = [];
    let kept = 0;
    let setAside = 0;
    for (const line of salvageLines(buf)) {
      const record = line.text.trim() ? readRecord(line.text) : null;
      if (!record) {
        if (line.text.trim()) {
          aside.push(Buffer.from(`# bytes ${line.start}-${line.end} of ${JOURNAL_FILE}: unreadable\n`), buf.subarray(line.start, line.end));
          if (!buf.subarray(line.start, line.end).toString().endsWith('\n')) aside.push(Buffer.from('\n'));
          setAside++;
        }
        continue;
      }
      if (record.seq <= snapshot.seq) continue;
      const why = whyNotApplicable(snapshot.data, record.ops);
      if (why) {
        aside.push(
          Buffer.from(`# bytes ${line.start}-${line.end} of ${JOURNAL_FILE}: record ${record.seq} no longer applies (${why})\n`),
          buf.subarray(line.start, line.end),
        );
        setAside++;
        continue;
      }
      for (const op of record.ops) applyOp(snapshot.data, op);
      snapshot.seq = record.seq;
      kept++;
    }
    const savedTo = join(this.dataDir, `journal.damaged-${when}.log`);
    writeFileSync(savedTo, Buffer.concat(aside), { mode: FILE_MODE });
    this.current = snapshot.data;
    this.seq = snapshot.seq;
    this.recovery.replayed = kept;
    this.recovery.repaired = { kept, setAside, savedTo, original };
    // The repaired workbook becomes the snapshot; the journal starts empty.
    this.snapshot();
    this.log(
      `Repaired ${this.dataDir}: kept ${kept} journal record${kept === 1 ? '' : 's'}, set aside ${setAside} damaged ` +
        `one${setAside === 1 ? '' : 's'} in ${savedTo}; the journal as it was is in ${original}.`,
    );
  }
}

/** Why a record's ops cannot apply to the workbook (the only way applyOp fails: a sheet that is not there). */
function whyNotApplicable(data: WorkbookData, ops: Op[]): string | null {
  const sheets = new Set(data.sheets.map((s) => s.sheetId));
  for (const op of ops) {
    if (op.t === 'insertSheet') sheets.add(op.sheetId);
    else if ('sheetId' in op && !sheets.has(op.sheetId)) return `no sheet with id ${op.sheetId}`;
    if (op.t === 'deleteSheet') sheets.delete(op.sheetId);
  }
  return null;
}
