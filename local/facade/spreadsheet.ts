// SpreadsheetApp as the bundle sees it: Spreadsheet, Sheet, Range, Ui and Menu objects whose methods
// call the host over the execution's channel and hand back values of the bundle's own realm.
import { a1Cell, a1Range, columnLetters, parseA1 } from '../a1';
import type { Channel } from '../channel';
import type {
  CellStyle, ConditionalRule, FindOptions, ProtectionData, RuleArg, SheetInfo, ValidationRule,
} from '../host/sheets';
import { SHEETS_METHODS, type SheetsApi, type SheetsMethod } from '../host/sheets-api';
import type { MenuItem } from '../host/ui';
import type { Cell } from '../workbook';
import { LocalEmbeddedChart, LocalEmbeddedChartBuilder, type ChartData } from './charts';
import { fromCell, isDate, toWire, type Realm } from './realm';


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

interface Grid {
  maxRows: number;
  maxColumns: number;
}

/**
 * One execution's link to the host. Like Apps Script's own client, it remembers what it just
 * fetched — a sheet's grid size, the cells fetched with getDataRange() — until the execution writes
 * anything, so `getDataRange().getValues()` is one round trip and getRange() needs none.
 */
class Ctx {
  private readonly grids = new Map<number, Grid>();
  private readonly fetched = new Map<string, Cell[][]>();
  constructor(
    readonly channel: Channel,
    readonly realm: Realm,
  ) {}
  /** Calls one host method of the table in host/sheets-api.ts; its arguments and result are the host's. */
  sheets<K extends SheetsMethod>(method: K, ...args: Parameters<SheetsApi[K]>): ReturnType<SheetsApi[K]> {
    const kind = SHEETS_METHODS[method];
    if (kind !== 'read') {
      this.fetched.clear();
      if (kind === 'grid') this.grids.clear();
    }
    const value = this.channel.call('sheets', method, args) as ReturnType<SheetsApi[K]>;
    if ((method === 'info' || method === 'dataRange') && value && typeof value === 'object') {
      const { sheetId, maxRows, maxColumns } = value as unknown as SheetInfo;
      this.grids.set(sheetId, { maxRows, maxColumns });
    }
    return value;
  }
  grid(sheetId: number): Grid | undefined {
    return this.grids.get(sheetId);
  }
  remember(key: string, cells: Cell[][]): void {
    this.fetched.set(key, cells);
  }
  /** Cells fetched for exactly this range since the last write, handed over once. */
  take(key: string): Cell[][] | undefined {
    const cells = this.fetched.get(key);
    this.fetched.delete(key);
    return cells;
  }
}

