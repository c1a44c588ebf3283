// What leaders see: the Dashboard tab's layout and the weekly leader summary email, both built from
// ProgramMetrics alone — counts, rates, names, days and the stories of non-confidential #win
// sessions. No session notes, item texts or preparation answers can reach them from here.
import { wallClockIn } from './dates';
import { escapeHtml } from './html';
import type { Change, ProgramMetrics } from './metrics';

/** Columns of the Dashboard tab's tables (A–H); charts stand beside them from column J. */
export const DASHBOARD_WIDTH = 8;
export const CHART_COLUMN = 10;

type Value = string | number | Date | '';

/** A block of the Dashboard tab that an embedded chart draws, placed beside its table. */
export interface ChartBlock {
  title: string;
  type: 'COLUMN' | 'LINE' | 'BAR';
  /** First row (1-based) of the block's header, and how many rows including it. */
  row: number;
  rows: number;
  columns: number;
  /** The row the chart's top-left corner is anchored to (column CHART_COLUMN). */
  anchorRow: number;
}

/** A text style the add-on sets with one RangeList per style (Sheet.getRangeList: one call per property). */
export interface BlockStyle {
  background?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  fontSize?: number;
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
}

export interface DashboardLayout {
  rows: Value[][];
  /** A number format for every cell of `rows` ('' = the sheet's default). */
  formats: string[][];
  /** Ranges in A1 notation, grouped by the style they share. */
  styles: Array<{ ranges: string[]; style: BlockStyle }>;
  /** Ranges (A1) merged into one block each. */
  merges: string[];
  /** [first column, count, pixels]. */
  columnWidths: Array<[number, number, number]>;
  /** [first row, count, pixels]. */
  rowHeights: Array<[number, number, number]>;
  frozenRows: number;
  charts: ChartBlock[];
}

// Colours from Google's own palette, dark enough to print: ink, muted text, the header shade, a band
// shade, the tiles' fill, good (green) and bad (red).
export const DASHBOARD_COLOURS = {
  ink: '#202124',
  muted: '#5f6368',
  header: '#e8eaed',
  band: '#f8f9fa',
  tile: '#f1f3f4',
  title: '#174ea6',
  good: '#137333',
  bad: '#c5221f',
} as const;

const num = (v: number | null): Value => (v === null ? '' : v);
/** A fraction shown as a percentage. */
interface Percent {
  percent: number | null;
}
const isPercent = (v: unknown): v is Percent => typeof v === 'object' && v !== null && 'percent' in v;

function columnName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
/** A1 notation of a block (1-based row and column). */
export function a1(row: number, column: number, numRows = 1, numColumns = 1): string {
  const first = `${columnName(column)}${row}`;
  return numRows === 1 && numColumns === 1 ? first : `${first}:${columnName(column + numColumns - 1)}${row + numRows - 1}`;
}

/** Whether a change is good news: more is better, except for overdue items. */
function changeColour(c: Change, lowerIsBetter: boolean): string {
  if (c.change === null || c.change === 0) return DASHBOARD_COLOURS.muted;
  return c.change > 0 !== lowerIsBetter ? DASHBOARD_COLOURS.good : DASHBOARD_COLOURS.bad;
}

function changeLabel(c: Change, percent: boolean, period: string): string {
  if (c.change === null) return `no figure for the ${period}`;
  const value = percent ? Math.round(c.change * 100) : c.change;
  if (value === 0) return `same as the ${period}`;
  return `${value > 0 ? '+' : '−'}${Math.abs(value)}${percent ? ' pts' : ''} vs the ${period}`;
}

/**
 * The Dashboard tab: a title, four KPI tiles (the numbers that matter, with their change), then headed,
 * banded tables, each with its chart beside it. Pure: the add-on turns it into a few batched calls.
 */
