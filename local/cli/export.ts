// `export`: the workbook as a real .xlsx — every tab, its header row frozen, date cells as dates,
// formulas as formulas (so a test can prove user text never became one), and the sheet metadata a
// script set: number formats, data validation, conditional formatting, styles, column widths and
// protection (a protected sheet is protected in Excel; a protected range, which Excel cannot express
// without protecting the whole sheet, gets a note on its first cell).
import ExcelJS from 'exceljs';
import { wallClockIn } from '../../shared/dates';
import { a1Cell, a1Range } from '../workbook/a1';
import { NO_RULE, type CellStyle, type ConditionalRule, type ProtectionData, type RuleArg, type ValidationRule } from '../host/sheets/data';
import { parseRangeKey, parsedEntries, styleAt } from '../host/sheets/meta';
import type { Cell, SheetData, WorkbookData } from '../workbook/workbook';

function excelValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === 'object') return 'd' in cell ? new Date(cell.d) : { formula: cell.f.slice(1) };
  return cell;
}

/** '#rrggbb' as Excel's ARGB. */
function argb(color: string): string {
  const hex = /^#?([0-9a-f]{6})$/i.exec(color)?.[1];
  return `FF${(hex ?? '000000').toUpperCase()}`;
}

/** Every cell of every range of a metadata kind, the last setting winning: "row:col" → value. */
function perCell<T>(kind: Record<string, unknown> | undefined): Map<string, { row: number; column: number; value: T }> {
  const out = new Map<string, { row: number; column: number; value: T }>();
  for (const [key, value] of Object.entries(kind ?? {})) {
    const r = parseRangeKey(key);
    for (let row = r.row; row <= r.lastRow; row++) {
      for (let column = r.column; column <= r.lastColumn; column++) out.set(`${row}:${column}`, { row, column, value: value as T });
    }
  }
  return out;
}

function listFormula(items: RuleArg[]): string {
  return `"${items.map((v) => String(v).replace(/"/g, '""')).join(',')}"`;
}

/** A Sheets validation rule as Excel's closest equivalent (undefined when there is none). */
function excelValidation(rule: ValidationRule, row: number, column: number): ExcelJS.DataValidation | undefined {
  const reject = !rule.allowInvalid;
  const common = {
    allowBlank: true,
    showErrorMessage: reject,
    errorStyle: reject ? 'stop' : 'warning',
    ...(rule.helpText ? { prompt: rule.helpText, showInputMessage: true } : {}),
  };
  switch (rule.criteria) {
    case 'VALUE_IN_LIST':
      return { type: 'list', formulae: [listFormula(Array.isArray(rule.values[0]) ? rule.values[0] : [])], ...common };
    case 'CHECKBOX':
      return { type: 'list', formulae: [listFormula(rule.values.length ? rule.values : ['TRUE', 'FALSE'])], ...common };
    case 'NUMBER_BETWEEN': {
      const [a, b] = rule.values as [number, number];
      const whole = Number.isInteger(a) && Number.isInteger(b);
      return { type: whole ? 'whole' : 'decimal', operator: 'between', formulae: [Math.min(a, b), Math.max(a, b)], ...common };
    }
    case 'DATE_IS_VALID_DATE':
      return { type: 'date', operator: 'greaterThan', formulae: [new Date(Date.UTC(1900, 0, 1))], ...common };
    case 'TEXT_IS_VALID_EMAIL':
      return { type: 'custom', formulae: [`ISNUMBER(MATCH("*@*.?*",${a1Cell(row, column)},0))`], ...common };
    default:
      return undefined;
  }
}

const RELATIVE: Record<string, string> = {
  TODAY: 'TODAY()',
  TOMORROW: 'TODAY()+1',
  YESTERDAY: 'TODAY()-1',
  PAST_WEEK: 'TODAY()-7',
  PAST_MONTH: 'EDATE(TODAY(),-1)',
  PAST_YEAR: 'EDATE(TODAY(),-12)',
};