function rangeId(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string {
  return `${sheetId}:${row}:${column}:${numRows}:${numColumns}`;
}

/** Each SpreadsheetApp's execution context, for the objects of a trigger's event (see `editEvent`). */
const contexts = new WeakMap<object, { ctx: Ctx; spreadsheet: LocalSpreadsheet }>();

/** What the sheet host reports of a person's edit; `editEvent` turns it into Google's event object. */
export interface EditSpec {
  sheetId: number;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  /** The new value, as Sheets hands it over: only for a single cell, absent when the cell is empty. */
  value?: string;
  /** The value before the edit: only for a single cell, absent when it was empty. */
  oldValue?: string;
  /** The person editing (Session.getActiveUser()). */
  user: string;
}

/**
 * The event object of an edit trigger, as Google documents it for the simple onEdit(e): authMode
 * (LIMITED), range (the edited Range), source (the Spreadsheet), user, and value / oldValue only when
 * the edited range is a single cell and only when that cell has (had) content; no triggerUid (installable
 * triggers only). https://developers.google.com/apps-script/guides/triggers/events#edit
 */
export function editEvent(app: SpreadsheetAppFacade, authMode: unknown, spec: EditSpec): Record<string, unknown> {
  const found = contexts.get(app);
  if (!found) throw new Error('editEvent: not a SpreadsheetApp of this runtime');
  const range = new LocalRange(found.ctx, spec.sheetId, spec.row, spec.column, spec.numRows, spec.numColumns);
  const event: Record<string, unknown> = { authMode, range, source: found.spreadsheet, user: new LocalUser(spec.user) };
  const single = spec.numRows === 1 && spec.numColumns === 1;
  if (single && spec.value !== undefined) event.value = spec.value;
  if (single && spec.oldValue !== undefined) event.oldValue = spec.oldValue;
  return event;
}

export function makeSpreadsheetApp(channel: Channel, realm: Realm) {
  const ctx = new Ctx(channel, realm);
  const spreadsheet = new LocalSpreadsheet(ctx);
  const app = {
    getActiveSpreadsheet: () => spreadsheet,
    getActive: () => spreadsheet,
    // Apps Script may hold writes back until flush() or the end of the execution; the local runtime
    // makes them durable (journal fsync) at the same two points, so what a crash keeps is at most
    // what Google would have applied.
    flush: () => {
      ctx.channel.call('sheets', 'flush', []);
    },
    // Google: "Exception: Cannot call SpreadsheetApp.getUi() from this context." in a web app or a
    // time-driven trigger — the Ui class reference: "A script can only interact with the UI for the
    // current instance of an open editor, and only if the script is container-bound to the editor."
    getUi: () => {
      const context = channel.call('session', 'context', []) as { mode: string };
      if (context.mode !== 'ui') throw new GasError('Cannot call SpreadsheetApp.getUi() from this context.');
      return new LocalUi(ctx);
    },
    newDataValidation: () => new LocalDataValidationBuilder(ctx),
    newConditionalFormatRule: () => new LocalConditionalFormatRuleBuilder(ctx),
    BooleanCriteria,
    DataValidationCriteria,
    ProtectionType,
    RelativeDate,
  };
  contexts.set(app, { ctx, spreadsheet });
  return app;
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
    return this.ctx.sheets('spreadsheet');
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
    return this.ctx.realm.array(this.ctx.sheets('sheets').map((s) => new LocalSheet(this.ctx, s.sheetId)));
  }
  /** A small pop-up message in the corner of the sheet (the host page shows it as a notice). */
  toast(msg: string, title?: string, _timeoutSeconds?: unknown): void {
    this.ctx.channel.call('ui', 'showDialog', [{ kind: 'toast', title: title === undefined ? '' : String(title), html: String(msg), width: 0, height: 0 }]);
  }
  getSheetByName(name: string): LocalSheet | null {
    const id = this.ctx.sheets('sheetByName', String(name));
    return id === null ? null : new LocalSheet(this.ctx, id);
  }
  /** insertSheet([sheetName][, sheetIndex][, options]); a template sheet (options.template) is not supported locally. */
  insertSheet(
    nameIndexOrOptions?: string | number | SheetOptions,
    indexOrOptions?: number | SheetOptions,
    options?: SheetOptions,
  ): LocalSheet {
    const args = [nameIndexOrOptions, indexOrOptions, options].filter((a) => a !== undefined);
    const name = typeof args[0] === 'string' ? String(args.shift()) : null;
    const index = typeof args[0] === 'number' ? (args.shift() as number) : null;
    const opts = args[0] as SheetOptions | undefined;
    if (opts?.template) throw new GasError('insertSheet with a template sheet is not supported by the local runtime.');
    return new LocalSheet(this.ctx, this.ctx.sheets('insertSheet', name, index));
  }
  deleteSheet(sheet: LocalSheet | GoogleAppsScript.Spreadsheet.Sheet): void {
    this.ctx.sheets('deleteSheet', sheet.getSheetId());
  }
}

