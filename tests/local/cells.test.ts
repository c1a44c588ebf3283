// What the local runtime counts per execution — cells transferred between sheet and script (read and
// written) and cells a server-side search scanned — and Google's 10-million-cell limit per spreadsheet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpreadsheetAppFacade } from '../../local/facade/spreadsheet/app';
import type { LocalSheet } from '../../local/facade/spreadsheet/sheet';
import { MAX_SPREADSHEET_CELLS } from '../../local/host/sheets/data';
import { newProgram, type TestProgram } from '../helpers/runtime';
import { appOver, thrown } from '../helpers/spreadsheet-app';

describe('local runtime: cells counted per execution', () => {
  let p: TestProgram;
  let app: SpreadsheetAppFacade;
  let sheet: LocalSheet;
  const exec = 'cells-test';
  beforeEach(() => {
    p = newProgram({ log: () => {} });
    app = appOver(p.rt, exec);
    sheet = app.getActiveSpreadsheet().insertSheet('Count');
  });
  afterEach(async () => {
    await p.rt.close();
  });

  it('counts each cell a read returns and a write sends, and nothing for calls that move no cells', () => {
    const start = p.rt.host.usageOf(exec);
    sheet.getRange(1, 1, 3, 4).setValues([
      [1, 2, 3, 4],
      ['a', 'b', 'c', 'd'],
      [true, false, '', new Date()],
    ]);
    expect(p.rt.host.usageOf(exec).written - start.written).toBe(12);
    const before = p.rt.host.usageOf(exec);
    sheet.getRange(2, 2, 2, 2).getValues();
    sheet.getDataRange().getValues(); // one fetch: 3 × 4
    sheet.getRange('A1').getDisplayValues();
    sheet.getLastRow();
    sheet.getRange(1, 1, 3, 1).setNumberFormat('@'); // one format over a range moves no cell
    const after = p.rt.host.usageOf(exec);
    expect(after.read - before.read).toBe(4 + 12 + 1);
    expect(after.written - before.written).toBe(0);
    expect(after.scanned).toBe(0);
    sheet.appendRow(['x', 'y']);
    expect(p.rt.host.usageOf(exec).written - after.written).toBe(2);
  });

  it('counts a TextFinder search as scanned cells — the searched range up to the data — and transfers none', () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`key_${i}`, `value ${i}`]);
    sheet.getRange(1, 1, rows.length, 2).setValues(rows);
    const before = p.rt.host.usageOf(exec);
    const found = sheet.getRange(1, 1, 1000, 1).createTextFinder('key_42').matchEntireCell(true).matchCase(true).findAll();
    expect(found.map((r) => r.getRow())).toEqual([43]);
    const after = p.rt.host.usageOf(exec);
    expect(after.scanned - before.scanned).toBe(500); // rows past the data's end are not looked at
    expect(after.read - before.read).toBe(0);
    // Whole-cell and case matching as in Google: "key_4" alone is not "key_42"; case matters only when asked.
    expect(
      sheet
        .getRange(1, 1, 500, 1)
        .createTextFinder('KEY_7')
        .matchEntireCell(true)
        .findAll()
        .map((r) => r.getRow()),
    ).toEqual([8]);
    expect(sheet.getRange(1, 1, 500, 1).createTextFinder('KEY_7').matchEntireCell(true).matchCase(true).findAll()).toEqual([]);
    expect(
      sheet
        .getRange(1, 1, 500, 1)
        .createTextFinder('^(?:key_1|key_3)$')
        .useRegularExpression(true)
        .matchEntireCell(true)
        .matchCase(true)
        .findAll()
        .map((r) => r.getRow()),
    ).toEqual([2, 4]);
  });

  it('keeps getLastRow/getLastColumn right as writes push the data out and clearing pulls it in', () => {
    sheet.getRange(1, 1, 3, 3).setValues([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([3, 3]);
    sheet.getRange(5, 2).setValue('x');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([5, 3]);
    sheet.getRange(2, 1, 1, 3).clearContent(); // inside: nothing moves
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([5, 3]);
    sheet.getRange(5, 2).setValue(''); // the last row emptied
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([3, 3]);
    sheet.getRange(1, 3, 3, 1).clearContent(); // the last column emptied
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([3, 2]);
    sheet.appendRow(['a', 'b', 'c', 'd']);
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([4, 4]);
  });

  it(
    'takes one write of as many rows as the 10-million-cell limit leaves (a whole-table job on a full program)',
    { timeout: 120_000 },
    () => {
      // Before: keeping the known extent spread the written rows into Math.max's arguments, and a write
      // of a few hundred thousand rows overflowed the stack (the bench's 500k reminder run failed with it).
      const rows = Math.floor((MAX_SPREADSHEET_CELLS - p.rt.host.sheets.gridCells()) / 26) + 1000;
      expect(rows).toBeGreaterThan(300_000);
      sheet.insertRowsAfter(1000, rows - 1000);
      expect(sheet.getLastRow()).toBe(0); // the extent is known from here on
      const values = Array.from({ length: rows }, (_, i) => [i + 1]);
      sheet.getRange(1, 1, rows, 1).setValues(values);
      expect(sheet.getLastRow()).toBe(rows);
      expect(sheet.getRange(rows, 1).getValue()).toBe(rows);
    },
  );

  it('hands each execution its own figures when it ends', () => {
    p.rt.host.usageOf(exec);
    sheet.getRange(1, 1, 2, 2).setValues([
      [1, 2],
      [3, 4],
    ]);
    const { cells } = p.rt.host.end(exec);
    expect(cells).toEqual({ read: 0, written: 4, scanned: 0 });
    expect(p.rt.host.usageOf(exec)).toEqual({ read: 0, written: 0, scanned: 0 });
    const invocation = p.rt.invoke('refreshDashboard');
    expect(invocation.cells.read).toBeGreaterThan(0);
    expect(invocation.cells.written).toBeGreaterThan(0);
  });
});

describe("local runtime: Google's 10-million-cell limit per spreadsheet", () => {
  let p: TestProgram;
  afterEach(async () => {
    await p.rt.close();
  });

  it('refuses to grow the grid past 10,000,000 cells, with the Sheets message, and changes nothing', () => {
    p = newProgram({ log: () => {} });
    const app = appOver(p.rt, 'limit');
    const ss = app.getActiveSpreadsheet();
    const sheet = ss.insertSheet('Big');
    const used = p.rt.host.sheets.gridCells();
    const room = MAX_SPREADSHEET_CELLS - used; // cells still allowed
    const rowsThatFit = Math.floor(room / 26);
    sheet.insertRowsAfter(1000, rowsThatFit);
    expect(p.rt.host.sheets.gridCells()).toBeLessThanOrEqual(MAX_SPREADSHEET_CELLS);
    const message = 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.';
    const before = p.rt.host.sheets.gridCells();
    expect(thrown(() => sheet.insertRowsAfter(1000, 1))).toBe(message);
    expect(thrown(() => sheet.insertColumnsAfter(26, 1))).toBe(message);
    expect(thrown(() => ss.insertSheet('One more'))).toBe(message);
    sheet.getRange(sheet.getMaxRows(), 1).setValue('the last row of the grid');
    expect(thrown(() => sheet.appendRow(['past the grid']))).toBe(message);
    expect(p.rt.host.sheets.gridCells()).toBe(before);
    // Shrinking makes room again.
    sheet.deleteRows(2, 1000);
    expect(ss.insertSheet('Fits again').getName()).toBe('Fits again');
  });
});
