// The demo program `npm start` seeds: a believable quarter, the same on every start.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../local/cli/demo';
import { DEMO_PROGRAM_FILE, readDemoProgram } from '../../local/cli/demo-program';
import { openWebApp } from '../../local/editor';
import { Runtime } from '../../local/runtime';
import { columnsOf, STAGES, type TabName } from '../../shared/schema';
import { CODE_FILE } from '../helpers/runtime';

const NOW = new Date('2026-12-01T14:00:00Z');

async function seeded(): Promise<Runtime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ft-demo-'));
  const rt = new Runtime({ dataDir, codeFile: CODE_FILE, webAppUrl: 'http://127.0.0.1:8787/exec', now: NOW, workers: 0, log: () => {} });
  openWebApp(rt); // as `start` does: the deployment's /exec opened once
  await seedDemo(rt, dataDir);
  return rt;
}

function records(rt: Runtime, tab: TabName): Array<Record<string, unknown>> {
  const cols = columnsOf(tab) as string[];
  const sheet = rt.data.sheets.find((s) => s.name === tab)!;
  return sheet.cells
    .slice(1)
    .filter((r) => r.some((c) => c !== null))
    .map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i] ?? null])));
}

const DAY = 86_400_000;
const ms = (cell: unknown) => (cell as { d: number }).d;

describe('the demo program', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await seeded();
  }, 120_000);
  afterAll(async () => {
    await rt?.close();
  });

  it('has three coaches and a leader, and 24 clients across every stage', () => {
    const coaches = records(rt, 'Coaches');
    expect(coaches.filter((c) => c.role === 'coach')).toHaveLength(3);
    expect(coaches.filter((c) => c.role === 'leader')).toHaveLength(1);
    const clients = records(rt, 'Clients');
    expect(clients).toHaveLength(24);
    const byStage = Object.fromEntries(STAGES.map((s) => [s, clients.filter((c) => c.stage === s).length]));
    expect(byStage).toEqual({ prospect: 3, contacted: 3, breakthrough: 3, active: 9, maintenance: 3, closed: 3 });
    // Every stage change is in StageHistory: each client's last row names its stage.
    const history = records(rt, 'StageHistory');
    for (const c of clients) expect(history.filter((h) => h.client_id === c.client_id).at(-1)!.to_stage).toBe(c.stage);
  });

  it('holds twelve weeks of sessions at realistic cadences, one of them confidential', () => {
    const sessions = records(rt, 'Sessions');
    const days = sessions.map((s) => Math.floor((NOW.getTime() - ms(s.started_at)) / DAY));
    expect(Math.max(...days)).toBeGreaterThanOrEqual(77);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(0);
    // Every one of the twelve weeks before the start holds sessions (the contract's 12 weeks).
    const weeks = new Set(days.map((d) => Math.floor(d / 7)));
    expect([...weeks].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // Every coach coaches: sessions by each of the three.
    expect(new Set(sessions.map((s) => s.coach_id)).size).toBe(3);
    expect(sessions.length).toBeGreaterThan(80);
    expect(new Set(sessions.map((s) => s.kind))).toEqual(new Set(['outreach', 'breakthrough', 'coaching', 'observation']));
    const confidential = sessions.filter((s) => s.confidential === true);
    expect(confidential).toHaveLength(1);
    // Sealed with Ana's key (Coaches.note_key_id), as her extension would have done.
    const ana = records(rt, 'Coaches').find((c) => c.name === 'Ana Rivera')!;
    expect(String(confidential[0]!.notes)).toMatch(new RegExp(`^ft-enc1\\.${String(ana.note_key_id)}\\.`));
    expect(String(confidential[0]!.notes)).not.toContain('leaving');
    expect(sessions.filter((s) => String(s.notes).includes('#win')).length).toBeGreaterThanOrEqual(3);
  });

  it('has goals with milestones reached and measures that moved, renewals and packages', () => {
    const goals = records(rt, 'Goals');
    expect(goals.length).toBeGreaterThanOrEqual(15);
    expect(goals.filter((g) => g.measure_current && g.measure_current !== g.measure_baseline).length).toBeGreaterThanOrEqual(10);
    expect(goals.some((g) => g.status === 'achieved' || g.status === 'maintenance')).toBe(true);
    const milestones = records(rt, 'Milestones');
    expect(milestones.filter((m) => m.status === 'reached').length).toBeGreaterThanOrEqual(10);
    expect(milestones.some((m) => m.status === 'open')).toBe(true);
    const packages = records(rt, 'Packages');
    expect(packages.some((p) => p.status === 'renewed')).toBe(true);
    expect(packages.filter((p) => p.status === 'active').length).toBeGreaterThanOrEqual(9);
  });

  it('has commitments kept on time, late, derailed with reasons and still open', () => {
    const items = records(rt, 'ActionItems');
    const done = items.filter((i) => i.status === 'done');
    const late = done.filter((i) => ms(i.completed_at) > ms(i.due_date) + DAY);
    expect(done.length - late.length).toBeGreaterThanOrEqual(20);
    expect(late.length).toBeGreaterThanOrEqual(5);
    const derailed = items.filter((i) => i.status === 'derailed');
    expect(derailed.length).toBeGreaterThanOrEqual(5);
    expect(derailed.every((i) => String(i.status_note).length > 0)).toBe(true);
    expect(items.filter((i) => i.status === 'open').length).toBeGreaterThanOrEqual(10);
  });

  it('has preparation answers whose ratings rise and testimonials given with consent', () => {
    const prep = records(rt, 'Prep').sort((a, b) => ms(a.submitted_at) - ms(b.submitted_at));
    expect(prep.length).toBeGreaterThanOrEqual(30);
    const half = Math.floor(prep.length / 2);
    const mean = (rows: typeof prep) => rows.reduce((n, p) => n + Number(p.progress_rating), 0) / rows.length;
    expect(mean(prep.slice(half))).toBeGreaterThan(mean(prep.slice(0, half)) + 0.4);
    expect(prep.filter((p) => p.share_consent === true && p.testimonial).length).toBeGreaterThanOrEqual(3);
  });

  it('writes its Dashboard, and looks the same on every start', async () => {
    const dashboard = rt.data.sheets.find((s) => s.name === 'Dashboard')!;
    expect(String(dashboard.cells[0]![0])).toContain('coaching dashboard');
    const again = await seeded();
    try {
      // The same but for the confidential notes: a new key and iv each start.
      const notes = (n: unknown) => (String(n).startsWith('ft-enc1.') ? 'sealed' : n);
      const shape = (r: Runtime) => records(r, 'Sessions').map((s) => [s.client_name, s.kind, s.started_at, notes(s.notes), s.tags]);
      expect(shape(again)).toEqual(shape(rt));
    } finally {
      void again.close();
    }
  }, 120_000);
});

