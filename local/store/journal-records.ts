// Every change to the local workbook is an Op: applied to memory, appended to the journal, replayed at
// recovery. Ops are plain JSON; nothing else mutates WorkbookData.
import type { Cell, SheetData, WorkbookData } from '../workbook/workbook';

export type Op =
  | { t: 'cells'; sheetId: number; row: number; col: number; cells: Cell[][] }
  | { t: 'insertSheet'; sheetId: number; name: string; index: number }
  | { t: 'deleteSheet'; sheetId: number }
  | { t: 'renameSheet'; sheetId: number; name: string }
  | { t: 'insertRows'; sheetId: number; after: number; count: number }
  | { t: 'insertCols'; sheetId: number; after: number; count: number }
  | { t: 'deleteRows'; sheetId: number; row: number; count: number }
  | { t: 'frozen'; sheetId: number; rows: number }
  | { t: 'timeZone'; timeZone: string }
  | { t: 'rename'; name: string }
  /** Range-level metadata: number formats, data validation, protection… keyed by kind. */
  | { t: 'meta'; sheetId: number; kind: string; key: string; value: unknown | null }
  | { t: 'props'; scope: string; key: string; value: string | null }
  | { t: 'trigger'; uid: string; value: unknown | null };

export class OpError extends Error {}

export function sheetById(data: WorkbookData, sheetId: number): SheetData {
  const sheet = data.sheets.find((s) => s.sheetId === sheetId);
  if (!sheet) throw new OpError(`No sheet with id ${sheetId}`);
  return sheet;
}

function writeCells(sheet: SheetData, row: number, col: number, cells: Cell[][]): void {
  cells.forEach((line, r) => {
    const at = row - 1 + r;
    for (let i = sheet.cells.length; i < at; i++) sheet.cells[i] = [];
    const target = (sheet.cells[at] ??= []);
    for (let i = target.length; i < col - 1; i++) target[i] = null;
    line.forEach((cell, c) => {
      target[col - 1 + c] = cell;
    });
  });
}

/** Applies one op to the workbook in memory. */
export function applyOp(data: WorkbookData, op: Op): void {
  switch (op.t) {
    case 'cells':
      return writeCells(sheetById(data, op.sheetId), op.row, op.col, op.cells);
    case 'insertSheet':
      data.sheets.splice(op.index, 0, { name: op.name, sheetId: op.sheetId, maxRows: 1000, maxColumns: 26, frozenRows: 0, cells: [] });
      data.nextSheetId = Math.max(data.nextSheetId, op.sheetId + 1);
      return;
    case 'deleteSheet':
      data.sheets = data.sheets.filter((s) => s.sheetId !== op.sheetId);
      return;
    case 'renameSheet':
      sheetById(data, op.sheetId).name = op.name;
      return;
    case 'insertRows': {
      const sheet = sheetById(data, op.sheetId);
      if (sheet.cells.length > op.after) sheet.cells.splice(op.after, 0, ...Array.from({ length: op.count }, () => []));
      sheet.maxRows += op.count;
      return;
    }
    case 'insertCols': {
      const sheet = sheetById(data, op.sheetId);
      for (const row of sheet.cells) if (row.length > op.after) row.splice(op.after, 0, ...Array<Cell>(op.count).fill(null));
      sheet.maxColumns += op.count;
      return;
    }
    case 'deleteRows': {
      const sheet = sheetById(data, op.sheetId);
      sheet.cells.splice(op.row - 1, op.count);
      sheet.maxRows = Math.max(1, sheet.maxRows - op.count);
      return;
    }
    case 'frozen':
      sheetById(data, op.sheetId).frozenRows = op.rows;
      return;
    case 'timeZone':
      data.timeZone = op.timeZone;
      return;
    case 'rename':
      data.name = op.name;
      return;
    case 'meta': {
      const sheet = sheetById(data, op.sheetId);
      const kind = ((sheet.meta ??= {})[op.kind] ??= {});
      // Deleting first moves a re-set key to the end: later settings win over earlier ones.
      delete kind[op.key];
      if (op.value !== null) kind[op.key] = op.value;
      return;
    }
    case 'props': {
      const scope = ((data.properties ??= {})[op.scope] ??= {});
      if (op.value === null) delete scope[op.key];
      else scope[op.key] = op.value;
      return;
    }
    case 'trigger': {
      const triggers = (data.triggers ??= {});
      if (op.value === null) delete triggers[op.uid];
      else triggers[op.uid] = op.value;
      return;
    }
  }
}
