// SpreadsheetApp over the local workbook, with Apps Script's behaviour where the add-on depends on it:
// getValues gives Date objects for date cells, numbers, booleans and '' for empty cells; a string
// written with a leading apostrophe is stored as that text without the apostrophe; a string starting
// with '=' becomes a formula; numeric and TRUE/FALSE strings are parsed as a person typing them would;
// ranges outside the grid and data of the wrong size fail with Apps Script's messages.
import { extent, type Cell, type SheetData, type WorkbookData } from '../workbook';
import type { Realm } from './realm';

type GasRange = GoogleAppsScript.Spreadsheet.Range;

export interface MenuItem {
  caption: string;
  functionName: string;
}
export interface MenuRecord {
  name: string;
  items: MenuItem[];
}

/** A dialog or sidebar the script showed, for the sheet host page to display. */
export interface ShownDialog {
  kind: 'modal' | 'modeless' | 'sidebar';
  title: string;
  html: string;
  width: number;
  height: number;
}

interface HtmlOutputLike {
  getContent(): string;
  getTitle?(): string;
  getWidth?(): number;
  getHeight?(): number;
}

/** Errors thrown into the bundle carry Apps Script's wording. */
export class GasError extends Error {
  override name = 'Exception';
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** What a cell stores when the script writes `value` (setValue/setValues/appendRow). */
export function cellFromScript(value: unknown): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GasError('Range.setValues: a number must be finite.');
    return value;
  }
  if (typeof value === 'boolean') return value;
  if (isDate(value)) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? null : { d: ms };
  }
  const text = String(value);
  if (text.length > 50_000) {
    throw new GasError('Your input contains more than the maximum of 50000 characters in a single cell.');
  }
  if (text.startsWith("'")) return text.slice(1) === '' ? null : text.slice(1);
  if (text.startsWith('=') && text.length > 1) return { f: text };
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  return text;
}

export class LocalSpreadsheetApp {
  readonly menus: MenuRecord[] = [];
  /** Dialogs shown and not yet taken by the host page. */
  readonly dialogs: ShownDialog[] = [];
  private active: LocalSpreadsheet;

  constructor(
    readonly data: WorkbookData,
    readonly realm: Realm,
    private readonly onChange: () => void,
  ) {
    this.active = new LocalSpreadsheet(this);
  }

  markChanged(): void {
    this.onChange();
  }

  getActiveSpreadsheet(): LocalSpreadsheet {
    return this.active;
  }
  getActive(): LocalSpreadsheet {
    return this.active;
  }
  flush(): void {}
  getUi(): LocalUi {
    return new LocalUi(this.menus, this.dialogs);
  }
}

export class LocalUi {
  constructor(
    private readonly menus: MenuRecord[],
    private readonly dialogs: ShownDialog[],
  ) {}
  private show(kind: ShownDialog['kind'], output: HtmlOutputLike, title?: string): void {
    this.dialogs.push({
      kind,
      title: title ?? output.getTitle?.() ?? '',
      html: output.getContent(),
      width: output.getWidth?.() ?? 600,
      height: output.getHeight?.() ?? 400,
    });
  }
  showModalDialog(output: HtmlOutputLike, title: string): void {
    this.show('modal', output, title);
  }
  showModelessDialog(output: HtmlOutputLike, title: string): void {
    this.show('modeless', output, title);
  }
  showSidebar(output: HtmlOutputLike): void {
    this.show('sidebar', output);
  }
  createMenu(name: string): LocalMenu {
    return new LocalMenu(name, this.menus);
  }
  createAddonMenu(): LocalMenu {
    return new LocalMenu('FollowThrough', this.menus);
  }
}

export class LocalMenu {
  private readonly items: MenuItem[] = [];
  constructor(
    private readonly name: string,
    private readonly menus: MenuRecord[],
  ) {}
  addItem(caption: string, functionName: string): this {
    this.items.push({ caption, functionName });
    return this;
  }
  addSeparator(): this {
    return this;
  }
  addToUi(): void {
    const at = this.menus.findIndex((m) => m.name === this.name);
    const record = { name: this.name, items: [...this.items] };
    if (at >= 0) this.menus[at] = record;
    else this.menus.push(record);
  }
}

export class LocalSpreadsheet {
  constructor(private readonly app: LocalSpreadsheetApp) {}

  private get data(): WorkbookData {
    return this.app.data;
  }
  getId(): string {
    return this.data.id;
  }
  getName(): string {
    return this.data.name;
  }
  getSpreadsheetTimeZone(): string {
    return this.data.timeZone;
  }
  setSpreadsheetTimeZone(timeZone: string): void {
    this.data.timeZone = timeZone;
    this.app.markChanged();
  }
  getSheets(): LocalSheet[] {
    return this.data.sheets.map((s) => new LocalSheet(this.app, s));
  }
  getSheetByName(name: string): LocalSheet | null {
    const sheet = this.data.sheets.find((s) => s.name === name);
    return sheet ? new LocalSheet(this.app, sheet) : null;
  }
  insertSheet(name?: string): LocalSheet {
    const sheetName = name ?? `Sheet${this.data.sheets.length + 1}`;
    if (this.data.sheets.some((s) => s.name === sheetName)) {
      throw new GasError(`A sheet with the name "${sheetName}" already exists. Please enter another name.`);
    }
    const sheet: SheetData = { name: sheetName, sheetId: this.data.nextSheetId++, maxRows: 1000, maxColumns: 26, frozenRows: 0, cells: [] };
    this.data.sheets.push(sheet);
    this.app.markChanged();
    return new LocalSheet(this.app, sheet);
  }
}

