// The sheet host's cells: values and formulas as scripts read and write them, number formats, display
// values, and data validation (meta 'validation': rangeKey → rule, or 'none' where a rule was cleared).
import type { WireValue } from '../../exec/channel';
import { a1Cell } from '../../workbook/a1';
import { formatCell } from '../../workbook/number-format';
import type { Cell } from '../../workbook/workbook';
import { cellFromWire, satisfies } from './cell-rules';
import { GasError, NO_RULE, type RuleArg, type SheetInfo, type ValidationRule } from './data';
import { formatAt, formatLookup, grid, lookup } from './meta';
import { SheetsGrid } from './grid';

export class SheetsCells extends SheetsGrid {
  /** getDataRange(): the sheet's grid and the cells of its data range, in one call. */
  dataRange(sheetId: number): SheetInfo & { cells: Cell[][] } {
    const info = this.info(sheetId);
    return { ...info, cells: this.getCells(sheetId, 1, 1, Math.max(info.lastRow, 1), Math.max(info.lastColumn, 1)) };
  }

  /** The raw cells of a range (null for empty), row-major. */
  getCells(sheetId: number, row: number, column: number, numRows: number, numColumns: number): Cell[][] {
    const sheet = this.sheet(sheetId);
    const out: Cell[][] = [];
    for (let r = 0; r < numRows; r++) {
      const source = sheet.cells[row - 1 + r];
      const line: Cell[] = [];
      for (let c = 0; c < numColumns; c++) line.push(source?.[column - 1 + c] ?? null);
      out.push(line);
    }
    return out;
  }

