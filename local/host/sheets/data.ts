// The plain data the sheet host and the facade exchange over the execution's channel, and Sheets'
// limits, defaults and messages that both sides use.

/** Errors with Apps Script's wording; the facade rethrows them inside the bundle. */
export class GasError extends Error {
  override name = 'Exception';
}

export const MAX_CELL_CHARS = 50_000;
/** The number format that makes a cell plain text: nothing typed into it is parsed. */
export const PLAIN_TEXT_FORMAT = '@';

/**
 * Google's limit on a spreadsheet: "Up to 10 million cells or 18,278 columns (column ZZZ) for
 * spreadsheets that are created in or converted to Google Sheets"
 * (https://support.google.com/drive/answer/37603). The count is the grid — every sheet's rows ×
 * columns, empty or not — so growing the grid past it fails, with the Sheets service's message
 * (seen from the Sheets API, e.g. https://github.com/UoaWDCC/uasc-web/pull/833).
 */
export const MAX_SPREADSHEET_CELLS = 10_000_000;
export const MAX_COLUMNS = 18_278;

/** Cells an execution moved between sheet and script (read, written) and cells searches looked at. */
export interface CellUsage {
  read: number;
  written: number;
  scanned: number;
}

export interface SheetInfo {
  sheetId: number;
  name: string;
  lastRow: number;
  lastColumn: number;
  maxRows: number;
  maxColumns: number;
  frozenRows: number;
}

export interface CellForEdit {
  input: string;
  /** The choices of a dropdown (VALUE_IN_LIST) rule. */
  list: string[] | null;
  checkbox: boolean;
}

export type UserEditResult =
  { ok: true; value?: string; oldValue?: string } | { ok: false; error: string } | { ok: false; confirm: string };

/** Sheets' prompt for a warning-only protected range (Data › Protect sheets and ranges › "Show a warning"). */
export const PROTECTION_WARNING = "Heads up! You're trying to edit part of this sheet that shouldn't be changed accidentally. Edit anyway?";
/** Sheets' message when a person who is not an editor of a protected range types into it. */
export const PROTECTED_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

/** The script's user locally: the spreadsheet's owner (Session.getEffectiveUser()). */
export const OWNER_EMAIL = 'owner@localhost';
export const DEFAULT_COLUMN_WIDTH = 100;

/** A validation setting that clears the rule for its cells. */
export const NO_RULE = 'none';

/** A criteria argument as stored: JSON, dates as { d: epoch ms }, relative dates as { rel: 'TODAY' }. */
export type RuleArg = null | string | number | boolean | { d: number } | { rel: string } | RuleArg[];

export interface ValidationRule {
  /** A DataValidationCriteria name: VALUE_IN_LIST, CHECKBOX, DATE_IS_VALID_DATE, NUMBER_BETWEEN, TEXT_IS_VALID_EMAIL… */
  criteria: string;
  values: RuleArg[];
  allowInvalid: boolean;
  helpText: string | null;
}

export interface CellStyle {
  background?: string | null;
  fontColor?: string | null;
  fontWeight?: string | null;
  /** 'italic' or null (normal). */
  fontStyle?: string | null;
  /** Points; null is Sheets' default (10). */
  fontSize?: number | null;
  /** 'left' | 'center' | 'right'; null is 'general' (text left, numbers right). */
  horizontalAlignment?: string | null;
  /** 'top' | 'middle' | 'bottom'; null is Sheets' default (bottom). */
  verticalAlignment?: string | null;
  wrap?: boolean | null;
}

/** Every style property reset: what Range.clearFormat() leaves. */
export const NO_STYLE: Required<CellStyle> = {
  background: null,
  fontColor: null,
  fontWeight: null,
  fontStyle: null,
  fontSize: null,
  horizontalAlignment: null,
  verticalAlignment: null,
  wrap: null,
};

/** Sheets' default row height in pixels (a new sheet's rows, Sheet.getRowHeight). */
export const DEFAULT_ROW_HEIGHT = 21;

export interface ConditionalRule {
  /** rangeKeys of the sheet. */
  ranges: string[];
  /** A BooleanCriteria name and its arguments. */
  condition: { type: string; values: RuleArg[] };
  format: { background?: string | null; fontColor?: string | null; bold?: boolean | null };
}

export interface ProtectionData {
  type: 'RANGE' | 'SHEET';
  /** rangeKey of a range protection; null for the sheet's. */
  range: string | null;
  description: string;
  warningOnly: boolean;
  editors: string[];
}

export interface ProtectionChange {
  description?: string;
  warningOnly?: boolean;
  addEditors?: string[];
  removeEditors?: string[];
}

export interface FindOptions {
  matchCase?: boolean;
  entireCell?: boolean;
  regex?: boolean;
}
