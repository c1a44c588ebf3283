// What leaders see: the Dashboard tab's layout and the weekly leader summary email, both built from
// ProgramMetrics alone — counts, rates, names, days and the stories of non-confidential #win
// sessions. No session notes, item texts or preparation answers can reach them from here.
import { escapeHtml } from './emails';
import type { Change, ProgramMetrics } from './metrics';

export const DASHBOARD_WIDTH = 6;

type Value = string | number | Date | '';

/** A block of the Dashboard tab that an embedded chart draws. */
export interface ChartBlock {
  title: string;
  type: 'COLUMN' | 'LINE' | 'BAR';
  /** First row (1-based) of the block's header, and how many rows including it. */
  row: number;
  rows: number;
  columns: number;
}

export interface DashboardLayout {
  rows: Value[][];
  /** 1-based rows whose columns 2…n hold fractions shown as percentages. */
  percentRows: number[];
  /** Ranges [row, column, numRows] holding fractions shown as percentages. */
  percentBlocks: Array<[number, number, number]>;
  charts: ChartBlock[];
}

function pad(row: Value[]): Value[] {
  return [...row, ...Array<Value>(Math.max(0, DASHBOARD_WIDTH - row.length)).fill('')].slice(0, DASHBOARD_WIDTH);
}

const num = (v: number | null): Value => (v === null ? '' : v);

/** The Dashboard tab: headed tables, one after another, with a blank row between. */
export function dashboardLayout(program: ProgramMetrics, programName: string, refreshedAt: Date): DashboardLayout {
  const rows: Value[][] = [];
  const percentBlocks: Array<[number, number, number]> = [];
  const charts: ChartBlock[] = [];
  const push = (...lines: Value[][]) => rows.push(...lines.map(pad));
  const blank = () => rows.push(pad([]));

  push([`${programName} — coaching dashboard`], ['Refreshed', refreshedAt, 'Window', `${program.window.from} to ${program.window.to}`]);
  blank();
  const h = program.headline;
  const change = (c: Change): Value => num(c.change);
  push(['This week', 'Now', 'Last week', 'Change']);
  const headRow = rows.length + 1;
  push(
    ['Sessions held', h.sessions.current ?? 0, h.sessions.previous ?? 0, change(h.sessions)],
    ['Commitments kept', num(h.completionRate.current), num(h.completionRate.previous), change(h.completionRate)],
    ['Clients seen on cadence', num(h.coverage.current), num(h.coverage.previous), change(h.coverage)],
    ['Open overdue items', h.openOverdue.current ?? 0, h.openOverdue.previous ?? 0, change(h.openOverdue)],
  );
  percentBlocks.push([headRow + 1, 2, 2], [headRow + 1, 3, 2], [headRow + 1, 4, 2]);
  blank();

  push(['Program', 'Value']);
  const programRow = rows.length + 1;
  push(
    ['Sessions in the window', program.sessions],
    ['Completion rate', num(program.completion.rate)],
    ['Coverage', num(program.coverage.rate)],
    ['Median days to done', num(program.medianDaysToDone)],
    ['Active clients not seen on cadence', program.unseenClients],
  );
  percentBlocks.push([programRow + 1, 2, 2]);
  blank();

  const weekStart = rows.length + 1;
  push(['Week', 'Sessions', 'Completion rate']);
  program.sessionsPerWeek.forEach((w, i) => push([w.start, w.value ?? 0, num(program.completionByWeek[i]?.value ?? null)]));
  percentBlocks.push([weekStart + 1, 3, program.sessionsPerWeek.length]);
  charts.push({ title: 'Sessions per week', type: 'COLUMN', row: weekStart, rows: program.sessionsPerWeek.length + 1, columns: 2 });
  blank();

  const coachStart = rows.length + 1;
  push(['Coach', 'Sessions', 'Coverage', 'Completion rate', 'Unseen clients', 'Median days to done']);
  for (const c of program.coaches) push([c.name, c.sessions, num(c.coverage.rate), num(c.completion.rate), c.unseenClients, num(c.medianDaysToDone)]);
  percentBlocks.push([coachStart + 1, 3, program.coaches.length], [coachStart + 1, 4, program.coaches.length]);
  charts.push({ title: 'Sessions by coach', type: 'BAR', row: coachStart, rows: program.coaches.length + 1, columns: 2 });
  blank();

  const pipeStart = rows.length + 1;
  push(['Stage', 'Clients', 'Reached', 'Conversion']);
  for (const s of program.pipeline.stages) push([s.stage, s.count, s.reached, num(s.conversion)]);
  percentBlocks.push([pipeStart + 1, 4, program.pipeline.stages.length]);
  blank();

  push(['Renewals due in 30 days', 'Coach', 'Package ends', 'Days left']);
  const coachName = new Map(program.coaches.map((c) => [c.coachId, c.name]));
  if (!program.renewalsDue.length) push(['None']);
  for (const r of program.renewalsDue) push([r.name, coachName.get(r.coachId) ?? '', r.packageEnd, r.daysLeft]);
  blank();

  push(['Coaches with clients unseen', 'Clients']);
  if (!program.coachesWithUnseen.length) push(['None']);
  for (const c of program.coachesWithUnseen) push([c.name, c.clients]);
  blank();

  push(['Bright spots (#win)', 'Day', 'Coach', 'Client']);
  if (!program.brightSpots.length) push(['None yet — tag a session #win to share it here.']);
  for (const s of program.brightSpots) push([s.story || '(no story)', s.day, s.coachName, s.clientName]);

  return { rows, percentRows: [], percentBlocks, charts };
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
  if (value === 0) return 'no change';
  return `${value > 0 ? '+' : ''}${value}${percent ? ' pts' : ''} vs last week`;
}

