// ConditionalFormatRule, its builder and its BooleanCondition.
import type { ConditionalRule, RuleArg } from '../../host/sheets/data';
import { isDate } from '../realm';
import { GasError, type Ctx } from './context';
import { BooleanCriteria, enumName, fromArg, RelativeDate, toArg, type GasEnum } from './enums';
import { LocalRange } from './range';
import { normalizeColor } from './style';

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
  return ctx.realm.array(
    sheetId === null
      ? []
      : keys.map((key) => {
          const [row, column, lastRow, lastColumn] = key.split(':').map(Number) as [number, number, number, number];
          return new LocalRange(ctx, sheetId, row, column, lastRow - row + 1, lastColumn - column + 1);
        }),
  );
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
    return isDate(date)
      ? this.when('DATE_BEFORE', [toArg(date)])
      : this.when('DATE_BEFORE_RELATIVE', [{ rel: enumName(RelativeDate, date, 'date') }]);
  }
  whenDateAfter(date: Date | GoogleAppsScript.Base.Date | GoogleAppsScript.Spreadsheet.RelativeDate | GasEnum): this {
    return isDate(date)
      ? this.when('DATE_AFTER', [toArg(date)])
      : this.when('DATE_AFTER_RELATIVE', [{ rel: enumName(RelativeDate, date, 'date') }]);
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