interface SheetOptions {
  template?: LocalSheet | GoogleAppsScript.Spreadsheet.Sheet | undefined;
}

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
    const checks: Array<[number | undefined, string]> = [[row, 'row'], [column, 'column'], [numRows, 'number of rows'], [numColumns, 'number of columns']];
    for (const [n, what] of checks) {
      if (!Number.isInteger(n) || n! < 1) {
        throw new GasError(what.startsWith('number') ? `The ${what} in the range must be at least 1.` : `The starting ${what} of the range is too small.`);
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
    return this.ctx.realm.array(Object.entries(charts).map(([id, data]) => new LocalEmbeddedChart(this.sheetId, id, data as ChartData, this.ctx.channel, this.ctx.realm, this.rangeAtKey)));
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
    return new LocalRangeList(this.ctx, this.sheetId, a1Notations.map((a1) => this.getRange(String(a1))));
  }
  setColumnWidth(columnPosition: number, width: number): this {
    this.ctx.sheets('setColumnWidth', this.sheetId, columnPosition, Number(width));
    return this;
  }
  getColumnWidth(columnPosition: number): number {
    return this.ctx.sheets('getColumnWidth', this.sheetId, columnPosition);
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
    /** A range named by whole columns ('B:B', 'A2:C': rows run to the grid's end) or whole rows ('2:2'). */
    private readonly open: RangeOpenness = null,
  ) {}

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

  getA1Notation(): string {
    if (this.open === 'rows') {
      const start = this.row === 1 ? columnLetters(this.column) : a1Cell(this.row, this.column);
      return `${start}:${columnLetters(this.column + this.numColumns - 1)}`;
    }
    if (this.open === 'columns') return `${this.row}:${this.row + this.numRows - 1}`;
    return a1Range(this.row, this.column, this.numRows, this.numColumns);
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): LocalRange {
    return this.getSheet().getRange(this.row + rowOffset, this.column + columnOffset, numRows ?? this.numRows, numColumns ?? this.numColumns);
  }
  clearContent(): this {
    this.ctx.sheets('clearContent', this.sheetId, ...this.box);
    return this;
  }
  setNumberFormats(numberFormats: string[][]): this {
    if (!Array.isArray(numberFormats) || numberFormats.length !== this.numRows || numberFormats.some((line) => !Array.isArray(line) || line.length !== this.numColumns)) {
      const rows = Array.isArray(numberFormats) ? numberFormats.length : 0;
      const columns = Array.isArray(numberFormats?.[0]) ? numberFormats[0].length : 0;
      throw new GasError(rows !== this.numRows
        ? `The number of rows in the data does not match the number of rows in the range. The data has ${rows} but the range has ${this.numRows}.`
        : `The number of columns in the data does not match the number of columns in the range. The data has ${columns} but the range has ${this.numColumns}.`);
    }
    this.ctx.sheets('setNumberFormats', this.sheetId, this.row, this.column, numberFormats.map((line) => Array.from(line, String)));
    return this;
  }

  // Styles.
  private setStyle(style: CellStyle): this {
    this.ctx.sheets('setStyle', this.sheetId, ...this.box, style);
    return this;
  }
  private style(): CellStyle {
    return this.ctx.sheets('getStyles', this.sheetId, this.row, this.column, 1, 1)[0]![0]!;
  }
  setBackground(color: string | null): this {
    return this.setStyle({ background: normalizeColor(color) });
  }
  setFontColor(color: string | null): this {
    return this.setStyle({ fontColor: normalizeColor(color) });
  }
  setFontWeight(fontWeight: GoogleAppsScript.Spreadsheet.FontWeight | null): this {
    return this.setStyle(styleArg('fontWeight', fontWeight));
  }
  setFontStyle(fontStyle: GoogleAppsScript.Spreadsheet.FontStyle | null): this {
    return this.setStyle(styleArg('fontStyle', fontStyle));
  }
  setFontSize(size: number): this {
    return this.setStyle(styleArg('fontSize', size));
  }
  setHorizontalAlignment(alignment: string | null): this {
    return this.setStyle(styleArg('horizontalAlignment', alignment));
  }
  setVerticalAlignment(alignment: string | null): this {
    return this.setStyle(styleArg('verticalAlignment', alignment));
  }
  setWrap(isWrapEnabled: boolean): this {
    return this.setStyle(styleArg('wrap', isWrapEnabled));
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

type RangeOpenness = null | 'rows' | 'columns';

// ——— Enums: SpreadsheetApp.ProtectionType.RANGE and the like. Each value is one object whose toString()
// and name() give its name, as Apps Script's enum values do; methods also accept the name as a string. ———

export interface GasEnum {
  name(): string;
  ordinal(): number;
  toString(): string;
  toJSON(): string;
}

function makeEnum<N extends string>(names: readonly N[]): Readonly<Record<N, GasEnum>> {
  const out = {} as Record<N, GasEnum>;
  names.forEach((name, i) => {
    out[name] = Object.freeze({ name: () => name, ordinal: () => i, toString: () => name, toJSON: () => name });
  });
  return Object.freeze(out);
}

export const ProtectionType = makeEnum(['RANGE', 'SHEET'] as const);
export const RelativeDate = makeEnum(['TODAY', 'TOMORROW', 'YESTERDAY', 'PAST_WEEK', 'PAST_MONTH', 'PAST_YEAR'] as const);
export const DataValidationCriteria = makeEnum([
  'DATE_AFTER', 'DATE_BEFORE', 'DATE_BETWEEN', 'DATE_EQUAL_TO', 'DATE_IS_VALID_DATE', 'DATE_NOT_BETWEEN', 'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE', 'NUMBER_BETWEEN', 'NUMBER_EQUAL_TO', 'NUMBER_GREATER_THAN', 'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN', 'NUMBER_LESS_THAN_OR_EQUAL_TO', 'NUMBER_NOT_BETWEEN', 'NUMBER_NOT_EQUAL_TO', 'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN', 'TEXT_EQUAL_TO', 'TEXT_IS_VALID_EMAIL', 'TEXT_IS_VALID_URL', 'VALUE_IN_LIST', 'VALUE_IN_RANGE',
  'CUSTOM_FORMULA', 'CHECKBOX',
] as const);
export const BooleanCriteria = makeEnum([
  'CELL_EMPTY', 'CELL_NOT_EMPTY', 'DATE_AFTER', 'DATE_BEFORE', 'DATE_EQUAL_TO', 'DATE_AFTER_RELATIVE', 'DATE_BEFORE_RELATIVE',
  'DATE_EQUAL_TO_RELATIVE', 'NUMBER_BETWEEN', 'NUMBER_EQUAL_TO', 'NUMBER_GREATER_THAN', 'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN', 'NUMBER_LESS_THAN_OR_EQUAL_TO', 'NUMBER_NOT_BETWEEN', 'NUMBER_NOT_EQUAL_TO', 'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN', 'TEXT_EQUAL_TO', 'TEXT_STARTS_WITH', 'TEXT_ENDS_WITH', 'CUSTOM_FORMULA',
] as const);

/** The name of an enum value (or of a name given as text); anything else fails as Apps Script does. */
function enumName(values: Readonly<Record<string, GasEnum>>, value: unknown, what: string): string {
  const name = String(value);
  if (!Object.prototype.hasOwnProperty.call(values, name)) throw new GasError(`Invalid argument: ${what}`);
  return name;
}

/** A criteria argument on its way to the host: dates as { d }, RelativeDate values as { rel }. */
function toArg(value: unknown): RuleArg {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (isDate(value)) return { d: value.getTime() };
  if (Array.isArray(value)) return Array.from(value, toArg);
  if (Object.values(RelativeDate).includes(value as GasEnum)) return { rel: String(value) };
  return String(value);
}

/** A stored criteria argument as the script gets it back, in its own realm. */
function fromArg(realm: Realm, arg: RuleArg): unknown {
  if (Array.isArray(arg)) return realm.array(arg.map((a) => fromArg(realm, a)));
  if (arg !== null && typeof arg === 'object') return 'd' in arg ? realm.date(arg.d) : RelativeDate[arg.rel as keyof typeof RelativeDate];
  return arg;
}

const NAMED_COLORS: Record<string, string> = {
  black: '#000000', white: '#ffffff', red: '#ff0000', green: '#008000', blue: '#0000ff', yellow: '#ffff00', orange: '#ffa500',
  purple: '#800080', gray: '#808080', grey: '#808080', cyan: '#00ffff', magenta: '#ff00ff', lime: '#00ff00', pink: '#ffc0cb',
};

/** Colors as Sheets reports them: lower-case #rrggbb (CSS names and #rgb expanded). */
type StyleKey = 'fontStyle' | 'fontSize' | 'horizontalAlignment' | 'verticalAlignment' | 'wrap' | 'fontWeight' | 'background' | 'fontColor';

/**
 * A style argument checked as Apps Script checks it (Range reference: setFontStyle 'italic'/'normal',
 * setFontSize a number of points, setHorizontalAlignment 'left'/'center'/'right'/'normal',
 * setVerticalAlignment 'top'/'middle'/'bottom', setWrap a boolean; null resets); anything else throws.
 */
export function styleArg(key: StyleKey, value: unknown): CellStyle {
  const bad = () => new GasError(`Invalid argument: ${key}`);
  switch (key) {
    case 'fontStyle':
      if (value !== null && value !== 'italic' && value !== 'normal') throw bad();
      return { fontStyle: value === 'italic' ? 'italic' : null };
    case 'fontSize':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > 400) throw bad();
      return { fontSize: value };
    case 'horizontalAlignment':
      if (value !== null && !['left', 'center', 'right', 'normal', 'general'].includes(String(value))) throw bad();
      return { horizontalAlignment: value === null || value === 'normal' || value === 'general' ? null : String(value) };
    case 'verticalAlignment':
      if (value !== null && !['top', 'middle', 'bottom'].includes(String(value))) throw bad();
      return { verticalAlignment: value === null || value === 'bottom' ? null : String(value) };
    case 'wrap':
      if (typeof value !== 'boolean') throw bad();
      return { wrap: value };
    case 'fontWeight':
      if (value !== null && value !== 'bold' && value !== 'normal') throw bad();
      return { fontWeight: value === 'bold' ? 'bold' : null };
    case 'background':
      return { background: normalizeColor(value as string | null) };
    case 'fontColor':
      return { fontColor: normalizeColor(value as string | null) };
  }
}

/** Sheet.getRangeList: the same format set over several ranges in one call. */
export class LocalRangeList {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly ranges: LocalRange[],
  ) {}
  getRanges(): LocalRange[] {
    return this.ctx.realm.array([...this.ranges]);
  }
  private style(style: CellStyle): this {
    const boxes = this.ranges.map((r): [number, number, number, number] => [r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()]);
    this.ctx.sheets('setStyleRanges', this.sheetId, boxes, style);
    return this;
  }
  setBackground(color: string | null): this {
    return this.style(styleArg('background', color));
  }
  setFontColor(color: string | null): this {
    return this.style(styleArg('fontColor', color));
  }
  setFontWeight(fontWeight: GoogleAppsScript.Spreadsheet.FontWeight | null): this {
    return this.style(styleArg('fontWeight', fontWeight));
  }
  setFontStyle(fontStyle: GoogleAppsScript.Spreadsheet.FontStyle | null): this {
    return this.style(styleArg('fontStyle', fontStyle));
  }
  setFontSize(size: number): this {
    return this.style(styleArg('fontSize', size));
  }
  setHorizontalAlignment(alignment: string | null): this {
    return this.style(styleArg('horizontalAlignment', alignment));
  }
  setVerticalAlignment(alignment: string | null): this {
    return this.style(styleArg('verticalAlignment', alignment));
  }
  setWrap(isWrapEnabled: boolean): this {
    return this.style(styleArg('wrap', isWrapEnabled));
  }
  setNumberFormat(format: string): this {
    for (const range of this.ranges) range.setNumberFormat(format);
    return this;
  }
  breakApart(): this {
    for (const range of this.ranges) range.breakApart();
    return this;
  }
  clearFormat(): this {
    for (const range of this.ranges) range.clearFormat();
    return this;
  }
}

