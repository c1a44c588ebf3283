// `npm run bench`: measures FollowThrough side by side with baselines, at least 5 runs each, and
// prints one table and writes bench/results.json (PRODUCT.md, "Bench results"). Figures not yet
// measurable are null. Every run starts from the same seeded data.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeConnectionCode } from '../shared/connection';
import { computeMetrics } from '../shared/metrics';
import { planReminders, sentUnits } from '../shared/reminders';
import { columnsOf, type Row, type TabName } from '../shared/schema';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { buildAppsScript } from '../apps-script/build';
import { Runtime } from '../local/runtime';
import type { Cell, WorkbookData } from '../local/workbook';
import { buildDataset, writeDataset } from './dataset';
import { inviteCoach, openWebApp } from '../local/editor';

const ROOT = join(import.meta.dirname, '..');
const CODE = join(ROOT, 'dist', 'apps-script', 'Code.js');
const BASELINE = join(import.meta.dirname, 'fixtures', 'mail-merge-baseline', 'Code.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** `BENCH_ONLY=ingest` measures only the durable ingest (for store changes; the whole bench is slow). */
const ONLY = process.env.BENCH_ONLY ?? '';
if (ONLY && ONLY !== 'ingest') throw new Error(`BENCH_ONLY knows only "ingest", not ${ONLY}`);
// Tuesday 24 November 2026, 07:00 in New York: a working day.
const NOW = new Date('2026-11-24T12:00:00Z');

type Results = Record<string, number | null>;
const results: Results = {};


function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ft-bench-'));
}

const datasets = new Map<number, string>();
/** A data dir holding the seeded program with `items` action items (built once, copied per run). */
function seeded(items: number): string {
  let dir = datasets.get(items);
  if (!dir) {
    dir = tempDir();
    writeDataset(dir, buildDataset({ items, clients: Math.max(50, Math.floor(items / 100)), coaches: 20, now: NOW }));
    datasets.set(items, dir);
  }
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

function sheetCalls(rt: Runtime): number {
  let n = 0;
  for (const [key, count] of rt.host.calls) if (key.startsWith('sheets.')) n += count;
  return n;
}

function open(dataDir: string, codeFile = CODE, mailQuota = 100): Runtime {
  return new Runtime({ dataDir, codeFile, webAppUrl: 'http://127.0.0.1:8787/exec', now: NOW, mailQuota, workers: 0, log: () => {} });
}

/** Sheet service calls of one capture into a program of `items` action items. */
async function callsPerCapture(items: number): Promise<number> {
  const counts: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const rt = open(seeded(items));
    openWebApp(rt);
    const invite = inviteCoach(rt, 'Bench Admin', 'admin@example.org', 'admin');
    const decoded = decodeConnectionCode(invite.code);
    if (!decoded.ok) throw new Error(decoded.message);
    rt.host.calls.clear();
    const body = JSON.stringify({
      v: 1, op: 'capture', token: decoded.connection.token, captureId: `bench-${run}`,
      session: { clientId: 'cli_1', startedAt: '2026-11-24T15:00:00Z', notes: 'Bench notes' },
      actionItems: [{ text: 'One', due: '2026-12-01' }, { text: 'Two' }], debrief: [],
    });
    const answer = rt.callIn(rt.webApp, 'doPost', { postData: { contents: body, type: 'text/plain', length: body.length, name: 'postData' }, parameter: {}, parameters: {} }) as { content: string };
    if (!JSON.parse(answer.content).ok) throw new Error(answer.content);
    counts.push(sheetCalls(rt));
    await rt.close();
  }
  return median(counts);
}

interface ReminderFigures {
  calls: number;
  emails: number;
  recipients: number;
}

/** One reminder run (FollowThrough's runReminders, or the baseline's per-row script). */
async function reminderRun(items: number, baseline: boolean): Promise<ReminderFigures> {
  const figures: ReminderFigures[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = seeded(items);
    const rt = open(dataDir, baseline ? BASELINE : CODE, 20_000);
    if (!baseline) openWebApp(rt); // the deployment's /exec URL is known, as after `npm run deploy`
    rt.host.calls.clear();
    const result = rt.call(baseline ? 'sendReminders' : 'runReminders') as { sent?: number } | number;
    const emails = typeof result === 'number' ? result : result.sent ?? 0;
    const spool = join(dataDir, 'mail-spool');
    const recipients = new Set(readdirSync(spool).map((f) => (JSON.parse(readFileSync(join(spool, f), 'utf8')) as { message: { to: string } }).message.to)).size;
    figures.push({ calls: sheetCalls(rt), emails, recipients });
    rt.store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { calls: median(figures.map((f) => f.calls)), emails: median(figures.map((f) => f.emails)), recipients: median(figures.map((f) => f.recipients)) };
}

/** Rows of a tab as the planner sees them (Date objects for date cells). */
function rowsOf<T extends TabName>(data: WorkbookData, tab: T): Row<T>[] {
  const cells = data.sheets.find((s) => s.name === tab)!.cells;
  const header = columnsOf(tab) as string[];
  return cells.slice(1).map((line) => {
    const record: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const cell = line[i] as Cell | undefined;
      record[name] = cell === null || cell === undefined ? '' : typeof cell === 'object' && 'd' in cell ? new Date(cell.d) : cell;
    });
    return record as Row<T>;
  });
}