/** A horizontal bar drawn with a table cell: renders in Gmail and Outlook, no images or SVG. */
function bar(value: number, max: number, color: string): string {
  const width = max > 0 ? Math.max(2, Math.round((value / max) * 240)) : 2;
  return `<table role="presentation" cellpadding="0" cellspacing="0"><tr><td width="${width}" height="12" bgcolor="${color}" style="background:${color};width:${width}px;height:12px;font-size:1px;line-height:1px">&nbsp;</td><td style="padding-left:6px;font-size:12px;color:#5f6368">${value}</td></tr></table>`;
}

export function renderLeaderSummary(program: ProgramMetrics, programName: string): RenderedSummary {
  const h = program.headline;
  const subject = `${programName}: ${h.sessions.current ?? 0} sessions this week, ${pct(h.completionRate.current)} of commitments kept`;
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

  const text: string[] = [`${programName} — the week in coaching`, ''];
  for (const [label, value, change] of tiles) text.push(`${label}: ${value}${change ? ` (${change})` : ''}`);
  text.push('', 'Sessions per week:', ...weeks.map((w) => `  ${w.start}: ${w.value ?? 0}`));
  text.push('', 'Sessions by coach:', ...coaches.map((c) => `  ${c.name}: ${c.sessions} (coverage ${pct(c.coverage.rate)})`));
  if (program.brightSpots.length) text.push('', 'Bright spots:', ...program.brightSpots.slice(0, 5).map((s) => `  ${s.day} · ${s.coachName} with ${s.clientName}: ${s.story}`));
  if (program.coachesWithUnseen.length) text.push('', 'Clients not seen on cadence:', ...program.coachesWithUnseen.map((c) => `  ${c.name}: ${c.clients}`));

  const cell = 'padding:10px 12px;border:1px solid #e8eaed;border-radius:6px;vertical-align:top';
  const tileHtml = tiles
    .map(([label, value, change]) => `<td width="25%" style="${cell}"><div style="font-size:12px;color:#5f6368">${escapeHtml(label)}</div><div style="font-size:24px;font-weight:bold">${escapeHtml(value)}</div><div style="font-size:12px;color:#5f6368">${escapeHtml(change)}</div></td>`)
    .join('');
  const weekRows = weeks.map((w) => `<tr><td style="font-size:12px;padding:2px 8px 2px 0;white-space:nowrap">${escapeHtml(w.start)}</td><td>${bar(w.value ?? 0, maxWeek, '#1a73e8')}</td></tr>`).join('');
  const coachRows = coaches.map((c) => `<tr><td style="font-size:12px;padding:2px 8px 2px 0;white-space:nowrap">${escapeHtml(c.name)}</td><td>${bar(c.sessions, maxCoach, '#188038')}</td><td style="font-size:12px;color:#5f6368;padding-left:8px">coverage ${escapeHtml(pct(c.coverage.rate))}</td></tr>`).join('');
  const spots = program.brightSpots.slice(0, 5).map((s) => `<li style="margin-bottom:8px"><strong>${escapeHtml(s.coachName)}</strong> with ${escapeHtml(s.clientName)} <span style="color:#5f6368">(${escapeHtml(s.day)})</span><br>${escapeHtml(s.story)}</li>`).join('');
  const unseen = program.coachesWithUnseen.map((c) => `<li>${escapeHtml(c.name)}: ${c.clients} client${c.clients === 1 ? '' : 's'}</li>`).join('');
  const section = (title: string, body: string) => `<tr><td style="padding:14px 24px 4px"><div style="font-size:13px;font-weight:bold;text-transform:uppercase;color:#5f6368;margin-bottom:6px">${escapeHtml(title)}</div>${body}</td></tr>`;
  const html = `<!doctype html><html><body style="margin:0;padding:0;background:#f4f5f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" style="max-width:640px;width:100%;background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#202124">
<tr><td style="padding:24px 24px 8px;font-size:20px;font-weight:bold">${escapeHtml(programName)} — the week in coaching</td></tr>
<tr><td style="padding:0 24px"><table role="presentation" width="100%" cellpadding="0" cellspacing="6"><tr>${tileHtml}</tr></table></td></tr>
${section('Sessions per week', `<table role="presentation" cellpadding="0" cellspacing="0">${weekRows}</table>`)}
${section('Sessions by coach (this window)', `<table role="presentation" cellpadding="0" cellspacing="0">${coachRows}</table>`)}
${spots ? section('Bright spots', `<ul style="padding-left:18px;margin:0;font-size:14px">${spots}</ul>`) : ''}
${unseen ? section('Clients not seen on cadence', `<ul style="padding-left:18px;margin:0;font-size:14px">${unseen}</ul>`) : ''}
<tr><td style="padding:16px 24px 24px;font-size:12px;color:#5f6368">Counts and rates only: session notes stay with coaches. Sent by FollowThrough from your program’s sheet.</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, html, text: text.join('\n') };
}
