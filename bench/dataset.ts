// Synthetic programs for the bench: a data dir whose snapshot holds a set-up sheet with N action items
// spread over clients, coaches and sessions, written directly (fast) rather than through captures.
// Besides the 20 coaches whose caseloads grow with the program, one more coach — the bench coach —
// has the same small caseload at every size (BENCH_COACH): what one coach's capture and sync cost
// when the program around them grows. Their rows are spread through the tabs, as a year of captures
// would leave them, not gathered at the end.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { columnsOf, TAB_NAMES, type TabName } from '../shared/schema';
import type { Cell, SheetData, WorkbookData } from '../local/workbook/workbook';
import { seededRandom } from '../tests/helpers/rows';

export interface DatasetOptions {
  items: number;
  clients: number;
  coaches: number;
  /** The bench's clock: due dates spread around it. */
  now: Date;
  /** Share of items open (the rest done). */
  openShare?: number;
  /** Items' due dates fall within ± this many days of now. */
  spreadDays?: number;
  /** Sessions per action item (default 1/5). */
  sessionsPerItem?: number;
}

/** The bench coach: a token the bench can send, and a fixed caseload. */
export const BENCH_COACH = {
  coachId: 'coa_bench',
  token: 'ftk_bench0000000000000000000000000000000000000000000000000000000000',
  clients: 12,
  sessionsPerClient: 6,
  itemsPerSession: 3,
} as const;

/** What the add-on stores for a token (ids.ts hashToken: SHA-256 of its UTF-8, lowercase hex). */
function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const DAY = 86_400_000;