/** Sheet service calls of one refreshDashboard on a program of `items` action items. */
async function callsPerDashboard(items: number): Promise<number> {
  const counts: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = seeded(items);
    const rt = open(dataDir);
    rt.host.calls.clear();
    rt.call('refreshDashboard');
    counts.push(sheetCalls(rt));
    rt.store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return median(counts);
}

function metricsCpu(items: number): number {
  const data = buildDataset({ items, clients: Math.max(50, Math.floor(items / 100)), coaches: 20, now: NOW });
  const input = {
    now: NOW, timeZone: data.timeZone, coaches: rowsOf(data, 'Coaches'), clients: rowsOf(data, 'Clients'), goals: rowsOf(data, 'Goals'),
    sessions: rowsOf(data, 'Sessions'), items: rowsOf(data, 'ActionItems'), prep: rowsOf(data, 'Prep'),
    stageHistory: rowsOf(data, 'StageHistory'), packages: rowsOf(data, 'Packages'), milestones: rowsOf(data, 'Milestones'),
  };
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t = process.cpuUsage();
    computeMetrics(input);
    const used = process.cpuUsage(t);
    times.push((used.user + used.system) / 1000);
  }
  return median(times);
}

function planCpu(items: number): number {
  const data = buildDataset({ items, clients: Math.max(50, Math.floor(items / 100)), coaches: 20, now: NOW });
  const input = {
    now: NOW, timeZone: data.timeZone, settings: { ...DEFAULT_SETTINGS, quiet_days: [] },
    coaches: rowsOf(data, 'Coaches'), clients: rowsOf(data, 'Clients'), items: rowsOf(data, 'ActionItems'), sessions: rowsOf(data, 'Sessions'),
    sent: sentUnits([]),
  };
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t = process.cpuUsage();
    planReminders(input);
    const used = process.cpuUsage(t);
    times.push((used.user + used.system) / 1000);
  }
  return median(times);
}

/** Durable ingest through the real `serve` process: captures per second and p99 latency. */
async function ingest(): Promise<{ perSecond: number; p99: number }> {
  const perSecond: number[] = [];
  const p99s: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const data = tempDir();
    const bin = join(ROOT, 'bin', 'followthrough.mjs');
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Web app.*(http:\/\/127\.0\.0\.1:\d+\/exec)/.exec(out);
        if (m && out.includes('Press Ctrl+C')) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(out)));
    });
    const invite = await new Promise<string>((resolve) => {
      const c = spawn(process.execPath, [bin, 'invite', '--name', 'Bench', '--email', 'bench@example.org', '--role', 'admin', '--data', data], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      c.stdout.on('data', (b: Buffer) => (out += b.toString()));
      c.on('exit', () => resolve(out.trim().split('\n').at(-1)!));
    });
    const decoded = decodeConnectionCode(invite);
    if (!decoded.ok) throw new Error(decoded.message);
    const token = decoded.connection.token;
    const post = (body: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ ok: boolean; clientId?: string }>);
    const first = await post({ v: 1, op: 'capture', token, captureId: 'seed', session: { newClient: { name: 'Bench client' }, startedAt: '2026-11-24' } });
    const total = 300;
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        const answer = await post({ v: 1, op: 'capture', token, captureId: `c${i}`, session: { clientId: first.clientId, startedAt: '2026-11-24T15:00:00Z', notes: `n${i}` }, actionItems: [{ text: `item ${i}` }] });
        if (!answer.ok) throw new Error(JSON.stringify(answer));
        latencies.push(performance.now() - t);
      }
    }));
    perSecond.push(total / ((performance.now() - started) / 1000));
    p99s.push(percentile(latencies, 99));
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(data, { recursive: true, force: true });
  }
  return { perSecond: median(perSecond), p99: median(p99s) };
}

function panelGzipBytes(): number | null {
  const dir = join(ROOT, '.output', 'chrome-mv3');
  const html = join(dir, 'sidepanel.html');
  if (!existsSync(html)) return null;
  const text = readFileSync(html, 'utf8');
  const assets = [...text.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  return assets.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0);
}

function contentScriptGzipBytes(name: string): number | null {
  const file = join(ROOT, '.output', 'chrome-mv3', 'content-scripts', `${name}.js`);
  return existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : null;
}

