// SpreadsheetApp as the bundle sees it: Spreadsheet, Sheet, Range, Ui and Menu objects whose methods
// call the host over the execution's channel and hand back values of the bundle's own realm.
import type { Channel } from '../channel';
import { displayValue } from '../display';
import type { SheetInfo } from '../host/sheets';
import type { MenuItem } from '../host/ui';
import type { Cell } from '../workbook';
import { fromCell, toWire, type Realm } from './realm';


/** Errors thrown into the bundle carry Apps Script's wording. */
export class GasError extends Error {
  override name = 'Exception';
}

interface HtmlOutputLike {
  getContent(): string;
  getTitle?(): string;
  getWidth?(): number;
  getHeight?(): number;
}

class Ctx {
  constructor(
    readonly channel: Channel,
    readonly realm: Realm,
  ) {}
  sheets<T>(method: string, ...args: unknown[]): T {
    return this.channel.call('sheets', method, args) as T;
  }
}

export function makeSpreadsheetApp(channel: Channel, realm: Realm) {
  const ctx = new Ctx(channel, realm);
  const spreadsheet = new LocalSpreadsheet(ctx);
  return {
    getActiveSpreadsheet: () => spreadsheet,
    getActive: () => spreadsheet,
    flush: () => undefined,
    getUi: () => new LocalUi(ctx),
  };
}

export class LocalUi {
  constructor(private readonly ctx: Ctx) {}
  createMenu(name: string): LocalMenu {
    return new LocalMenu(this.ctx, String(name));
  }
  createAddonMenu(): LocalMenu {
    return new LocalMenu(this.ctx, 'FollowThrough');
  }
  private show(kind: 'modal' | 'modeless' | 'sidebar', output: HtmlOutputLike, title?: string): void {
    this.ctx.channel.call('ui', 'showDialog', [{
      kind,
      title: title ?? output.getTitle?.() ?? '',
      html: output.getContent(),
      width: output.getWidth?.() ?? 600,
      height: output.getHeight?.() ?? 400,
    }]);
  }
  showModalDialog(output: HtmlOutputLike, title: string): void {
    this.show('modal', output, String(title));
  }
  showModelessDialog(output: HtmlOutputLike, title: string): void {
    this.show('modeless', output, String(title));
  }
  showSidebar(output: HtmlOutputLike): void {
    this.show('sidebar', output);
  }
}

export class LocalMenu {
  private readonly items: MenuItem[] = [];
  constructor(
    private readonly ctx: Ctx,
    private readonly name: string,
  ) {}
  addItem(caption: string, functionName: string): this {
    this.items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }
  addSeparator(): this {
    return this;
  }
  addToUi(): void {
    this.ctx.channel.call('ui', 'addMenu', [{ name: this.name, items: this.items }]);
  }
}

export class LocalSpreadsheet {
  constructor(private readonly ctx: Ctx) {}

  private info() {
    return this.ctx.sheets<{ id: string; name: string; timeZone: string }>('spreadsheet');
  }
  getId(): string {
    return this.info().id;
  }
  getName(): string {
    return this.info().name;
  }
  getSpreadsheetTimeZone(): string {
    return this.info().timeZone;
  }
  setSpreadsheetTimeZone(timeZone: string): void {
    this.ctx.sheets('setTimeZone', String(timeZone));
  }
  getSheets(): LocalSheet[] {
    return this.ctx.realm.array(this.ctx.sheets<SheetInfo[]>('sheets').map((s) => new LocalSheet(this.ctx, s.sheetId)));
  }
  getSheetByName(name: string): LocalSheet | null {
    const id = this.ctx.sheets<number | null>('sheetByName', String(name));
    return id === null ? null : new LocalSheet(this.ctx, id);
  }
  insertSheet(name?: string, index?: number): LocalSheet {
    return new LocalSheet(this.ctx, this.ctx.sheets<number>('insertSheet', name === undefined ? null : String(name), index ?? null));
  }
  deleteSheet(sheet: LocalSheet): void {
    this.ctx.sheets('deleteSheet', sheet.getSheetId());
  }
}

export class LocalSheet {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
  ) {}

  private info(): SheetInfo {
    return this.ctx.sheets<SheetInfo>('info', this.sheetId);
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
    return this.info().maxRows;
  }
  getMaxColumns(): number {
    return this.info().maxColumns;
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
  getRange(row: number, column: number, numRows = 1, numColumns = 1): LocalRange {
    const checks: Array<[number, string]> = [[row, 'row'], [column, 'column'], [numRows, 'number of rows'], [numColumns, 'number of columns']];
    for (const [n, what] of checks) {
      if (!Number.isInteger(n) || n < 1) {
        throw new GasError(what.startsWith('number') ? `The ${what} in the range must be at least 1.` : `The starting ${what} of the range is too small.`);
      }
    }
    this.ctx.sheets('checkRange', this.sheetId, row, column, numRows, numColumns);
    return new LocalRange(this.ctx, this.sheetId, row, column, numRows, numColumns);
  }
  getDataRange(): LocalRange {
    const { lastRow, lastColumn } = this.info();
    return new LocalRange(this.ctx, this.sheetId, 1, 1, Math.max(lastRow, 1), Math.max(lastColumn, 1));
  }
  appendRow(rowContents: unknown[]): this {
    this.ctx.sheets('appendRow', this.sheetId, Array.from(rowContents, toWire));
    return this;
  }
}

/** Range methods the add-on uses, typed against @types/google-apps-script. */
type RangeSubset = Pick<
  GoogleAppsScript.Spreadsheet.Range,
  'getRow' | 'getColumn' | 'getNumRows' | 'getNumColumns' | 'getValue' | 'getValues' | 'getDisplayValues' | 'getFormulas'
>;

export class LocalRange implements RangeSubset {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly row: number,
    private readonly column: number,
    private readonly numRows: number,
    private readonly numColumns: number,
  ) {}

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
  getSheet(): LocalSheet {
    return new LocalSheet(this.ctx, this.sheetId);
  }

  private cells(): Cell[][] {
    return this.ctx.sheets<Cell[][]>('getCells', this.sheetId, this.row, this.column, this.numRows, this.numColumns);
  }
  private map<T>(read: (cell: Cell) => T): T[][] {
    const { realm } = this.ctx;
    return realm.array(this.cells().map((line) => realm.array(line.map(read))));
  }

  getValues(): any[][] {
    return this.map((cell) => fromCell(this.ctx.realm, cell));
  }
  getValue(): any {
    return this.getValues()[0]![0];
  }
  getDisplayValues(): string[][] {
    const timeZone = this.ctx.sheets<{ timeZone: string }>('spreadsheet').timeZone;
    return this.map((cell) => displayValue(cell, timeZone));
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
    const formats = this.ctx.sheets<string[][]>('getFormats', this.sheetId, this.row, this.column, this.numRows, this.numColumns);
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
      throw new GasError(`The number of rows in the data does not match the number of rows in the range. The data has ${got} but the range has ${this.numRows}.`);
    }
    const wire = values.map((line) => {
      if (!Array.isArray(line) || line.length !== this.numColumns) {
        const got = Array.isArray(line) ? line.length : 0;
        throw new GasError(`The number of columns in the data does not match the number of columns in the range. The data has ${got} but the range has ${this.numColumns}.`);
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
}

export type SpreadsheetAppFacade = ReturnType<typeof makeSpreadsheetApp>;
