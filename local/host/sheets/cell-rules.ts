// Sheets' rules for a cell's content: what a value a script writes becomes under the cell's number
// format, whether a cell meets a data validation rule, and how TextFinder matches a shown value.
import type { WireValue } from '../../exec/channel';
import { displayValue } from '../../workbook/display';
import type { Cell } from '../../workbook/workbook';
import { GasError, MAX_CELL_CHARS, PLAIN_TEXT_FORMAT, type FindOptions, type RuleArg, type ValidationRule } from './data';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What a cell stores when a script writes `value` into a cell with number format `format`. */
export function cellFromWire(value: WireValue, format?: string): Cell {
  if (value === null) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GasError('Range.setValues: a number must be finite.');
    return value;
  }
  if (typeof value === 'boolean') return value;
  if ('d' in value) return Number.isNaN(value.d) ? null : { d: value.d };
  const text = value.s;
  if (text === '') return null;
  if (text.length > MAX_CELL_CHARS) {
    throw new GasError(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
  }
  if (text.startsWith("'")) return text.slice(1) === '' ? null : text.slice(1);
  if (format === PLAIN_TEXT_FORMAT) return text;
  if (text.startsWith('=') && text.length > 1) return { f: text };
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  return text;
}

// Sheets' "Text is valid email" data validation (DataValidationCriteria.TEXT_IS_VALID_EMAIL), as the
// local runtime imitates it: Google's rule, not FollowThrough's (that one is shared/email-address.ts),
// so it stays with the imitation. Google's reference names the criterion, not its pattern; this accepts
// text with one '@' and a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a cell meets a validation rule (empty cells and formulas always do). */
export function satisfies(cell: Cell, rule: ValidationRule, timeZone: string): boolean {
  if (cell === null || (typeof cell === 'object' && 'f' in cell)) return true;
  const same = (arg: RuleArg | undefined) =>
    arg !== undefined &&
    !Array.isArray(arg) &&
    displayValue(cell, timeZone).toLowerCase() === displayValue(arg as Cell, timeZone).toLowerCase() &&
    (typeof arg === 'boolean') === (typeof cell === 'boolean');
  switch (rule.criteria) {
    case 'VALUE_IN_LIST': {
      const list = Array.isArray(rule.values[0]) ? rule.values[0] : [];
      const shown = displayValue(cell, timeZone).toLowerCase();
      return list.some((v) => String(v).toLowerCase() === shown);
    }
    case 'CHECKBOX':
      if (rule.values.length === 0) return typeof cell === 'boolean';
      return same(rule.values[0]) || same(rule.values[1]);
    case 'DATE_IS_VALID_DATE':
      return typeof cell === 'object' && 'd' in cell;
    case 'NUMBER_BETWEEN': {
      const [a, b] = rule.values as [number, number];
      return typeof cell === 'number' && cell >= Math.min(a, b) && cell <= Math.max(a, b);
    }
    case 'TEXT_IS_VALID_EMAIL':
      return typeof cell === 'string' && EMAIL.test(cell.trim());
    default:
      return true;
  }
}

export function matcher(text: string, options: FindOptions): (shown: string) => boolean {
  if (options.regex) {
    let re: RegExp;
    try {
      re = new RegExp(options.entireCell ? `^(?:${text})$` : text, options.matchCase ? 'u' : 'iu');
    } catch {
      throw new GasError(`Invalid regular expression: ${text}`);
    }
    return (shown) => re.test(shown);
  }
  const needle = options.matchCase ? text : text.toLowerCase();
  return (shown) => {
    const hay = options.matchCase ? shown : shown.toLowerCase();
    return options.entireCell ? hay === needle : hay.includes(needle);
  };
}
