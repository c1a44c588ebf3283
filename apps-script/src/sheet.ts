// Adapter over SpreadsheetApp: whole tables are read with one getValues and written with one setValues
// per table per job, mapped to records by the header row (so a sheet whose columns were moved or
// extended still reads right). Every string written goes through asSheetText: never a formula.
import { columnsOf, emptyCell, TABS, type CellValue, type ColumnType, type Row, type TabName, type WireRow } from '../../shared/schema';
import { asSheetText } from '../../shared/text';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export class SetupError extends Error {}

export interface Table<T extends TabName> {
  readonly tab: T;
  readonly sheet: Sheet;
  /** Column names in the sheet's own order ('' for a column the add-on does not know). */
  readonly header: string[];
  /** Records in sheet order; index i is sheet row i + 2. */
  readonly rows: Row<T>[];
}

export function spreadsheet(): Spreadsheet {
  return SpreadsheetApp.getActiveSpreadsheet();
}

function sheetOf(ss: Spreadsheet, tab: TabName): Sheet {
  const sheet = ss.getSheetByName(tab);
  if (!sheet) throw new SetupError(`The sheet has no "${tab}" tab: run FollowThrough › Set up sheet.`);
  return sheet;
}


/** Converts a cell as Apps Script returns it to the record field of the schema's type. */
function fromCell(type: ColumnType, value: unknown): unknown {
  if (value === '' || value === null || value === undefined) return type.type === 'bool' ? false : '';
  switch (type.type) {
    case 'date':
    case 'datetime':
      return value instanceof Date ? value : '';
    case 'bool':
      return value === true || value === 'TRUE' || value === 'true';
    case 'int':
      return typeof value === 'number' ? value : Number(value) || '';
    default:
      return value instanceof Date ? value.toISOString() : String(value);
  }
}

/** The value written to a cell for a record field. */
function toCell(type: ColumnType, value: unknown): CellValue {
  if (value === undefined || value === null || value === '') return emptyCell(type);
  if (value instanceof Date) return value;
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  return asSheetText(String(value));
}

/** Reads a whole tab with one getValues. */
export function readTable<T extends TabName>(ss: Spreadsheet, tab: T): Table<T> {
  const sheet = sheetOf(ss, tab);
  const values = sheet.getDataRange().getValues();
  const header = values[0]!.map((h) => String(h).trim());
  const schema = TABS[tab] as Record<string, ColumnType>;
  const missing = columnsOf(tab).filter((c) => !header.includes(c));
  if (missing.length) {
    throw new SetupError(`The "${tab}" tab lacks the column(s) ${missing.join(', ')}: run FollowThrough › Set up sheet.`);
  }
  const rows = values.slice(1).map((cells) => {
    const record: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const type = schema[name];
      if (type) record[name] = fromCell(type, cells[i]);
    });
    return record as Row<T>;
  });
  return { tab, sheet, header, rows };
}

/**
 * The records of `count` sheet rows from `firstRow` (≥ 2) of a tab, mapped by its header: two reads
 * (the header row, then the rows), whatever the size of the tab.
 */
export function readRowsAt<T extends TabName>(ss: Spreadsheet, tab: T, firstRow: number, count: number): { sheet: Sheet; header: string[]; rows: Row<T>[] } {
  const sheet = sheetOf(ss, tab);
  const width = sheet.getLastColumn();
  const header = width > 0 ? sheet.getRange(1, 1, 1, width).getValues()[0]!.map((h) => String(h).trim()) : [];
  const schema = TABS[tab] as Record<string, ColumnType>;
  const missing = columnsOf(tab).filter((c) => !header.includes(c));
  if (missing.length) {
    throw new SetupError(`The "${tab}" tab lacks the column(s) ${missing.join(', ')}: run FollowThrough › Set up sheet.`);
  }
  const values = count > 0 ? sheet.getRange(firstRow, 1, count, width).getValues() : [];
  const rows = values.map((cells) => {
    const record: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const type = schema[name];
      if (type) record[name] = fromCell(type, cells[i]);
    });
    return record as Row<T>;
  });
  return { sheet, header, rows };
}

function rowValues<T extends TabName>(table: Table<T>, record: Partial<Row<T>>): CellValue[] {
  const schema = TABS[table.tab] as Record<string, ColumnType>;
  const fields = record as Record<string, unknown>;
  return table.header.map((name) => {
    const type = schema[name];
    return type ? toCell(type, fields[name]) : '';
  });
}

/** Grows the sheet's grid so that row `lastRow` exists (getRange fails outside the grid). */
export function ensureRows(sheet: Sheet, lastRow: number): void {
  const max = sheet.getMaxRows();
  if (lastRow > max) sheet.insertRowsAfter(max, lastRow - max);
}

/** Grows the sheet's grid so that column `lastColumn` exists. */
export function ensureColumns(sheet: Sheet, lastColumn: number): void {
  const max = sheet.getMaxColumns();
  if (lastColumn > max) sheet.insertColumnsAfter(max, lastColumn - max);
}

/** Appends records below the last row with one setValues; they join table.rows as well. */
export function appendRows<T extends TabName>(table: Table<T>, records: Partial<Row<T>>[]): void {
  if (!records.length) return;
  const values = records.map((r) => rowValues(table, r));
  const firstRow = table.rows.length + 2;
  ensureRows(table.sheet, firstRow + values.length - 1);
  table.sheet.getRange(firstRow, 1, values.length, table.header.length).setValues(values);
  const schema = TABS[table.tab] as Record<string, ColumnType>;
  for (const record of records) {
    const full: Record<string, unknown> = {};
    for (const [name, type] of Object.entries(schema)) full[name] = (record as Record<string, unknown>)[name] ?? emptyCell(type);
    table.rows.push(full as Row<T>);
  }
}

/**
 * Writes back the records at the given row indexes (into table.rows) with one setValues covering the
 * rows from the first to the last changed one; rows in between are written back unchanged.
 */
export function writeRows<T extends TabName>(table: Table<T>, indexes: number[]): void {
  if (!indexes.length) return;
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  const values = table.rows.slice(first, last + 1).map((r) => rowValues(table, r));
  table.sheet.getRange(first + 2, 1, values.length, table.header.length).setValues(values);
}

/** Dates become ISO strings, as records travel in web-app answers. */
export function toWire<T extends TabName>(record: Row<T>): WireRow<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out as WireRow<T>;
}