function dateFormula(arg: RuleArg | undefined, timeZone: string): string {
  if (arg && typeof arg === 'object' && !Array.isArray(arg)) {
    if ('rel' in arg) return RELATIVE[arg.rel] ?? 'TODAY()';
    const { year, month, day } = wallClockIn(arg.d, timeZone);
    return `DATE(${year},${month},${day})`;
  }
  return 'TODAY()';
}

/** A Sheets conditional format rule as Excel's closest equivalent. */
function excelRule(rule: ConditionalRule, priority: number, timeZone: string): ExcelJS.ConditionalFormattingRule | undefined {
  const first = rule.ranges[0] ? parseRangeKey(rule.ranges[0]) : { row: 1, column: 1 };
  const tl = a1Cell(first.row, first.column);
  const style: Partial<ExcelJS.Style> = {};
  if (rule.format.background) style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(rule.format.background) } };
  if (rule.format.fontColor || rule.format.bold) {
    style.font = {
      ...(rule.format.bold ? { bold: true } : {}),
      ...(rule.format.fontColor ? { color: { argb: argb(rule.format.fontColor) } } : {}),
    };
  }
  const base = { priority, style };
  const v = rule.condition.values;
  switch (rule.condition.type) {
    case 'CELL_EMPTY':
      return { type: 'containsText', operator: 'containsBlanks', ...base };
    case 'CELL_NOT_EMPTY':
      return { type: 'containsText', operator: 'notContainsBlanks', ...base };
    case 'TEXT_CONTAINS':
      // What Excel itself writes for "text contains" (exceljs drops the rule's text attribute).
      return { type: 'expression', formulae: [`NOT(ISERROR(SEARCH("${String(v[0]).replace(/"/g, '""')}",${tl})))`], ...base };
    case 'NUMBER_GREATER_THAN':
      return { type: 'cellIs', operator: 'greaterThan', formulae: [v[0]], ...base };
    case 'NUMBER_LESS_THAN':
      return { type: 'cellIs', operator: 'lessThan', formulae: [v[0]], ...base };
    case 'NUMBER_BETWEEN':
      return { type: 'cellIs', operator: 'between', formulae: [v[0], v[1]], ...base };
    case 'DATE_BEFORE':
    case 'DATE_BEFORE_RELATIVE':
      return { type: 'cellIs', operator: 'lessThan', formulae: [dateFormula(v[0], timeZone)], ...base };
    case 'DATE_AFTER':
    case 'DATE_AFTER_RELATIVE':
      return { type: 'cellIs', operator: 'greaterThan', formulae: [dateFormula(v[0], timeZone)], ...base };
    case 'CUSTOM_FORMULA':
      return { type: 'expression', formulae: [String(v[0]).replace(/^=/, '')], ...base };
    default:
      return undefined;
  }
}

