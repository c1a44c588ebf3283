// The local SpreadsheetApp has Apps Script's shapes: every public member of every facade class exists on
// the matching @types/google-apps-script interface and accepts each of that member's parameter lists
// (every overload). Checked by `tsc --noEmit -p tsconfig.json` (part of `npm test`); the runtime
// expectations only repeat what the compiler proved.
import { describe, expect, it } from 'vitest';
import type { SpreadsheetAppFacade } from '../../local/facade/spreadsheet/app';
import type {
  LocalBooleanCondition,
  LocalConditionalFormatRule,
  LocalConditionalFormatRuleBuilder,
} from '../../local/facade/spreadsheet/conditional-format';
import type { LocalDataValidation, LocalDataValidationBuilder } from '../../local/facade/spreadsheet/data-validation';
import type { LocalProtection, LocalUser } from '../../local/facade/spreadsheet/protection';
import type { LocalRange } from '../../local/facade/spreadsheet/range';
import type { LocalRangeList } from '../../local/facade/spreadsheet/range-list';
import type { LocalSheet } from '../../local/facade/spreadsheet/sheet';
import type { LocalSpreadsheet } from '../../local/facade/spreadsheet/spreadsheet';
import type { LocalTextFinder } from '../../local/facade/spreadsheet/text-finder';
import type { LocalMenu, LocalUi } from '../../local/facade/spreadsheet/ui';

/** Every overload's parameter list of a function type, as a union of tuples (up to 8 overloads). */
type OverloadParams<F> = F extends {
  (...a: infer A1): unknown;
  (...a: infer A2): unknown;
  (...a: infer A3): unknown;
  (...a: infer A4): unknown;
  (...a: infer A5): unknown;
  (...a: infer A6): unknown;
  (...a: infer A7): unknown;
  (...a: infer A8): unknown;
}
  ? A1 | A2 | A3 | A4 | A5 | A6 | A7 | A8
  : never;

/** false when some parameter list P of the Apps Script member is not accepted by the local one. */
type Accepts<L extends (...a: any) => unknown, P> = P extends unknown ? (P extends Parameters<L> ? true : false) : never;

type Covers<L, G> = {
  [K in keyof L]: K extends keyof G
    ? G[K] extends (...a: any) => unknown
      ? L[K] extends (...a: any) => unknown
        ? false extends Accepts<L[K], OverloadParams<G[K]>>
          ? false
          : true
        : false
      : true
    : false;
};
type AllTrue<T> = T[keyof T] extends true ? true : false;
/** The members that fail, for the compiler's message: `gaps<Uncovered<L, G>>()` fails naming them. */
type Uncovered<L, G> = { [K in keyof Covers<L, G>]: Covers<L, G>[K] extends true ? never : K }[keyof L];
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type argument is the check
function gaps<T extends never>(): true {
  return true;
}

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

const checks = {
  SpreadsheetApp: gaps<Uncovered<SpreadsheetAppFacade, GoogleAppsScript.Spreadsheet.SpreadsheetApp>>(),
  Spreadsheet: gaps<Uncovered<LocalSpreadsheet, Spreadsheet>>(),
  Sheet: gaps<Uncovered<LocalSheet, Sheet>>(),
  Range: gaps<Uncovered<LocalRange, Range>>(),
  RangeList: gaps<Uncovered<LocalRangeList, GoogleAppsScript.Spreadsheet.RangeList>>(),
  Ui: gaps<Uncovered<LocalUi, GoogleAppsScript.Base.Ui>>(),
  Menu: gaps<Uncovered<LocalMenu, GoogleAppsScript.Base.Menu>>(),
  Protection: gaps<Uncovered<LocalProtection, GoogleAppsScript.Spreadsheet.Protection>>(),
  User: gaps<Uncovered<LocalUser, GoogleAppsScript.Base.User>>(),
  DataValidationBuilder: gaps<Uncovered<LocalDataValidationBuilder, GoogleAppsScript.Spreadsheet.DataValidationBuilder>>(),
  DataValidation: gaps<Uncovered<LocalDataValidation, GoogleAppsScript.Spreadsheet.DataValidation>>(),
  ConditionalFormatRuleBuilder:
    gaps<Uncovered<LocalConditionalFormatRuleBuilder, GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder>>(),
  ConditionalFormatRule: gaps<Uncovered<LocalConditionalFormatRule, GoogleAppsScript.Spreadsheet.ConditionalFormatRule>>(),
  BooleanCondition: gaps<Uncovered<LocalBooleanCondition, GoogleAppsScript.Spreadsheet.BooleanCondition>>(),
  TextFinder: gaps<Uncovered<LocalTextFinder, GoogleAppsScript.Spreadsheet.TextFinder>>(),
};

