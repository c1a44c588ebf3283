// The spreadsheet, host side: the state behind SpreadsheetApp. Methods take and return plain data (they
// are called over the execution channel); every change goes through the store as an Op. Apps Script's
// rules for what a written value becomes live here, because they depend on the cell's format.
import type { WireValue } from '../channel';
import { OpError, sheetById } from '../store/ops';
import type { WorkbookStore } from '../store/store';
import { extent, type Cell, type SheetData } from '../workbook';

/** Errors with Apps Script's wording; the facade rethrows them inside the bundle. */
export class GasError extends Error {
  override name = 'Exception';
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
export const MAX_CELL_CHARS = 50_000;
/** The number format that makes a cell plain text: nothing typed into it is parsed. */
export const PLAIN_TEXT_FORMAT = '@';

/** What a cell stores when a script writes `value` into a cell with number format `format`. */
export function cellFromWire(value: WireValue, format?: string): Cell {
  if (value === null) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GasError('Range.setValues: a number must be finite.');
    return value;
  }
  if (typeof value === 'boolean') return value;
  if ('d' in value) return Number.isNaN(value.d) ? null : { d: value.d };
  const text = value.s;
  if (text === '') return null;
  if (text.length > MAX_CELL_CHARS) {
    throw new GasError(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
  }
  if (text.startsWith("'")) return text.slice(1) === '' ? null : text.slice(1);
  if (format === PLAIN_TEXT_FORMAT) return text;
  if (text.startsWith('=') && text.length > 1) return { f: text };
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  return text;
}

export interface SheetInfo {
  sheetId: number;
  name: string;
  lastRow: number;
  lastColumn: number;
  maxRows: number;
  maxColumns: number;
  frozenRows: number;
}

export class SheetsHost {
  private readonly extents = new Map<number, { rows: number; columns: number }>();

  constructor(private readonly store: WorkbookStore) {}

  private sheet(sheetId: number): SheetData {
    try {
      return sheetById(this.store.data, sheetId);
    } catch (err) {
      if (err instanceof OpError) throw new GasError('The sheet has been deleted.');
      throw err;
    }
  }

  private extentOf(sheet: SheetData): { rows: number; columns: number } {
    let known = this.extents.get(sheet.sheetId);
    if (!known) {
      known = extent(sheet);
      this.extents.set(sheet.sheetId, known);
    }
    return known;
  }

  private changed(sheetId: number): void {
    this.extents.delete(sheetId);
  }

  spreadsheet(): { id: string; name: string; timeZone: string } {
    const { id, name, timeZone } = this.store.data;
    return { id, name, timeZone };
  }

  setTimeZone(timeZone: string): void {
    this.store.apply({ t: 'timeZone', timeZone });
  }

  sheets(): SheetInfo[] {
    return this.store.data.sheets.map((s) => this.info(s.sheetId));
  }

  sheetByName(name: string): number | null {
    return this.store.data.sheets.find((s) => s.name === name)?.sheetId ?? null;
  }

  info(sheetId: number): SheetInfo {
    const sheet = this.sheet(sheetId);
    const { rows, columns } = this.extentOf(sheet);
    return {
      sheetId, name: sheet.name, lastRow: rows, lastColumn: columns,
      maxRows: sheet.maxRows, maxColumns: sheet.maxColumns, frozenRows: sheet.frozenRows,
    };
  }

  insertSheet(name: string | null, index: number | null): number {
    const data = this.store.data;
    const sheetName = name ?? `Sheet${data.sheets.length + 1}`;
    if (data.sheets.some((s) => s.name === sheetName)) {
      throw new GasError(`A sheet with the name "${sheetName}" already exists. Please enter another name.`);
    }
    const sheetId = data.nextSheetId;
    const at = index === null ? data.sheets.length : Math.max(0, Math.min(index, data.sheets.length));
    this.store.apply({ t: 'insertSheet', sheetId, name: sheetName, index: at });
    return sheetId;
  }

  deleteSheet(sheetId: number): void {
    this.sheet(sheetId);
    if (this.store.data.sheets.length === 1) throw new GasError("You can't remove all the sheets in a document.");
    this.store.apply({ t: 'deleteSheet', sheetId });
    this.changed(sheetId);
  }