async function exportMeta(ws: ExcelJS.Worksheet, sheet: SheetData, timeZone: string): Promise<void> {
  const meta = sheet.meta ?? {};
  for (const { row, column, value } of perCell<string>(meta.numberFormat).values()) {
    if (value) ws.getCell(row, column).numFmt = value;
  }
  for (const { row, column, value } of perCell<ValidationRule | typeof NO_RULE>(meta.validation).values()) {
    if (value === NO_RULE) continue;
    const dv = excelValidation(value, row, column);
    if (dv) ws.getCell(row, column).dataValidation = dv;
  }
  const styles = parsedEntries<CellStyle>(meta.style);
  const styled = new Set(perCell<CellStyle>(meta.style).keys());
  for (const key of styled) {
    const [row, column] = key.split(':').map(Number) as [number, number];
    const style = styleAt(styles, row, column);
    const cell = ws.getCell(row, column);
    if (style.background) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(style.background) } };
    if (style.fontColor || style.fontWeight || style.fontStyle || style.fontSize) {
      cell.font = {
        ...cell.font,
        ...(style.fontWeight ? { bold: style.fontWeight === 'bold' } : {}),
        ...(style.fontStyle ? { italic: style.fontStyle === 'italic' } : {}),
        ...(style.fontSize ? { size: style.fontSize } : {}),
        ...(style.fontColor ? { color: { argb: argb(style.fontColor) } } : {}),
      };
    }
    if (style.horizontalAlignment || style.verticalAlignment || style.wrap) {
      const vertical = style.verticalAlignment === 'middle' ? 'middle' : (style.verticalAlignment as 'top' | 'bottom' | undefined);
      cell.alignment = {
        ...(style.horizontalAlignment ? { horizontal: style.horizontalAlignment as 'left' | 'center' | 'right' } : {}),
        ...(vertical ? { vertical } : {}),
        ...(style.wrap ? { wrapText: true } : {}),
      };
    }
  }
  for (const key of Object.keys(meta.merge ?? {})) {
    const r = parseRangeKey(key);
    ws.mergeCells(r.row, r.column, r.lastRow, r.lastColumn);
  }
  for (const [row, height] of Object.entries(meta.rowHeight ?? {})) {
    // Excel measures rows in points (3/4 of a pixel).
    if (typeof height === 'number') ws.getRow(Number(row)).height = Math.round(height * 0.75 * 100) / 100;
  }
  for (const [column, width] of Object.entries(meta.columnWidth ?? {})) {
    // Excel measures columns in characters of about 7 pixels.
    if (typeof width === 'number') ws.getColumn(Number(column)).width = Math.round((width / 7) * 100) / 100;
  }
  const rules = (meta.conditionalFormats?.all as ConditionalRule[] | undefined) ?? [];
  rules.forEach((rule, i) => {
    const converted = excelRule(rule, i + 1, timeZone);
    if (!converted || rule.ranges.length === 0) return;
    const ref = rule.ranges
      .map((key) => {
        const r = parseRangeKey(key);
        return a1Range(r.row, r.column, r.lastRow - r.row + 1, r.lastColumn - r.column + 1);
      })
      .join(' ');
    ws.addConditionalFormatting({ ref, rules: [converted] });
  });
  for (const protection of Object.values(meta.protection ?? {}) as ProtectionData[]) {
    const what = protection.description ? `: ${protection.description}` : '';
    if (protection.type === 'SHEET' && !protection.warningOnly) {
      await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
    } else if (protection.type === 'SHEET') {
      ws.getCell(1, 1).note = `Protected sheet (warning only)${what}`;
    } else if (protection.range) {
      const r = parseRangeKey(protection.range);
      const where = a1Range(r.row, r.column, r.lastRow - r.row + 1, r.lastColumn - r.column + 1);
      const cell = ws.getCell(r.row, r.column);
      const line = `Protected range ${where}${protection.warningOnly ? ' (warning only)' : ''}${what}`;
      cell.note = typeof cell.note === 'string' ? `${cell.note}\n${line}` : line;
    }
  }
}

export async function exportXlsx(data: WorkbookData, file: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.creator = 'FollowThrough local runtime';
  book.title = data.name;
  for (const sheet of data.sheets) {
    const ws = book.addWorksheet(sheet.name, sheet.frozenRows ? { views: [{ state: 'frozen', ySplit: sheet.frozenRows }] } : {});
    sheet.cells.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell === null || cell === undefined) return;
        const target = ws.getCell(r + 1, c + 1);
        target.value = excelValue(cell);
        if (typeof cell === 'object' && 'd' in cell) target.numFmt = 'yyyy-mm-dd hh:mm';
      });
    });
    for (let r = 1; r <= sheet.frozenRows; r++) ws.getRow(r).font = { bold: true };
    await exportMeta(ws, sheet, data.timeZone);
  }
  await book.xlsx.writeFile(file);
}
