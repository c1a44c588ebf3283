// Creates the tabs with their header rows; idempotent, and on an older sheet adds missing columns
// at the end of the header without touching any row.
import { columnsOf, DASHBOARD_TAB, TAB_NAMES } from '../../shared/schema';
import { ensureColumns, spreadsheet } from './sheet';

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
