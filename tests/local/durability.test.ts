// The workbook survives crashes: the journal replays over the snapshot; a torn or corrupt tail is cut
// at the last whole record, kept aside and reported; damage before the end stops the start until
// --repair; a newer data format or a damaged snapshot is refused.
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError, JournalDamagedError, readWorkbook } from '../../local/store/read';
import { WorkbookStore } from '../../local/store/store';
import { tempDir } from '../helpers/runtime';

function storeAt(dataDir: string, lines: string[] = []) {
  return new WorkbookStore({ dataDir, log: (line) => lines.push(line) });
}

function write(store: WorkbookStore, row: number, text: string) {
  store.apply({ t: 'cells', sheetId: 0, row, col: 1, cells: [[text]] });
  store.commitSync();
}

const column = (store: WorkbookStore) => store.data.sheets[0]!.cells.map((r) => r[0]);

describe('workbook store', () => {
  it('replays committed records after a crash (no close, no snapshot)', () => {
    const dir = tempDir();
    const store = storeAt(dir);
    for (let i = 1; i <= 5; i++) write(store, i, `row ${i}`);
    store.apply({ t: 'cells', sheetId: 0, row: 6, col: 1, cells: [['never committed']] });
    const again = storeAt(dir);
    expect(column(again)).toEqual(['row 1', 'row 2', 'row 3', 'row 4', 'row 5']);
    expect(again.recovery.replayed).toBe(5);
    expect(again.recovery.damagedTail).toBeUndefined();
  });

  it('cuts a torn last record, keeps its bytes aside and reports it', () => {
    const dir = tempDir();
    const store = storeAt(dir);
    write(store, 1, 'kept');
    write(store, 2, 'also kept');
    appendFileSync(join(dir, 'journal.log'), '1a2b3c4d {"seq":3,"ops":[{"t":"cells","sheetId":0,"ro');
    const lines: string[] = [];
    const again = storeAt(dir, lines);
    expect(column(again)).toEqual(['kept', 'also kept']);
    const tail = again.recovery.damagedTail!;
    expect(tail.bytes).toBeGreaterThan(0);
    expect(readFileSync(tail.savedTo, 'utf8')).toContain('"seq":3');
    expect(lines.join('\n')).toContain(`kept in ${tail.savedTo}`);
    // The journal goes on cleanly after the cut.
    write(again, 3, 'after recovery');
    expect(column(storeAt(dir))).toEqual(['kept', 'also kept', 'after recovery']);
  });

  it('refuses to start on a corrupt record in the middle, naming the offset and changing nothing; --repair keeps the rest', () => {
    const dir = tempDir();
    const store = storeAt(dir);
    for (let i = 1; i <= 3; i++) write(store, i, `row ${i}`);
    const journal = join(dir, 'journal.log');
    const lines = readFileSync(journal, 'utf8').split('\n');
    const offset = Buffer.byteLength(`${lines[0]}\n`);
    lines[1] = lines[1]!.replace('row 2', 'row X'); // one changed byte: the checksum no longer matches
    writeFileSync(journal, lines.join('\n'));
    const damaged = readFileSync(journal);
    // Before: the start went on with row 1 only and moved rows 2 and 3 aside, reported by one log line.
    expect(() => storeAt(dir)).toThrow(JournalDamagedError);
    expect(() => storeAt(dir)).toThrow(
      new RegExp(`journal\\.log is damaged at byte offset ${offset} \\(checksum mismatch\\), and 1 whole record follows it.*--repair`),
    );
    expect(readFileSync(journal)).toEqual(damaged);
    expect(readdirSync(dir).filter((f) => f.startsWith('journal.'))).toEqual(['journal.log']);
    // Reading it while another process owns it (export) is refused the same way.
    expect(() => readWorkbook(dir)).toThrow(JournalDamagedError);

    const log: string[] = [];
    const repaired = new WorkbookStore({ dataDir: dir, repair: true, log: (l) => log.push(l) });
    expect(column(repaired)).toEqual(['row 1', undefined, 'row 3']);
    const report = repaired.recovery.repaired!;
    expect(report).toMatchObject({ kept: 2, setAside: 1 });
    expect(readFileSync(report.savedTo, 'utf8')).toContain('row X');
    expect(readFileSync(report.original)).toEqual(damaged);
    expect(log.join('\n')).toContain(`set aside 1 damaged one in ${report.savedTo}`);
    write(repaired, 4, 'after repair');
    expect(column(storeAt(dir))).toEqual(['row 1', undefined, 'row 3', 'after repair']);
  });

  it('refuses a snapshot that is short or damaged, with a clear message, and keeps it', () => {
    const dir = tempDir();
    const store = storeAt(dir);
    write(store, 1, 'one');
    store.close();
    const file = join(dir, 'snapshot.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 10));
    expect(() => storeAt(dir)).toThrow(/snapshot\.json is damaged \(\d+ bytes of data where its header says \d+\); it is kept as it is/);
    writeFileSync(file, text.replace('"one"', '"ONE"'));
    expect(() => storeAt(dir)).toThrow(/snapshot\.json is damaged \(its checksum does not match its data\)/);
    expect(readFileSync(file, 'utf8')).toBe(text.replace('"one"', '"ONE"'));
  });

  it('snapshots on close and starts a new journal', () => {
    const dir = tempDir();
    const store = storeAt(dir);
    write(store, 1, 'one');
    store.close();
    expect(readFileSync(join(dir, 'journal.log'), 'utf8')).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')).format).toBe(2);
    expect(column(storeAt(dir))).toEqual(['one']);
  });

  it('refuses a data dir written by a newer version, with a clear message', () => {
    const dir = tempDir();
    storeAt(dir).close();
    const snapshot = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8'));
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ ...snapshot, format: 99 }));
    expect(() => storeAt(dir)).toThrow(DataFormatError);
    expect(() => storeAt(dir)).toThrow(/newer FollowThrough \(data format 99\).*Upgrade FollowThrough/);
  });

  it('opens a 0.1 data dir (workbook.json) and carries it over', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'workbook.json'),
      JSON.stringify({
        id: 'old',
        name: 'Old program',
        timeZone: 'Europe/London',
        nextSheetId: 1,
        sheets: [{ name: 'Sheet1', sheetId: 0, maxRows: 1000, maxColumns: 26, frozenRows: 0, cells: [['legacy']] }],
      }),
    );
    const store = storeAt(dir);
    expect(column(store)).toEqual(['legacy']);
    expect(existsSync(join(dir, 'snapshot.json'))).toBe(true);
  });

  it('lets another process read what was committed without writing anything', () => {
    const dir = tempDir();
    const store = storeAt(dir);
    write(store, 1, 'visible');
    const before = readFileSync(join(dir, 'journal.log'));
    expect(readWorkbook(dir).sheets[0]!.cells[0]).toEqual(['visible']);
    expect(readFileSync(join(dir, 'journal.log'))).toEqual(before);
  });

  it('group-commits concurrent callers with one fsync', async () => {
    const store = storeAt(tempDir());
    const fsyncs = store.stats.fsyncs;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        store.apply({ t: 'cells', sheetId: 0, row: i + 1, col: 1, cells: [[i]] });
        return store.commit();
      }),
    );
    expect(store.stats.fsyncs - fsyncs).toBe(1);
  });
});
