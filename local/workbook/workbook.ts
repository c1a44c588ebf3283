// The local workbook: what a Google Sheet holds. store/ keeps it durable under the data dir.

/** A stored cell: plain text, number, boolean, a date (epoch ms) or a formula. */
export type Cell = null | string | number | boolean | { d: number } | { f: string };

export interface SheetData {
  name: string;
  sheetId: number;
  /** Grid size, as a new Google sheet has it (1000 × 26); getRange outside it fails as in Apps Script. */
  maxRows: number;
  maxColumns: number;
  frozenRows: number;
  /** Row-major cells; rows and rows' cells may be shorter than the grid (missing = empty). */
  cells: Cell[][];
  /** Range metadata by kind (number formats, data validation, protection, …), each keyed by A1 range. */
  meta?: Record<string, Record<string, unknown>>;
}

export interface WorkbookData {
  id: string;
  name: string;
  timeZone: string;
  sheets: SheetData[];
  nextSheetId: number;
  /** PropertiesService: scope (script, user, document) → key → value. */
  properties?: Record<string, Record<string, string>>;
  /** ScriptApp's installable triggers by unique id. */
  triggers?: Record<string, unknown>;
}

export function newWorkbook(name: string, timeZone: string): WorkbookData {
  return {
    id: `local-${Date.now().toString(36)}`,
    name,
    timeZone,
    nextSheetId: 1,
    sheets: [{ name: 'Sheet1', sheetId: 0, maxRows: 1000, maxColumns: 26, frozenRows: 0, cells: [] }],
  };
}

/** The last row and column holding any value (0 when the sheet is empty), as getLastRow/getLastColumn. */
export function extent(sheet: SheetData): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  sheet.cells.forEach((row, r) => {
    for (let c = row.length - 1; c >= 0; c--) {
      const cell = row[c];
      if (cell !== null && cell !== undefined && cell !== '') {
        rows = r + 1;
        columns = Math.max(columns, c + 1);
        break;
      }
    }
  });
  return { rows, columns };
}
