// Creates the tabs with their header rows, and makes the sheet safe to edit by hand: a frozen,
// protected header; data validation on every enum column; checkboxes; date formats; overdue items in
// red and items due soon in amber. Idempotent: a second run changes nothing; on an older sheet it adds
// missing columns at the end of the header and keeps every row.
import { itemStateFormulas } from '../../shared/items';
import { columnsOf, DASHBOARD_TAB, TAB_NAMES, TABS, type ColumnType, type TabName } from '../../shared/schema';
import { asSheetText } from '../../shared/text';
import { writeDashboard } from './dashboard';
import { withScriptLock } from './services';
import { ensureColumns, readTable, spreadsheet } from './sheet';
import { requireSheetUi } from './guards';

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
      column.setDataValidation(
        SpreadsheetApp.newDataValidation()
          .requireValueInList([...type.values], true)
          .setAllowInvalid(false)
          .build(),
      );
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
  const { overdue, dueSoon: soon } = itemStateFormulas(`$${status}2`, `$${due}2`, 2);
  const range = sheet.getRange(2, 1, Math.max(sheet.getMaxRows() - 1, 1), header.length);
  const ours = [
    SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(overdue)
      .setBackground('#f4c7c3')
      .setFontColor('#a50e0e')
      .setRanges([range])
      .build(),
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
  /** Older Sessions and ActionItems rows that got their client's name. */
  namesFilled: number;
}

export function setupSheetIn(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): SetupReport {
  const report: SetupReport = { created: [], columnsAdded: [], namesFilled: 0 };
  for (const tab of TAB_NAMES) {
    let sheet = ss.getSheetByName(tab);
    if (!sheet) {
      sheet = ss.insertSheet(tab);
      report.created.push(tab);
    }
    const columns = columnsOf(tab) as string[];
    const lastCol = sheet.getLastColumn();
    const header =
      lastCol > 0
        ? sheet
            .getRange(1, 1, 1, lastCol)
            .getValues()[0]!
            .map((h) => String(h).trim())
        : [];
    const missing = columns.filter((c) => !header.includes(c));
    if (missing.length) {
      const trimmed = header.length && header.every((h) => h === '') ? [] : header;
      ensureColumns(sheet, trimmed.length + missing.length);
      sheet.getRange(1, trimmed.length + 1, 1, missing.length).setValues([missing]);
      if (!report.created.includes(tab)) report.columnsAdded.push(...missing.map((c) => `${tab}.${c}`));
    }
    if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
    const finalHeader = sheet
      .getRange(1, 1, 1, sheet.getLastColumn())
      .getValues()[0]!
      .map((h) => String(h).trim());
    formatTab(sheet, tab, finalHeader);
    if (tab === 'ActionItems') colourActionItems(sheet, finalHeader);
  }
  if (!ss.getSheetByName(DASHBOARD_TAB)) {
    ss.insertSheet(DASHBOARD_TAB);
    report.created.push(DASHBOARD_TAB);
  }
  report.namesFilled = fillClientNames(ss);
  return report;
}

/**
 * Sessions and ActionItems name their client beside its id (client_name, written with each row since it
 * was added); rows written before get it here. Reads the two columns alone and writes client_name once
 * per tab, only when some row lacked it.
 */
function fillClientNames(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): number {
  const names = new Map(readTable(ss, 'Clients').rows.map((c) => [c.client_id, c.name]));
  let filled = 0;
  for (const tab of ['Sessions', 'ActionItems'] as const) {
    const sheet = ss.getSheetByName(tab)!;
    const rows = sheet.getLastRow() - 1;
    if (rows < 1) continue;
    const header = sheet
      .getRange(1, 1, 1, sheet.getLastColumn())
      .getValues()[0]!
      .map((h) => String(h).trim());
    const idColumn = header.indexOf('client_id') + 1;
    const nameColumn = header.indexOf('client_name') + 1;
    const ids = sheet.getRange(2, idColumn, rows, 1).getValues();
    const current = sheet.getRange(2, nameColumn, rows, 1).getValues();
    let changed = false;
    const next = current.map(([name], i) => {
      const known = names.get(String(ids[i]![0]));
      if (name === '' && known) {
        changed = true;
        filled++;
        return [asSheetText(known)];
      }
      return [name];
    });
    if (changed) sheet.getRange(2, nameColumn, rows, 1).setValues(next);
  }
  return filled;
}

/** Menu "Set up sheet". */
export function setupSheet(): SetupReport {
  requireSheetUi('Set up sheet');
  return withScriptLock(() => {
    const ss = spreadsheet();
    const report = setupSheetIn(ss);
    // A leader opening the sheet finds the Dashboard written, not an empty tab.
    writeDashboard(ss);
    return report;
  });
}
