// The spreadsheet, host side: the state behind SpreadsheetApp. Methods take and return plain data (they
// are called over the execution channel); every change goes through the store as an Op. The class is built
// in families, each extending the one before: grid.ts (sheets, grids, charts), cells.ts (values, number
// formats, validation), formats.ts (styles, sizes, merges, conditional formats) and this file (protection,
// a person's edit in the host page, TextFinder). The data they exchange is in
// data.ts, Sheets' rules for cell content in cell-rules.ts, per-range metadata lookups in meta.ts.
import { randomUUID } from 'node:crypto';
import { a1Cell } from '../../workbook/a1';
import { displayValue } from '../../workbook/display';
import { formatCell } from '../../workbook/number-format';
import { userEntry } from '../../workbook/user-entry';
import type { Cell } from '../../workbook/workbook';
import { matcher, satisfies } from './cell-rules';
import {
  GasError,
  MAX_CELL_CHARS,
  OWNER_EMAIL,
  PROTECTED_MESSAGE,
  PROTECTION_WARNING,
  type CellForEdit,
  type FindOptions,
  type ProtectionChange,
  type ProtectionData,
  type UserEditResult,
} from './data';
import { formatAt, formatLookup, parseRangeKey, rangeKey } from './meta';
import { SheetsFormats } from './formats';

const SHEET_PROTECTION = 'sheet';

export class SheetsHost extends SheetsFormats {
  // ——— Protection (meta 'protection': id → ProtectionData; the sheet's own under 'sheet') ———

  /** Range.protect() (a new protection each time) or Sheet.protect() (the existing one if any). Returns its id. */
  protect(sheetId: number, range: [number, number, number, number] | null): string {
    const sheet = this.sheet(sheetId);
    if (range === null && sheet.meta?.protection?.[SHEET_PROTECTION]) return SHEET_PROTECTION;
    if (range) this.checkRange(sheetId, ...range);
    const id = range === null ? SHEET_PROTECTION : randomUUID().slice(0, 12);
    const value: ProtectionData = {
      type: range ? 'RANGE' : 'SHEET',
      range: range ? rangeKey(...range) : null,
      description: '',
      warningOnly: false,
      editors: [OWNER_EMAIL],
    };
    this.store.apply({ t: 'meta', sheetId, kind: 'protection', key: id, value });
    return id;
  }

  protections(sheetId: number, type: 'RANGE' | 'SHEET'): string[] {
    const all = (this.sheet(sheetId).meta?.protection ?? {}) as Record<string, ProtectionData>;
    return Object.keys(all).filter((id) => all[id]!.type === type);
  }

  getProtection(sheetId: number, id: string): ProtectionData {
    const found = this.sheet(sheetId).meta?.protection?.[id] as ProtectionData | undefined;
    if (!found) throw new GasError('The protection has been removed.');
    return found;
  }

  updateProtection(sheetId: number, id: string, change: ProtectionChange): ProtectionData {
    const current = this.getProtection(sheetId, id);
    const next: ProtectionData = { ...current, editors: [...current.editors] };
    if (change.description !== undefined) next.description = String(change.description);
    if (change.warningOnly !== undefined) next.warningOnly = Boolean(change.warningOnly);
    for (const email of change.addEditors ?? []) {
      if (!next.editors.some((e) => e.toLowerCase() === email.toLowerCase())) next.editors.push(email);
    }
    // The owner can always edit: removing them is ignored, as in Sheets.
    const removed = new Set((change.removeEditors ?? []).map((e) => e.toLowerCase()).filter((e) => e !== OWNER_EMAIL));
    next.editors = next.editors.filter((e) => !removed.has(e.toLowerCase()));
    this.store.apply({ t: 'meta', sheetId, kind: 'protection', key: id, value: next });
    return next;
  }

  removeProtection(sheetId: number, id: string): void {
    this.getProtection(sheetId, id);
    this.store.apply({ t: 'meta', sheetId, kind: 'protection', key: id, value: null });
  }

  // ——— A person editing a cell in the sheet host (as in Sheets' grid; scripts never come this way) ———

  /** What the edit box of a cell starts from: its input text (a formula as typed), and its validation. */
  cellForEdit(sheetId: number, row: number, column: number): CellForEdit {
    this.checkRange(sheetId, row, column, 1, 1);
    const cell = this.getCells(sheetId, row, column, 1, 1)[0]![0]!;
    const rule = this.getValidations(sheetId, row, column, 1, 1)[0]![0];
    const input =
      cell !== null && typeof cell === 'object' && 'f' in cell ? cell.f : this.getDisplayValues(sheetId, row, column, 1, 1)[0]![0]!;
    const list = rule?.criteria === 'VALUE_IN_LIST' && Array.isArray(rule.values[0]) ? rule.values[0].map(String) : null;
    return { input, list, checkbox: rule?.criteria === 'CHECKBOX' };
  }

