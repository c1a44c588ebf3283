// Enums: SpreadsheetApp.ProtectionType.RANGE and the like. Each value is one object whose toString()
// and name() give its name, as Apps Script's enum values do; methods also accept the name as a string.
// Criteria arguments travel to the host and back through toArg / fromArg.
import type { RuleArg } from '../../host/sheets/data';
import { isDate, type Realm } from '../realm';
import { GasError } from './context';

export interface GasEnum {
  name(): string;
  ordinal(): number;
  toString(): string;
  toJSON(): string;
}

function makeEnum<N extends string>(names: readonly N[]): Readonly<Record<N, GasEnum>> {
  const out = {} as Record<N, GasEnum>;
  names.forEach((name, i) => {
    out[name] = Object.freeze({ name: () => name, ordinal: () => i, toString: () => name, toJSON: () => name });
  });
  return Object.freeze(out);
}

export const ProtectionType = makeEnum(['RANGE', 'SHEET'] as const);
export const RelativeDate = makeEnum(['TODAY', 'TOMORROW', 'YESTERDAY', 'PAST_WEEK', 'PAST_MONTH', 'PAST_YEAR'] as const);

/**
 * The number comparisons DataValidationCriteria and BooleanCriteria both list, in the same order and
 * place (after the date criteria, before the text ones).
 */
const NUMBER_CRITERIA = [
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
] as const;

// developers.google.com/apps-script/reference/spreadsheet/data-validation-criteria
export const DataValidationCriteria = makeEnum([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
  ...NUMBER_CRITERIA,
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
] as const);

// developers.google.com/apps-script/reference/spreadsheet/boolean-criteria
export const BooleanCriteria = makeEnum([
  'CELL_EMPTY',
  'CELL_NOT_EMPTY',
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_EQUAL_TO',
  'DATE_AFTER_RELATIVE',
  'DATE_BEFORE_RELATIVE',
  'DATE_EQUAL_TO_RELATIVE',
  ...NUMBER_CRITERIA,
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_STARTS_WITH',
  'TEXT_ENDS_WITH',
  'CUSTOM_FORMULA',
] as const);

/** The name of an enum value (or of a name given as text); anything else fails as Apps Script does. */
export function enumName(values: Readonly<Record<string, GasEnum>>, value: unknown, what: string): string {
  const name = String(value);
  if (!Object.prototype.hasOwnProperty.call(values, name)) throw new GasError(`Invalid argument: ${what}`);
  return name;
}

/** A criteria argument on its way to the host: dates as { d }, RelativeDate values as { rel }. */
export function toArg(value: unknown): RuleArg {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (isDate(value)) return { d: value.getTime() };
  if (Array.isArray(value)) return Array.from(value, toArg);
  if (Object.values(RelativeDate).includes(value as GasEnum)) return { rel: String(value) };
  return String(value);
}

/** A stored criteria argument as the script gets it back, in its own realm. */
export function fromArg(realm: Realm, arg: RuleArg): unknown {
  if (Array.isArray(arg)) return realm.array(arg.map((a) => fromArg(realm, a)));
  if (arg !== null && typeof arg === 'object') return 'd' in arg ? realm.date(arg.d) : RelativeDate[arg.rel as keyof typeof RelativeDate];
  return arg;
}
