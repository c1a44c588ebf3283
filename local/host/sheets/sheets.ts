// The spreadsheet, host side: the state behind SpreadsheetApp. Methods take and return plain data (they
// are called over the execution channel); every change goes through the store as an Op. The data they
// exchange is in data.ts, Sheets' rules for cell content in cell-rules.ts, per-range metadata
// lookups in meta.ts.
import { randomUUID } from 'node:crypto';
import { a1Cell } from '../../workbook/a1';
import type { WireValue } from '../../exec/channel';
import { displayValue } from '../../workbook/display';
import { formatCell } from '../../workbook/number-format';
import { userEntry } from '../../workbook/user-entry';
import { OpError, sheetById } from '../../store/journal-records';
import type { WorkbookStore } from '../../store/store';
import { extent, type Cell, type SheetData } from '../../workbook/workbook';
import { cellFromWire, matcher, satisfies } from './cell-rules';
import {
  DEFAULT_COLUMN_WIDTH, DEFAULT_ROW_HEIGHT, GasError, MAX_CELL_CHARS, MAX_COLUMNS, MAX_SPREADSHEET_CELLS, NO_RULE, NO_STYLE,
  OWNER_EMAIL, PROTECTED_MESSAGE, PROTECTION_WARNING,
  type CellForEdit, type CellStyle, type CellUsage, type ConditionalRule, type FindOptions, type ProtectionChange,
  type ProtectionData, type RuleArg, type SheetInfo, type UserEditResult, type ValidationRule,
} from './data';
import { formatAt, formatLookup, grid, lookup, parsedEntries, parseRangeKey, rangeKey, styleAt } from './meta';

const SHEET_PROTECTION = 'sheet';
const ALL_RULES = 'all';

export class SheetsHost {
  private readonly extents = new Map<number, { rows: number; columns: number }>();
  /** The running execution's cell figures while the host serves one of its calls (set by Host). */
  meter: CellUsage | null = null;

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

  /**
   * Keeps a known extent up to date after cells were written, without looking at the whole sheet:
   * values can only push it out; emptied cells can pull it in only where they touch its last row or
   * column, and then it is measured again.
   */
  private wrote(sheetId: number, row: number, column: number, cells: Cell[][]): void {
    const known = this.extents.get(sheetId);
    if (!known) return;
    let lastRow = 0;
    let lastColumn = 0;
    let emptied = false;
    // A loop, not Math.max(...rows): spreading a write of 500,000 rows into arguments overflows the stack.
    let width = 0;
    cells.forEach((line, r) => {
      if (line.length > width) width = line.length;
      line.forEach((cell, c) => {
        if (cell === null || cell === '') emptied = true;
        else {
          lastRow = Math.max(lastRow, row + r);
          lastColumn = Math.max(lastColumn, column + c);
        }
      });
    });
    if (emptied && (row + cells.length - 1 >= known.rows || column + width - 1 >= known.columns)) {
      this.extents.delete(sheetId);
      return;
    }
    known.rows = Math.max(known.rows, lastRow);
    known.columns = Math.max(known.columns, lastColumn);
  }

  /** Cells of every sheet's grid (rows × columns), what Google's 10-million limit counts. */
  gridCells(): number {
    return this.store.data.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
  }

  /** Refuses a change that would grow the grid by `added` cells past Google's limit. */
  private checkCellLimit(added: number): void {
    if (added > 0 && this.gridCells() + added > MAX_SPREADSHEET_CELLS) {
      throw new GasError(`This action would increase the number of cells in the workbook above the limit of ${MAX_SPREADSHEET_CELLS} cells.`);
    }
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
    // A new sheet is a 1000 × 26 grid.
    this.checkCellLimit(1000 * 26);
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
    this.checkCellLimit(count * sheet.maxColumns);
    this.store.apply({ t: 'insertRows', sheetId, after, count });
    this.changed(sheetId);
  }

