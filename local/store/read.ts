// Reading a data dir without owning it (`export` while `serve` runs): the snapshot plus every whole
// journal record, exactly what recovery would replay; nothing is written.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { newWorkbook, type WorkbookData } from '../workbook/workbook';
import { applyOp, type Op } from './journal-records';

/** The data dir format this version writes and reads. 1 was the plain workbook.json of 0.1. */
export const DATA_FORMAT = 2;
export const SNAPSHOT_FILE = 'snapshot.json';
export const JOURNAL_FILE = 'journal.log';
export const LEGACY_FILE = 'workbook.json';

export class DataFormatError extends Error {}

/** The journal is damaged before its end (a record that was acknowledged is unreadable): start refused. */
export class JournalDamagedError extends DataFormatError {
  constructor(
    readonly file: string,
    readonly damage: JournalDamage,
  ) {
    super(
      `${file} is damaged at byte offset ${damage.offset} (${damage.reason}), and ${damage.laterRecords} whole record` +
        `${damage.laterRecords === 1 ? ' follows' : 's follow'} it, so this is not a write cut short by a crash. Nothing was ` +
        `changed: the file is kept as it is. To start with every record that can be read, run the same command with ` +
        `--repair (it keeps the readable records, sets the damaged bytes aside in a journal.damaged-*.log file, and ` +
        `keeps a copy of the journal as it was).`,
    );
  }
}

export interface Snapshot {
  format: number;
  seq: number;
  data: WorkbookData;
}

export interface JournalRecord {
  seq: number;
  ops: Op[];
}

export function hasWorkbook(dataDir: string): boolean {
  return existsSync(join(dataDir, SNAPSHOT_FILE)) || existsSync(join(dataDir, LEGACY_FILE));
}

const DATA_KEY = ',"data":';

/**
 * A snapshot's text: a header with the byte length and CRC-32 of the data's JSON, then the data, so
 * a short or damaged snapshot is recognised before it is trusted.
 */
export function snapshotText(seq: number, data: WorkbookData): string {
  const json = JSON.stringify(data);
  return `{"format":${DATA_FORMAT},"seq":${seq},"bytes":${Buffer.byteLength(json)},"crc":"${checksum(json)}"${DATA_KEY}${json}}`;
}

/** Parses a snapshot's text; throws DataFormatError naming what is wrong. */
export function parseSnapshot(text: string, file: string): Snapshot {
  const damaged = (why: string) =>
    new DataFormatError(
      `${file} is damaged (${why}); it is kept as it is. Restore it from a backup (the journal next to it holds ` +
        `only the changes made since it was written).`,
    );
  const at = text.indexOf(DATA_KEY);
  const header = at > 0 ? text.slice(0, at) : '';
  if (header.includes('"crc":')) {
    let meta: { format?: unknown; seq?: unknown; bytes?: unknown; crc?: unknown };
    try {
      meta = JSON.parse(`${header}}`) as typeof meta;
    } catch {
      throw damaged('its header is not JSON');
    }
    checkFormat(meta.format, dirname(file));
    const json = text.slice(at + DATA_KEY.length, text.trimEnd().length - 1);
    const bytes = Buffer.byteLength(json);
    if (bytes !== meta.bytes) throw damaged(`${bytes} bytes of data where its header says ${String(meta.bytes)}`);
    if (checksum(json) !== meta.crc) throw damaged('its checksum does not match its data');
    return { format: meta.format as number, seq: meta.seq as number, data: JSON.parse(json) as WorkbookData };
  }
  // Snapshots written before the checksum header.
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(text) as Snapshot;
  } catch (err) {
    throw damaged(`not JSON: ${(err as Error).message}`);
  }
  checkFormat(snapshot.format, dirname(file));
  return snapshot;
}

function checkFormat(format: unknown, dataDir: string): void {
  if (typeof format !== 'number' || format > DATA_FORMAT) {
    throw new DataFormatError(
      `${dataDir} was written by a newer FollowThrough (data format ${String(format)}); this version reads ` +
        `format ${DATA_FORMAT} and older. Upgrade FollowThrough, or use another --data dir.`,
    );
  }
}