// The same facts as values: AllTrue is `true` only when every member is covered.
const all: Array<[string, boolean]> = [
  ['SpreadsheetApp', true satisfies AllTrue<Covers<SpreadsheetAppFacade, GoogleAppsScript.Spreadsheet.SpreadsheetApp>>],
  ['Spreadsheet', true satisfies AllTrue<Covers<LocalSpreadsheet, Spreadsheet>>],
  ['Sheet', true satisfies AllTrue<Covers<LocalSheet, Sheet>>],
  ['Range', true satisfies AllTrue<Covers<LocalRange, Range>>],
  ['RangeList', true satisfies AllTrue<Covers<LocalRangeList, GoogleAppsScript.Spreadsheet.RangeList>>],
  ['Ui', true satisfies AllTrue<Covers<LocalUi, GoogleAppsScript.Base.Ui>>],
  ['Menu', true satisfies AllTrue<Covers<LocalMenu, GoogleAppsScript.Base.Menu>>],
  ['Protection', true satisfies AllTrue<Covers<LocalProtection, GoogleAppsScript.Spreadsheet.Protection>>],
  ['User', true satisfies AllTrue<Covers<LocalUser, GoogleAppsScript.Base.User>>],
  ['DataValidationBuilder', true satisfies AllTrue<Covers<LocalDataValidationBuilder, GoogleAppsScript.Spreadsheet.DataValidationBuilder>>],
  ['DataValidation', true satisfies AllTrue<Covers<LocalDataValidation, GoogleAppsScript.Spreadsheet.DataValidation>>],
  [
    'ConditionalFormatRuleBuilder',
    true satisfies AllTrue<Covers<LocalConditionalFormatRuleBuilder, GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder>>,
  ],
  ['ConditionalFormatRule', true satisfies AllTrue<Covers<LocalConditionalFormatRule, GoogleAppsScript.Spreadsheet.ConditionalFormatRule>>],
  ['BooleanCondition', true satisfies AllTrue<Covers<LocalBooleanCondition, GoogleAppsScript.Spreadsheet.BooleanCondition>>],
  ['TextFinder', true satisfies AllTrue<Covers<LocalTextFinder, GoogleAppsScript.Spreadsheet.TextFinder>>],
];

// The checker itself must be able to fail: a member Apps Script lacks, or a narrower parameter list.
interface Narrow {
  getRange(row: number): unknown;
}
interface Extra {
  notInAppsScript(): void;
}
const negatives: Array<[string, boolean]> = [
  ['narrower overloads', false satisfies AllTrue<Covers<Narrow, Sheet>>],
  ['unknown member', false satisfies AllTrue<Covers<Extra, Sheet>>],
];

describe('local SpreadsheetApp shapes', () => {
  it('every facade member exists on its Apps Script interface and takes all of its parameter lists', () => {
    expect(Object.values(checks).every(Boolean)).toBe(true);
    for (const [name, covered] of all) expect([name, covered]).toEqual([name, true]);
  });
  it('the checker rejects members Apps Script lacks and narrower parameter lists', () => {
    for (const [name, covered] of negatives) expect([name, covered]).toEqual([name, false]);
  });
});