export function normalizeColor(color: string | null): string | null {
  if (color === null || color === undefined) return null;
  const text = String(color).trim().toLowerCase();
  if (NAMED_COLORS[text]) return NAMED_COLORS[text];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  return text;
}

// ——— Protection ———

/** A protected range or sheet. Locally the script's user is the spreadsheet's owner, who can always edit. */
export class LocalProtection {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly id: string,
  ) {}

  private data(): ProtectionData {
    return this.ctx.sheets('getProtection', this.sheetId, this.id);
  }
  private change(change: { description?: string; warningOnly?: boolean; addEditors?: string[]; removeEditors?: string[] }): this {
    this.ctx.sheets('updateProtection', this.sheetId, this.id, change);
    return this;
  }
  getDescription(): string {
    return this.data().description;
  }
  setDescription(description: string): this {
    return this.change({ description: String(description) });
  }
  isWarningOnly(): boolean {
    return this.data().warningOnly;
  }
  setWarningOnly(warningOnly: boolean): this {
    return this.change({ warningOnly: Boolean(warningOnly) });
  }
  addEditor(emailAddressOrUser: string | GoogleAppsScript.Base.User): this {
    return this.change({ addEditors: [emailOf(emailAddressOrUser)] });
  }
  addEditors(emailAddresses: string[]): this {
    return this.change({ addEditors: Array.from(emailAddresses, emailOf) });
  }
  removeEditor(emailAddressOrUser: string | GoogleAppsScript.Base.User): this {
    return this.change({ removeEditors: [emailOf(emailAddressOrUser)] });
  }
  removeEditors(emailAddressesOrUsers: Array<string | GoogleAppsScript.Base.User>): this {
    return this.change({ removeEditors: Array.from(emailAddressesOrUsers, emailOf) });
  }
  getEditors(): LocalUser[] {
    return this.ctx.realm.array(this.data().editors.map((email) => new LocalUser(email)));
  }
  /** The script's user is the owner, who can always edit. */
  canEdit(): boolean {
    this.data();
    return true;
  }
  getProtectionType(): GasEnum {
    return ProtectionType[this.data().type];
  }
  /** The protected range; for a sheet's protection, the whole sheet. */
  getRange(): LocalRange {
    const { range } = this.data();
    const sheet = new LocalSheet(this.ctx, this.sheetId);
    if (range === null) return sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
    const [row, column, lastRow, lastColumn] = range.split(':').map(Number) as [number, number, number, number];
    return sheet.getRange(row, column, lastRow - row + 1, lastColumn - column + 1);
  }
  remove(): void {
    this.ctx.sheets('removeProtection', this.sheetId, this.id);
  }
}

