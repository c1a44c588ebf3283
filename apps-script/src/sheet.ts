// Adapter over SpreadsheetApp. Records are mapped by the header row (so a sheet whose columns were
// moved or extended still reads right); every string written goes through asSheetText: never a formula.
//
// Two ways in, by what a job needs:
//
// 1. Keyed access — for every web-app op and anything that touches a few rows of a growing tab
//    (capture, sync, updateItems, and later updateClient, editSession, clientData, deleteClient,
//    setNoteKey…). Its cost follows the rows the request is about, never the tab's size:
//      const items = openTable(ss, 'ActionItems');          // header row + last row: no records read
//      const found = findRecords(items, 'item_id', ids);    // TextFinder on that one column, then the rows
//      const one = findRecord(clients, 'client_id', id);    // the same for one key (null when absent)
//      found[0].record.status = 'done';
//      updateRecords(items, [found[0]]);                    // writes back only those rows
//      appendRecords(items, [{ ... }]);                     // one setValues below the last row
//    A key is found with Range.createTextFinder(key).matchEntireCell(true).matchCase(true) on the key
//    column alone (several keys: one search with an anchored alternation). The search runs in the
//    spreadsheet: it scans the column server-side and transfers nothing; only the matching rows are
//    then read (neighbouring rows in one getValues), and each record is checked against the key, so a
//    search can only narrow, never add. https://developers.google.com/apps-script/reference/spreadsheet/text-finder
//    Writes must run under the script lock (webapp.ts takes it for writing ops): appendRecords uses
//    the last row it saw, and updateRecords writes the rows where the records were found.
//
// 2. Whole tables — readTable: one getValues per tab, for jobs that look at every row anyway
//    (reminder runs, the dashboard, leaders' summaries, set-up), with appendRows/writeRows on them.
import {
  columnsOf,
  emptyCell,
  TABS,
  type CellValue,
  type ColumnName,
  type ColumnType,
  type Row,
  type TabName,
  type WireRow,
} from '../../shared/schema';
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

/** The header row's names, checked to hold every column of the tab. */
function headerOf(tab: TabName, cells: unknown[] | undefined): string[] {
  const header = (cells ?? []).map((h) => String(h).trim());
  const missing = columnsOf(tab).filter((c) => !header.includes(c));
  if (missing.length) {
    throw new SetupError(`The "${tab}" tab lacks the column(s) ${missing.join(', ')}: run FollowThrough › Set up sheet.`);
  }
  return header;
}

function recordOf<T extends TabName>(tab: T, header: string[], cells: unknown[]): Row<T> {
  const schema = TABS[tab] as Record<string, ColumnType>;
  const record: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const type = schema[name];
    if (type) record[name] = fromCell(type, cells[i]);
  });
  return record as Row<T>;
}

/** Reads a whole tab with one getValues. */
export function readTable<T extends TabName>(ss: Spreadsheet, tab: T): Table<T> {
  const sheet = sheetOf(ss, tab);
  const values = sheet.getDataRange().getValues();
  const header = headerOf(tab, values[0]);
  const rows = values.slice(1).map((cells) => recordOf(tab, header, cells));
  return { tab, sheet, header, rows };
}

/**
 * The records of `count` sheet rows from `firstRow` (≥ 2) of a tab, mapped by its header: two reads
 * (the header row, then the rows), whatever the size of the tab.
 */
export function readRowsAt<T extends TabName>(
  ss: Spreadsheet,
  tab: T,
  firstRow: number,
  count: number,
): { sheet: Sheet; header: string[]; rows: Row<T>[] } {
  const sheet = sheetOf(ss, tab);
  const width = sheet.getLastColumn();
  const header = headerOf(tab, width > 0 ? sheet.getRange(1, 1, 1, width).getValues()[0] : []);
  const values = count > 0 ? sheet.getRange(firstRow, 1, count, width).getValues() : [];
  return { sheet, header, rows: values.map((cells) => recordOf(tab, header, cells)) };
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
  // A loop, not Math.min(...indexes): a job that changes every row of a big tab would overflow the stack.
  let first = indexes[0]!;
  let last = first;
  for (const i of indexes) {
    if (i < first) first = i;
    if (i > last) last = i;
  }
  const values = table.rows.slice(first, last + 1).map((r) => rowValues(table, r));
  table.sheet.getRange(first + 2, 1, values.length, table.header.length).setValues(values);
}

/** Contiguous runs [first, count] of ascending row indexes, last run first (rows are deleted bottom-up). */
export function runsBottomUp(indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === i) last[1]++;
    else if (!last || last[0] + last[1] < i) runs.push([i, 1]);
  }
  return runs.reverse();
}

