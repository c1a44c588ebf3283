// Leaders' outputs: the Dashboard tab (refreshDashboard, hourly and from the menu), the dashboard
// dialog, and the weekly leader summary email. All of them are built from ProgramMetrics, which holds
// counts, rates and non-confidential #win stories only — never session notes.
import { CHART_COLUMN, dashboardLayout, DASHBOARD_WIDTH, renderLeaderSummary } from '../../shared/dashboard';
import { lastFullWeek, MAX_YEAR, MIN_YEAR, parseIsoDate } from '../../shared/dates';
import { programMetrics, rangeProblem, type MetricsFilter, type MetricsInput, type ProgramMetrics } from '../../shared/metrics';
import { sentUnits } from '../../shared/reminders';
import type { Row } from '../../shared/schema';
import { asSheetText } from '../../shared/text';
import { addressKey, emailAddressOf } from '../../shared/email-address';
import { showModalDialog } from './dialogs';
import { checkCapability, requireTriggerOrSheetUi } from './guards';
import { EmailSender, withScriptLock } from './services';
import { loadSettings } from './settings';
import { ensureColumns, ensureRows, findRecords, openTable, readTable, spreadsheet } from './sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** One read of every table metrics need. */
function metricsInput(ss: Spreadsheet, filter?: MetricsFilter): MetricsInput {
  return {
    now: new Date(),
    timeZone: ss.getSpreadsheetTimeZone(),
    coaches: readTable(ss, 'Coaches').rows,
    clients: readTable(ss, 'Clients').rows,
    goals: readTable(ss, 'Goals').rows,
    sessions: readTable(ss, 'Sessions').rows,
    items: readTable(ss, 'ActionItems').rows,
    prep: readTable(ss, 'Prep').rows,
    stageHistory: readTable(ss, 'StageHistory').rows,
    packages: readTable(ss, 'Packages').rows,
    milestones: readTable(ss, 'Milestones').rows,
    ...(filter ? { filter } : {}),
  };
}

export interface DashboardRefresh {
  rows: number;
  charts: number;
}

/**
 * Writes the Dashboard tab as a leader reads it, in a fixed number of calls whatever the program's
 * size: one write of values and one of number formats, one RangeList call per style property
 * (Sheet.getRangeList, RangeList.setBackground/setFontWeight/…), the merges of the title and the KPI
 * tiles (Range.merge), column widths and row heights (Sheet.setColumnWidths/setRowHeights), the frozen
 * title (Sheet.setFrozenRows) and its charts beside their tables (EmbeddedChartBuilder.setPosition).
 * Everything of the previous refresh is undone first (Range.breakApart, Range.clearFormat, removeChart).
 */
export function refreshDashboard(e?: unknown): DashboardRefresh {
  requireTriggerOrSheetUi(e, 'refreshDashboard');
  return withScriptLock(() => writeDashboard(spreadsheet()));
}

export function writeDashboard(ss: Spreadsheet): DashboardRefresh {
  const timeZone = ss.getSpreadsheetTimeZone();
  const program = programMetrics(metricsInput(ss));
  const layout = dashboardLayout(program, ss.getName(), new Date(), timeZone);
  const sheet = ss.getSheetByName('Dashboard') ?? ss.insertSheet('Dashboard');
  const previous = sheet.getDataRange();
  const height = Math.max(layout.rows.length, previous.getNumRows());
  const width = Math.max(DASHBOARD_WIDTH, previous.getNumColumns());
  ensureRows(sheet, height);
  ensureColumns(sheet, CHART_COLUMN);
  const whole = sheet.getRange(1, 1, height, width);
  whole.breakApart().clearFormat();
  const values = Array.from({ length: height }, (_, r) => {
    const row = layout.rows[r] ?? [];
    const cells: Array<string | number | Date> = row.map((v) => (typeof v === 'string' ? asSheetText(v) : v));
    return [...cells, ...Array<string>(width - cells.length).fill('')];
  });
  const formats = Array.from({ length: height }, (_, r) => Array.from({ length: width }, (_, c) => layout.formats[r]?.[c] || '0.##'));
  whole.setValues(values);
  whole.setNumberFormats(formats);
  for (const { ranges, style } of layout.styles) {
    const list = sheet.getRangeList(ranges);
    if (style.background) list.setBackground(style.background);
    if (style.fontColor) list.setFontColor(style.fontColor);
    if (style.bold) list.setFontWeight('bold');
    if (style.italic) list.setFontStyle('italic');
    if (style.fontSize) list.setFontSize(style.fontSize);
    if (style.align) list.setHorizontalAlignment(style.align);
    if (style.wrap) list.setWrap(true);
  }
  for (const range of layout.merges) sheet.getRange(range).merge();
  for (const [column, count, pixels] of layout.columnWidths) sheet.setColumnWidths(column, count, pixels);
  for (const [row, count, pixels] of layout.rowHeights) sheet.setRowHeights(row, count, pixels);
  if (sheet.getFrozenRows() !== layout.frozenRows) sheet.setFrozenRows(layout.frozenRows);
  for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  for (const block of layout.charts) {
    const builder = sheet
      .newChart()
      .addRange(sheet.getRange(block.row, 1, block.rows, block.columns))
      .setPosition(block.anchorRow, CHART_COLUMN, 0, 0)
      .setOption('title', block.title)
      .setOption('legend', { position: 'none' })
      .setOption('width', 520)
      .setOption('height', 280);
    sheet.insertChart(
      (block.type === 'LINE' ? builder.asLineChart() : block.type === 'BAR' ? builder.asBarChart() : builder.asColumnChart()).build(),
    );
  }
  SpreadsheetApp.flush();
  return { rows: layout.rows.length, charts: layout.charts.length };
}