export function dashboardLayout(program: ProgramMetrics, programName: string, refreshedAt: Date, timeZone = 'UTC'): DashboardLayout {
  const rows: Value[][] = [];
  const formats: string[][] = [];
  const styled = new Map<string, { ranges: string[]; style: BlockStyle }>();
  const merges: string[] = [];
  const rowHeights: Array<[number, number, number]> = [];
  const charts: ChartBlock[] = [];
  const style = (range: string, s: BlockStyle) => {
    const key = JSON.stringify(s);
    const group = styled.get(key) ?? { ranges: [], style: s };
    group.ranges.push(range);
    styled.set(key, group);
  };
  const push = (line: Value[], format: string[] = []) => {
    rows.push([...line, ...Array<Value>(Math.max(0, DASHBOARD_WIDTH - line.length)).fill('')].slice(0, DASHBOARD_WIDTH));
    formats.push(Array.from({ length: DASHBOARD_WIDTH }, (_, i) => format[i] ?? ''));
    return rows.length;
  };
  const blank = () => push([]);
  const pct = '0%';
  let nextChartRow = 0;
  const chartBeside = (block: Omit<ChartBlock, 'anchorRow'>) => {
    // Charts are about 13 rows tall: each starts at its table, or below the previous chart.
    const anchorRow = Math.max(block.row, nextChartRow);
    nextChartRow = anchorRow + 15;
    charts.push({ ...block, anchorRow });
  };

  /** A section: its title, a shaded header row, then banded rows; numeric columns right-aligned. */
  const table = (title: string, header: string[], lines: Array<Array<Value | Percent>>, options: { empty?: string } = {}) => {
    const titleRow = push([title]);
    style(a1(titleRow, 1), { bold: true, fontSize: 12, fontColor: DASHBOARD_COLOURS.title });
    const headRow = push(header);
    style(a1(headRow, 1, 1, header.length), { background: DASHBOARD_COLOURS.header, bold: true, wrap: true });
    const isNumber = (v: Value | Percent | undefined) =>
      typeof v === 'number' || v === '' || (typeof v === 'object' && !(v instanceof Date));
    const numeric = header.map((_, c) => c > 0 && lines.length > 0 && lines.every((l) => isNumber(l[c])));
    numeric.forEach((isNumber, c) => {
      if (isNumber) style(a1(headRow, c + 1, lines.length + 1, 1), { align: 'right' });
    });
    if (!lines.length && options.empty) {
      const r = push([options.empty]);
      style(a1(r, 1), { italic: true, fontColor: DASHBOARD_COLOURS.muted });
    }
    lines.forEach((line, i) => {
      const format = line.map((v) => (isPercent(v) ? pct : typeof v === 'number' ? '0.##' : ''));
      const r = push(
        line.map((v) => (isPercent(v) ? num(v.percent) : v)),
        format,
      );
      if (i % 2 === 1) style(a1(r, 1, 1, header.length), { background: DASHBOARD_COLOURS.band });
    });
    blank();
    return headRow;
  };

  // Title and period; the two rows stay frozen.
  const titleRow = push([`${programName} — coaching dashboard`]);
  merges.push(a1(titleRow, 1, 1, DASHBOARD_WIDTH));
  style(a1(titleRow, 1), { bold: true, fontSize: 18, fontColor: DASHBOARD_COLOURS.ink });
  rowHeights.push([titleRow, 1, 40]);
  const h = program.headline;
  const week = program.thisWeek;
  const refreshed = formatDay(refreshedAt, timeZone);
  const periodRow = push([
    `Week ${week.from} to ${week.to} · window ${program.window.from} to ${program.window.to} · refreshed ${refreshed}`,
  ]);
  merges.push(a1(periodRow, 1, 1, DASHBOARD_WIDTH));
  style(a1(periodRow, 1), { italic: true, fontColor: DASHBOARD_COLOURS.muted });
  blank();

  // Four KPI tiles, two columns wide each: label, big number, change vs the previous week.
  const tiles: Array<[string, Change, boolean, boolean]> = [
    ['Sessions held', h.sessions, false, false],
    ['Commitments kept', h.completionRate, true, false],
    ['Clients seen on cadence', h.coverage, true, false],
    ['Open overdue items', h.openOverdue, false, true],
  ];
  const labelRow = push(tiles.flatMap(([label]) => [label, '']));
  const valueRow = push(
    tiles.flatMap(([, c]) => [num(c.current), '']),
    tiles.flatMap(([, , percent]) => [percent ? pct : '0', '']),
  );
  const changeRow = push(tiles.flatMap(([, c, percent]) => [changeLabel(c, percent, 'week before'), '']));
  tiles.forEach(([, c, , lowerIsBetter], i) => {
    const column = 1 + i * 2;
    for (const r of [labelRow, valueRow, changeRow]) merges.push(a1(r, column, 1, 2));
    style(a1(changeRow, column), {
      fontColor: changeColour(c, lowerIsBetter),
      align: 'center',
      background: DASHBOARD_COLOURS.tile,
      wrap: true,
    });
  });
  style(a1(labelRow, 1, 1, DASHBOARD_WIDTH), {
    fontColor: DASHBOARD_COLOURS.muted,
    align: 'center',
    background: DASHBOARD_COLOURS.tile,
    wrap: true,
  });
  style(a1(valueRow, 1, 1, DASHBOARD_WIDTH), {
    bold: true,
    fontSize: 24,
    align: 'center',
    background: DASHBOARD_COLOURS.tile,
    fontColor: DASHBOARD_COLOURS.ink,
  });
  rowHeights.push([valueRow, 1, 44]);
  blank();

  table(
    'Program',
    ['Figure', 'Value'],
    [
      ['Sessions in the window', program.sessions],
      ['Commitments kept (window)', { percent: program.completion.rate }],
      ['Clients seen on cadence', { percent: program.coverage.rate }],
      ['Median days to done', num(program.medianDaysToDone)],
      ['Active clients not seen on cadence', program.unseenClients],
    ],
  );

  const weeks = program.sessionsPerWeek.map((w) => [w.start, w.value ?? 0]);
  const weekHead = table('Sessions per week', ['Week', 'Sessions'], weeks);
  chartBeside({ title: 'Sessions per week', type: 'COLUMN', row: weekHead, rows: weeks.length + 1, columns: 2 });
  const keptHead = table(
    'Commitments kept by week',
    ['Week', 'Commitments kept'],
    program.completionByWeek.map((w) => [w.start, { percent: w.value }]),
  );
  chartBeside({ title: 'Commitments kept by week', type: 'LINE', row: keptHead, rows: program.completionByWeek.length + 1, columns: 2 });

  const coachHead = table(
    'Coaches',
    ['Coach', 'Sessions', 'Clients seen on cadence', 'Commitments kept', 'Clients unseen', 'Median days to done'],
    program.coaches.map((c) => [
      c.name,
      c.sessions,
      { percent: c.coverage.rate },
      { percent: c.completion.rate },
      c.unseenClients,
      num(c.medianDaysToDone),
    ]),
    { empty: 'No coaches yet.' },
  );
  if (program.coaches.length)
    chartBeside({ title: 'Sessions by coach', type: 'BAR', row: coachHead, rows: program.coaches.length + 1, columns: 2 });

  // The engagement over the window, from history (definitions in shared/metrics/definitions.ts).
  table(
    'Engagement in the window',
    ['Figure', 'Value'],
    [
      ['Coaching hours', program.coachingHours],
      ['Goals achieved', program.goalsAchieved],
      ['Milestones reached', program.milestonesReached],
      ['Success measures moved', program.measures.moved],
      ['Success measures tracked', program.measures.tracked],
      ['Renewals made', program.renewals.made],
      ['Renewals due', program.renewals.due],
      ['Renewal rate', { percent: program.renewals.rate }],
      ['Median days from first outreach to active', num(program.daysToActive.median)],
      ['Action items derailed', program.derailed],
    ],
  );
  // Goals and milestones first, so that one chart draws both; coaching hours have their own table and chart.
  const engagementHead = table(
    'Engagement by coach',
    ['Coach', 'Goals achieved', 'Milestones reached', 'Renewals made', 'Renewals due'],
    program.coaches.map((c) => [c.name, c.goalsAchieved, c.milestonesReached, c.renewals.made, c.renewals.due]),
    { empty: 'No coaches yet.' },
  );
  if (program.coaches.length)
    chartBeside({
      title: 'Goals achieved and milestones reached',
      type: 'COLUMN',
      row: engagementHead,
      rows: program.coaches.length + 1,
      columns: 3,
    });
  const hoursHead = table(
    'Coaching hours by coach',
    ['Coach', 'Coaching hours'],
    program.coaches.map((c) => [c.name, c.coachingHours]),
    { empty: 'No coaches yet.' },
  );
  if (program.coaches.length)
    chartBeside({ title: 'Coaching hours by coach', type: 'BAR', row: hoursHead, rows: program.coaches.length + 1, columns: 2 });

  // From StageHistory: who entered each stage, and of those who entered the stage before, the share that went on.
  const pipeHead = table(
    'Pipeline',
    ['Stage', 'Clients who entered', 'Clients now', 'Went on from the stage before'],
    program.pipeline.stages.map((s) => [s.stage, s.reached, s.count, { percent: s.conversion }]),
  );
  chartBeside({
    title: 'Pipeline: clients who entered each stage',
    type: 'BAR',
    row: pipeHead,
    rows: program.pipeline.stages.length + 1,
    columns: 2,
  });

  const coachName = new Map(program.coaches.map((c) => [c.coachId, c.name]));
  table(
    'Renewals due in 30 days',
    ['Client', 'Coach', 'Package ends', 'Days left'],
    program.renewalsDue.map((r) => [r.name, coachName.get(r.coachId) ?? '', r.packageEnd, r.daysLeft]),
    { empty: 'None' },
  );
  table(
    'Coaches with clients unseen',
    ['Coach', 'Clients'],
    program.coachesWithUnseen.map((c) => [c.name, c.clients]),
    { empty: 'None' },
  );
  table(
    'Bright spots (#win)',
    ['Story', 'Day', 'Coach', 'Client'],
    program.brightSpots.map((s) => [s.story || '(tagged #win, no #win line)', s.day, s.coachName, s.clientName]),
    { empty: 'None yet — tag a session #win to share it here.' },
  );
  table(
    'In their words (shared with consent)',
    ['Testimonial', 'Day', 'Coach', 'Client'],
    program.testimonials.map((t) => [`“${t.text}”`, t.day, t.coachName, t.clientName]),
    { empty: 'None yet — clients can share a sentence on their preparation form.' },
  );

  return {
    rows,
    formats,
    styles: [...styled.values()],
    merges,
    columnWidths: [
      [1, 1, 230],
      [2, DASHBOARD_WIDTH - 1, 110],
      [DASHBOARD_WIDTH + 1, 1, 24],
    ],
    rowHeights,
    frozenRows: 2,
    charts,
  };
}