export class LocalSheet {
  constructor(
    readonly app: LocalSpreadsheetApp,
    readonly data: SheetData,
  ) {}

  getName(): string {
    return this.data.name;
  }
  getSheetId(): number {
    return this.data.sheetId;
  }
  getLastRow(): number {
    return extent(this.data).rows;
  }
  getLastColumn(): number {
    return extent(this.data).columns;
  }
  getMaxRows(): number {
    return this.data.maxRows;
  }
  getMaxColumns(): number {
    return this.data.maxColumns;
  }
  insertRowsAfter(afterPosition: number, howMany: number): this {
    if (afterPosition < 1 || afterPosition > this.data.maxRows) throw new GasError('Those rows are out of bounds.');
    this.data.cells.splice(afterPosition, 0, ...Array.from({ length: howMany }, () => []));
    this.data.maxRows += howMany;
    this.app.markChanged();
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    if (afterPosition < 1 || afterPosition > this.data.maxColumns) throw new GasError('Those columns are out of bounds.');
    for (const row of this.data.cells) if (row.length > afterPosition) row.splice(afterPosition, 0, ...Array<Cell>(howMany).fill(null));
    this.data.maxColumns += howMany;
    this.app.markChanged();
    return this;
  }
  getFrozenRows(): number {
    return this.data.frozenRows;
  }
  setFrozenRows(rows: number): this {
    this.data.frozenRows = rows;
    this.app.markChanged();
    return this;
  }
  getRange(row: number, column: number, numRows = 1, numColumns = 1): LocalRange {
    for (const [n, what] of [[row, 'row'], [column, 'column'], [numRows, 'number of rows'], [numColumns, 'number of columns']] as const) {
      if (!Number.isInteger(n) || n < 1) throw new GasError(`The starting ${what} of the range is too small.`.replace('starting number of', 'number of'));
    }
    if (row + numRows - 1 > this.data.maxRows || column + numColumns - 1 > this.data.maxColumns) {
      throw new GasError('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new LocalRange(this, row, column, numRows, numColumns);
  }
  getDataRange(): LocalRange {
    const { rows, columns } = extent(this.data);
    return new LocalRange(this, 1, 1, Math.max(rows, 1), Math.max(columns, 1));
  }
  appendRow(rowContents: unknown[]): this {
    const row = this.getLastRow() + 1;
    if (row > this.data.maxRows) this.data.maxRows = row;
    if (rowContents.length > this.data.maxColumns) this.data.maxColumns = rowContents.length;
    this.data.cells[row - 1] = Array.from(rowContents, cellFromScript);
    this.app.markChanged();
    return this;
  }
}

/** Range methods the add-on uses, typed against @types/google-apps-script. */
type RangeSubset = Pick<GasRange, 'getRow' | 'getColumn' | 'getNumRows' | 'getNumColumns' | 'getValue' | 'getValues' | 'getDisplayValues' | 'getFormulas'>;

export class LocalRange implements RangeSubset {
  constructor(
    private readonly sheet: LocalSheet,
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

  private cell(r: number, c: number): Cell {
    return this.sheet.data.cells[this.row - 1 + r]?.[this.column - 1 + c] ?? null;
  }

  private map<T>(read: (cell: Cell) => T): T[][] {
    const out: T[][] = this.sheet.app.realm.array();
    for (let r = 0; r < this.numRows; r++) {
      const line: T[] = this.sheet.app.realm.array();
      for (let c = 0; c < this.numColumns; c++) line.push(read(this.cell(r, c)));
      out.push(line);
    }
    return out;
  }

  getValues(): any[][] {
    const realm = this.sheet.app.realm;
    return this.map((cell) => {
      if (cell === null) return '';
      if (typeof cell === 'object') return 'd' in cell ? realm.date(cell.d) : '';
      return cell;
    });
  }
  getValue(): any {
    return this.getValues()[0]![0];
  }
  getDisplayValues(): string[][] {
    const tz = this.sheet.app.data.timeZone;
    return this.map((cell) => {
      if (cell === null) return '';
      if (typeof cell === 'object') return 'd' in cell ? formatDisplayDate(cell.d, tz) : '';
      if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
      return String(cell);
    });
  }
  getFormulas(): string[][] {
    return this.map((cell) => (cell !== null && typeof cell === 'object' && 'f' in cell ? cell.f : ''));
  }

  setValues(values: unknown[][]): this {
    if (!Array.isArray(values) || values.length !== this.numRows) {
      const got = Array.isArray(values) ? values.length : 0;
      throw new GasError(`The number of rows in the data does not match the number of rows in the range. The data has ${got} but the range has ${this.numRows}.`);
    }
    const converted = values.map((line) => {
      if (!Array.isArray(line) || line.length !== this.numColumns) {
        const got = Array.isArray(line) ? line.length : 0;
        throw new GasError(`The number of columns in the data does not match the number of columns in the range. The data has ${got} but the range has ${this.numColumns}.`);
      }
      return line.map(cellFromScript);
    });
    const cells = this.sheet.data.cells;
    converted.forEach((line, r) => {
      const at = this.row - 1 + r;
      const target = (cells[at] ??= []);
      for (let i = target.length; i < this.column - 1; i++) target[i] = null;
      line.forEach((cell, c) => {
        target[this.column - 1 + c] = cell;
      });
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= [];
    this.sheet.app.markChanged();
    return this;
  }
  setValue(value: unknown): this {
    return this.setValues([[value]]);
  }
}

function formatDisplayDate(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const time = `${get('hour')}:${get('minute')}:${get('second')}`;
  return `${get('month')}/${get('day')}/${get('year')}${time === '0:00:00' ? '' : ` ${time}`}`;
}