  insertColumnsAfter(sheetId: number, after: number, count: number): void {
    const sheet = this.sheet(sheetId);
    if (!Number.isInteger(after) || after < 1 || after > sheet.maxColumns || !Number.isInteger(count) || count < 1) {
      throw new GasError('Those columns are out of bounds.');
    }
    if (sheet.maxColumns + count > MAX_COLUMNS) throw new GasError(`This action would increase the number of columns in the sheet above the limit of ${MAX_COLUMNS}.`);
    this.checkCellLimit(count * sheet.maxRows);
    this.store.apply({ t: 'insertCols', sheetId, after, count });
    this.changed(sheetId);
  }

  deleteRows(sheetId: number, row: number, count: number): void {
    const sheet = this.sheet(sheetId);
    if (row < 1 || count < 1 || row + count - 1 > sheet.maxRows) throw new GasError('Those rows are out of bounds.');
    // Google's message (already this runtime's) says what Sheets keeps: at least one non-frozen row.
    // So deleting every row below the frozen header is refused too, not only every row of the grid
    // (stricter than before; the exact rule was not measured here, the message's wording is the source).
    if (count >= sheet.maxRows - sheet.frozenRows && row <= sheet.frozenRows + 1) {
      throw new GasError('Sorry, it is not possible to delete all non-frozen rows.');
    }
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

  /** Embedded charts by id. */
  charts(sheetId: number): Record<string, unknown> {
    return { ...((this.sheet(sheetId).meta?.charts ?? {}) as Record<string, unknown>) };
  }

  setChart(sheetId: number, id: string | null, chart: unknown): string {
    this.sheet(sheetId);
    const key = id ?? (this.store.data.nextSheetId * 1000 + Object.keys(this.charts(sheetId)).length + Date.now() % 1000).toString(36);
    this.store.apply({ t: 'meta', sheetId, kind: 'charts', key, value: chart });
    return key;
  }

  removeChart(sheetId: number, id: string): void {
    this.store.apply({ t: 'meta', sheetId, kind: 'charts', key: id, value: null });
  }

  /** getDataRange(): the sheet's grid and the cells of its data range, in one call. */
  dataRange(sheetId: number): SheetInfo & { cells: Cell[][] } {
    const info = this.info(sheetId);
    return { ...info, cells: this.getCells(sheetId, 1, 1, Math.max(info.lastRow, 1), Math.max(info.lastColumn, 1)) };
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
    const at = formatLookup(this.sheet(sheetId).meta?.numberFormat as Record<string, string> | undefined);
    return Array.from({ length: numRows }, (_, r) =>
      Array.from({ length: numColumns }, (_, c) => at(row + r, column + c)),
    );
  }

  /** Writes script values into a range (setValues/setValue), applying Apps Script's parsing rules. */
  setValues(sheetId: number, row: number, column: number, values: WireValue[][]): void {
    this.checkRange(sheetId, row, column, values.length, values[0]?.length ?? 0);
    const formats = this.sheet(sheetId).meta?.numberFormat as Record<string, string> | undefined;
    const format = formatLookup(formats);
    const cells = values.map((line, r) => line.map((v, c) => cellFromWire(v, format(row + r, column + c))));
    this.checkValidation(sheetId, row, column, cells);
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells });
    this.wrote(sheetId, row, column, cells);
  }

  appendRow(sheetId: number, values: WireValue[]): void {
    const sheet = this.sheet(sheetId);
    const row = this.extentOf(sheet).rows + 1;
    const newRows = Math.max(0, row - sheet.maxRows);
    const newColumns = Math.max(0, values.length - sheet.maxColumns);
    this.checkCellLimit(newRows * Math.max(sheet.maxColumns, values.length) + newColumns * sheet.maxRows);
    if (row > sheet.maxRows) this.store.apply({ t: 'insertRows', sheetId, after: sheet.maxRows, count: row - sheet.maxRows });
    if (values.length > sheet.maxColumns) this.store.apply({ t: 'insertCols', sheetId, after: sheet.maxColumns, count: values.length - sheet.maxColumns });
    const formats = sheet.meta?.numberFormat as Record<string, string> | undefined;
    const cells = [values.map((v, c) => cellFromWire(v, formatAt(formats, row, c + 1)))];
    this.checkValidation(sheetId, row, 1, cells);
    this.store.apply({ t: 'cells', sheetId, row, col: 1, cells });
    this.wrote(sheetId, row, 1, cells);
  }

  /** Sets the number format of every cell of a range ('@' = plain text). */
  setNumberFormat(sheetId: number, row: number, column: number, numRows: number, numColumns: number, format: string): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    this.setRangeMeta(sheetId, 'numberFormat', row, column, numRows, numColumns, format);
  }

  /** Number formats cell by cell (setNumberFormats): one op per run of equal formats down a column. */
  setNumberFormats(sheetId: number, row: number, column: number, formats: string[][]): void {
    const numColumns = formats[0]?.length ?? 0;
    this.checkRange(sheetId, row, column, formats.length, numColumns);
    for (let c = 0; c < numColumns; c++) {
      let start = 0;
      for (let r = 1; r <= formats.length; r++) {
        if (r < formats.length && formats[r]![c] === formats[start]![c]) continue;
        this.setRangeMeta(sheetId, 'numberFormat', row + start, column + c, r - start, 1, String(formats[start]![c]));
        start = r;
      }
    }
  }

  /** getDisplayValues: every cell as Sheets shows it, under its number format, in one call. */
  getDisplayValues(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string[][] {
    const cells = this.getCells(sheetId, row, column, numRows, numColumns);
    const formats = this.getFormats(sheetId, row, column, numRows, numColumns);
    const { timeZone } = this.store.data;
    return cells.map((line, r) => line.map((cell, c) => formatCell(cell, formats[r]![c]!, timeZone)));
  }

  /** Clears values (not formats or validation) of a range. */
  clearContent(sheetId: number, row: number, column: number, numRows: number, numColumns: number): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    const cells = Array.from({ length: numRows }, () => Array<Cell>(numColumns).fill(null));
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells });
    this.wrote(sheetId, row, column, cells);
  }

  // ——— Data validation (meta 'validation': rangeKey → rule, or 'none' where a rule was cleared) ———

  getValidations(sheetId: number, row: number, column: number, numRows: number, numColumns: number): Array<Array<ValidationRule | null>> {
    const at = lookup<ValidationRule | typeof NO_RULE>(this.sheet(sheetId).meta?.validation);
    return grid(numRows, numColumns, (r, c) => {
      const rule = at(row + r, column + c);
      return rule === undefined || rule === NO_RULE ? null : rule;
    });
  }

  setValidation(sheetId: number, row: number, column: number, numRows: number, numColumns: number, rule: ValidationRule | null): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    this.setRangeMeta(sheetId, 'validation', row, column, numRows, numColumns, rule ?? NO_RULE);
  }

  /** insertCheckboxes: a checkbox rule, and every cell set to the unchecked value (FALSE, or '' with a custom checked value). */
  insertCheckboxes(sheetId: number, row: number, column: number, numRows: number, numColumns: number, checked: WireValue[]): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    const values = checked.map((v) => cellFromWire(v) as RuleArg);
    this.setRangeMeta(sheetId, 'validation', row, column, numRows, numColumns, { criteria: 'CHECKBOX', values, allowInvalid: true, helpText: null } satisfies ValidationRule);
    const unchecked: Cell = checked.length === 0 ? false : checked.length === 1 ? null : cellFromWire(checked[1]!);
    const cells = Array.from({ length: numRows }, () => Array<Cell>(numColumns).fill(unchecked));
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells });
    this.wrote(sheetId, row, column, cells);
  }

  /** Rejects a write that breaks a rule set to reject input, with Sheets' message naming the first bad cell. */
  private checkValidation(sheetId: number, row: number, column: number, cells: Cell[][]): void {
    const rules = this.sheet(sheetId).meta?.validation;
    if (!rules || Object.keys(rules).length === 0) return;
    const at = lookup<ValidationRule | typeof NO_RULE>(rules);
    const { timeZone } = this.store.data;
    cells.forEach((line, r) => line.forEach((cell, c) => {
      const rule = at(row + r, column + c);
      if (rule && rule !== NO_RULE && !rule.allowInvalid && !satisfies(cell, rule, timeZone)) {
        throw new GasError(`The data you entered in cell ${a1Cell(row + r, column + c)} violates the data validation rules set on this cell.`);
      }
    }));
  }

  // ——— Styles and column widths (meta 'style': rangeKey → partial style; 'columnWidth': column → px) ———

  setStyle(sheetId: number, row: number, column: number, numRows: number, numColumns: number, style: CellStyle): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    // A setting over the very same range is merged into: it shares the key.
    const same = this.sheet(sheetId).meta?.style?.[rangeKey(row, column, numRows, numColumns)] as CellStyle | undefined;
    const merged = { ...same, ...style };
    this.setRangeMeta(sheetId, 'style', row, column, numRows, numColumns, merged, (old) => Object.keys(old as CellStyle).every((k) => k in merged));
  }

  getStyles(sheetId: number, row: number, column: number, numRows: number, numColumns: number): CellStyle[][] {
    const entries = parsedEntries<CellStyle>(this.sheet(sheetId).meta?.style);
    return grid(numRows, numColumns, (r, c) => styleAt(entries, row + r, column + c));
  }

  /** The same style over several ranges (RangeList): one call. */
  setStyleRanges(sheetId: number, boxes: Array<[number, number, number, number]>, style: CellStyle): void {
    for (const box of boxes) this.checkRange(sheetId, ...box);
    for (const box of boxes) this.setStyle(sheetId, ...box, style);
  }

  /**
   * Range.clearFormat(): text formatting back to the defaults. Apps Script's reference: it "clears text
   * formatting for the cell or cells in the range, but does not reset any number formatting rules";
   * merged blocks stay too (breakApart removes them) — the stricter reading, so a script must undo both.
   */
  clearFormat(sheetId: number, row: number, column: number, numRows: number, numColumns: number): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    this.setRangeMeta(sheetId, 'style', row, column, numRows, numColumns, NO_STYLE);
  }

  setColumnWidth(sheetId: number, column: number, width: number): void {
    this.setColumnWidths(sheetId, column, 1, width);
  }

  setColumnWidths(sheetId: number, column: number, count: number, width: number): void {
    this.setSizes(sheetId, 'columnWidth', column, count, width);
  }

  setRowHeights(sheetId: number, row: number, count: number, height: number): void {
    this.setSizes(sheetId, 'rowHeight', row, count, height);
  }

  /** Pixel sizes of `count` columns or rows from `start`, each rounded; positions past the grid throw. */
  private setSizes(sheetId: number, kind: 'columnWidth' | 'rowHeight', start: number, count: number, size: number): void {
    const sheet = this.sheet(sheetId);
    const max = kind === 'columnWidth' ? sheet.maxColumns : sheet.maxRows;
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 1 || count < 1 || start + count - 1 > max) {
      throw new GasError(`Those ${kind === 'columnWidth' ? 'columns' : 'rows'} are out of bounds.`);
    }
    for (let i = start; i < start + count; i++) {
      this.store.apply({ t: 'meta', sheetId, kind, key: String(i), value: Math.max(0, Math.round(size)) });
    }
  }

  getRowHeight(sheetId: number, row: number): number {
    const height = this.sheet(sheetId).meta?.rowHeight?.[String(row)];
    return typeof height === 'number' ? height : DEFAULT_ROW_HEIGHT;
  }

  // ——— Merged cells (meta 'merge': rangeKey → true) ———
  // Sheets keeps only the upper-left value of a merged block (its "Merge cells" warning: "Merging cells
  // will only preserve the top-leftmost value"), and a merge or unmerge must cover every merged block it
  // touches entirely (an Apps Script breakApart() over part of a block throws; see the peer script
  // pfelipm/cellsbreakapart, which exists to find the whole block first).

  merge(sheetId: number, row: number, column: number, numRows: number, numColumns: number, how: 'all' | 'across' | 'vertically'): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    const inside = this.mergesTouching(sheetId, row, column, numRows, numColumns);
    for (const key of inside) this.store.apply({ t: 'meta', sheetId, kind: 'merge', key, value: null });
    const blocks: Array<[number, number, number, number]> =
      how === 'all' ? [[row, column, numRows, numColumns]]
        : how === 'across' ? Array.from({ length: numRows }, (_, r) => [row + r, column, 1, numColumns] as [number, number, number, number])
          : Array.from({ length: numColumns }, (_, c) => [row, column + c, numRows, 1] as [number, number, number, number]);
    for (const [r, c, nr, nc] of blocks) {
      if (nr * nc < 2) continue;
      // Only the upper-left value stays.
      const cells = this.getCells(sheetId, r, c, nr, nc).map((line, i) => line.map((cell, j) => (i === 0 && j === 0 ? cell : null)));
      this.store.apply({ t: 'cells', sheetId, row: r, col: c, cells });
      this.store.apply({ t: 'meta', sheetId, kind: 'merge', key: rangeKey(r, c, nr, nc), value: true });
    }
    this.changed(sheetId);
  }

  breakApart(sheetId: number, row: number, column: number, numRows: number, numColumns: number): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    for (const key of this.mergesTouching(sheetId, row, column, numRows, numColumns)) {
      this.store.apply({ t: 'meta', sheetId, kind: 'merge', key, value: null });
    }
  }

  /** The merged blocks that overlap a range, as [row, column, numRows, numColumns]. */
  mergedRanges(sheetId: number, row: number, column: number, numRows: number, numColumns: number): Array<[number, number, number, number]> {
    return this.overlappingMerges(sheetId, row, column, numRows, numColumns).map((key) => {
      const r = parseRangeKey(key);
      return [r.row, r.column, r.lastRow - r.row + 1, r.lastColumn - r.column + 1];
    });
  }

  private overlappingMerges(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string[] {
    const lastRow = row + numRows - 1;
    const lastColumn = column + numColumns - 1;
    return Object.keys(this.sheet(sheetId).meta?.merge ?? {}).filter((key) => {
      const r = parseRangeKey(key);
      return r.row <= lastRow && r.lastRow >= row && r.column <= lastColumn && r.lastColumn >= column;
    });
  }

  /** Merged blocks a merge or unmerge of the range would change; each must lie wholly inside it. */
  private mergesTouching(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string[] {
    const keys = this.overlappingMerges(sheetId, row, column, numRows, numColumns);
    for (const key of keys) {
      const r = parseRangeKey(key);
      if (r.row < row || r.column < column || r.lastRow > row + numRows - 1 || r.lastColumn > column + numColumns - 1) {
        throw new GasError('You must select all cells in a merged range to merge or unmerge them.');
      }
    }
    return keys;
  }

  getColumnWidth(sheetId: number, column: number): number {
    const width = this.sheet(sheetId).meta?.columnWidth?.[String(column)];
    return typeof width === 'number' ? width : DEFAULT_COLUMN_WIDTH;
  }

  // ——— Protection (meta 'protection': id → ProtectionData; the sheet's own under 'sheet') ———

  /** Range.protect() (a new protection each time) or Sheet.protect() (the existing one if any). Returns its id. */
  protect(sheetId: number, range: [number, number, number, number] | null): string {
    const sheet = this.sheet(sheetId);
    if (range === null && sheet.meta?.protection?.[SHEET_PROTECTION]) return SHEET_PROTECTION;
    if (range) this.checkRange(sheetId, ...range);
    const id = range === null ? SHEET_PROTECTION : randomUUID().slice(0, 12);
    const value: ProtectionData = { type: range ? 'RANGE' : 'SHEET', range: range ? rangeKey(...range) : null, description: '', warningOnly: false, editors: [OWNER_EMAIL] };
    this.store.apply({ t: 'meta', sheetId, kind: 'protection', key: id, value });
    return id;
  }

  protections(sheetId: number, type: 'RANGE' | 'SHEET'): string[] {
    const all = (this.sheet(sheetId).meta?.protection ?? {}) as Record<string, ProtectionData>;
    return Object.keys(all).filter((id) => all[id]!.type === type);
  }

  getProtection(sheetId: number, id: string): ProtectionData {
    const found = this.sheet(sheetId).meta?.protection?.[id] as ProtectionData | undefined;
    if (!found) throw new GasError('The protection has been removed.');
    return found;
  }

  updateProtection(sheetId: number, id: string, change: ProtectionChange): ProtectionData {
    const current = this.getProtection(sheetId, id);
    const next: ProtectionData = { ...current, editors: [...current.editors] };
    if (change.description !== undefined) next.description = String(change.description);
    if (change.warningOnly !== undefined) next.warningOnly = Boolean(change.warningOnly);
    for (const email of change.addEditors ?? []) {
      if (!next.editors.some((e) => e.toLowerCase() === email.toLowerCase())) next.editors.push(email);
    }
    // The owner can always edit: removing them is ignored, as in Sheets.
    const removed = new Set((change.removeEditors ?? []).map((e) => e.toLowerCase()).filter((e) => e !== OWNER_EMAIL));
    next.editors = next.editors.filter((e) => !removed.has(e.toLowerCase()));
    this.store.apply({ t: 'meta', sheetId, kind: 'protection', key: id, value: next });
    return next;
  }

  removeProtection(sheetId: number, id: string): void {
    this.getProtection(sheetId, id);
    this.store.apply({ t: 'meta', sheetId, kind: 'protection', key: id, value: null });
  }

  // ——— A person editing a cell in the sheet host (as in Sheets' grid; scripts never come this way) ———

  /** What the edit box of a cell starts from: its input text (a formula as typed), and its validation. */
  cellForEdit(sheetId: number, row: number, column: number): CellForEdit {
    this.checkRange(sheetId, row, column, 1, 1);
    const cell = this.getCells(sheetId, row, column, 1, 1)[0]![0]!;
    const rule = this.getValidations(sheetId, row, column, 1, 1)[0]![0];
    const input = cell !== null && typeof cell === 'object' && 'f' in cell ? cell.f : this.getDisplayValues(sheetId, row, column, 1, 1)[0]![0]!;
    const list = rule?.criteria === 'VALUE_IN_LIST' && Array.isArray(rule.values[0]) ? rule.values[0].map(String) : null;
    return { input, list, checkbox: rule?.criteria === 'CHECKBOX' };
  }

  /**
   * A person types `text` into one cell and presses Enter. As in Sheets:
   * - a protected range or sheet: a person who is not among its editors is refused ("You are trying to
   *   edit a protected cell or object…"); a warning-only protection asks first ("Heads up!…") and the
   *   edit goes ahead only once confirmed;
   * - a validation rule set to reject input refuses a value that breaks it, with Sheets' message;
   * - the text is read as Sheets reads typing (user-entry.ts).
   * Answers what onEdit's event needs: the values before and after, as Sheets hands them to e.value / e.oldValue.
   */
  userEdit(sheetId: number, row: number, column: number, text: string, user: string, confirmed: boolean): UserEditResult {
    this.checkRange(sheetId, row, column, 1, 1);
    const sheet = this.sheet(sheetId);
    if (text.length > MAX_CELL_CHARS) {
      return { ok: false, error: `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.` };
    }
    for (const p of Object.values((sheet.meta?.protection ?? {}) as Record<string, ProtectionData>)) {
      const r = p.range ? parseRangeKey(p.range) : null;
      if (r && !(row >= r.row && row <= r.lastRow && column >= r.column && column <= r.lastColumn)) continue;
      if (p.warningOnly) {
        if (!confirmed) return { ok: false, confirm: PROTECTION_WARNING };
      } else if (!p.editors.some((e) => e.toLowerCase() === user.toLowerCase())) {
        return { ok: false, error: PROTECTED_MESSAGE };
      }
    }
    const { timeZone } = this.store.data;
    const format = formatAt(sheet.meta?.numberFormat as Record<string, string> | undefined, row, column);
    const cell = userEntry(text, format, timeZone);
    const before = this.getCells(sheetId, row, column, 1, 1)[0]![0]!;
    const rule = this.getValidations(sheetId, row, column, 1, 1)[0]![0];
    if (rule && !rule.allowInvalid && !satisfies(cell, rule, timeZone)) {
      return { ok: false, error: `The data you entered in cell ${a1Cell(row, column)} violates the data validation rules set on this cell.${rule.helpText ? ` ${rule.helpText}` : ''}` };
    }
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells: [[cell]] });
    this.changed(sheetId);
    const shown = (c: Cell) => (c === null ? undefined : typeof c === 'object' && 'f' in c ? '#NAME?' : displayValue(c, timeZone));
    const value = shown(cell);
    const oldValue = shown(before);
    return { ok: true, ...(value !== undefined ? { value } : {}), ...(oldValue !== undefined ? { oldValue } : {}) };
  }

  // ——— Conditional format rules (meta 'conditionalFormats' under 'all': the ordered list) ———

  getConditionalFormats(sheetId: number): ConditionalRule[] {
    return (this.sheet(sheetId).meta?.conditionalFormats?.[ALL_RULES] as ConditionalRule[] | undefined) ?? [];
  }

  setConditionalFormats(sheetId: number, rules: ConditionalRule[]): void {
    this.sheet(sheetId);
    this.store.apply({ t: 'meta', sheetId, kind: 'conditionalFormats', key: ALL_RULES, value: rules.length ? rules : null });
  }

  // ——— TextFinder ———

  /**
   * The cells of a range (null numRows/numColumns: to the sheet's last row/column) whose display value
   * matches `text`, row by row — one call however many rows a search covers.
   */
  findText(sheetId: number, row: number, column: number, numRows: number | null, numColumns: number | null, text: string, options: FindOptions): Array<[number, number]> {
    const sheet = this.sheet(sheetId);
    const { rows, columns } = this.extentOf(sheet);
    const lastRow = Math.min(numRows === null ? rows : row + numRows - 1, rows);
    const lastColumn = Math.min(numColumns === null ? columns : column + numColumns - 1, columns);
    if (text === '' || lastRow < row || lastColumn < column) return [];
    // Server-side work: every cell of the range up to the data's end is looked at, none is transferred.
    if (this.meter) this.meter.scanned += (lastRow - row + 1) * (lastColumn - column + 1);
    const test = matcher(text, options);
    // Each cell as getDisplayValues shows it (text shows as itself under any number format), without
    // building the range's grids: a search of a long key column is one pass.
    const format = formatLookup(sheet.meta?.numberFormat as Record<string, string> | undefined);
    const { timeZone } = this.store.data;
    const found: Array<[number, number]> = [];
    for (let r = row; r <= lastRow; r++) {
      const line = sheet.cells[r - 1];
      if (!line) continue;
      for (let c = column; c <= lastColumn; c++) {
        const cell = line[c - 1];
        if (cell === null || cell === undefined) continue;
        const shown = typeof cell === 'string' ? cell : formatCell(cell, format(r, c), timeZone);
        if (shown !== '' && test(shown)) found.push([r, c]);
      }
    }
    return found;
  }

  /**
   * Sets range metadata whose later settings win cell by cell. Earlier settings the new range covers
   * entirely (and `replaces` accepts) are dropped, so repeated settings don't pile up; a cleared setting
   * (NO_RULE) is only kept where an earlier one still shows through.
   */
  private setRangeMeta(sheetId: number, kind: string, row: number, column: number, numRows: number, numColumns: number, value: unknown, replaces: (old: unknown) => boolean = () => true): void {
    const existing = this.sheet(sheetId).meta?.[kind] ?? {};
    const lastRow = row + numRows - 1;
    const lastColumn = column + numColumns - 1;
    let overlapsRest = false;
    for (const [key, old] of Object.entries(existing)) {
      const r = parseRangeKey(key);
      const inside = r.row >= row && r.lastRow <= lastRow && r.column >= column && r.lastColumn <= lastColumn;
      if (inside && replaces(old)) this.store.apply({ t: 'meta', sheetId, kind, key, value: null });
      else if (r.row <= lastRow && r.lastRow >= row && r.column <= lastColumn && r.lastColumn >= column) overlapsRest = true;
    }
    if (value === NO_RULE && !overlapsRest) return;
    this.store.apply({ t: 'meta', sheetId, kind, key: rangeKey(row, column, numRows, numColumns), value });
  }
}
