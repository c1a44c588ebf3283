// Data retention (issue 23; Settings key retention_years, rules in shared/retention.ts): the daily
// trigger `applyRetention` (installed with automation) and the menu's "Apply data retention…" dialog
// delete the sessions (with their action items), preparation answers and EmailLog rows older than the
// setting, and report what they removed. The tabs are read whole once, as the reminder run reads them
// (a daily job that looks at every row), and rows are deleted bottom-up by runs under the script lock,
// so no capture writes between the read and the deletions.
import { pastRetention, retentionCutoff, type RetentionSelection } from '../../shared/retention';
import { showModalDialog } from './dialogs';
import { checkCapability, requireTriggerOrSheetUi } from './guards';
import { loadSettings } from './settings';
import { deleteTableRows, readTable, spreadsheet } from './sheet';
import { withScriptLock } from './services';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Where the last run's report is kept (script properties), for the dialog to show. */
const LAST_RUN_PROPERTY = 'retention_last_run';
const LOCK_WAIT_MS = 30_000;

export interface RetentionCounts {
  Sessions: number;
  ActionItems: number;
  Prep: number;
  EmailLog: number;
}

export interface RetentionReport {
  /** The setting when the report was made (0 = keep everything). */
  years: number;
  /** ISO instant: rows dated before it are past retention ('' when years is 0). */
  cutoff: string;
  /** Rows past retention (a preview) or removed (a run). */
  counts: RetentionCounts;
  /** ISO instant of the run or preview. */
  at: string;
  /** What ran it: the daily trigger, the menu's dialog, or '' for a preview. */
  by: 'trigger' | 'menu' | '';
}

const NONE: RetentionCounts = { Sessions: 0, ActionItems: 0, Prep: 0, EmailLog: 0 };

function selection(ss: Spreadsheet, now: Date) {
  const years = loadSettings(ss).retention_years;
  const cutoff = retentionCutoff(now, years, ss.getSpreadsheetTimeZone());
  if (!cutoff) return { years, cutoff, tables: null, selected: null };
  const tables = {
    Sessions: readTable(ss, 'Sessions'),
    ActionItems: readTable(ss, 'ActionItems'),
    Prep: readTable(ss, 'Prep'),
    EmailLog: readTable(ss, 'EmailLog'),
  };
  const selected: RetentionSelection = pastRetention(
    {
      sessions: tables.Sessions.rows,
      items: tables.ActionItems.rows,
      prep: tables.Prep.rows,
      emailLog: tables.EmailLog.rows,
    },
    cutoff,
  );
  return { years, cutoff, tables, selected };
}

function countsOf(selected: RetentionSelection | null): RetentionCounts {
  if (!selected) return { ...NONE };
  return {
    Sessions: selected.sessions.length,
    ActionItems: selected.items.length,
    Prep: selected.prep.length,
    EmailLog: selected.emailLog.length,
  };
}

/** What a run would remove now, without removing anything. */
function previewRetention(ss: Spreadsheet, now: Date): RetentionReport {
  const { years, cutoff, selected } = selection(ss, now);
  return { years, cutoff: cutoff?.toISOString() ?? '', counts: countsOf(selected), at: now.toISOString(), by: '' };
}

/** Removes what is past retention, under the script lock; keeps and returns the report. */
function removePastRetention(by: 'trigger' | 'menu'): RetentionReport {
  const ss = spreadsheet();
  return withScriptLock(() => {
    const now = new Date();
    const { years, cutoff, tables, selected } = selection(ss, now);
    if (tables && selected) {
      // Items before their sessions: a run cut short (time limit) leaves no item without its session
      // that a retry would not find again.
      deleteTableRows(tables.ActionItems.sheet, selected.items);
      deleteTableRows(tables.Sessions.sheet, selected.sessions);
      deleteTableRows(tables.Prep.sheet, selected.prep);
      deleteTableRows(tables.EmailLog.sheet, selected.emailLog);
      SpreadsheetApp.flush();
    }
    const report: RetentionReport = { years, cutoff: cutoff?.toISOString() ?? '', counts: countsOf(selected), at: now.toISOString(), by };
    PropertiesService.getScriptProperties().setProperty(LAST_RUN_PROPERTY, JSON.stringify(report));
    console.log(`FollowThrough retention (${years} years, before ${report.cutoff || 'never'}): removed ${JSON.stringify(report.counts)}`);
    return report;
  }, LOCK_WAIT_MS);
}

function lastRun(): RetentionReport | null {
  const raw = PropertiesService.getScriptProperties().getProperty(LAST_RUN_PROPERTY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as RetentionReport;
  } catch {
    return null;
  }
}

/** The daily trigger (installed with automation), or a person at the sheet's editor. */
export function applyRetention(e?: unknown): RetentionReport {
  requireTriggerOrSheetUi(e, 'applyRetention');
  return removePastRetention('trigger');
}

// ---- The menu's dialog ---------------------------------------------------------------------------

/** Menu "Apply data retention…": what is past retention now, the last run, and a button to remove it. */
export function showRetentionDialog(): void {
  showModalDialog('retention', 'RetentionDialog', 'Apply data retention', 'Data retention', [460, 360]);
}

export function retentionState(capability: string): { preview: RetentionReport; lastRun: RetentionReport | null; automation: boolean } {
  checkCapability(capability, 'retention');
  const ss = spreadsheet();
  return { preview: previewRetention(ss, new Date()), lastRun: lastRun(), automation: loadSettings(ss).automation };
}

export function applyRetentionNow(capability: string): RetentionReport {
  checkCapability(capability, 'retention');
  return removePastRetention('menu');
}
