// `npm run bench`: measures FollowThrough side by side with baselines, at least 5 runs each, and
// prints one table and writes bench/results.json (PRODUCT.md, "Bench results"). Figures not yet
// measurable are null. Every run starts from the same seeded data.
//
// The bench always ends: every figure is a named step with a time bound; a step that fails or runs
// out of time is reported by name, its figures stay null, and the others are still measured and
// written (results.json is rewritten after every step, so even a killed run leaves what it had).
//
// Today's approach beside the old one, in the same run: the add-on as it was before keyed access
// (BASELINE_COMMIT, which read whole tables to find a few rows) is rebuilt from git into
// bench/.baseline/ and measured on the same data as the current bundle.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeConnectionCode } from '../shared/connection';
import { computeMetrics } from '../shared/metrics';
import { planReminders, sentUnits } from '../shared/reminders';
import { columnsOf, type Row, type TabName } from '../shared/schema';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { buildAppsScript } from '../apps-script/build';
import { openWebApp } from '../local/editor';
import { Runtime, unwrap } from '../local/runtime';
import type { Cell, WorkbookData } from '../local/workbook/workbook';
import { BENCH_COACH, buildDataset, writeDataset, type DatasetOptions } from './dataset';

const ROOT = join(import.meta.dirname, '..');
const CODE = join(ROOT, 'dist', 'apps-script', 'Code.js');
const BASELINE = join(import.meta.dirname, 'fixtures', 'mail-merge-baseline', 'Code.js');
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));
/** The last commit whose add-on read whole tables in capture and sync (the baseline of keyed access). */
const BASELINE_COMMIT = 'bdff334';
const BASELINE_DIR = join(import.meta.dirname, '.baseline');
const BASELINE_CODE = join(BASELINE_DIR, 'dist', 'apps-script', 'Code.js');
const RESULTS_FILE = join(import.meta.dirname, 'results.json');
// Tuesday 24 November 2026, 07:00 in New York: a working day.
const NOW = new Date('2026-11-24T12:00:00Z');

type Results = Record<string, number | null>;
const results: Results = {};
const failures: string[] = [];

function save(): void {
  // A partial run (BENCH_ONLY) prints its figures and leaves results.json as the last full run wrote it.
  if (ONLY.length) return;
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...results, runs: RUNS, failed_steps: failures }, null, 2)}\n`);
}

/**
 * BENCH_ONLY=word,word runs only the steps whose names hold one of the words (for working on the bench,
 * or `BENCH_ONLY=ingest` for before/after runs of store changes: the whole bench is slow).
 */
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((w) => w.trim())
  .filter(Boolean);

/**
 * One named step: its keys start null; it sets them when it succeeds. A failure (or a time-out, for
 * steps that run a child process) is printed with the step's name and the run goes on.
 */

async function step(name: string, keys: string[], fn: () => Promise<void> | void): Promise<void> {
  for (const key of keys) results[key] ??= null;
  if (ONLY.length && !ONLY.some((w) => name.includes(w))) return;
  const started = performance.now();
  process.stdout.write(`bench: ${name}…\n`);
  try {
    await fn();
    process.stdout.write(`bench: ${name} done in ${round((performance.now() - started) / 1000)} s\n`);
  } catch (err) {
    for (const key of keys) results[key] = null;
    failures.push(name);
    process.stdout.write(
      `bench: step "${name}" FAILED after ${round((performance.now() - started) / 1000)} s: ${(err as Error)?.message ?? String(err)}\n`,
    );
  }
  save();
}

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

function datasetOptions(items: number): DatasetOptions {
  // 500k items at one session per 5 items would pass Google's 10 million cells; a tenth keeps it inside.
  return {
    items,
    clients: Math.max(50, Math.floor(items / 100)),
    coaches: 20,
    now: NOW,
    ...(items > 200_000 ? { sessionsPerItem: 1 / 10 } : {}),
  };
}

const datasets = new Map<number, string>();
/** A data dir holding the seeded program with `items` action items (built once, copied per run). */
function seeded(items: number): string {
  let dir = datasets.get(items);
  if (!dir) {
    dir = tempDir();
    const data = buildDataset(datasetOptions(items));
    const cells = data.sheets.reduce((n, sh) => n + sh.maxRows * sh.maxColumns, 0);
    if (cells > 10_000_000) throw new Error(`The ${items}-item data set needs ${cells} cells, over Google's 10,000,000.`);
    writeDataset(dir, data);
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

