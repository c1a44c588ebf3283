// The durable workbook: a snapshot (written by atomic rename) plus an append-only journal of op
// records, each fsync'ed before the call that made it is acknowledged. Recovery replays the journal
// over the snapshot; a torn or corrupt tail is cut at the last whole record, kept aside in a file and
// reported — never silently dropped.
import {
  closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync,
  writeFileSync, writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { newWorkbook, type WorkbookData } from '../workbook';
import { applyOp, type Op } from './ops';
import {
  DATA_FORMAT, JOURNAL_FILE, parseJournal, readSnapshot, recordLine, replay, SNAPSHOT_FILE, type JournalRecord, type Snapshot,
} from './read';

export { DataFormatError } from './read';

/** Snapshot (and start a new journal) after this many records or bytes of journal. */
const SNAPSHOT_EVERY_RECORDS = 2000;
const SNAPSHOT_EVERY_BYTES = 16 * 1024 * 1024;

export interface RecoveryReport {
  snapshotSeq: number;
  replayed: number;
  /** Set when the journal ended in a torn or corrupt record. */
  damagedTail?: { offset: number; bytes: number; savedTo: string };
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export interface StoreOptions {
  dataDir: string;
  sheetName?: string;
  timeZone?: string;
  log?: (line: string) => void;
}

export class WorkbookStore {
  readonly data: WorkbookData;
  readonly recovery: RecoveryReport;
  private readonly dataDir: string;
  private journalFd: number;
  private seq: number;
  private pending: Op[] = [];
  private recordsSinceSnapshot = 0;
  private waiters: Array<() => void> = [];
  private scheduled = false;
  private closed = false;
  /** Counts of host operations, for the bench's "sheet service calls". */
  readonly stats = { commits: 0, fsyncs: 0 };

  constructor(options: StoreOptions) {
    this.dataDir = options.dataDir;
    mkdirSync(this.dataDir, { recursive: true });
    const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    const snapshot = readSnapshot(this.dataDir, () =>
      newWorkbook(options.sheetName ?? 'FollowThrough program', options.timeZone ?? 'America/New_York'),
    );
    const snapshotSeq = snapshot.seq;
    const journalPath = join(this.dataDir, JOURNAL_FILE);
    const buf = existsSync(journalPath) ? readFileSync(journalPath) : Buffer.alloc(0);
    const { records, goodBytes } = parseJournal(buf);
    const replayed = replay(snapshot, records);
    this.data = snapshot.data;
    this.seq = snapshot.seq;
    this.recovery = { snapshotSeq, replayed };
    this.journalFd = openSync(journalPath, 'a+');
    if (goodBytes < buf.length) {
      const savedTo = join(this.dataDir, `journal.damaged-${Date.now()}.log`);
      writeFileSync(savedTo, buf.subarray(goodBytes));
      ftruncateSync(this.journalFd, goodBytes);
      fsyncSync(this.journalFd);
      this.recovery.damagedTail = { offset: goodBytes, bytes: buf.length - goodBytes, savedTo };
      log(
        `Recovered the workbook up to journal record ${this.seq}; the journal's last ${buf.length - goodBytes} bytes ` +
          `(from offset ${goodBytes}) were torn or corrupt and are kept in ${savedTo}.`,
      );
    }
    this.recordsSinceSnapshot = records.length;
    if (!existsSync(join(this.dataDir, SNAPSHOT_FILE))) this.snapshot();
  }

  /** Applies an op in memory; it becomes durable at the next commit. */
  apply(op: Op): void {
    if (this.closed) throw new Error('The workbook is closed.');
    applyOp(this.data, op);
    this.pending.push(op);
  }

  get uncommitted(): number {
    return this.pending.length;
  }

  /** Appends the pending ops as one journal record and fsyncs it. */
  commitSync(): void {
    if (!this.pending.length) return;
    const record: JournalRecord = { seq: this.seq + 1, ops: this.pending };
    writeSync(this.journalFd, recordLine(record));
    fsyncSync(this.journalFd);
    this.seq = record.seq;
    this.pending = [];
    this.stats.commits++;
    this.stats.fsyncs++;
    this.recordsSinceSnapshot++;
    if (this.recordsSinceSnapshot >= SNAPSHOT_EVERY_RECORDS || fstatSync(this.journalFd).size >= SNAPSHOT_EVERY_BYTES) this.snapshot();
  }

  /**
   * Group commit: every caller in the same turn of the event loop shares one write and one fsync.
   * Resolves once everything applied before the call is durable.
   */
  commit(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        const waiters = this.waiters;
        this.waiters = [];
        this.commitSync();
        for (const w of waiters) w();
      });
    });
  }

  /** Writes a snapshot of everything committed and starts a new journal. Only with nothing pending. */
  snapshot(): void {
    if (this.pending.length) this.commitSync();
    const snapshot: Snapshot = { format: DATA_FORMAT, seq: this.seq, data: this.data };
    writeAtomically(join(this.dataDir, SNAPSHOT_FILE), JSON.stringify(snapshot));
    fsyncDir(this.dataDir);
    ftruncateSync(this.journalFd, 0);
    fsyncSync(this.journalFd);
    this.recordsSinceSnapshot = 0;
  }

  close(): void {
    if (this.closed) return;
    this.commitSync();
    this.snapshot();
    closeSync(this.journalFd);
    this.closed = true;
  }
}