  /**
   * A person types `text` into one cell and presses Enter. As in Sheets:
   * - a protected range or sheet: a person who is not among its editors is refused ("You are trying to
   *   edit a protected cell or object…"); a warning-only protection asks first ("Heads up!…") and the
   *   edit goes ahead only once confirmed;
   * - a validation rule set to reject input refuses a value that breaks it, with Sheets' message;
   * - the text is read as Sheets reads typing (user-entry.ts).
   * Answers what onEdit's event needs: the values before and after, as Sheets hands them to e.value / e.oldValue.
   */
  userEdit(sheetId: number, row: number, column: number, text: string, user: string, confirmed: boolean): UserEditResult {
    this.checkRange(sheetId, row, column, 1, 1);
    const sheet = this.sheet(sheetId);
    if (text.length > MAX_CELL_CHARS) {
      return { ok: false, error: `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.` };
    }
    for (const p of Object.values((sheet.meta?.protection ?? {}) as Record<string, ProtectionData>)) {
      const r = p.range ? parseRangeKey(p.range) : null;
      if (r && !(row >= r.row && row <= r.lastRow && column >= r.column && column <= r.lastColumn)) continue;
      if (p.warningOnly) {
        if (!confirmed) return { ok: false, confirm: PROTECTION_WARNING };
      } else if (!p.editors.some((e) => e.toLowerCase() === user.toLowerCase())) {
        return { ok: false, error: PROTECTED_MESSAGE };
      }
    }
    const { timeZone } = this.store.data;
    const format = formatAt(sheet.meta?.numberFormat as Record<string, string> | undefined, row, column);
    const cell = userEntry(text, format, timeZone);
    const before = this.getCells(sheetId, row, column, 1, 1)[0]![0]!;
    const rule = this.getValidations(sheetId, row, column, 1, 1)[0]![0];
    if (rule && !rule.allowInvalid && !satisfies(cell, rule, timeZone)) {
      return {
        ok: false,
        error: `The data you entered in cell ${a1Cell(row, column)} violates the data validation rules set on this cell.${rule.helpText ? ` ${rule.helpText}` : ''}`,
      };
    }
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells: [[cell]] });
    this.changed(sheetId);
    const shown = (c: Cell) => (c === null ? undefined : typeof c === 'object' && 'f' in c ? '#NAME?' : displayValue(c, timeZone));
    const value = shown(cell);
    const oldValue = shown(before);
    return { ok: true, ...(value !== undefined ? { value } : {}), ...(oldValue !== undefined ? { oldValue } : {}) };
  }

  // ——— TextFinder ———

  /**
   * The cells of a range (null numRows/numColumns: to the sheet's last row/column) whose display value
   * matches `text`, row by row — one call however many rows a search covers.
   */
  findText(
    sheetId: number,
    row: number,
    column: number,
    numRows: number | null,
    numColumns: number | null,
    text: string,
    options: FindOptions,
  ): Array<[number, number]> {
    const sheet = this.sheet(sheetId);
    const { rows, columns } = this.extentOf(sheet);
    const lastRow = Math.min(numRows === null ? rows : row + numRows - 1, rows);
    const lastColumn = Math.min(numColumns === null ? columns : column + numColumns - 1, columns);
    if (text === '' || lastRow < row || lastColumn < column) return [];
    // Server-side work: every cell of the range up to the data's end is looked at, none is transferred.
    if (this.meter) this.meter.scanned += (lastRow - row + 1) * (lastColumn - column + 1);
    const test = matcher(text, options);
    // Each cell as getDisplayValues shows it (text shows as itself under any number format), without
    // building the range's grids: a search of a long key column is one pass.
    const format = formatLookup(sheet.meta?.numberFormat as Record<string, string> | undefined);
    const { timeZone } = this.store.data;
    const found: Array<[number, number]> = [];
    for (let r = row; r <= lastRow; r++) {
      const line = sheet.cells[r - 1];
      if (!line) continue;
      for (let c = column; c <= lastColumn; c++) {
        const cell = line[c - 1];
        if (cell === null || cell === undefined) continue;
        const shown = typeof cell === 'string' ? cell : formatCell(cell, format(r, c), timeZone);
        if (shown !== '' && test(shown)) found.push([r, c]);
      }
    }
    return found;
  }
}