  renameSheet(sheetId: number, name: string): void {
    this.sheet(sheetId);
    if (this.store.data.sheets.some((s) => s.name === name && s.sheetId !== sheetId)) {
      throw new GasError(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.store.apply({ t: 'renameSheet', sheetId, name });
  }

  insertRowsAfter(sheetId: number, after: number, count: number): void {
    const sheet = this.sheet(sheetId);
    if (!Number.isInteger(after) || after < 1 || after > sheet.maxRows || !Number.isInteger(count) || count < 1) {
      throw new GasError('Those rows are out of bounds.');
    }
    this.store.apply({ t: 'insertRows', sheetId, after, count });
    this.changed(sheetId);
  }

  insertColumnsAfter(sheetId: number, after: number, count: number): void {
    const sheet = this.sheet(sheetId);
    if (!Number.isInteger(after) || after < 1 || after > sheet.maxColumns || !Number.isInteger(count) || count < 1) {
      throw new GasError('Those columns are out of bounds.');
    }
    this.store.apply({ t: 'insertCols', sheetId, after, count });
    this.changed(sheetId);
  }

  deleteRows(sheetId: number, row: number, count: number): void {
    const sheet = this.sheet(sheetId);
    if (row < 1 || count < 1 || row + count - 1 > sheet.maxRows) throw new GasError('Those rows are out of bounds.');
    if (count >= sheet.maxRows) throw new GasError('Sorry, it is not possible to delete all non-frozen rows.');
    this.store.apply({ t: 'deleteRows', sheetId, row, count });
    this.changed(sheetId);
  }

  setFrozenRows(sheetId: number, rows: number): void {
    this.sheet(sheetId);
    this.store.apply({ t: 'frozen', sheetId, rows });
  }

  /** Checks a range lies inside the sheet's grid, as getRange does. */
  checkRange(sheetId: number, row: number, column: number, numRows: number, numColumns: number): void {
    const sheet = this.sheet(sheetId);
    if (row + numRows - 1 > sheet.maxRows || column + numColumns - 1 > sheet.maxColumns) {
      throw new GasError('The coordinates of the range are outside the dimensions of the sheet.');
    }
  }

  /** The raw cells of a range (null for empty), row-major. */
  getCells(sheetId: number, row: number, column: number, numRows: number, numColumns: number): Cell[][] {
    const sheet = this.sheet(sheetId);
    const out: Cell[][] = [];
    for (let r = 0; r < numRows; r++) {
      const source = sheet.cells[row - 1 + r];
      const line: Cell[] = [];
      for (let c = 0; c < numColumns; c++) line.push(source?.[column - 1 + c] ?? null);
      out.push(line);
    }
    return out;
  }

  /** Number formats of a range ('' where none is set). */
  getFormats(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string[][] {
    const formats = this.sheet(sheetId).meta?.numberFormat as Record<string, string> | undefined;
    return Array.from({ length: numRows }, (_, r) =>
      Array.from({ length: numColumns }, (_, c) => formatAt(formats, row + r, column + c)),
    );
  }

  /** Writes script values into a range (setValues/setValue), applying Apps Script's parsing rules. */
  setValues(sheetId: number, row: number, column: number, values: WireValue[][]): void {
    this.checkRange(sheetId, row, column, values.length, values[0]?.length ?? 0);
    const formats = this.sheet(sheetId).meta?.numberFormat as Record<string, string> | undefined;
    const cells = values.map((line, r) => line.map((v, c) => cellFromWire(v, formatAt(formats, row + r, column + c))));
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells });
    this.changed(sheetId);
  }

  appendRow(sheetId: number, values: WireValue[]): void {
    const sheet = this.sheet(sheetId);
    const row = this.extentOf(sheet).rows + 1;
    if (row > sheet.maxRows) this.store.apply({ t: 'insertRows', sheetId, after: sheet.maxRows, count: row - sheet.maxRows });
    if (values.length > sheet.maxColumns) this.store.apply({ t: 'insertCols', sheetId, after: sheet.maxColumns, count: values.length - sheet.maxColumns });
    const formats = sheet.meta?.numberFormat as Record<string, string> | undefined;
    this.store.apply({ t: 'cells', sheetId, row, col: 1, cells: [values.map((v, c) => cellFromWire(v, formatAt(formats, row, c + 1)))] });
    this.changed(sheetId);
  }

  /** Sets the number format of every cell of a range ('@' = plain text). */
  setNumberFormat(sheetId: number, row: number, column: number, numRows: number, numColumns: number, format: string): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    this.store.apply({ t: 'meta', sheetId, kind: 'numberFormat', key: rangeKey(row, column, numRows, numColumns), value: format });
  }
}

/** The A1-like key of a range in a sheet's metadata: "r1:c1:r2:c2" (1-based, inclusive). */
export function rangeKey(row: number, column: number, numRows: number, numColumns: number): string {
  return `${row}:${column}:${row + numRows - 1}:${column + numColumns - 1}`;
}

export function parseRangeKey(key: string): { row: number; column: number; lastRow: number; lastColumn: number } {
  const [row, column, lastRow, lastColumn] = key.split(':').map(Number) as [number, number, number, number];
  return { row, column, lastRow, lastColumn };
}

/** The format that applies to one cell: the last one set over a range containing it. */
function formatAt(formats: Record<string, string> | undefined, row: number, column: number): string {
  if (!formats) return '';
  let found = '';
  for (const [key, format] of Object.entries(formats)) {
    const r = parseRangeKey(key);
    if (row >= r.row && row <= r.lastRow && column >= r.column && column <= r.lastColumn) found = format;
  }
  return found;
}