/** A day as YYYY-MM-DD HH:mm in a time zone. */
function formatDay(at: Date, timeZone: string): string {
  const w = wallClockIn(at.getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

// ---- The weekly leader summary ---------------------------------------------------------------------

export interface RenderedSummary {
  subject: string;
  html: string;
  text: string;
}

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

function changeText(c: Change, percent: boolean): string {
  if (c.change === null) return '';
  const value = percent ? Math.round(c.change * 100) : c.change;
  if (value === 0) return 'same as the week before';
  return `${value > 0 ? '+' : ''}${value}${percent ? ' pts' : ''} vs the week before`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "23–29 November 2026", "30 November – 6 December 2026", "29 December 2025 – 4 January 2026". */
export function weekName(monday: string, sunday: string): string {
  const [y1, m1, d1] = monday.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = sunday.split('-').map(Number) as [number, number, number];
  if (y1 !== y2) return `${d1} ${MONTHS[m1 - 1]} ${y1} – ${d2} ${MONTHS[m2 - 1]} ${y2}`;
  if (m1 !== m2) return `${d1} ${MONTHS[m1 - 1]} – ${d2} ${MONTHS[m2 - 1]} ${y2}`;
  return `${d1}–${d2} ${MONTHS[m2 - 1]} ${y2}`;
}

/** What the weekly summary holds, said in its footer. */
export const LEADER_SUMMARY_FOOTER =
  'This summary holds counts, rates, coach and client names, the lines coaches tagged #win in sessions that are not confidential, and testimonials clients agreed to share. Session notes, action items and preparation answers stay with coaches and their clients.';

/** A horizontal bar drawn with a table cell: renders in Gmail and Outlook, no images or SVG. */
function bar(value: number, max: number, color: string): string {
  const width = max > 0 ? Math.max(2, Math.round((value / max) * 240)) : 2;
  return `<table role="presentation" cellpadding="0" cellspacing="0"><tr><td width="${width}" height="12" bgcolor="${color}" style="background:${color};width:${width}px;height:12px;font-size:1px;line-height:1px">&nbsp;</td><td style="padding-left:6px;font-size:12px;color:#5f6368">${value}</td></tr></table>`;
}

/**
 * The weekly summary of the last full week (Monday–Sunday), against the week before: `program` is
 * computed as of the end of that Sunday, so its headline periods are exactly those two weeks.
 */
export function renderLeaderSummary(
  program: ProgramMetrics,
  programName: string,
  week: { monday: string; sunday: string },
): RenderedSummary {
  const h = program.headline;
  const period = weekName(week.monday, week.sunday);
  const sessions = h.sessions.current ?? 0;
  const kept = h.completionRate.current === null ? '' : `, ${pct(h.completionRate.current)} of commitments kept`;
  const subject = `${programName}, week of ${period}: ${sessions} session${sessions === 1 ? '' : 's'}${kept}`;
  const tiles: Array<[string, string, string]> = [
    ['Sessions held', String(h.sessions.current ?? 0), changeText(h.sessions, false)],
    ['Commitments kept', pct(h.completionRate.current), changeText(h.completionRate, true)],
    ['Clients seen on cadence', pct(h.coverage.current), changeText(h.coverage, true)],
    ['Open overdue items', String(h.openOverdue.current ?? 0), changeText(h.openOverdue, false)],
  ];
  const weeks = program.sessionsPerWeek.slice(-8);
  const maxWeek = Math.max(1, ...weeks.map((w) => w.value ?? 0));
  const coaches = [...program.coaches].sort((a, b) => b.sessions - a.sessions);
  const maxCoach = Math.max(1, ...coaches.map((c) => c.sessions));

  const text: string[] = [`${programName} — the week of ${period}`, ''];
  for (const [label, value, change] of tiles) text.push(`${label}: ${value}${change ? ` (${change})` : ''}`);
  text.push('', 'Sessions per week:', ...weeks.map((w) => `  ${w.start}: ${w.value ?? 0}`));
  text.push('', 'Sessions by coach:', ...coaches.map((c) => `  ${c.name}: ${c.sessions} (coverage ${pct(c.coverage.rate)})`));
  if (program.brightSpots.length)
    text.push(
      '',
      'Bright spots:',
      ...program.brightSpots.slice(0, 5).map((s) => `  ${s.day} · ${s.coachName} with ${s.clientName}: ${s.story}`),
    );
  if (program.testimonials.length)
    text.push(
      '',
      'In their words:',
      ...program.testimonials.slice(0, 3).map((t) => `  “${t.text}” — ${t.clientName} (coached by ${t.coachName})`),
    );
  if (program.coachesWithUnseen.length)
    text.push('', 'Clients not seen on cadence:', ...program.coachesWithUnseen.map((c) => `  ${c.name}: ${c.clients}`));
  text.push('', LEADER_SUMMARY_FOOTER);

  const cell = 'padding:10px 12px;border:1px solid #e8eaed;border-radius:6px;vertical-align:top';
  const tileHtml = tiles
    .map(
      ([label, value, change]) =>
        `<td width="25%" style="${cell}"><div style="font-size:12px;color:#5f6368">${escapeHtml(label)}</div><div style="font-size:24px;font-weight:bold">${escapeHtml(value)}</div><div style="font-size:12px;color:#5f6368">${escapeHtml(change)}</div></td>`,
    )
    .join('');
  const weekRows = weeks
    .map(
      (w) =>
        `<tr><td style="font-size:12px;padding:2px 8px 2px 0;white-space:nowrap">${escapeHtml(w.start)}</td><td>${bar(w.value ?? 0, maxWeek, '#1a73e8')}</td></tr>`,
    )
    .join('');
  const coachRows = coaches
    .map(
      (c) =>
        `<tr><td style="font-size:12px;padding:2px 8px 2px 0;white-space:nowrap">${escapeHtml(c.name)}</td><td>${bar(c.sessions, maxCoach, '#188038')}</td><td style="font-size:12px;color:#5f6368;padding-left:8px">coverage ${escapeHtml(pct(c.coverage.rate))}</td></tr>`,
    )
    .join('');
  const spots = program.brightSpots
    .slice(0, 5)
    .map(
      (s) =>
        `<li style="margin-bottom:8px"><strong>${escapeHtml(s.coachName)}</strong> with ${escapeHtml(s.clientName)} <span style="color:#5f6368">(${escapeHtml(s.day)})</span><br>${escapeHtml(s.story)}</li>`,
    )
    .join('');
  const words = program.testimonials
    .slice(0, 3)
    .map(
      (t) =>
        `<li style="margin-bottom:8px">“${escapeHtml(t.text)}”<br><span style="color:#5f6368">— ${escapeHtml(t.clientName)}, coached by ${escapeHtml(t.coachName)}</span></li>`,
    )
    .join('');
  const unseen = program.coachesWithUnseen
    .map((c) => `<li>${escapeHtml(c.name)}: ${c.clients} client${c.clients === 1 ? '' : 's'}</li>`)
    .join('');
  const section = (title: string, body: string) =>
    `<tr><td style="padding:14px 24px 4px"><div style="font-size:13px;font-weight:bold;text-transform:uppercase;color:#5f6368;margin-bottom:6px">${escapeHtml(title)}</div>${body}</td></tr>`;
  const html = `<!doctype html><html><body style="margin:0;padding:0;background:#f4f5f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="max-width:640px;width:100%;background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#202124">
<tr><td style="padding:24px 24px 8px;font-size:20px;font-weight:bold">${escapeHtml(programName)} — the week of ${escapeHtml(period)}</td></tr>
<tr><td style="padding:0 24px"><table role="presentation" width="100%" cellpadding="0" cellspacing="6"><tr>${tileHtml}</tr></table></td></tr>
${section('Sessions per week', `<table role="presentation" cellpadding="0" cellspacing="0">${weekRows}</table>`)}
${section('Sessions by coach (this window)', `<table role="presentation" cellpadding="0" cellspacing="0">${coachRows}</table>`)}
${spots ? section('Bright spots', `<ul style="padding-left:18px;margin:0;font-size:14px">${spots}</ul>`) : ''}
${words ? section('In their words', `<ul style="padding-left:18px;margin:0;font-size:14px;list-style:none">${words}</ul>`) : ''}
${unseen ? section('Clients not seen on cadence', `<ul style="padding-left:18px;margin:0;font-size:14px">${unseen}</ul>`) : ''}
<tr><td style="padding:16px 24px 24px;font-size:12px;color:#5f6368">${escapeHtml(LEADER_SUMMARY_FOOTER)} Sent by FollowThrough from your program’s sheet.</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, html, text: text.join('\n') };
}