/** Session's and Protection's users: known by email only. */
export class LocalUser {
  constructor(private readonly email: string) {}
  getEmail(): string {
    return this.email;
  }
  getUserLoginId(): string {
    return this.email;
  }
}

function emailOf(value: unknown): string {
  if (value && typeof value === 'object' && typeof (value as { getEmail?: unknown }).getEmail === 'function') {
    return String((value as { getEmail(): unknown }).getEmail());
  }
  return String(value);
}

// ——— Data validation ———

interface RuleState {
  criteria: string | null;
  values: RuleArg[];
  allowInvalid: boolean;
  helpText: string | null;
}

export class LocalDataValidationBuilder {
  private state: RuleState;
  constructor(
    private readonly ctx: Ctx,
    from?: RuleState,
  ) {
    this.state = from ? { ...from, values: structuredClone(from.values) } : { criteria: null, values: [], allowInvalid: true, helpText: null };
  }
  private set(criteria: string, values: RuleArg[]): this {
    this.state.criteria = criteria;
    this.state.values = values;
    return this;
  }
  build(): LocalDataValidation {
    if (this.state.criteria === null) throw new GasError('You must select a criteria type for the data validation rule.');
    return new LocalDataValidation(this.ctx, { ...this.state, criteria: this.state.criteria, values: structuredClone(this.state.values) });
  }
  copy(): LocalDataValidationBuilder {
    return new LocalDataValidationBuilder(this.ctx, this.state);
  }
  getAllowInvalid(): boolean {
    return this.state.allowInvalid;
  }
  getCriteriaType(): GasEnum | null {
    return this.state.criteria === null ? null : DataValidationCriteria[this.state.criteria as keyof typeof DataValidationCriteria];
  }
  getCriteriaValues(): unknown[] {
    return fromArg(this.ctx.realm, this.state.values) as unknown[];
  }
  getHelpText(): string | null {
    return this.state.helpText;
  }
  requireCheckbox(checkedValue?: unknown, uncheckedValue?: unknown): this {
    const custom = arguments.length === 0 ? [] : arguments.length === 1 ? [checkedValue] : [checkedValue, uncheckedValue];
    return this.set('CHECKBOX', custom.map(toArg));
  }
  requireDate(): this {
    return this.set('DATE_IS_VALID_DATE', []);
  }
  requireNumberBetween(start: number, end: number): this {
    return this.set('NUMBER_BETWEEN', [Number(start), Number(end)]);
  }
  requireTextIsEmail(): this {
    return this.set('TEXT_IS_VALID_EMAIL', []);
  }
  requireValueInList(values: string[], showDropdown = true): this {
    return this.set('VALUE_IN_LIST', [Array.from(values, (v) => String(v)), Boolean(showDropdown)]);
  }
  setAllowInvalid(allowInvalidData: boolean): this {
    this.state.allowInvalid = Boolean(allowInvalidData);
    return this;
  }
  setHelpText(helpText: string): this {
    this.state.helpText = String(helpText);
    return this;
  }
  withCriteria(criteria: GoogleAppsScript.Spreadsheet.DataValidationCriteria | GasEnum | string, args: unknown[]): this {
    return this.set(enumName(DataValidationCriteria, criteria, 'criteria'), Array.from(args, toArg));
  }
}