/** Ends a runtime of a measured run without writing its snapshot back (the dir is thrown away). */
function discard(rt: Runtime, dataDir: string): void {
  rt.store.close = () => undefined;
  rmSync(dataDir, { recursive: true, force: true });
}

/** Rebuilds the add-on of BASELINE_COMMIT from git into bench/.baseline (its own build script). */
function buildBaseline(): void {
  rmSync(BASELINE_DIR, { recursive: true, force: true });
  mkdirSync(BASELINE_DIR, { recursive: true });
  const tar = execFileSync('git', ['archive', '--format=tar', BASELINE_COMMIT, 'apps-script', 'shared', 'package.json'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', BASELINE_DIR], { input: tar });
  execFileSync(process.execPath, ['--import', 'tsx', join(BASELINE_DIR, 'apps-script', 'build.ts')], {
    cwd: ROOT,
    stdio: 'ignore',
    timeout: 120_000,
  });
  if (!existsSync(BASELINE_CODE)) throw new Error('The baseline bundle was not built.');
}

function doPostEvent(body: object) {
  const contents = JSON.stringify(body);
  return { postData: { contents, type: 'text/plain', length: contents.length, name: 'postData' }, parameter: {}, parameters: {} };
}

interface OpFigures {
  /** Cells transferred (read + written). */
  cells: number;
  scanned: number;
  /** CPU time of the execution: the bundle and the host run in this one thread (workers: 0). */
  ms: number;
  /** Wall time of the same execution, which on this shared machine also measures the neighbours. */
  wallMs: number;
  calls: number;
}

/**
 * The bench coach's capture (an existing client, two new items, one item debriefed) or sync, on a
 * program of `items` action items, run by `code`: medians over RUNS, after one warm-up execution.
 */
function coachOp(items: number, code: string, op: 'capture' | 'sync'): OpFigures {
  const dataDir = seeded(items);
  const rt = open(dataDir, code);
  const figures: OpFigures[] = [];
  try {
    for (let run = -1; run < RUNS; run++) {
      const body =
        op === 'sync'
          ? { v: 1, op: 'sync', token: BENCH_COACH.token }
          : {
              v: 1,
              op: 'capture',
              token: BENCH_COACH.token,
              captureId: `bench-${run}`,
              session: { clientId: 'cli_bench_0', startedAt: '2026-11-24T15:00:00Z', notes: 'Bench notes' },
              actionItems: [{ text: 'One', due: '2026-12-01' }, { text: 'Two' }],
              debrief: [{ itemId: 'itm_bench_0_0', status: run % 2 ? 'done' : 'in_progress' }],
            };
      rt.host.calls.clear();
      const started = performance.now();
      const cpu = process.cpuUsage();
      // doPost runs as the web app (Execute as: Me), as Apps Script runs it for /exec.
      const invocation = rt.invokeIn(rt.webApp, 'doPost', doPostEvent(body));
      const used = process.cpuUsage(cpu);
      const ms = (used.user + used.system) / 1000;
      const wallMs = performance.now() - started;
      const answer = JSON.parse((unwrap(invocation.value) as { content: string }).content) as { ok: boolean; openItems?: unknown[] };
      if (!answer.ok) throw new Error(JSON.stringify(answer));
      if (op === 'sync' && !answer.openItems?.length) throw new Error("The bench coach's sync answered no open items.");
      if (run >= 0)
        figures.push({
          cells: invocation.cells.read + invocation.cells.written,
          scanned: invocation.cells.scanned,
          ms,
          wallMs,
          calls: sheetCalls(rt),
        });
    }
  } finally {
    discard(rt, dataDir);
  }
  return {
    cells: median(figures.map((f) => f.cells)),
    scanned: median(figures.map((f) => f.scanned)),
    ms: round(median(figures.map((f) => f.ms))),
    wallMs: round(median(figures.map((f) => f.wallMs))),
    calls: median(figures.map((f) => f.calls)),
  };
}

interface ReminderFigures {
  calls: number;
  emails: number;
  recipients: number;
  ms: number;
  cells: number;
}

/** One reminder run (FollowThrough's runReminders, or the baseline's per-row script). */
async function reminderRun(items: number, baseline: boolean): Promise<ReminderFigures> {
  const figures: ReminderFigures[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = seeded(items);
    const rt = open(dataDir, baseline ? BASELINE : CODE, 20_000);
    if (!baseline) openWebApp(rt); // the deployment's /exec URL is known, as after `npm run deploy`
    rt.host.calls.clear();
    const started = performance.now();
    const invocation = rt.invoke(baseline ? 'sendReminders' : 'runReminders');
    const ms = performance.now() - started;
    const result = unwrap(invocation.value) as { sent?: number } | number;
    const emails = typeof result === 'number' ? result : (result.sent ?? 0);
    const spool = join(dataDir, 'mail-spool');
    const recipients = new Set(
      readdirSync(spool).map((f) => (JSON.parse(readFileSync(join(spool, f), 'utf8')) as { message: { to: string } }).message.to),
    ).size;
    figures.push({ calls: sheetCalls(rt), emails, recipients, ms, cells: invocation.cells.read + invocation.cells.written });
    discard(rt, dataDir);
  }
  const m = (k: keyof ReminderFigures) => median(figures.map((f) => f[k]));
  return { calls: m('calls'), emails: m('emails'), recipients: m('recipients'), ms: round(m('ms')), cells: m('cells') };
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

/** Sheet service calls and time of one refreshDashboard on a program of `items` action items. */
async function dashboardRun(items: number): Promise<{ calls: number; ms: number }> {
  const counts: number[] = [];
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = seeded(items);
    const rt = open(dataDir);
    rt.host.calls.clear();
    const started = performance.now();
    rt.call('refreshDashboard');
    times.push(performance.now() - started);
    counts.push(sheetCalls(rt));
    discard(rt, dataDir);
  }
  return { calls: median(counts), ms: round(median(times)) };
}

function metricsCpu(items: number): number {
  const data = buildDataset({ items, clients: Math.max(50, Math.floor(items / 100)), coaches: 20, now: NOW });
  const input = {
    now: NOW,
    timeZone: data.timeZone,
    coaches: rowsOf(data, 'Coaches'),
    clients: rowsOf(data, 'Clients'),
    goals: rowsOf(data, 'Goals'),
    sessions: rowsOf(data, 'Sessions'),
    items: rowsOf(data, 'ActionItems'),
    prep: rowsOf(data, 'Prep'),
    stageHistory: rowsOf(data, 'StageHistory'),
    packages: rowsOf(data, 'Packages'),
    milestones: rowsOf(data, 'Milestones'),
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
    now: NOW,
    timeZone: data.timeZone,
    settings: { ...DEFAULT_SETTINGS, quiet_days: [] },
    coaches: rowsOf(data, 'Coaches'),
    clients: rowsOf(data, 'Clients'),
    items: rowsOf(data, 'ActionItems'),
    sessions: rowsOf(data, 'Sessions'),
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

/** Rejects when `promise` has not settled within `ms`, naming what was waited for. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Durable ingest through the real `serve` process: captures per second and p99 latency. */
async function ingest(): Promise<{ perSecond: number; p99: number }> {
  const perSecond: number[] = [];
  const p99s: number[] = [];
  const bin = join(ROOT, 'bin', 'followthrough.mjs');
  for (let run = 0; run < RUNS; run++) {
    const data = tempDir();
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await within(
        new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            const m = /Web app.*(http:\/\/127\.0\.0\.1:\d+\/exec)/.exec(out);
            if (m && out.includes('Press Ctrl+C')) resolve(m[1]!);
          });
          child.on('exit', () => reject(new Error(out)));
        }),
        60_000,
        'serve starting',
      );
      const invite = await within(
        new Promise<string>((resolve) => {
          const c = spawn(
            process.execPath,
            [bin, 'invite', '--name', 'Bench', '--email', 'bench@example.org', '--role', 'admin', '--data', data],
            { stdio: ['ignore', 'pipe', 'inherit'], timeout: 60_000 },
          );
          let out = '';
          c.stdout.on('data', (b: Buffer) => (out += b.toString()));
          c.on('exit', () => resolve(out.trim().split('\n').at(-1)!));
        }),
        60_000,
        'invite',
      );
      const decoded = decodeConnectionCode(invite);
      if (!decoded.ok) throw new Error(decoded.message);
      const token = decoded.connection.token;
      const post = (body: object) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        }).then((r) => r.json() as Promise<{ ok: boolean; clientId?: string }>);
      const first = await post({
        v: 1,
        op: 'capture',
        token,
        captureId: 'seed',
        session: { newClient: { name: 'Bench client' }, startedAt: '2026-11-24' },
      });
      const total = 300;
      const latencies: number[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < total) {
            const i = next++;
            const t = performance.now();
            const answer = await post({
              v: 1,
              op: 'capture',
              token,
              captureId: `c${i}`,
              session: { clientId: first.clientId, startedAt: '2026-11-24T15:00:00Z', notes: `n${i}` },
              actionItems: [{ text: `item ${i}` }],
            });
            if (!answer.ok) throw new Error(JSON.stringify(answer));
            latencies.push(performance.now() - t);
          }
        }),
      );
      perSecond.push(total / ((performance.now() - started) / 1000));
      p99s.push(percentile(latencies, 99));
    } finally {
      child.kill('SIGTERM');
      await within(new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r))), 30_000, 'serve stopping').catch(() =>
        child.kill('SIGKILL'),
      );
      rmSync(data, { recursive: true, force: true });
    }
  }
  return { perSecond: median(perSecond), p99: median(p99s) };
}

