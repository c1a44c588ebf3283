// The local workbook: what a Google Sheet holds, kept as JSON under the data dir. Saved atomically
// (write to a temporary file, fsync, rename) after every call that changed it.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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
}

export interface WorkbookData {
  id: string;
  name: string;
  timeZone: string;
  sheets: SheetData[];
  nextSheetId: number;
}

export const WORKBOOK_FILE = 'workbook.json';

export function newWorkbook(name: string, timeZone: string): WorkbookData {
  return {
    id: `local-${Date.now().toString(36)}`,
    name,
    timeZone,
    nextSheetId: 1,
    sheets: [{ name: 'Sheet1', sheetId: 0, maxRows: 1000, maxColumns: 26, frozenRows: 0, cells: [] }],
  };
}

export function workbookPath(dataDir: string): string {
  return join(dataDir, WORKBOOK_FILE);
}

export function loadWorkbook(dataDir: string): WorkbookData | null {
  const file = workbookPath(dataDir);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as WorkbookData;
}

/** Writes the workbook so that a crash leaves either the old or the new file, never a torn one. */
export function saveWorkbook(dataDir: string, data: WorkbookData): void {
  mkdirSync(dataDir, { recursive: true });
  const file = workbookPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(data));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
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
