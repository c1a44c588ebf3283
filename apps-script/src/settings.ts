// The Settings tab, read and written as key/value rows through the shared settings definition.
import { readSettings, SETTING_KEYS, type SettingKey, type Settings } from '../../shared/settings';
import { appendRows, readTable, writeRows } from './sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export function loadSettings(ss: Spreadsheet): Settings {
  return readSettings(readTable(ss, 'Settings').rows).settings;
}

/** Writes settings (already validated) into the Settings tab: one write for changed rows, one for new. */
export function storeSettings(ss: Spreadsheet, values: Partial<Record<SettingKey, string>>): void {
  const table = readTable(ss, 'Settings');
  const changed: number[] = [];
  const added: Array<{ key: string; value: string }> = [];
  for (const key of SETTING_KEYS) {
    const value = values[key];
    if (value === undefined) continue;
    const at = table.rows.findIndex((r) => r.key === key);
    if (at >= 0) {
      table.rows[at]!.value = value;
      changed.push(at);
    } else {
      added.push({ key, value });
    }
  }
  writeRows(table, changed);
  appendRows(table, added);
}