/** Runs a browser bench script in its own process, killed if it outlives `ms`; it merges its keys into results.json. */
async function childScript(script: string, ms: number): Promise<void> {
  save();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), String(RUNS)], { stdio: 'inherit' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench/${script} did not finish within ${ms / 60_000} min and was stopped`));
    }, ms);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`bench/${script} failed (${code ?? signal})`));
    });
  });
  const merged = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results;
  for (const [k, v] of Object.entries(merged)) if (k !== 'failed_steps' && k !== 'runs') results[k] = v;
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

const ratioText = (a: number | null | undefined, b: number | null | undefined) => (a && b ? `${round(b / a)}×` : 'n/a');

async function main(): Promise<void> {
  // Every key of PRODUCT.md starts null: a figure that is not measured says so.
  for (const key of [
    'panel_gzip_bytes',
    'meet_content_gzip_bytes',
    'panel_interactive_ms_median',
    'save_ack_ms_p95',
    'save_ack_confidential_ms_p95',
    'save_to_row_ms_p95',
    'ingest_per_s',
    'ingest_ms_p99',
    'calls_per_capture_1k',
    'calls_per_capture_100k',
    'calls_per_reminder_run_1k',
    'calls_per_reminder_run_100k',
    'baseline_calls_per_reminder_run_100k',
    'emails_per_reminder_run_100k',
    'recipients_100k',
    'calls_per_dashboard_1k',
    'calls_per_dashboard_100k',
    'plan_cpu_ms_100k',
    'metrics_cpu_ms_100k',
    'cells_per_capture_1k',
    'cells_per_capture_100k',
    'capture_ms_1k',
    'capture_ms_100k',
    'cells_per_sync_1k',
    'cells_per_sync_100k',
    'cells_scanned_per_capture_100k',
    'emails_per_reminder_run_1k',
    'calls_per_email_reminder_run_100k',
    'baseline_calls_per_email_reminder_run_100k',
  ])
    results[key] = null;
  save();

  // `npm run bench` has just built everything; BENCH_NO_BUILD=1 measures the bundle already in dist/.
  if (!process.env.BENCH_NO_BUILD) await step('build the Apps Script bundle', [], () => buildAppsScript().then(() => undefined));
  await step('sizes of the panel and the Meet content script', ['panel_gzip_bytes', 'meet_content_gzip_bytes'], () => {
    results.panel_gzip_bytes = panelGzipBytes();
    results.meet_content_gzip_bytes = contentScriptGzipBytes('meet');
  });
  await step(`rebuild the baseline add-on (${BASELINE_COMMIT}, whole-table reads)`, [], buildBaseline);

  // One coach's capture and sync as the program grows: keyed access beside the whole-table baseline.
  for (const size of [1_000, 100_000]) {
    const k = size === 1_000 ? '1k' : '100k';
    await step(
      `capture, ${k} items`,
      [`cells_per_capture_${k}`, `capture_ms_${k}`, `calls_per_capture_${k}`, `cells_scanned_per_capture_${k}`],
      () => {
        const f = coachOp(size, CODE, 'capture');
        Object.assign(results, {
          [`cells_per_capture_${k}`]: f.cells,
          [`capture_ms_${k}`]: f.ms,
          [`capture_wall_ms_${k}`]: f.wallMs,
          [`calls_per_capture_${k}`]: f.calls,
          [`cells_scanned_per_capture_${k}`]: f.scanned,
        });
      },
    );
    await step(`sync, ${k} items`, [`cells_per_sync_${k}`, `sync_ms_${k}`, `cells_scanned_per_sync_${k}`], () => {
      const f = coachOp(size, CODE, 'sync');
      Object.assign(results, {
        [`cells_per_sync_${k}`]: f.cells,
        [`sync_ms_${k}`]: f.ms,
        [`sync_wall_ms_${k}`]: f.wallMs,
        [`cells_scanned_per_sync_${k}`]: f.scanned,
      });
    });
    await step(`baseline capture, ${k} items`, [`baseline_cells_per_capture_${k}`, `baseline_capture_ms_${k}`], () => {
      if (!existsSync(BASELINE_CODE)) throw new Error('no baseline bundle');
      const f = coachOp(size, BASELINE_CODE, 'capture');
      Object.assign(results, {
        [`baseline_cells_per_capture_${k}`]: f.cells,
        [`baseline_capture_ms_${k}`]: f.ms,
        [`baseline_capture_wall_ms_${k}`]: f.wallMs,
      });
    });
    await step(`baseline sync, ${k} items`, [`baseline_cells_per_sync_${k}`, `baseline_sync_ms_${k}`], () => {
      if (!existsSync(BASELINE_CODE)) throw new Error('no baseline bundle');
      const f = coachOp(size, BASELINE_CODE, 'sync');
      Object.assign(results, {
        [`baseline_cells_per_sync_${k}`]: f.cells,
        [`baseline_sync_ms_${k}`]: f.ms,
        [`baseline_sync_wall_ms_${k}`]: f.wallMs,
      });
    });
  }

  await step(
    'reminder runs, 1k and 100k items, and the per-row baseline',
    [
      'calls_per_reminder_run_1k',
      'calls_per_reminder_run_100k',
      'baseline_calls_per_reminder_run_100k',
      'emails_per_reminder_run_1k',
      'emails_per_reminder_run_100k',
      'recipients_100k',
      'baseline_emails_per_reminder_run_100k',
      'reminder_run_ms_100k',
      'cells_per_reminder_run_100k',
      'calls_per_email_reminder_run_100k',
      'baseline_calls_per_email_reminder_run_100k',
    ],
    async () => {
      const r1k = await reminderRun(1_000, false);
      const r100k = await reminderRun(100_000, false);
      const b100k = await reminderRun(100_000, true);
      Object.assign(results, {
        calls_per_reminder_run_1k: r1k.calls,
        calls_per_reminder_run_100k: r100k.calls,
        baseline_calls_per_reminder_run_100k: b100k.calls,
        emails_per_reminder_run_1k: r1k.emails,
        emails_per_reminder_run_100k: r100k.emails,
        recipients_100k: r100k.recipients,
        baseline_emails_per_reminder_run_100k: b100k.emails,
        reminder_run_ms_100k: r100k.ms,
        cells_per_reminder_run_100k: r100k.cells,
        // Sending logs each email (pending, then sent): sheet calls grow with emails, not items. Per email,
        // side by side with the per-row baseline (one email and one status write per row).
        calls_per_email_reminder_run_100k: r100k.emails ? round(r100k.calls / r100k.emails, 2) : null,
        baseline_calls_per_email_reminder_run_100k: b100k.emails ? round(b100k.calls / b100k.emails, 2) : null,
      });
    },
  );
  await step(
    'dashboard refresh, 1k and 100k items',
    ['calls_per_dashboard_1k', 'calls_per_dashboard_100k', 'dashboard_ms_100k'],
    async () => {
      const d1k = await dashboardRun(1_000);
      const d100k = await dashboardRun(100_000);
      Object.assign(results, { calls_per_dashboard_1k: d1k.calls, calls_per_dashboard_100k: d100k.calls, dashboard_ms_100k: d100k.ms });
    },
  );
  for (const dir of [datasets.get(1_000), datasets.get(100_000)]) if (dir) rmSync(dir, { recursive: true, force: true });
  datasets.clear();
  await step(
    'reminder run and dashboard refresh, 500k items',
    ['reminder_run_ms_500k', 'dashboard_ms_500k', 'grid_cells_500k'],
    async () => {
      const data = buildDataset(datasetOptions(500_000));
      results.grid_cells_500k = data.sheets.reduce((n, sh) => n + sh.maxRows * sh.maxColumns, 0);
      results.reminder_run_ms_500k = (await reminderRun(500_000, false)).ms;
      results.dashboard_ms_500k = (await dashboardRun(500_000)).ms;
    },
  );
  await step('planning and metrics CPU, 100k items', ['plan_cpu_ms_100k', 'metrics_cpu_ms_100k'], () => {
    results.plan_cpu_ms_100k = round(planCpu(100_000));
    results.metrics_cpu_ms_100k = round(metricsCpu(100_000));
  });
  await step('durable ingest through serve', ['ingest_per_s', 'ingest_ms_p99'], async () => {
    const ingested = await ingest();
    results.ingest_per_s = round(ingested.perSecond);
    results.ingest_ms_p99 = round(ingested.p99);
  });

  // The browser figures come from their own processes, bounded in time, which merge their keys into results.json.
  await step(
    'panel in Chromium (bench/panel.ts)',
    ['panel_interactive_ms_median', 'save_ack_ms_p95', 'save_ack_confidential_ms_p95', 'save_to_row_ms_p95'],
    () => childScript('panel.ts', 10 * 60_000),
  );
  await step(
    'call page in Chromium (bench/calls.ts)',
    [
      'caption_overhead_percent',
      'caption_overhead_spread_points',
      'caption_overhead_range_points',
      'caption_overhead_pairs',
      'caption_added_ms_per_min',
      'caption_script_added_ms_per_min',
    ],
    () => childScript('calls.ts', 22 * 60_000),
  );

  const r = results;
  const rows: Array<[string, number | null | undefined, string]> = [
    ['panel JS+CSS gzip (bytes)', r.panel_gzip_bytes, 'what sidepanel.html loads'],
    ['panel open → interactive, median (ms)', r.panel_interactive_ms_median, ''],
    ['Save → acknowledged, p95 (ms)', r.save_ack_ms_p95, 'the panel’s enqueue'],
    [
      'Save → acknowledged, confidential, p95 (ms)',
      r.save_ack_confidential_ms_p95,
      'notes encrypted first; same run, alternating with plain saves',
    ],
    ['Save → row in the local runtime, p95 (ms)', r.save_to_row_ms_p95, ''],
    [
      'Meet content script gzip (bytes)',
      r.meet_content_gzip_bytes,
      `Zoom ${r.zoom_content_gzip_bytes ?? 'n/a'}, Teams ${r.teams_content_gzip_bytes ?? 'n/a'}`,
    ],
    [
      'caption buffer, 2 h call: µs per update early → late',
      r.caption_buffer_update_us_late_2h,
      `early ${r.caption_buffer_update_us_early_2h ?? 'n/a'}; ${r.caption_buffer_lines_held_2h ?? 'n/a'} lines held`,
    ],
    [
      '2 h captions in Chromium: heap growth 1st → last quarter (KB)',
      r.caption_2h_heap_growth_kb,
      `without the extension ${r.caption_2h_heap_growth_kb_without ?? 'n/a'}; ${r.caption_2h_lines_held ?? 'n/a'} lines held`,
    ],
    [
      '2 h captions in Chromium: script ms, last quarter',
      r.caption_2h_script_ms_last_quarter,
      `first quarter ${r.caption_2h_script_ms_first_quarter ?? 'n/a'}; without the extension ${r.caption_2h_script_ms_last_quarter_without ?? 'n/a'}`,
    ],
    [
      'main-thread overhead, 10 captions/s (%)',
      r.caption_overhead_percent,
      `median of ${r.caption_overhead_pairs ?? 'n/a'} paired runs; interquartile spread ${r.caption_overhead_spread_points ?? 'n/a'} points (range ${r.caption_overhead_range_points ?? 'n/a'}); +${r.caption_added_ms_per_min ?? 'n/a'} ms a minute (script +${r.caption_script_added_ms_per_min ?? 'n/a'})`,
    ],
    ['local runtime durable ingest (captures/s)', r.ingest_per_s, '16 clients, fsync per group commit'],
    ['local runtime ingest p99 (ms)', r.ingest_ms_p99, ''],
    ['cells per capture, 1k items', r.cells_per_capture_1k, `baseline ${r.baseline_cells_per_capture_1k ?? 'n/a'}`],
    [
      'cells per capture, 100k items',
      r.cells_per_capture_100k,
      `baseline ${r.baseline_cells_per_capture_100k ?? 'n/a'}; 100k/1k ${ratioText(r.cells_per_capture_1k, r.cells_per_capture_100k)} (baseline ${ratioText(r.baseline_cells_per_capture_1k, r.baseline_cells_per_capture_100k)})`,
    ],
    ['cells scanned per capture, 100k items', r.cells_scanned_per_capture_100k, 'TextFinder on key columns, server-side'],
    [
      'capture CPU, 1k items (ms)',
      r.capture_ms_1k,
      `baseline ${r.baseline_capture_ms_1k ?? 'n/a'}; wall ${r.capture_wall_ms_1k ?? 'n/a'} (baseline ${r.baseline_capture_wall_ms_1k ?? 'n/a'})`,
    ],
    [
      'capture CPU, 100k items (ms)',
      r.capture_ms_100k,
      `baseline ${r.baseline_capture_ms_100k ?? 'n/a'}; 100k/1k ${ratioText(r.capture_ms_1k, r.capture_ms_100k)} (baseline ${ratioText(r.baseline_capture_ms_1k, r.baseline_capture_ms_100k)})`,
    ],
    ['sheet calls per capture, 1k / 100k', r.calls_per_capture_1k, `${r.calls_per_capture_100k ?? 'n/a'} at 100k`],
    ['cells per coach sync, 1k items', r.cells_per_sync_1k, `baseline ${r.baseline_cells_per_sync_1k ?? 'n/a'}`],
    [
      'cells per coach sync, 100k items',
      r.cells_per_sync_100k,
      `baseline ${r.baseline_cells_per_sync_100k ?? 'n/a'}; 100k/1k ${ratioText(r.cells_per_sync_1k, r.cells_per_sync_100k)}`,
    ],
    [
      'coach sync CPU, 1k items (ms)',
      r.sync_ms_1k,
      `baseline ${r.baseline_sync_ms_1k ?? 'n/a'}; wall ${r.sync_wall_ms_1k ?? 'n/a'} (baseline ${r.baseline_sync_wall_ms_1k ?? 'n/a'})`,
    ],
    [
      'coach sync CPU, 100k items (ms)',
      r.sync_ms_100k,
      `baseline ${r.baseline_sync_ms_100k ?? 'n/a'}; 100k/1k ${ratioText(r.sync_ms_1k, r.sync_ms_100k)} (baseline ${ratioText(r.baseline_sync_ms_1k, r.baseline_sync_ms_100k)})`,
    ],
    ['sheet calls per reminder run, 1k items', r.calls_per_reminder_run_1k, ''],
    [
      'sheet calls per reminder run, 100k items',
      r.calls_per_reminder_run_100k,
      `baseline ${r.baseline_calls_per_reminder_run_100k ?? 'n/a'}, ${ratioText(r.calls_per_reminder_run_100k, r.baseline_calls_per_reminder_run_100k)} fewer`,
    ],
    [
      'sheet calls per email, reminder run 100k items',
      r.calls_per_email_reminder_run_100k,
      `baseline ${r.baseline_calls_per_email_reminder_run_100k ?? 'n/a'} (a status write per row)`,
    ],
    ['emails per reminder run, 1k items', r.emails_per_reminder_run_1k, ''],
    [
      'emails per reminder run, 100k items',
      r.emails_per_reminder_run_100k,
      `${r.recipients_100k ?? 'n/a'} recipients; baseline ${r.baseline_emails_per_reminder_run_100k ?? 'n/a'}`,
    ],
    [
      'reminder run, 100k / 500k items (ms)',
      r.reminder_run_ms_100k,
      `${r.reminder_run_ms_500k ?? 'n/a'} at 500k (${r.grid_cells_500k ?? 'n/a'} grid cells)`,
    ],
    ['sheet calls per dashboard refresh, 1k / 100k', r.calls_per_dashboard_1k, `${r.calls_per_dashboard_100k ?? 'n/a'} at 100k`],
    ['dashboard refresh, 100k / 500k items (ms)', r.dashboard_ms_100k, `${r.dashboard_ms_500k ?? 'n/a'} at 500k`],
    ['planning CPU, 100k items (ms)', r.plan_cpu_ms_100k, ''],
    ['metrics CPU, 100k items (ms)', r.metrics_cpu_ms_100k, 'client, coach and program figures'],
  ];
  console.log(`FollowThrough bench — medians of ${RUNS} runs (${new Date().toISOString()})`);
  const width = Math.max(...rows.map((row) => row[0].length));
  for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${String(value ?? 'n/a').padStart(9)}  ${note}`);
  if (failures.length) console.log(`Steps that failed (their figures are null): ${failures.join('; ')}`);
  save();
  for (const dir of datasets.values()) rmSync(dir, { recursive: true, force: true });
}

await main();
// Whatever a step left open (a runtime, a child), the bench ends when its figures are written.
process.exit(0);