describe('the demo program file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ft-demo-program-'));
  const withChange = (change: (program: { clients: Array<Record<string, unknown>> } & Record<string, unknown>) => void): string => {
    const program = JSON.parse(readFileSync(DEMO_PROGRAM_FILE, 'utf8')) as { clients: Array<Record<string, unknown>> };
    change(program);
    const file = join(dir, `program-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(program));
    return file;
  };

  it('holds three coaches, a leader and 24 clients in every stage', () => {
    const program = readDemoProgram();
    expect(Object.keys(program.coaches)).toEqual(['ana', 'marcus', 'priya']);
    expect(program.leader.name).toBe('Lee Park');
    expect(program.clients).toHaveLength(24);
    expect(new Set(program.clients.map((c) => c.stage))).toEqual(new Set(STAGES));
  });

  it('says which value of the file is wrong instead of seeding a broken demo', () => {
    const badStage = withChange((p) => (p.clients[3]!.stage = 'actve'));
    expect(() => readDemoProgram(badStage)).toThrow(`${badStage}: clients[3].stage: "actve" is not a stage`);
    const badGoal = withChange((p) => ((p.clients[0]!.goals as Array<Record<string, unknown>>)[0]!.readings = '3 minutes'));
    expect(() => readDemoProgram(badGoal)).toThrow('clients[0].goals[0].readings: expected a list');
    const badCaseload = withChange((p) => (p.clients[1]!.caseload = 'nowhere'));
    expect(() => readDemoProgram(badCaseload)).toThrow('clients[1].caseload: "nowhere" is not one of the caseloads');
    const noName = withChange((p) => delete p.clients[2]!.name);
    expect(() => readDemoProgram(noName)).toThrow('clients[2].name: expected words');
  });
});
