// Range: values, formulas, number formats, styles, merges, protection, data validation and text search
// over a block of one sheet's cells.
import { a1Cell, a1Range, columnLetters } from '../../workbook/a1';
import type { CellStyle } from '../../host/sheets/data';
import type { Cell } from '../../workbook/workbook';
import { fromCell, toWire } from '../realm';
import { GasError, rangeId, type Ctx } from './context';
import { LocalDataValidation } from './data-validation';
import { LocalProtection } from './protection';
import { LocalSheet } from './sheet';
import { StyleSetters } from './style';
import { LocalTextFinder } from './text-finder';

/** Range methods the add-on uses, typed against @types/google-apps-script. */
type RangeSubset = Pick<
  GoogleAppsScript.Spreadsheet.Range,
  'getRow' | 'getColumn' | 'getNumRows' | 'getNumColumns' | 'getValue' | 'getValues' | 'getDisplayValues' | 'getFormulas'
>;

export class LocalRange extends StyleSetters implements RangeSubset {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly row: number,
    private readonly column: number,
    private readonly numRows: number,
    private readonly numColumns: number,
    /** A range named by whole columns ('B:B', 'A2:C': rows run to the grid's end) or whole rows ('2:2'). */
    private readonly open: RangeOpenness = null,
  ) {
    super();
  }

  /** The coordinates of a range of this runtime (null for anything else), for rules that hold ranges. */
  static coords(range: unknown): { sheetId: number; row: number; column: number; numRows: number; numColumns: number } | null {
    if (!(range instanceof LocalRange)) return null;
    const { sheetId, row, column, numRows, numColumns } = range;
    return { sheetId, row, column, numRows, numColumns };
  }
  private get box(): [number, number, number, number] {
    return [this.row, this.column, this.numRows, this.numColumns];
  }

  getRow(): number {
    return this.row;
  }
  getColumn(): number {
    return this.column;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numColumns;
  }
  /** The end row / column of the range (Range.getLastRow, Range.getLastColumn). */
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    return this.column + this.numColumns - 1;
  }
  getSheet(): LocalSheet {
    return new LocalSheet(this.ctx, this.sheetId);
  }

  private cells(): Cell[][] {
    return (
      this.ctx.take(rangeId(this.sheetId, this.row, this.column, this.numRows, this.numColumns)) ??
      this.ctx.sheets('getCells', this.sheetId, this.row, this.column, this.numRows, this.numColumns)
    );
  }
  private map<T>(read: (cell: Cell) => T): T[][] {
    const { realm } = this.ctx;
    return realm.array(this.cells().map((line) => realm.array(line.map(read))));
  }

  // Typed as Apps Script types them (@types/google-apps-script: any[][]), so the gas-types contract test matches.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getValues(): any[][] {
    return this.map((cell) => fromCell(this.ctx.realm, cell));
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getValue(): any {
    return this.getValues()[0]![0];
  }
  getDisplayValues(): string[][] {
    const { realm } = this.ctx;
    const shown = this.ctx.sheets('getDisplayValues', this.sheetId, ...this.box);
    return realm.array(shown.map((line) => realm.array(line)));
  }
  getDisplayValue(): string {
    return this.getDisplayValues()[0]![0]!;
  }
  getFormulas(): string[][] {
    return this.map((cell) => (cell !== null && typeof cell === 'object' && 'f' in cell ? cell.f : ''));
  }
  getFormula(): string {
    return this.getFormulas()[0]![0]!;
  }
  getNumberFormats(): string[][] {
    const { realm } = this.ctx;
    const formats = this.ctx.sheets('getFormats', this.sheetId, this.row, this.column, this.numRows, this.numColumns);
    return realm.array(formats.map((line) => realm.array(line.map((f) => f || '0.###############'))));
  }
  getNumberFormat(): string {
    return this.getNumberFormats()[0]![0]!;
  }
  setNumberFormat(format: string): this {
    this.ctx.sheets('setNumberFormat', this.sheetId, this.row, this.column, this.numRows, this.numColumns, String(format));
    return this;
  }

  setValues(values: unknown[][]): this {
    if (!Array.isArray(values) || values.length !== this.numRows) {
      const got = Array.isArray(values) ? values.length : 0;
      throw new GasError(
        `The number of rows in the data does not match the number of rows in the range. The data has ${got} but the range has ${this.numRows}.`,
      );
    }
    const wire = values.map((line) => {
      if (!Array.isArray(line) || line.length !== this.numColumns) {
        const got = Array.isArray(line) ? line.length : 0;
        throw new GasError(
          `The number of columns in the data does not match the number of columns in the range. The data has ${got} but the range has ${this.numColumns}.`,
        );
      }
      return line.map(toWire);
    });
    this.ctx.sheets('setValues', this.sheetId, this.row, this.column, wire);
    return this;
  }
  setValue(value: unknown): this {
    this.getCell(1, 1).setValues([[value]]);
    return this;
  }
  getCell(row: number, column: number): LocalRange {
    if (row < 1 || column < 1 || row > this.numRows || column > this.numColumns) {
      throw new GasError('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new LocalRange(this.ctx, this.sheetId, this.row + row - 1, this.column + column - 1, 1, 1);
  }

  getA1Notation(): string {
    if (this.open === 'rows') {
      const start = this.row === 1 ? columnLetters(this.column) : a1Cell(this.row, this.column);
      return `${start}:${columnLetters(this.column + this.numColumns - 1)}`;
    }
    if (this.open === 'columns') return `${this.row}:${this.row + this.numRows - 1}`;
    return a1Range(this.row, this.column, this.numRows, this.numColumns);
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): LocalRange {
    return this.getSheet().getRange(
      this.row + rowOffset,
      this.column + columnOffset,
      numRows ?? this.numRows,
      numColumns ?? this.numColumns,
    );
  }
  clearContent(): this {
    this.ctx.sheets('clearContent', this.sheetId, ...this.box);
    return this;
  }
  setNumberFormats(numberFormats: string[][]): this {
    if (
      !Array.isArray(numberFormats) ||
      numberFormats.length !== this.numRows ||
      numberFormats.some((line) => !Array.isArray(line) || line.length !== this.numColumns)
    ) {
      const rows = Array.isArray(numberFormats) ? numberFormats.length : 0;
      const columns = Array.isArray(numberFormats?.[0]) ? numberFormats[0].length : 0;
      throw new GasError(
        rows !== this.numRows
          ? `The number of rows in the data does not match the number of rows in the range. The data has ${rows} but the range has ${this.numRows}.`
          : `The number of columns in the data does not match the number of columns in the range. The data has ${columns} but the range has ${this.numColumns}.`,
      );
    }
    this.ctx.sheets(
      'setNumberFormats',
      this.sheetId,
      this.row,
      this.column,
      numberFormats.map((line) => Array.from(line, String)),
    );
    return this;
  }

  // Styles.
  protected override applyStyle(style: CellStyle): this {
    this.ctx.sheets('setStyle', this.sheetId, ...this.box, style);
    return this;
  }
  private style(): CellStyle {
    return this.ctx.sheets('getStyles', this.sheetId, this.row, this.column, 1, 1)[0]![0]!;
  }
  /** Clears text formatting; number formats and merged blocks stay (Apps Script: Range.clearFormat). */
  clearFormat(): this {
    this.ctx.sheets('clearFormat', this.sheetId, ...this.box);
    return this;
  }
  merge(): this {
    this.ctx.sheets('merge', this.sheetId, ...this.box, 'all');
    return this;
  }
  mergeAcross(): this {
    this.ctx.sheets('merge', this.sheetId, ...this.box, 'across');
    return this;
  }
  mergeVertically(): this {
    this.ctx.sheets('merge', this.sheetId, ...this.box, 'vertically');
    return this;
  }
  breakApart(): this {
    this.ctx.sheets('breakApart', this.sheetId, ...this.box);
    return this;
  }
  getMergedRanges(): LocalRange[] {
    const blocks = this.ctx.sheets('mergedRanges', this.sheetId, ...this.box);
    return this.ctx.realm.array(blocks.map(([r, c, nr, nc]) => new LocalRange(this.ctx, this.sheetId, r, c, nr, nc)));
  }
  isPartOfMerge(): boolean {
    return this.ctx.sheets('mergedRanges', this.sheetId, ...this.box).length > 0;
  }
  getFontStyle(): string {
    return this.style().fontStyle ?? 'normal';
  }
  getFontSize(): number {
    return this.style().fontSize ?? 10;
  }
  getHorizontalAlignment(): string {
    return this.style().horizontalAlignment ?? 'general';
  }
  getVerticalAlignment(): string {
    return this.style().verticalAlignment ?? 'bottom';
  }
  getWrap(): boolean {
    return this.style().wrap ?? false;
  }
  getBackground(): string {
    return this.style().background ?? '#ffffff';
  }
  getFontColor(): string {
    return this.style().fontColor ?? '#000000';
  }
  getFontWeight(): string {
    return this.style().fontWeight ?? 'normal';
  }

  // Protection, data validation, text search.
  protect(): LocalProtection {
    return new LocalProtection(this.ctx, this.sheetId, this.ctx.sheets('protect', this.sheetId, this.box));
  }
  setDataValidation(rule: LocalDataValidation | GoogleAppsScript.Spreadsheet.DataValidation | null): this {
    const plain = rule === null ? null : LocalDataValidation.data(rule);
    if (rule !== null && !plain) throw new GasError('Invalid argument: rule');
    this.ctx.sheets('setValidation', this.sheetId, ...this.box, plain);
    return this;
  }
  getDataValidations(): Array<Array<LocalDataValidation | null>> {
    const { realm } = this.ctx;
    const rules = this.ctx.sheets('getValidations', this.sheetId, ...this.box);
    return realm.array(rules.map((line) => realm.array(line.map((r) => (r ? new LocalDataValidation(this.ctx, r) : null)))));
  }
  getDataValidation(): LocalDataValidation | null {
    const rule = this.ctx.sheets('getValidations', this.sheetId, this.row, this.column, 1, 1)[0]![0];
    return rule ? new LocalDataValidation(this.ctx, rule) : null;
  }
  /** Checkbox validation over the range; every cell becomes unchecked (FALSE; '' with a custom checked value). */
  insertCheckboxes(checkedValue?: unknown, uncheckedValue?: unknown): this {
    const custom = arguments.length === 0 ? [] : arguments.length === 1 ? [checkedValue] : [checkedValue, uncheckedValue];
    this.ctx.sheets('insertCheckboxes', this.sheetId, ...this.box, custom.map(toWire));
    return this;
  }
  createTextFinder(findText: string): LocalTextFinder {
    return new LocalTextFinder(this.ctx, this.sheetId, this.box, String(findText));
  }
}

export type RangeOpenness = null | 'rows' | 'columns';
