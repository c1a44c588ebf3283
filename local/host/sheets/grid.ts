// The sheet host's base: the workbook's sheets and their grids (insert, delete, rename, rows and columns,
// frozen rows, the 10-million-cell limit), the spreadsheet's name and time zone, embedded charts, and
// the helpers every family below uses: a sheet by id, its known extent, per-range settings.
import { OpError, sheetById } from '../../store/journal-records';
import type { WorkbookStore } from '../../store/store';
import { extent, type Cell, type SheetData } from '../../workbook/workbook';
import { GasError, MAX_COLUMNS, MAX_SPREADSHEET_CELLS, NO_RULE, type CellUsage, type SheetInfo } from './data';
import { parseRangeKey, rangeKey } from './meta';

export class SheetsGrid {
  private readonly extents = new Map<number, { rows: number; columns: number }>();
  /** The running execution's cell figures while the host serves one of its calls (set by Host). */
  meter: CellUsage | null = null;

  constructor(protected readonly store: WorkbookStore) {}

  protected sheet(sheetId: number): SheetData {
    try {
      return sheetById(this.store.data, sheetId);
    } catch (err) {
      if (err instanceof OpError) throw new GasError('The sheet has been deleted.');
      throw err;
    }
  }

  protected extentOf(sheet: SheetData): { rows: number; columns: number } {
    let known = this.extents.get(sheet.sheetId);
    if (!known) {
      known = extent(sheet);
      this.extents.set(sheet.sheetId, known);
    }
    return known;
  }

  protected changed(sheetId: number): void {
    this.extents.delete(sheetId);
  }

  /**
   * Keeps a known extent up to date after cells were written, without looking at the whole sheet:
   * values can only push it out; emptied cells can pull it in only where they touch its last row or
   * column, and then it is measured again.
   */
  protected wrote(sheetId: number, row: number, column: number, cells: Cell[][]): void {
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
  protected checkCellLimit(added: number): void {
    if (added > 0 && this.gridCells() + added > MAX_SPREADSHEET_CELLS) {
      throw new GasError(
        `This action would increase the number of cells in the workbook above the limit of ${MAX_SPREADSHEET_CELLS} cells.`,
      );
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
      sheetId,
      name: sheet.name,
      lastRow: rows,
      lastColumn: columns,
      maxRows: sheet.maxRows,
      maxColumns: sheet.maxColumns,
      frozenRows: sheet.frozenRows,
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
    if (sheet.maxColumns + count > MAX_COLUMNS)
      throw new GasError(`This action would increase the number of columns in the sheet above the limit of ${MAX_COLUMNS}.`);
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
    const key = id ?? (this.store.data.nextSheetId * 1000 + Object.keys(this.charts(sheetId)).length + (Date.now() % 1000)).toString(36);
    this.store.apply({ t: 'meta', sheetId, kind: 'charts', key, value: chart });
    return key;
  }

  removeChart(sheetId: number, id: string): void {
    this.store.apply({ t: 'meta', sheetId, kind: 'charts', key: id, value: null });
  }

  /**
   * Sets range metadata whose later settings win cell by cell. Earlier settings the new range covers
   * entirely (and `replaces` accepts) are dropped, so repeated settings don't pile up; a cleared setting
   * (NO_RULE) is only kept where an earlier one still shows through.
   */
  protected setRangeMeta(
    sheetId: number,
    kind: string,
    row: number,
    column: number,
    numRows: number,
    numColumns: number,
    value: unknown,
    replaces: (old: unknown) => boolean = () => true,
  ): void {
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