export class LocalDataValidation {
  constructor(
    private readonly ctx: Ctx,
    private readonly rule: ValidationRule,
  ) {}
  /** A rule of this runtime as plain data for the host (null for anything else). */
  static data(rule: unknown): ValidationRule | null {
    return rule instanceof LocalDataValidation ? structuredClone(rule.rule) : null;
  }
  copy(): LocalDataValidationBuilder {
    return new LocalDataValidationBuilder(this.ctx, this.rule);
  }
  getAllowInvalid(): boolean {
    return this.rule.allowInvalid;
  }
  getCriteriaType(): GasEnum {
    return DataValidationCriteria[this.rule.criteria as keyof typeof DataValidationCriteria];
  }
  getCriteriaValues(): unknown[] {
    return fromArg(this.ctx.realm, this.rule.values) as unknown[];
  }
  getHelpText(): string | null {
    return this.rule.helpText;
  }
}

// ——— Conditional format rules ———

type Condition = ConditionalRule['condition'];
type CellFormat = ConditionalRule['format'];

export class LocalBooleanCondition {
  constructor(
    private readonly ctx: Ctx,
    private readonly condition: Condition,
    private readonly format: CellFormat,
  ) {}
  getCriteriaType(): GasEnum {
    return BooleanCriteria[this.condition.type as keyof typeof BooleanCriteria];
  }
  getCriteriaValues(): unknown[] {
    return fromArg(this.ctx.realm, this.condition.values) as unknown[];
  }
  getBackground(): string | null {
    return this.format.background ?? null;
  }
  getFontColor(): string | null {
    return this.format.fontColor ?? null;
  }
  getBold(): boolean | null {
    return this.format.bold ?? null;
  }
  getItalic(): boolean | null {
    return null;
  }
  getStrikethrough(): boolean | null {
    return null;
  }
  getUnderline(): boolean | null {
    return null;
  }
}