  /** Number formats of a range ('' where none is set). */
  getFormats(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string[][] {
    const at = formatLookup(this.sheet(sheetId).meta?.numberFormat as Record<string, string> | undefined);
    return Array.from({ length: numRows }, (_, r) => Array.from({ length: numColumns }, (_, c) => at(row + r, column + c)));
  }

  /** Writes script values into a range (setValues/setValue), applying Apps Script's parsing rules. */
  setValues(sheetId: number, row: number, column: number, values: WireValue[][]): void {
    this.checkRange(sheetId, row, column, values.length, values[0]?.length ?? 0);
    const formats = this.sheet(sheetId).meta?.numberFormat as Record<string, string> | undefined;
    const format = formatLookup(formats);
    const cells = values.map((line, r) => line.map((v, c) => cellFromWire(v, format(row + r, column + c))));
    this.checkValidation(sheetId, row, column, cells);
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells });
    this.wrote(sheetId, row, column, cells);
  }

  appendRow(sheetId: number, values: WireValue[]): void {
    const sheet = this.sheet(sheetId);
    const row = this.extentOf(sheet).rows + 1;
    const newRows = Math.max(0, row - sheet.maxRows);
    const newColumns = Math.max(0, values.length - sheet.maxColumns);
    this.checkCellLimit(newRows * Math.max(sheet.maxColumns, values.length) + newColumns * sheet.maxRows);
    if (row > sheet.maxRows) this.store.apply({ t: 'insertRows', sheetId, after: sheet.maxRows, count: row - sheet.maxRows });
    if (values.length > sheet.maxColumns)
      this.store.apply({ t: 'insertCols', sheetId, after: sheet.maxColumns, count: values.length - sheet.maxColumns });
    const formats = sheet.meta?.numberFormat as Record<string, string> | undefined;
    const cells = [values.map((v, c) => cellFromWire(v, formatAt(formats, row, c + 1)))];
    this.checkValidation(sheetId, row, 1, cells);
    this.store.apply({ t: 'cells', sheetId, row, col: 1, cells });
    this.wrote(sheetId, row, 1, cells);
  }

  /** Sets the number format of every cell of a range ('@' = plain text). */
  setNumberFormat(sheetId: number, row: number, column: number, numRows: number, numColumns: number, format: string): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    this.setRangeMeta(sheetId, 'numberFormat', row, column, numRows, numColumns, format);
  }

  /** Number formats cell by cell (setNumberFormats): one op per run of equal formats down a column. */
  setNumberFormats(sheetId: number, row: number, column: number, formats: string[][]): void {
    const numColumns = formats[0]?.length ?? 0;
    this.checkRange(sheetId, row, column, formats.length, numColumns);
    for (let c = 0; c < numColumns; c++) {
      let start = 0;
      for (let r = 1; r <= formats.length; r++) {
        if (r < formats.length && formats[r]![c] === formats[start]![c]) continue;
        this.setRangeMeta(sheetId, 'numberFormat', row + start, column + c, r - start, 1, String(formats[start]![c]));
        start = r;
      }
    }
  }

  /** getDisplayValues: every cell as Sheets shows it, under its number format, in one call. */
  getDisplayValues(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string[][] {
    const cells = this.getCells(sheetId, row, column, numRows, numColumns);
    const formats = this.getFormats(sheetId, row, column, numRows, numColumns);
    const { timeZone } = this.store.data;
    return cells.map((line, r) => line.map((cell, c) => formatCell(cell, formats[r]![c]!, timeZone)));
  }

  /** Clears values (not formats or validation) of a range. */
  clearContent(sheetId: number, row: number, column: number, numRows: number, numColumns: number): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    const cells = Array.from({ length: numRows }, () => Array<Cell>(numColumns).fill(null));
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells });
    this.wrote(sheetId, row, column, cells);
  }

  // ——— Data validation (meta 'validation': rangeKey → rule, or 'none' where a rule was cleared) ———

  getValidations(sheetId: number, row: number, column: number, numRows: number, numColumns: number): Array<Array<ValidationRule | null>> {
    const at = lookup<ValidationRule | typeof NO_RULE>(this.sheet(sheetId).meta?.validation);
    return grid(numRows, numColumns, (r, c) => {
      const rule = at(row + r, column + c);
      return rule === undefined || rule === NO_RULE ? null : rule;
    });
  }

  setValidation(sheetId: number, row: number, column: number, numRows: number, numColumns: number, rule: ValidationRule | null): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    this.setRangeMeta(sheetId, 'validation', row, column, numRows, numColumns, rule ?? NO_RULE);
  }

  /** insertCheckboxes: a checkbox rule, and every cell set to the unchecked value (FALSE, or '' with a custom checked value). */
  insertCheckboxes(sheetId: number, row: number, column: number, numRows: number, numColumns: number, checked: WireValue[]): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    const values = checked.map((v) => cellFromWire(v) as RuleArg);
    this.setRangeMeta(sheetId, 'validation', row, column, numRows, numColumns, {
      criteria: 'CHECKBOX',
      values,
      allowInvalid: true,
      helpText: null,
    } satisfies ValidationRule);
    const unchecked: Cell = checked.length === 0 ? false : checked.length === 1 ? null : cellFromWire(checked[1]!);
    const cells = Array.from({ length: numRows }, () => Array<Cell>(numColumns).fill(unchecked));
    this.store.apply({ t: 'cells', sheetId, row, col: column, cells });
    this.wrote(sheetId, row, column, cells);
  }

  /** Rejects a write that breaks a rule set to reject input, with Sheets' message naming the first bad cell. */
  protected checkValidation(sheetId: number, row: number, column: number, cells: Cell[][]): void {
    const rules = this.sheet(sheetId).meta?.validation;
    if (!rules || Object.keys(rules).length === 0) return;
    const at = lookup<ValidationRule | typeof NO_RULE>(rules);
    const { timeZone } = this.store.data;
    cells.forEach((line, r) =>
      line.forEach((cell, c) => {
        const rule = at(row + r, column + c);
        if (rule && rule !== NO_RULE && !rule.allowInvalid && !satisfies(cell, rule, timeZone)) {
          throw new GasError(
            `The data you entered in cell ${a1Cell(row + r, column + c)} violates the data validation rules set on this cell.`,
          );
        }
      }),
    );
  }
}