// ---- The dashboard dialog ------------------------------------------------------------------------

export function showDashboard(): void {
  showModalDialog('dashboard', 'DashboardDialog', 'Open dashboard', 'Coaching dashboard', [980, 680]);
}

export interface DashboardData {
  program: ProgramMetrics;
  coaches: Array<{ coachId: string; name: string }>;
  organizations: string[];
}

/** The dialog's data for a filter (coach, organization, from/to as YYYY-MM-DD). */
export function dashboardData(
  capability: string,
  filter: { coachId?: string; organization?: string; from?: string; to?: string } = {},
): DashboardData {
  checkCapability(capability, 'dashboard');
  if (typeof filter !== 'object' || filter === null) filter = {};
  // From/to: empty means not set; anything else must be a day the API accepts (years 1900–9999), and
  // the range is bounded (rangeProblem) — checked before the sheet is read.
  const day = (text: unknown, name: string) => {
    if (text === undefined || text === null || text === '') return undefined;
    const parsed = typeof text === 'string' ? parseIsoDate(text) : null;
    if (!parsed || parsed.kind !== 'date') throw new Error(`${name}: use a day as YYYY-MM-DD, in the years ${MIN_YEAR}–${MAX_YEAR}.`);
    return new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day, 12));
  };
  const clean: MetricsFilter = {};
  if (filter.coachId) clean.coachId = String(filter.coachId);
  if (filter.organization) clean.organization = String(filter.organization);
  const from = day(filter.from, 'From');
  const to = day(filter.to, 'To');
  const problem = rangeProblem(from, to, new Date());
  if (problem) throw new Error(problem);
  if (from) clean.from = from;
  if (to) clean.to = to;
  const ss = spreadsheet();
  const input = metricsInput(ss, clean);
  const organizations = [...new Set(input.clients.map((c) => c.organization.trim()).filter(Boolean))].sort();
  const coaches = input.coaches.filter((c) => c.active === true && c.role !== 'admin').map((c) => ({ coachId: c.coach_id, name: c.name }));
  return { program: programMetrics(input), coaches, organizations };
}

// ---- The weekly leader summary -------------------------------------------------------------------

export interface LeaderSummaryRun {
  sent: number;
  skipped: number;
  recipients: string[];
}

/** Every active leader and every address in Settings' leader_emails, once each. */
function leaderRecipients(coaches: ReadonlyArray<Row<'Coaches'>>, extra: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const c of coaches) {
    const email = c.active === true && c.role === 'leader' ? emailAddressOf(c.email) : null;
    if (email) seen.set(addressKey(email), email);
  }
  for (const e of extra) if (!seen.has(addressKey(e))) seen.set(addressKey(e), e);
  return [...seen.values()];
}

/** The Monday trigger (and the script editor's Run). */
export function sendLeaderSummary(e?: unknown): LeaderSummaryRun {
  requireTriggerOrSheetUi(e, 'sendLeaderSummary');
  return withScriptLock(() => {
    const ss = spreadsheet();
    // The last full week (Monday–Sunday) before today, against the week before it.
    const week = lastFullWeek(new Date(), ss.getSpreadsheetTimeZone());
    const input = { ...metricsInput(ss), now: week.end };
    const settings = loadSettings(ss);
    const program = programMetrics(input);
    const email = renderLeaderSummary(program, ss.getName(), week);
    // One summary per recipient per reported week (its Monday names it): the week's units are found in
    // EmailLog by key (sent or pending counts as sent, shared/reminders.ts sentUnits), the log is not read.
    const monday = week.monday;
    const unitOf = (to: string) => `leader_summary:${addressKey(to)}:${monday}`;
    const recipients = leaderRecipients(input.coaches, settings.leader_emails);
    const sent = sentUnits(findRecords(openTable(ss, 'EmailLog'), 'dedupe_key', recipients.map(unitOf)).map((l) => l.record));
    const sender = new EmailSender(ss);
    const run: LeaderSummaryRun = { sent: 0, skipped: 0, recipients: [] };
    try {
      for (const to of recipients) {
        const unit = unitOf(to);
        if (sent.has(unit)) {
          run.skipped++;
          continue;
        }
        const result = sender.send({
          kind: 'leader_summary',
          to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          name: settings.sender_name,
          dedupeKey: unit,
        });
        if (result.status === 'quota') break;
        if (result.status !== 'sent') continue;
        run.sent++;
        run.recipients.push(to);
      }
    } finally {
      sender.close();
    }
    return run;
  });
}
