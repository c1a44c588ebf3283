// Sheet: its grid, ranges by coordinates or A1 notation, protections, charts, conditional format rules,
// text search and sizes.
import { parseA1 } from '../../workbook/a1';
import type { SheetInfo } from '../../host/sheets/data';
import { LocalEmbeddedChart, LocalEmbeddedChartBuilder, type ChartData } from '../charts';
import { toWire } from '../realm';
import { LocalConditionalFormatRule } from './conditional-format';
import { GasError, rangeId, type Ctx } from './context';
import { enumName, ProtectionType, type GasEnum } from './enums';
import { LocalProtection } from './protection';
import { LocalRange, type RangeOpenness } from './range';
import { LocalRangeList } from './range-list';
import { LocalTextFinder } from './text-finder';

export class LocalSheet {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
  ) {}

  private info(): SheetInfo {
    return this.ctx.sheets('info', this.sheetId);
  }
  getSheetId(): number {
    return this.sheetId;
  }
  getName(): string {
    return this.info().name;
  }
  setName(name: string): this {
    this.ctx.sheets('renameSheet', this.sheetId, String(name));
    return this;
  }
  getLastRow(): number {
    return this.info().lastRow;
  }
  getLastColumn(): number {
    return this.info().lastColumn;
  }
  getMaxRows(): number {
    return (this.ctx.grid(this.sheetId) ?? this.info()).maxRows;
  }
  getMaxColumns(): number {
    return (this.ctx.grid(this.sheetId) ?? this.info()).maxColumns;
  }
  getFrozenRows(): number {
    return this.info().frozenRows;
  }
  setFrozenRows(rows: number): this {
    this.ctx.sheets('setFrozenRows', this.sheetId, rows);
    return this;
  }
  insertRowsAfter(afterPosition: number, howMany: number): this {
    this.ctx.sheets('insertRowsAfter', this.sheetId, afterPosition, howMany);
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    this.ctx.sheets('insertColumnsAfter', this.sheetId, afterPosition, howMany);
    return this;
  }
  deleteRows(rowPosition: number, howMany: number): this {
    this.ctx.sheets('deleteRows', this.sheetId, rowPosition, howMany);
    return this;
  }
  /** getRange(row, column[, numRows[, numColumns]]) or getRange(a1Notation): 'A1', 'A1:C3', 'B:B', '2:2', 'A2:C'. */
  getRange(rowOrA1: number | string, column?: number, numRows = 1, numColumns = 1): LocalRange {
    if (typeof rowOrA1 === 'string') return this.rangeByA1(rowOrA1);
    const row = rowOrA1;
    const checks: Array<[number | undefined, string]> = [
      [row, 'row'],
      [column, 'column'],
      [numRows, 'number of rows'],
      [numColumns, 'number of columns'],
    ];
    for (const [n, what] of checks) {
      if (!Number.isInteger(n) || n! < 1) {
        throw new GasError(
          what.startsWith('number') ? `The ${what} in the range must be at least 1.` : `The starting ${what} of the range is too small.`,
        );
      }
    }
    const grid = this.ctx.grid(this.sheetId);
    if (!grid) this.ctx.sheets('checkRange', this.sheetId, row, column!, numRows, numColumns);
    else if (row + numRows - 1 > grid.maxRows || column! + numColumns - 1 > grid.maxColumns) {
      throw new GasError('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new LocalRange(this.ctx, this.sheetId, row, column!, numRows, numColumns);
  }
  private rangeByA1(text: string): LocalRange {
    const a1 = String(text);
    const bounded = /^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?$/.test(a1.trim());
    const grid = bounded ? { maxRows: Infinity, maxColumns: Infinity } : this.info();
    const parsed = parseA1(a1, grid.maxRows, grid.maxColumns);
    if (!parsed) throw new GasError('Range not found');
    // As getRange(row, column, …): checked against the grid this execution already knows, else by the host.
    const known = this.ctx.grid(this.sheetId);
    if (!known) this.ctx.sheets('checkRange', this.sheetId, parsed.row, parsed.column, parsed.numRows, parsed.numColumns);
    else if (parsed.row + parsed.numRows - 1 > known.maxRows || parsed.column + parsed.numColumns - 1 > known.maxColumns) {
      throw new GasError('The coordinates of the range are outside the dimensions of the sheet.');
    }
    const [, end] = a1.trim().split(':');
    const open: RangeOpenness = bounded ? null : /^\$?\d+$/.test(end ?? '') ? 'columns' : 'rows';
    return new LocalRange(this.ctx, this.sheetId, parsed.row, parsed.column, parsed.numRows, parsed.numColumns, open);
  }
  getDataRange(): LocalRange {
    const data = this.ctx.sheets('dataRange', this.sheetId);
    const rows = Math.max(data.lastRow, 1);
    const columns = Math.max(data.lastColumn, 1);
    this.ctx.remember(rangeId(this.sheetId, 1, 1, rows, columns), data.cells);
    return new LocalRange(this.ctx, this.sheetId, 1, 1, rows, columns);
  }
  appendRow(rowContents: unknown[]): this {
    this.ctx.sheets('appendRow', this.sheetId, Array.from(rowContents, toWire));
    return this;
  }
  /** Sheet.protect(): the sheet's protection, the existing one if the sheet is already protected. */
  protect(): LocalProtection {
    return new LocalProtection(this.ctx, this.sheetId, this.ctx.sheets('protect', this.sheetId, null));
  }
  getProtections(type: GoogleAppsScript.Spreadsheet.ProtectionType | GasEnum | string): LocalProtection[] {
    const name = enumName(ProtectionType, type, 'ProtectionType');
    const ids = this.ctx.sheets('protections', this.sheetId, name as 'RANGE' | 'SHEET');
    return this.ctx.realm.array(ids.map((id) => new LocalProtection(this.ctx, this.sheetId, id)));
  }
  /** Sheet.newChart(): an embedded chart builder. */
  newChart(): LocalEmbeddedChartBuilder {
    return new LocalEmbeddedChartBuilder(this.sheetId, this.ctx.channel, this.ctx.realm, this.rangeAtKey);
  }
  insertChart(chart: LocalEmbeddedChart | GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.ctx.sheets('setChart', this.sheetId, null, (chart as LocalEmbeddedChart).data);
  }
  updateChart(chart: LocalEmbeddedChart | GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const local = chart as LocalEmbeddedChart;
    if (local.key === null) throw new GasError('This chart is not on the sheet; use insertChart.');
    this.ctx.sheets('setChart', this.sheetId, local.key, local.data);
  }
  removeChart(chart: LocalEmbeddedChart | GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const local = chart as LocalEmbeddedChart;
    if (local.key !== null) this.ctx.sheets('removeChart', this.sheetId, local.key);
  }
  getCharts(): LocalEmbeddedChart[] {
    const charts = this.ctx.sheets('charts', this.sheetId);
    return this.ctx.realm.array(
      Object.entries(charts).map(
        ([id, data]) => new LocalEmbeddedChart(this.sheetId, id, data as ChartData, this.ctx.channel, this.ctx.realm, this.rangeAtKey),
      ),
    );
  }
  private readonly rangeAtKey = (key: string): LocalRange => {
    const [row, column, lastRow, lastColumn] = key.split(':').map(Number) as [number, number, number, number];
    return new LocalRange(this.ctx, this.sheetId, row, column, lastRow - row + 1, lastColumn - column + 1);
  };
  setConditionalFormatRules(rules: Array<LocalConditionalFormatRule | GoogleAppsScript.Spreadsheet.ConditionalFormatRule>): void {
    const data = Array.from(rules, (rule) => {
      const plain = LocalConditionalFormatRule.data(rule);
      if (!plain) throw new GasError('Invalid argument: rules');
      return plain;
    });
    this.ctx.sheets('setConditionalFormats', this.sheetId, data);
  }
  getConditionalFormatRules(): LocalConditionalFormatRule[] {
    const rules = this.ctx.sheets('getConditionalFormats', this.sheetId);
    return this.ctx.realm.array(rules.map((r) => new LocalConditionalFormatRule(this.ctx, this.sheetId, r)));
  }
  createTextFinder(findText: string): LocalTextFinder {
    return new LocalTextFinder(this.ctx, this.sheetId, [1, 1, null, null], String(findText));
  }
  /** Column widths follow the content in Sheets; locally there is nothing to measure. */
  autoResizeColumns(startColumn: number, numColumns: number): this {
    void startColumn;
    void numColumns;
    return this;
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): this {
    this.ctx.sheets('setColumnWidths', this.sheetId, startColumn, numColumns, Number(width));
    return this;
  }
  setRowHeight(rowPosition: number, height: number): this {
    this.ctx.sheets('setRowHeights', this.sheetId, rowPosition, 1, Number(height));
    return this;
  }
  setRowHeights(startRow: number, numRows: number, height: number): this {
    this.ctx.sheets('setRowHeights', this.sheetId, startRow, numRows, Number(height));
    return this;
  }
  getRowHeight(rowPosition: number): number {
    return this.ctx.sheets('getRowHeight', this.sheetId, rowPosition);
  }
  /** Several A1 ranges of this sheet, formatted together (one call per format). */
  getRangeList(a1Notations: string[]): LocalRangeList {
    if (!Array.isArray(a1Notations)) throw new GasError('Invalid argument: a1Notations');
    // One call for the whole list, as Apps Script's: the grid is fetched once (if this execution does not
    // know it yet) and every A1 range is checked against it here.
    this.getMaxRows();
    return new LocalRangeList(
      this.ctx,
      this.sheetId,
      a1Notations.map((a1) => this.getRange(String(a1))),
    );
  }
  setColumnWidth(columnPosition: number, width: number): this {
    this.ctx.sheets('setColumnWidth', this.sheetId, columnPosition, Number(width));
    return this;
  }
  getColumnWidth(columnPosition: number): number {
    return this.ctx.sheets('getColumnWidth', this.sheetId, columnPosition);
  }
}