async function main(): Promise<void> {
  await buildAppsScript();
  results.panel_gzip_bytes = panelGzipBytes();
  results.meet_content_gzip_bytes = contentScriptGzipBytes('meet');
  results.panel_interactive_ms_median = null;
  results.save_ack_ms_p95 = null;
  results.save_to_row_ms_p95 = null;
  results.caption_overhead_percent = null;


  const ingested = await ingest();
  results.ingest_per_s = round(ingested.perSecond);
  results.ingest_ms_p99 = round(ingested.p99);
  if (ONLY === 'ingest') {
    // `BENCH_ONLY=ingest`: this figure alone, printed, results.json left as it is.
    console.log(`durable ingest, median of ${RUNS} runs: ${results.ingest_per_s} captures/s, p99 ${results.ingest_ms_p99} ms`);
    return;
  }

  results.calls_per_capture_1k = await callsPerCapture(1_000);
  results.calls_per_capture_100k = await callsPerCapture(100_000);

  const r1k = await reminderRun(1_000, false);
  const r100k = await reminderRun(100_000, false);
  const b100k = await reminderRun(100_000, true);
  results.calls_per_reminder_run_1k = r1k.calls;
  results.calls_per_reminder_run_100k = r100k.calls;
  results.baseline_calls_per_reminder_run_100k = b100k.calls;
  results.emails_per_reminder_run_100k = r100k.emails;
  results.recipients_100k = r100k.recipients;
  results.baseline_emails_per_reminder_run_100k = b100k.emails;
  results.calls_per_dashboard_1k = await callsPerDashboard(1_000);
  results.calls_per_dashboard_100k = await callsPerDashboard(100_000);
  results.plan_cpu_ms_100k = round(planCpu(100_000));
  results.metrics_cpu_ms_100k = round(metricsCpu(100_000));

  // The browser figures come from their own scripts, which merge their keys into results.json.
  const file = join(import.meta.dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify({ ...results, runs: RUNS }, null, 2)}\n`);
  for (const script of ['panel.ts', 'calls.ts']) {
    if (!existsSync(join(import.meta.dirname, script))) continue;
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), String(RUNS)], { stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/${script} failed (${code})`))));
    });
  }
  Object.assign(results, JSON.parse(readFileSync(file, 'utf8')) as Results);

  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? `${round(b / a)}×` : '');
  const rows: Array<[string, number | null | undefined, string]> = [
    ['panel JS+CSS gzip (bytes)', results.panel_gzip_bytes, 'what sidepanel.html loads'],
    ['panel open → interactive, median (ms)', results.panel_interactive_ms_median, ''],
    ['Save → acknowledged, p95 (ms)', results.save_ack_ms_p95, 'the panel’s enqueue'],
    ['Save → row in the local runtime, p95 (ms)', results.save_to_row_ms_p95, ''],
    ['Meet content script gzip (bytes)', results.meet_content_gzip_bytes, `Zoom ${results.zoom_content_gzip_bytes}, Teams ${results.teams_content_gzip_bytes}`],
    ['caption buffer, 2 h call: µs per update early → late', results.caption_buffer_update_us_late_2h, `early ${results.caption_buffer_update_us_early_2h}; ${results.caption_buffer_lines_held_2h} lines held`],
    ['2 h captions in Chromium: heap growth 1st → last quarter (KB)', results.caption_2h_heap_growth_kb, `without the extension ${results.caption_2h_heap_growth_kb_without}; ${results.caption_2h_lines_held} lines held`],
    ['2 h captions in Chromium: script ms, last quarter', results.caption_2h_script_ms_last_quarter, `first quarter ${results.caption_2h_script_ms_first_quarter}; without the extension ${results.caption_2h_script_ms_last_quarter_without}`],
    ['main-thread overhead, 10 captions/s for 60 s (%)', results.caption_overhead_percent, 'vs the same page without the extension'],
    ['local runtime durable ingest (captures/s)', results.ingest_per_s, '16 clients, fsync per group commit'],
    ['local runtime ingest p99 (ms)', results.ingest_ms_p99, ''],
    ['sheet calls per capture, 1k rows', results.calls_per_capture_1k, ''],
    ['sheet calls per capture, 100k rows', results.calls_per_capture_100k, ''],
    ['sheet calls per reminder run, 1k items', results.calls_per_reminder_run_1k, ''],
    ['sheet calls per reminder run, 100k items', results.calls_per_reminder_run_100k, `baseline ${results.baseline_calls_per_reminder_run_100k}, ${ratio(results.calls_per_reminder_run_100k, results.baseline_calls_per_reminder_run_100k)} fewer`],
    ['emails per reminder run, 100k items', results.emails_per_reminder_run_100k, `${results.recipients_100k} recipients; baseline ${results.baseline_emails_per_reminder_run_100k}, ${ratio(results.emails_per_reminder_run_100k, results.baseline_emails_per_reminder_run_100k)} fewer`],
    ['sheet calls per dashboard refresh, 1k items', results.calls_per_dashboard_1k, ''],
    ['sheet calls per dashboard refresh, 100k items', results.calls_per_dashboard_100k, ''],
    ['planning CPU, 100k items (ms)', results.plan_cpu_ms_100k, ''],
    ['metrics CPU, 100k items (ms)', results.metrics_cpu_ms_100k, 'client, coach and program figures'],
  ];
  console.log(`FollowThrough bench — medians of ${RUNS} runs (${new Date().toISOString()})`);
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${String(value ?? 'n/a').padStart(9)}  ${note}`);
  writeFileSync(file, `${JSON.stringify({ ...results, runs: RUNS }, null, 2)}\n`);
  for (const dir of datasets.values()) rmSync(dir, { recursive: true, force: true });
}

await main();
