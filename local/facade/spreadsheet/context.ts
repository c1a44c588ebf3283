// One execution's link to the host (Ctx: its channel, its realm and what it just fetched) and the
// errors thrown into the bundle; every SpreadsheetApp class reaches the host through it.
import type { Channel } from '../../exec/channel';
import type { SheetInfo } from '../../host/sheets/data';
import { SHEETS_METHODS, type SheetsApi, type SheetsMethod } from '../../host/sheets/api';
import type { Cell } from '../../workbook/workbook';
import type { Realm } from '../realm';

/** Errors thrown into the bundle carry Apps Script's wording. */
export class GasError extends Error {
  override name = 'Exception';
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
export class Ctx {
  private readonly grids = new Map<number, Grid>();
  private readonly fetched = new Map<string, Cell[][]>();
  constructor(
    readonly channel: Channel,
    readonly realm: Realm,
  ) {}
  /** Calls one host method of the table in host/sheets/api.ts; its arguments and result are the host's. */
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

export function rangeId(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string {
  return `${sheetId}:${row}:${column}:${numRows}:${numColumns}`;
}