/**
 * Deletes the rows at the given indexes of a table read whole (index i is sheet row i + 2): one
 * deleteRows per run of neighbouring rows, bottom-up so the indexes stay true. Google refuses to delete
 * every non-frozen row ("Sorry, it is not possible to delete all non-frozen rows."): an empty row is
 * kept below the header when the tab would be left with none.
 */
export function deleteTableRows(sheet: Sheet, indexes: readonly number[]): void {
  if (!indexes.length) return;
  const max = sheet.getMaxRows();
  if (indexes.length >= max - 1) sheet.insertRowsAfter(max, 1);
  for (const [first, count] of runsBottomUp(indexes)) sheet.deleteRows(first + 2, count);
}

// ——— Keyed access (see the top of this file) ———

/** A tab opened for keyed access: its header and where its data ends; no record is read. */
export interface TableRef<T extends TabName> {
  readonly tab: T;
  readonly sheet: Sheet;
  /** Column names in the sheet's own order ('' for a column the add-on does not know). */
  readonly header: string[];
  /** The last row holding data (1 = only the header); appendRecords moves it on. */
  lastRow: number;
}

/** A record and the sheet row it was read from (or written to). */
export interface Located<T extends TabName> {
  readonly row: number;
  record: Row<T>;
}

/**
 * Rows of neighbouring matches closer than this are read in one getValues, the rows between them
 * included: a few extra cells cost less than another round trip ("Don't make several calls when you
 * can do it in one", with the service's look-ahead read cache:
 * http://googleappsscript.blogspot.com/2010/06/optimizing-spreadsheet-operations.html).
 */
const READ_GAP_ROWS = 8;
/** Keys per search: an alternation of this many ids stays a short pattern. */
const KEYS_PER_SEARCH = 200;

/** Opens a tab for keyed access: its header row (one getValues of one row) and its last row. */
export function openTable<T extends TabName>(ss: Spreadsheet, tab: T): TableRef<T> {
  const sheet = sheetOf(ss, tab);
  const lastColumn = Math.max(sheet.getLastColumn(), 1);
  const header = headerOf(tab, sheet.getRange(1, 1, 1, lastColumn).getValues()[0]);
  return { tab, sheet, header, lastRow: Math.max(sheet.getLastRow(), 1) };
}

function columnIndex<T extends TabName>(ref: TableRef<T>, column: ColumnName<T>): number {
  return ref.header.indexOf(column) + 1;
}

function escapeRegExp(text: string): string {
  // The characters special to both JavaScript's and RE2's syntax; ids and keys are otherwise literal.
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * Sheet rows (ascending) whose `column` cell shows exactly one of `keys` (case-sensitive, whole cell),
 * found by the spreadsheet's TextFinder over that column: nothing is transferred but the matches.
 */
export function findRows<T extends TabName>(ref: TableRef<T>, column: ColumnName<T>, keys: readonly string[]): number[] {
  const wanted = [...new Set(keys.filter((k) => k !== ''))];
  if (!wanted.length || ref.lastRow < 2) return [];
  const range = ref.sheet.getRange(2, columnIndex(ref, column), ref.lastRow - 1, 1);
  const rows = new Set<number>();
  for (let i = 0; i < wanted.length; i += KEYS_PER_SEARCH) {
    const chunk = wanted.slice(i, i + KEYS_PER_SEARCH);
    const finder =
      chunk.length === 1
        ? range.createTextFinder(chunk[0]!)
        : range.createTextFinder(`^(?:${chunk.map(escapeRegExp).join('|')})$`).useRegularExpression(true);
    for (const cell of finder.matchCase(true).matchEntireCell(true).findAll()) rows.add(cell.getRow());
  }
  return [...rows].sort((a, b) => a - b);
}

/**
 * Sheet rows (ascending) with a cell that contains `text`, in any case, in `column` (every column of the
 * tab when omitted): a TextFinder search in the spreadsheet, nothing transferred. Callers check the
 * records they then read, since a search only narrows.
 */
export function findRowsContaining<T extends TabName>(ref: TableRef<T>, text: string, column?: ColumnName<T>): number[] {
  if (text === '' || ref.lastRow < 2) return [];
  const range =
    column === undefined
      ? ref.sheet.getRange(2, 1, ref.lastRow - 1, ref.header.length)
      : ref.sheet.getRange(2, columnIndex(ref, column), ref.lastRow - 1, 1);
  const rows = new Set(
    range
      .createTextFinder(text)
      .matchCase(false)
      .matchEntireCell(false)
      .findAll()
      .map((cell) => cell.getRow()),
  );
  return [...rows].sort((a, b) => a - b);
}

/** Reads the records at the given sheet rows: neighbouring rows share one getValues. */
export function readRecords<T extends TabName>(ref: TableRef<T>, rows: readonly number[]): Located<T>[] {
  const sorted = [...new Set(rows)].filter((r) => r >= 2 && r <= ref.lastRow).sort((a, b) => a - b);
  const out: Located<T>[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1]! - sorted[end]! <= READ_GAP_ROWS) end++;
    const first = sorted[start]!;
    const values = ref.sheet.getRange(first, 1, sorted[end]! - first + 1, ref.header.length).getValues();
    for (let i = start; i <= end; i++) {
      out.push({ row: sorted[i]!, record: recordOf(ref.tab, ref.header, values[sorted[i]! - first]!) });
    }
    start = end + 1;
  }
  return out;
}

