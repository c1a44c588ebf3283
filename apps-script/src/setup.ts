// Creates the tabs with their header rows, and makes the sheet safe to edit by hand: a frozen,
// protected header; data validation on every enum column; checkboxes; date formats; overdue items in
// red and items due soon in amber. Idempotent: a second run changes nothing; on an older sheet it adds
// missing columns at the end of the header and keeps every row.
import { columnsOf, DASHBOARD_TAB, TAB_NAMES, TABS, type ColumnType, type TabName } from '../../shared/schema';
import { ensureColumns, spreadsheet } from './sheet';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const HEADER_PROTECTION = 'FollowThrough: column headers (the add-on reads columns by these names)';
const DATE_FORMAT = 'yyyy-mm-dd';
const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Validation, formats and protection for one tab, by the schema's column types. */
function formatTab(sheet: Sheet, tab: TabName, header: string[]): void {
  const rows = sheet.getMaxRows() - 1;
  const schema = TABS[tab] as Record<string, ColumnType>;
  header.forEach((name, i) => {
    const type = schema[name];
    if (!type || rows < 1) return;
    const column = sheet.getRange(2, i + 1, rows, 1);
    if (type.type === 'enum') {
      column.setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList([...type.values], true).setAllowInvalid(false).build());
    } else if (type.type === 'bool') {
      column.setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
    } else if (type.type === 'date' || type.type === 'datetime') {
      column.setNumberFormat(type.type === 'date' ? DATE_FORMAT : DATETIME_FORMAT);
    }
  });
  const protections = sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE);
  if (!protections.some((p) => p.getDescription() === HEADER_PROTECTION)) {
    sheet.getRange(1, 1, 1, header.length).protect().setDescription(HEADER_PROTECTION).setWarningOnly(true);
  }
}

/** ActionItems: overdue open items in red, items due within two days in amber. */
function colourActionItems(sheet: Sheet, header: string[]): void {
  const due = columnLetter(header.indexOf('due_date') + 1);
  const status = columnLetter(header.indexOf('status') + 1);
  const open = `OR($${status}2="open",$${status}2="in_progress")`;
  const overdue = `=AND($${due}2<>"",$${due}2<TODAY(),${open})`;
  const soon = `=AND($${due}2<>"",$${due}2>=TODAY(),$${due}2<=TODAY()+2,${open})`;
  const range = sheet.getRange(2, 1, Math.max(sheet.getMaxRows() - 1, 1), header.length);
  const ours = [
    SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(overdue).setBackground('#f4c7c3').setFontColor('#a50e0e').setRanges([range]).build(),
    SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(soon).setBackground('#fce8b2').setRanges([range]).build(),
  ];
  const formulas = [overdue, soon];
  const others = sheet.getConditionalFormatRules().filter((rule) => {
    const values = rule.getBooleanCondition()?.getCriteriaValues() ?? [];
    return !formulas.includes(String(values[0] ?? ''));
  });
  sheet.setConditionalFormatRules([...others, ...ours]);
}

export interface SetupReport {
  created: string[];
  columnsAdded: string[];
}

export function setupSheetIn(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): SetupReport {
  const report: SetupReport = { created: [], columnsAdded: [] };
  for (const tab of TAB_NAMES) {
    let sheet = ss.getSheetByName(tab);
    if (!sheet) {
      sheet = ss.insertSheet(tab);
      report.created.push(tab);
    }
    const columns = columnsOf(tab) as string[];
    const lastCol = sheet.getLastColumn();
    const header = lastCol > 0 ? sheet.getRange(1, 1, 1, lastCol).getValues()[0]!.map((h) => String(h).trim()) : [];
    const missing = columns.filter((c) => !header.includes(c));
    if (missing.length) {
      const trimmed = header.length && header.every((h) => h === '') ? [] : header;
      ensureColumns(sheet, trimmed.length + missing.length);
      sheet.getRange(1, trimmed.length + 1, 1, missing.length).setValues([missing]);
      if (!report.created.includes(tab)) report.columnsAdded.push(...missing.map((c) => `${tab}.${c}`));
    }
    if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
    const finalHeader = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]!.map((h) => String(h).trim());
    formatTab(sheet, tab, finalHeader);
    if (tab === 'ActionItems') colourActionItems(sheet, finalHeader);
  }
  if (!ss.getSheetByName(DASHBOARD_TAB)) {
    ss.insertSheet(DASHBOARD_TAB);
    report.created.push(DASHBOARD_TAB);
  }
  return report;
}

export function setupSheet(): SetupReport {
  const lock = LockService.getScriptLock();
  lock.waitLock(30_000);
  try {
    const report = setupSheetIn(spreadsheet());
    SpreadsheetApp.flush();
    return report;
  } finally {
    lock.releaseLock();
  }
}
