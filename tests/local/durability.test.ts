// The workbook survives crashes: the journal replays over the snapshot; a torn or corrupt tail is cut
// at the last whole record, kept aside and reported; a newer data format is refused.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFormatError, readWorkbook } from '../../local/store/read';
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

  it('stops at a corrupt record in the middle and keeps everything after it aside, not dropped', () => {
    const dir = tempDir();
    const store = storeAt(dir);
    for (let i = 1; i <= 3; i++) write(store, i, `row ${i}`);
    const journal = join(dir, 'journal.log');
    const text = readFileSync(journal, 'utf8').split('\n');
    text[1] = text[1]!.replace('row 2', 'row X'); // checksum no longer matches
    writeFileSync(journal, text.join('\n'));
    const again = storeAt(dir);
    expect(column(again)).toEqual(['row 1']);
    const saved = readFileSync(again.recovery.damagedTail!.savedTo, 'utf8');
    expect(saved).toContain('row X');
    expect(saved).toContain('row 3');
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
    writeFileSync(join(dir, 'workbook.json'), JSON.stringify({
      id: 'old', name: 'Old program', timeZone: 'Europe/London', nextSheetId: 1,
      sheets: [{ name: 'Sheet1', sheetId: 0, maxRows: 1000, maxColumns: 26, frozenRows: 0, cells: [['legacy']] }],
    }));
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
    await Promise.all(Array.from({ length: 20 }, (_, i) => {
      store.apply({ t: 'cells', sheetId: 0, row: i + 1, col: 1, cells: [[i]] });
      return store.commit();
    }));
    expect(store.stats.fsyncs - fsyncs).toBe(1);
  });
});