interface RuleDraft {
  sheetId: number | null;
  ranges: string[];
  condition: Condition | null;
  format: CellFormat;
}

function rangesOf(ctx: Ctx, sheetId: number | null, keys: string[]): LocalRange[] {
  return ctx.realm.array(sheetId === null ? [] : keys.map((key) => {
    const [row, column, lastRow, lastColumn] = key.split(':').map(Number) as [number, number, number, number];
    return new LocalRange(ctx, sheetId, row, column, lastRow - row + 1, lastColumn - column + 1);
  }));
}

export class LocalConditionalFormatRuleBuilder {
  private draft: RuleDraft;
  constructor(
    private readonly ctx: Ctx,
    from?: RuleDraft,
  ) {
    this.draft = from ? structuredClone(from) : { sheetId: null, ranges: [], condition: null, format: {} };
  }
  private when(type: string, values: RuleArg[]): this {
    this.draft.condition = { type, values };
    return this;
  }
  build(): LocalConditionalFormatRule {
    if (!this.draft.condition) throw new GasError('A conditional format rule must have a condition.');
    const { sheetId, ranges, condition, format } = structuredClone(this.draft);
    return new LocalConditionalFormatRule(this.ctx, sheetId, { ranges, condition: condition!, format });
  }
  copy(): LocalConditionalFormatRuleBuilder {
    return new LocalConditionalFormatRuleBuilder(this.ctx, this.draft);
  }
  getBooleanCondition(): LocalBooleanCondition | null {
    return this.draft.condition ? new LocalBooleanCondition(this.ctx, this.draft.condition, this.draft.format) : null;
  }
  getGradientCondition(): null {
    return null;
  }
  getRanges(): LocalRange[] {
    return rangesOf(this.ctx, this.draft.sheetId, this.draft.ranges);
  }
  setRanges(ranges: Array<LocalRange | GoogleAppsScript.Spreadsheet.Range>): this {
    const coords = Array.from(ranges, (r) => {
      const c = LocalRange.coords(r);
      if (!c) throw new GasError('Invalid argument: ranges');
      return c;
    });
    this.draft.sheetId = coords[0]?.sheetId ?? null;
    this.draft.ranges = coords.map((c) => `${c.row}:${c.column}:${c.row + c.numRows - 1}:${c.column + c.numColumns - 1}`);
    return this;
  }
  setBackground(color: string | null): this {
    this.draft.format.background = normalizeColor(color);
    return this;
  }
  setFontColor(color: string | null): this {
    this.draft.format.fontColor = normalizeColor(color);
    return this;
  }
  setBold(bold: boolean | null): this {
    this.draft.format.bold = bold === null ? null : Boolean(bold);
    return this;
  }
  whenCellEmpty(): this {
    return this.when('CELL_EMPTY', []);
  }
  whenCellNotEmpty(): this {
    return this.when('CELL_NOT_EMPTY', []);
  }
  whenTextContains(text: string): this {
    return this.when('TEXT_CONTAINS', [String(text)]);
  }
  whenNumberGreaterThan(number: number): this {
    return this.when('NUMBER_GREATER_THAN', [Number(number)]);
  }
  whenNumberLessThan(number: number): this {
    return this.when('NUMBER_LESS_THAN', [Number(number)]);
  }
  whenNumberBetween(start: number, end: number): this {
    return this.when('NUMBER_BETWEEN', [Number(start), Number(end)]);
  }
  whenDateBefore(date: Date | GoogleAppsScript.Base.Date | GoogleAppsScript.Spreadsheet.RelativeDate | GasEnum): this {
    return isDate(date) ? this.when('DATE_BEFORE', [toArg(date)]) : this.when('DATE_BEFORE_RELATIVE', [{ rel: enumName(RelativeDate, date, 'date') }]);
  }
  whenDateAfter(date: Date | GoogleAppsScript.Base.Date | GoogleAppsScript.Spreadsheet.RelativeDate | GasEnum): this {
    return isDate(date) ? this.when('DATE_AFTER', [toArg(date)]) : this.when('DATE_AFTER_RELATIVE', [{ rel: enumName(RelativeDate, date, 'date') }]);
  }
  whenFormulaSatisfied(formula: string): this {
    return this.when('CUSTOM_FORMULA', [String(formula)]);
  }
}