/** The records whose `column` is one of `keys`, in sheet order (the key column is compared again). */
export function findRecords<T extends TabName>(ref: TableRef<T>, column: ColumnName<T>, keys: readonly string[]): Located<T>[] {
  const wanted = new Set(keys);
  return readRecords(ref, findRows(ref, column, keys)).filter((l) => wanted.has(String((l.record as Record<string, unknown>)[column])));
}

/** The rows of `tab` whose `column` is one of `keys`, found by key: only those rows are read. */
export function recordsWhere<T extends TabName>(ss: Spreadsheet, tab: T, column: ColumnName<T>, keys: readonly string[]): Row<T>[] {
  return findRecords(openTable(ss, tab), column, keys).map((l) => l.record);
}

/** The first record whose `column` is `key`, or null. */
export function findRecord<T extends TabName>(ref: TableRef<T>, column: ColumnName<T>, key: string): Located<T> | null {
  return findRecords(ref, column, [key])[0] ?? null;
}

function refValues<T extends TabName>(ref: TableRef<T>, record: Partial<Row<T>>): CellValue[] {
  return rowValues({ tab: ref.tab, header: ref.header } as Table<T>, record);
}

function fullRecord<T extends TabName>(tab: T, record: Partial<Row<T>>): Row<T> {
  const full: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(TABS[tab] as Record<string, ColumnType>)) {
    full[name] = (record as Record<string, unknown>)[name] ?? emptyCell(type);
  }
  return full as Row<T>;
}

/** Appends records below the last row with one setValues (growing the grid if needed). */
export function appendRecords<T extends TabName>(ref: TableRef<T>, records: Partial<Row<T>>[]): Located<T>[] {
  if (!records.length) return [];
  const first = ref.lastRow + 1;
  ensureRows(ref.sheet, first + records.length - 1);
  ref.sheet.getRange(first, 1, records.length, ref.header.length).setValues(records.map((r) => refValues(ref, r)));
  ref.lastRow = first + records.length - 1;
  return records.map((r, i) => ({ row: first + i, record: fullRecord(ref.tab, r) }));
}

/** Writes back the given records where they were found: one setValues per run of neighbouring rows. */
export function updateRecords<T extends TabName>(ref: TableRef<T>, located: readonly Located<T>[]): void {
  const byRow = new Map(located.map((l) => [l.row, l.record]));
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  let start = 0;
  while (start < rows.length) {
    let end = start;
    while (end + 1 < rows.length && rows[end + 1] === rows[end]! + 1) end++;
    const values = rows.slice(start, end + 1).map((r) => refValues(ref, byRow.get(r)!));
    ref.sheet.getRange(rows[start]!, 1, values.length, ref.header.length).setValues(values);
    start = end + 1;
  }
}

/**
 * Appends `record` below the last row and, in the same setValues, rewrites `above` when it is the row
 * just above it (the EmailLog writer: the last email's final status and the next one's pending row).
 * Otherwise `above` is written on its own first.
 */
export function appendRecordAfter<T extends TabName>(ref: TableRef<T>, above: Located<T> | null, record: Partial<Row<T>>): Located<T> {
  if (!above || above.row !== ref.lastRow) {
    if (above) updateRecords(ref, [above]);
    return appendRecords(ref, [record])[0]!;
  }
  const row = ref.lastRow + 1;
  ensureRows(ref.sheet, row);
  ref.sheet.getRange(above.row, 1, 2, ref.header.length).setValues([refValues(ref, above.record), refValues(ref, record)]);
  ref.lastRow = row;
  return { row, record: fullRecord(ref.tab, record) };
}

/** Dates become ISO strings, as records travel in web-app answers. */
export function toWire<T extends TabName>(record: Row<T>): WireRow<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out as WireRow<T>;
}