export function readSnapshot(
  dataDir: string,
  fresh: () => WorkbookData = () => newWorkbook('FollowThrough program', 'America/New_York'),
): Snapshot {
  const file = join(dataDir, SNAPSHOT_FILE);
  if (existsSync(file)) return parseSnapshot(readFileSync(file, 'utf8'), file);
  const legacy = join(dataDir, LEGACY_FILE);
  if (existsSync(legacy)) return { format: 1, seq: 0, data: JSON.parse(readFileSync(legacy, 'utf8')) as WorkbookData };
  return { format: DATA_FORMAT, seq: 0, data: fresh() };
}

export interface JournalDamage {
  /** Byte offset of the first record that cannot be read. */
  offset: number;
  reason: string;
  /** Whole, readable records after the damage. */
  laterRecords: number;
}

/** Reads one journal line (without its newline); a string says why it is not a record. */
function parseLine(line: string, previous: JournalRecord | undefined): JournalRecord | string {
  if (line.indexOf(' ') !== 8) return 'no checksum';
  const json = line.slice(9);
  if (checksum(json) !== line.slice(0, 8)) return 'checksum mismatch';
  let record: JournalRecord;
  try {
    record = JSON.parse(json) as JournalRecord;
  } catch {
    return 'not JSON';
  }
  if (!Number.isInteger(record.seq) || !Array.isArray(record.ops)) return 'not a record';
  if (previous && record.seq !== previous.seq + 1) return `record ${record.seq} where ${previous.seq + 1} was due`;
  return record;
}

/**
 * Parses journal bytes into whole records: those before the first damage, the offset where it starts,
 * and what follows it. Damage with no whole record after it is a write cut short (a torn tail: the
 * record was never acknowledged); damage followed by whole records is corruption of acknowledged data.
 */
export function parseJournal(buf: Buffer): { records: JournalRecord[]; goodBytes: number; damage?: JournalDamage } {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const end = buf.indexOf(0x0a, offset);
    if (end < 0) return { records, goodBytes: offset, damage: { offset, reason: 'a record without its end', laterRecords: 0 } };
    const parsed = parseLine(buf.subarray(offset, end).toString('utf8'), records.at(-1));
    if (typeof parsed === 'string') {
      let laterRecords = 0;
      for (const line of salvageLines(buf, end + 1)) if (typeof parseLine(line.text, undefined) !== 'string') laterRecords++;
      return { records, goodBytes: offset, damage: { offset, reason: parsed, laterRecords } };
    }
    records.push(parsed);
    offset = end + 1;
  }
  return { records, goodBytes: offset };
}

/** The lines of a journal from `from`, with their byte ranges (the last may lack its newline). */
export function* salvageLines(buf: Buffer, from = 0): Generator<{ text: string; start: number; end: number }> {
  let offset = from;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    const end = nl < 0 ? buf.length : nl + 1;
    yield { text: buf.subarray(offset, nl < 0 ? buf.length : nl).toString('utf8'), start: offset, end };
    offset = end;
  }
}

/** Reads a line as a record on its own, whatever came before it (for --repair). */
export function readRecord(line: string): JournalRecord | null {
  const parsed = parseLine(line, undefined);
  return typeof parsed === 'string' ? null : parsed;
}

/** Applies the records newer than the snapshot; returns how many were applied. */
export function replay(snapshot: Snapshot, records: JournalRecord[]): number {
  let applied = 0;
  for (const record of records) {
    if (record.seq <= snapshot.seq) continue;
    for (const op of record.ops) applyOp(snapshot.data, op);
    snapshot.seq = record.seq;
    applied++;
  }
  return applied;
}

/** CRC-32 of a record's JSON, as 8 hex digits. */
export function checksum(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}

/** One journal line: checksum, space, JSON, newline. */
export function recordLine(record: JournalRecord): string {
  const json = JSON.stringify(record);
  return `${checksum(json)} ${json}\n`;
}

/**
 * The workbook as recovery would see it, read-only. A record being appended right now is a torn tail
 * and is left out; damage before the end is refused, as at start.
 */
export function readWorkbook(dataDir: string): WorkbookData {
  const snapshot = readSnapshot(dataDir);
  const journal = join(dataDir, JOURNAL_FILE);
  if (existsSync(journal)) {
    const parsed = parseJournal(readFileSync(journal));
    if (parsed.damage?.laterRecords) throw new JournalDamagedError(journal, parsed.damage);
    replay(snapshot, parsed.records);
  }
  return snapshot.data;
}