export class LocalConditionalFormatRule {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number | null,
    private readonly rule: ConditionalRule,
  ) {}
  /** A rule of this runtime as plain data for the host (null for anything else). */
  static data(rule: unknown): ConditionalRule | null {
    return rule instanceof LocalConditionalFormatRule ? structuredClone(rule.rule) : null;
  }
  copy(): LocalConditionalFormatRuleBuilder {
    return new LocalConditionalFormatRuleBuilder(this.ctx, { sheetId: this.sheetId, ...structuredClone(this.rule) });
  }
  getBooleanCondition(): LocalBooleanCondition {
    return new LocalBooleanCondition(this.ctx, this.rule.condition, this.rule.format);
  }
  getGradientCondition(): null {
    return null;
  }
  getRanges(): LocalRange[] {
    return rangesOf(this.ctx, this.sheetId, this.rule.ranges);
  }
}

// ——— TextFinder ———

/** Searches display values; the first search is one host call, later findNext/findPrevious walk its result. */
export class LocalTextFinder {
  private options: FindOptions = {};
  private found: Array<[number, number]> | null = null;
  private index = -1;
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly scope: [number, number, number | null, number | null],
    private readonly text: string,
  ) {}
  private option(change: FindOptions): this {
    this.options = { ...this.options, ...change };
    this.found = null;
    this.index = -1;
    return this;
  }
  private search(): Array<[number, number]> {
    this.found ??= this.ctx.sheets('findText', this.sheetId, ...this.scope, this.text, this.options);
    return this.found;
  }
  private cell([row, column]: [number, number]): LocalRange {
    return new LocalRange(this.ctx, this.sheetId, row, column, 1, 1);
  }
  matchCase(matchCase: boolean): this {
    return this.option({ matchCase: Boolean(matchCase) });
  }
  matchEntireCell(matchEntireCell: boolean): this {
    return this.option({ entireCell: Boolean(matchEntireCell) });
  }
  useRegularExpression(useRegEx: boolean): this {
    return this.option({ regex: Boolean(useRegEx) });
  }
  findAll(): LocalRange[] {
    return this.ctx.realm.array(this.search().map((at) => this.cell(at)));
  }
  findNext(): LocalRange | null {
    const found = this.search();
    if (this.index + 1 >= found.length) return null;
    this.index++;
    return this.cell(found[this.index]!);
  }
  findPrevious(): LocalRange | null {
    const found = this.search();
    if (this.index <= 0) return null;
    this.index--;
    return this.cell(found[this.index]!);
  }
  getCurrentMatch(): LocalRange | null {
    const at = this.found?.[this.index];
    return at ? this.cell(at) : null;
  }
}

export type SpreadsheetAppFacade = ReturnType<typeof makeSpreadsheetApp>;