export function buildDataset(options: DatasetOptions): WorkbookData {
  const rnd = seededRandom(42); // every run measures the same data
  const now = options.now.getTime();
  const spread = options.spreadDays ?? 60;
  const openShare = options.openShare ?? 0.4;
  const rows: Partial<Record<TabName, Cell[][]>> = {};
  const table = (tab: TabName, records: Array<Record<string, Cell>>) => {
    rows[tab] = [columnsOf(tab) as string[], ...records.map((r) => (columnsOf(tab) as string[]).map((c) => r[c] ?? null))];
  };
  const date = (ms: number): Cell => ({ d: ms });

  const B = BENCH_COACH;
  const benchClients = Array.from({ length: B.clients }, (_, k) => ({
    client_id: `cli_bench_${k}`,
    name: `Bench client ${k}`,
    email: `bench.client${k}@example.org`,
    organization: 'Bench School',
    coach_id: B.coachId,
    stage: 'active',
    cadence_days: 14,
    next_session_at: date(now + (k % 14) * DAY),
    reminders: true,
    created_at: date(now - 300 * DAY),
    updated_at: date(now - 10 * DAY),
  }));
  const benchSessions = benchClients.flatMap((c, k) =>
    Array.from({ length: B.sessionsPerClient }, (_, j) => ({
      session_id: `ses_bench_${k}_${j}`,
      client_id: c.client_id,
      coach_id: B.coachId,
      kind: 'coaching',
      started_at: date(now - (B.sessionsPerClient - j) * 14 * DAY),
      duration_min: 45,
      source: 'manual',
      notes: `Bench session ${k}.${j}`,
      confidential: false,
      tags: '',
      capture_id: `cap_bench_${k}_${j}`,
      created_at: date(now - (B.sessionsPerClient - j) * 14 * DAY),
    })),
  );
  const benchItems = benchSessions.map((s, n) =>
    Array.from({ length: B.itemsPerSession }, (_, m) => {
      const open = (n + m) % 2 === 0;
      const due = now + ((n % 9) - 4) * DAY;
      return {
        item_id: `itm_bench_${n}_${m}`,
        session_id: s.session_id,
        client_id: s.client_id,
        owner: m === 0 ? 'coach' : 'client',
        text: `Bench commitment ${n}.${m}`,
        due_date: date(due - (due % DAY) + 5 * 3_600_000),
        status: open ? 'open' : 'done',
        created_at: date(due - 14 * DAY),
        updated_at: date(due - 7 * DAY),
        completed_at: open ? null : date(due - DAY),
        reminder_count: 0,
      };
    }),
  );
  /** Spreads `extra` rows evenly through `rows` (groups stay together: a capture's items are adjacent). */
  const interleave = (rowsOf: Array<Record<string, Cell>>, extra: Array<Array<Record<string, Cell>>>): Array<Record<string, Cell>> => {
    if (!extra.length) return rowsOf;
    const out: Array<Record<string, Cell>> = [];
    const step = rowsOf.length / extra.length;
    let next = 0;
    rowsOf.forEach((row, i) => {
      while (next < extra.length && i >= Math.floor(next * step)) out.push(...extra[next++]!);
      out.push(row);
    });
    while (next < extra.length) out.push(...extra[next++]!);
    return out;
  };

  table('Coaches', [
    ...Array.from({ length: options.coaches }, (_, i) => ({
      coach_id: `coa_${i}`,
      name: `Coach ${i}`,
      email: `coach${i}@example.org`,
      role: i === 0 ? 'leader' : 'coach',
      token_hash: `hash${i}`,
      active: true,
      created_at: date(now - 400 * DAY),
    })),
    {
      coach_id: B.coachId,
      name: 'Bench Coach',
      email: 'bench.coach@example.org',
      role: 'coach',
      token_hash: tokenHash(B.token),
      active: true,
      created_at: date(now - 400 * DAY),
    },
  ]);
  const packageEnds: number[] = [];
  table(
    'Clients',
    interleave(
      Array.from({ length: options.clients }, (_, i) => {
        const end = now + Math.floor(rnd() * 365) * DAY;
        packageEnds.push(end);
        return {
          client_id: `cli_${i}`,
          name: `Client ${i}`,
          email: `client${i}@example.org`,
          organization: `School ${i % 20}`,
          coach_id: `coa_${i % options.coaches}`,
          stage: 'active',
          cadence_days: i % 3 === 0 ? 7 : 14,
          package_start: date(end - 365 * DAY),
          package_end: date(end),
          next_session_at: date(now + Math.floor(rnd() * 14) * DAY),
          reminders: true,
          created_at: date(now - 300 * DAY),
          updated_at: date(now - 10 * DAY),
          stage_changed_at: date(now - 300 * DAY),
        };
      }),
      benchClients.map((c) => [c]),
    ),
  );
  // The engagement: each client's first stage and its active package.
  table(
    'StageHistory',
    Array.from({ length: options.clients }, (_, i) => ({
      change_id: `stg_${i}`,
      client_id: `cli_${i}`,
      coach_id: `coa_${i % options.coaches}`,
      to_stage: 'active',
      changed_at: date(now - 300 * DAY),
    })),
  );
  table(
    'Packages',
    Array.from({ length: options.clients }, (_, i) => ({
      package_id: `pkg_${i}`,
      client_id: `cli_${i}`,
      start_date: date(packageEnds[i]! - 365 * DAY),
      end_date: date(packageEnds[i]!),
      status: 'active',
      created_at: date(now - 300 * DAY),
      updated_at: date(now - 300 * DAY),
    })),
  );
  const sessions = Math.max(options.clients, Math.floor(options.items * (options.sessionsPerItem ?? 1 / 5)));
  table(
    'Sessions',
    interleave(
      Array.from({ length: sessions }, (_, i) => ({
        session_id: `ses_${i}`,
        client_id: `cli_${i % options.clients}`,
        coach_id: `coa_${(i % options.clients) % options.coaches}`,
        kind: 'coaching',
        started_at: date(now - Math.floor(rnd() * 120) * DAY - 3 * 3_600_000),
        duration_min: 45,
        source: 'manual',
        notes: `Session notes ${i}`,
        confidential: i % 10 === 0,
        tags: i % 25 === 0 ? '#win' : '',
        capture_id: `cap_${i}`,
        created_at: date(now - 120 * DAY),
      })),
      benchSessions.map((s) => [s]),
    ),
  );
  table(
    'ActionItems',
    interleave(
      Array.from({ length: options.items }, (_, i) => {
        const open = rnd() < openShare;
        const due = now + Math.floor((rnd() * 2 - 1) * spread) * DAY;
        return {
          item_id: `itm_${i}`,
          session_id: `ses_${i % sessions}`,
          client_id: `cli_${(i % sessions) % options.clients}`,
          owner: i % 4 === 0 ? 'coach' : 'client',
          text: `Commitment number ${i}`,
          due_date: date(due - (due % DAY) + 5 * 3_600_000),
          status: open ? 'open' : 'done',
          created_at: date(due - 14 * DAY),
          updated_at: date(due - 7 * DAY),
          completed_at: open ? null : date(due - Math.floor(rnd() * 5) * DAY),
          reminder_count: 0,
        };
      }),
      benchItems,
    ),
  );
  // Two goals per client, two milestones per goal: engagement tabs that grow with the program, so a
  // request that read them whole would show it.
  table(
    'Goals',
    Array.from({ length: options.clients * 2 }, (_, i) => ({
      goal_id: `gol_${i}`,
      client_id: `cli_${i >> 1}`,
      title: `Goal ${i}`,
      success_measure: `Measure ${i}`,
      status: i % 5 === 0 ? 'achieved' : 'open',
      created_at: date(now - 290 * DAY),
      updated_at: date(now - 30 * DAY),
      measure_baseline: '5',
      measure_current: '3',
    })),
  );
  table(
    'Milestones',
    Array.from({ length: options.clients * 4 }, (_, i) => ({
      milestone_id: `mil_${i}`,
      goal_id: `gol_${i >> 1}`,
      client_id: `cli_${i >> 2}`,
      title: `Milestone ${i}`,
      status: i % 3 === 0 ? 'reached' : 'open',
      created_at: date(now - 290 * DAY),
      updated_at: date(now - 30 * DAY),
    })),
  );
  for (const tab of TAB_NAMES) if (!rows[tab]) table(tab, []);

  let sheetId = 0;
  // A big tab's grid is its rows (plus room) × its own columns, as a program near Google's
  // 10-million-cell limit would trim it; small tabs keep a new sheet's 1000 × 26.
  const sheets: SheetData[] = (Object.keys(rows) as TabName[]).map((name) => {
    const big = rows[name]!.length > 1000;
    return {
      name,
      sheetId: sheetId++,
      maxRows: Math.max(1000, rows[name]!.length + 100),
      maxColumns: big ? columnsOf(name).length : 26,
      frozenRows: 1,
      cells: rows[name]!,
    };
  });
  sheets.push({ name: 'Dashboard', sheetId: sheetId++, maxRows: 1000, maxColumns: 26, frozenRows: 0, cells: [] });
  return { id: 'bench', name: 'Bench program', timeZone: 'America/New_York', nextSheetId: sheetId, sheets };
}

/** Writes the dataset as a data dir the runtime opens (a format-2 snapshot, empty journal). */
export function writeDataset(dataDir: string, data: WorkbookData): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'snapshot.json'), JSON.stringify({ format: 2, seq: 0, data }));
}
