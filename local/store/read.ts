// Reading a data dir without owning it (`export` while `serve` runs): the snapshot plus every whole
// journal record, exactly what recovery would replay; nothing is written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { newWorkbook, type WorkbookData } from '../workbook';
import { applyOp, type Op } from './ops';

/** The data dir format this version writes and reads. 1 was the plain workbook.json of 0.1. */
export const DATA_FORMAT = 2;
export const SNAPSHOT_FILE = 'snapshot.json';
export const JOURNAL_FILE = 'journal.log';
export const LEGACY_FILE = 'workbook.json';

export class DataFormatError extends Error {}

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

export function readSnapshot(dataDir: string, fresh: () => WorkbookData = () => newWorkbook('FollowThrough program', 'America/New_York')): Snapshot {
  const file = join(dataDir, SNAPSHOT_FILE);
  if (existsSync(file)) {
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    if (typeof snapshot.format !== 'number' || snapshot.format > DATA_FORMAT) {
      throw new DataFormatError(
        `${dataDir} was written by a newer FollowThrough (data format ${String(snapshot.format)}); this version reads ` +
          `format ${DATA_FORMAT} and older. Upgrade FollowThrough, or use another --data dir.`,
      );
    }
    return snapshot;
  }
  const legacy = join(dataDir, LEGACY_FILE);
  if (existsSync(legacy)) return { format: 1, seq: 0, data: JSON.parse(readFileSync(legacy, 'utf8')) as WorkbookData };
  return { format: DATA_FORMAT, seq: 0, data: fresh() };
}

/** Parses journal bytes into whole records; returns them and the byte offset where damage starts. */
export function parseJournal(buf: Buffer): { records: JournalRecord[]; goodBytes: number } {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const end = buf.indexOf(0x0a, offset);
    if (end < 0) break; // torn: no newline
    const line = buf.subarray(offset, end).toString('utf8');
    if (line.indexOf(' ') !== 8) break;
    const json = line.slice(9);
    if (checksum(json) !== line.slice(0, 8)) break;
    let record: JournalRecord;
    try {
      record = JSON.parse(json) as JournalRecord;
    } catch {
      break;
    }
    if (!Number.isInteger(record.seq) || !Array.isArray(record.ops)) break;
    if (records.length && record.seq !== records.at(-1)!.seq + 1) break;
    records.push(record);
    offset = end + 1;
  }
  return { records, goodBytes: offset };
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

/** The workbook as recovery would see it, read-only. */
export function readWorkbook(dataDir: string): WorkbookData {
  const snapshot = readSnapshot(dataDir);
  const journal = join(dataDir, JOURNAL_FILE);
  if (existsSync(journal)) replay(snapshot, parseJournal(readFileSync(journal)).records);
  return snapshot.data;
}
