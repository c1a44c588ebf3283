// Spreadsheet: its id, name and time zone, its sheets, and toasts.
import { GasError, type Ctx } from './context';
import { LocalSheet } from './sheet';

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
    this.ctx.channel.call('ui', 'showDialog', [
      { kind: 'toast', title: title === undefined ? '' : String(title), html: String(msg), width: 0, height: 0 },
    ]);
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
