// DataValidation and its builder: the rules a cell's input must meet.
import type { RuleArg, ValidationRule } from '../../host/sheets/data';
import { GasError, type Ctx } from './context';
import { DataValidationCriteria, enumName, fromArg, toArg, type GasEnum } from './enums';

interface RuleState {
  criteria: string | null;
  values: RuleArg[];
  allowInvalid: boolean;
  helpText: string | null;
}

export class LocalDataValidationBuilder {
  private state: RuleState;
  constructor(
    private readonly ctx: Ctx,
    from?: RuleState,
  ) {
    this.state = from
      ? { ...from, values: structuredClone(from.values) }
      : { criteria: null, values: [], allowInvalid: true, helpText: null };
  }
  private set(criteria: string, values: RuleArg[]): this {
    this.state.criteria = criteria;
    this.state.values = values;
    return this;
  }
  build(): LocalDataValidation {
    if (this.state.criteria === null) throw new GasError('You must select a criteria type for the data validation rule.');
    return new LocalDataValidation(this.ctx, { ...this.state, criteria: this.state.criteria, values: structuredClone(this.state.values) });
  }
  copy(): LocalDataValidationBuilder {
    return new LocalDataValidationBuilder(this.ctx, this.state);
  }
  getAllowInvalid(): boolean {
    return this.state.allowInvalid;
  }
  getCriteriaType(): GasEnum | null {
    return this.state.criteria === null ? null : DataValidationCriteria[this.state.criteria as keyof typeof DataValidationCriteria];
  }
  getCriteriaValues(): unknown[] {
    return fromArg(this.ctx.realm, this.state.values) as unknown[];
  }
  getHelpText(): string | null {
    return this.state.helpText;
  }
  requireCheckbox(checkedValue?: unknown, uncheckedValue?: unknown): this {
    const custom = arguments.length === 0 ? [] : arguments.length === 1 ? [checkedValue] : [checkedValue, uncheckedValue];
    return this.set('CHECKBOX', custom.map(toArg));
  }
  requireDate(): this {
    return this.set('DATE_IS_VALID_DATE', []);
  }
  requireNumberBetween(start: number, end: number): this {
    return this.set('NUMBER_BETWEEN', [Number(start), Number(end)]);
  }
  requireTextIsEmail(): this {
    return this.set('TEXT_IS_VALID_EMAIL', []);
  }
  requireValueInList(values: string[], showDropdown = true): this {
    return this.set('VALUE_IN_LIST', [Array.from(values, (v) => String(v)), Boolean(showDropdown)]);
  }
  setAllowInvalid(allowInvalidData: boolean): this {
    this.state.allowInvalid = Boolean(allowInvalidData);
    return this;
  }
  setHelpText(helpText: string): this {
    this.state.helpText = String(helpText);
    return this;
  }
  withCriteria(criteria: GoogleAppsScript.Spreadsheet.DataValidationCriteria | GasEnum | string, args: unknown[]): this {
    return this.set(enumName(DataValidationCriteria, criteria, 'criteria'), Array.from(args, toArg));
  }
}

export class LocalDataValidation {
  constructor(
    private readonly ctx: Ctx,
    private readonly rule: ValidationRule,
  ) {}
  /** A rule of this runtime as plain data for the host (null for anything else). */
  static data(rule: unknown): ValidationRule | null {
    return rule instanceof LocalDataValidation ? structuredClone(rule.rule) : null;
  }
  copy(): LocalDataValidationBuilder {
    return new LocalDataValidationBuilder(this.ctx, this.rule);
  }
  getAllowInvalid(): boolean {
    return this.rule.allowInvalid;
  }
  getCriteriaType(): GasEnum {
    return DataValidationCriteria[this.rule.criteria as keyof typeof DataValidationCriteria];
  }
  getCriteriaValues(): unknown[] {
    return fromArg(this.ctx.realm, this.rule.values) as unknown[];
  }
  getHelpText(): string | null {
    return this.rule.helpText;
  }
}
