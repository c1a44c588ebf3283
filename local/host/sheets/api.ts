// The one table of the sheet host's methods that an execution may call over its channel, with what
// each does to the workbook. The host's dispatch (host.ts), the facade's typed calls and its caches
// (facade/spreadsheet/) all derive from it: a method missing here cannot be called, and a call's
// arguments and result are the host method's own types.
import type { SheetsHost } from './sheets';

/**
 * - `read`: only reads; the facade keeps what it fetched.
 * - `write`: changes cells, formats or metadata; the facade forgets the cells it fetched.
 * - `grid`: changes a sheet's rows and columns or the set of sheets; the facade also forgets grid sizes.
 */
export type SheetsCallKind = 'read' | 'write' | 'grid';

export const SHEETS_METHODS = {
  spreadsheet: 'read',
  setTimeZone: 'write',
  sheets: 'read',
  sheetByName: 'read',
  info: 'read',
  insertSheet: 'grid',
  deleteSheet: 'grid',
  renameSheet: 'write',
  insertRowsAfter: 'grid',
  insertColumnsAfter: 'grid',
  deleteRows: 'grid',
  setFrozenRows: 'write',
  checkRange: 'read',
  getCells: 'read',
  getFormats: 'read',
  setValues: 'write',
  appendRow: 'grid',
  setNumberFormat: 'write',
  dataRange: 'read',
  charts: 'read',
  setChart: 'write',
  removeChart: 'write',
  setNumberFormats: 'write',
  getDisplayValues: 'read',
  clearContent: 'write',
  getValidations: 'read',
  setValidation: 'write',
  insertCheckboxes: 'write',
  setStyle: 'write',
  getStyles: 'read',
  setStyleRanges: 'write',
  clearFormat: 'write',
  setColumnWidth: 'write',
  setColumnWidths: 'write',
  getColumnWidth: 'read',
  setRowHeights: 'write',
  getRowHeight: 'read',
  merge: 'write',
  breakApart: 'write',
  mergedRanges: 'read',
  protect: 'write',
  protections: 'read',
  getProtection: 'read',
  updateProtection: 'write',
  removeProtection: 'write',
  getConditionalFormats: 'read',
  setConditionalFormats: 'write',
  findText: 'read',
} as const satisfies Partial<Record<keyof SheetsHost, SheetsCallKind>>;

export type SheetsMethod = keyof typeof SHEETS_METHODS;

/** What an execution sees of the sheet host: exactly the methods of the table, with their types. */
export type SheetsApi = Pick<SheetsHost, SheetsMethod>;

export const SHEETS_METHOD_NAMES = Object.keys(SHEETS_METHODS) as SheetsMethod[];
