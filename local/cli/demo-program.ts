// The demo program's people and their coaching — content, not code, kept as data in
// demo-program.json (a writer changes the demo there) and checked as it is read: a wrong field is said
// with its place in the file instead of seeding a broken demo. demo.ts replays it through the web app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OWNERS, STAGES, type Owner, type Stage } from '../../shared/schema';

export const DEMO_PROGRAM_FILE = join(import.meta.dirname, 'demo-program.json');

export interface Person {
  name: string;
  email: string;
}

export interface GoalPlan {
  title: string;
  measure: string;
  /** What the measure read at the start, then at each later session where it moved. */
  readings: string[];
  milestones: string[];
}

export interface ClientPlan {
  coach: string;
  name: string;
  organization: string;
  /** The coach observes lessons there: every fourth session is an observation. */
  observations: boolean;
  stage: Stage;
  /** Days between sessions. */
  cadence: number;
  /** What the coaching is about: it names the sessions' notes and tags. */
  focus: string;
  tag: string;
  goals: GoalPlan[];
  /** The session's action items, taken in turn: the client's unless the file says the coach's. */
  items: ItemPlan[];
  win?: string;
  testimonial?: string;
  /** Began before the quarter (already active on its first day). */
  existing?: boolean;
  /** The day of the quarter the package is renewed. */
  renewAt?: number;
  /** The package ends this many days after today (a renewal coming up), instead of 120 days after it starts. */
  packageEndsInDays?: number;
  closeNote?: string;
}

export interface ItemPlan {
  text: string;
  owner: Owner;
}

export interface DemoProgram {
  /** The coaches by key, in the order they are invited. */
  coaches: Record<string, Person>;
  leader: Person;
  /** In the order they are seeded (the seeded random source draws in this order). */
  clients: ClientPlan[];
}

/** Reads and checks demo-program.json (or another file of its shape). */
export function readDemoProgram(file = DEMO_PROGRAM_FILE): DemoProgram {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const at = new Reader(file);
  const root = at.object(data, '');
  const coaches: Record<string, Person> = {};
  for (const [key, value] of Object.entries(at.object(root.coaches, 'coaches'))) coaches[key] = person(at, value, `coaches.${key}`);
  const caseloads = at.object(root.caseloads, 'caseloads');
  const clients = at.array(root.clients, 'clients').map((value, i): ClientPlan => {
    const where = `clients[${i}]`;
    const row = at.object(value, where);
    const caseloadKey = at.string(row.caseload, `${where}.caseload`);
    if (!(caseloadKey in caseloads)) at.fail(`${where}.caseload`, `"${caseloadKey}" is not one of the caseloads`);
    const caseload = at.object(caseloads[caseloadKey], `caseloads.${caseloadKey}`);
    const coach = at.string(caseload.coach, `caseloads.${caseloadKey}.coach`);
    if (!(coach in coaches)) at.fail(`caseloads.${caseloadKey}.coach`, `"${coach}" is not one of the coaches`);
    const stage = at.string(row.stage, `${where}.stage`);
    if (!(STAGES as readonly string[]).includes(stage)) at.fail(`${where}.stage`, `"${stage}" is not a stage (${STAGES.join(', ')})`);
    const cadence = at.number(row.cadence, `${where}.cadence`);
    if (!(cadence > 0)) at.fail(`${where}.cadence`, 'days between sessions must be more than 0');
    const plan: ClientPlan = {
      coach,
      name: at.string(row.name, `${where}.name`),
      organization: at.string(caseload.organization, `caseloads.${caseloadKey}.organization`),
      observations:
        caseload.observations === undefined ? false : at.boolean(caseload.observations, `caseloads.${caseloadKey}.observations`),
      stage: stage as Stage,
      cadence,
      focus: at.string(row.focus, `${where}.focus`),
      tag: at.string(row.tag, `${where}.tag`),
      goals:
        row.goals === undefined ? [] : at.array(row.goals, `${where}.goals`).map((goal, g) => goalPlan(at, goal, `${where}.goals[${g}]`)),
      items:
        row.items === undefined ? [] : at.array(row.items, `${where}.items`).map((item, n) => itemPlan(at, item, `${where}.items[${n}]`)),
    };
    for (const key of ['win', 'testimonial', 'closeNote'] as const) {
      if (row[key] !== undefined) plan[key] = at.string(row[key], `${where}.${key}`);
    }
    if (row.existing !== undefined) plan.existing = at.boolean(row.existing, `${where}.existing`);
    if (row.renewAt !== undefined) plan.renewAt = at.number(row.renewAt, `${where}.renewAt`);
    if (row.packageEndsInDays !== undefined) plan.packageEndsInDays = at.number(row.packageEndsInDays, `${where}.packageEndsInDays`);
    return plan;
  });
  return { coaches, leader: person(at, root.leader, 'leader'), clients };
}

function person(at: Reader, value: unknown, where: string): Person {
  const row = at.object(value, where);
  return { name: at.string(row.name, `${where}.name`), email: at.string(row.email, `${where}.email`) };
}

/** An item: its words (the client's), or { text, owner }. */
function itemPlan(at: Reader, value: unknown, where: string): ItemPlan {
  if (typeof value === 'string') return { text: at.string(value, where), owner: 'client' };
  const row = at.object(value, where);
  const owner = at.string(row.owner, `${where}.owner`);
  if (!(OWNERS as readonly string[]).includes(owner)) at.fail(`${where}.owner`, `"${owner}" is not an owner (${OWNERS.join(', ')})`);
  return { text: at.string(row.text, `${where}.text`), owner: owner as Owner };
}

function goalPlan(at: Reader, value: unknown, where: string): GoalPlan {
  const row = at.object(value, where);
  return {
    title: at.string(row.title, `${where}.title`),
    measure: at.string(row.measure, `${where}.measure`),
    readings: at.strings(row.readings, `${where}.readings`),
    milestones: at.strings(row.milestones, `${where}.milestones`),
  };
}

/** Checks one value's type, or throws naming the file and the value's place in it. */
class Reader {
  constructor(private readonly file: string) {}
  fail(where: string, problem: string): never {
    throw new Error(`${this.file}: ${where || 'the file'}: ${problem}.`);
  }
  object(value: unknown, where: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, 'expected an object');
    return value as Record<string, unknown>;
  }
  array(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) this.fail(where, 'expected a list');
    return value;
  }
  strings(value: unknown, where: string): string[] {
    return this.array(value, where).map((item, i) => this.string(item, `${where}[${i}]`));
  }
  string(value: unknown, where: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(where, 'expected words');
    return value;
  }
  number(value: unknown, where: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(where, 'expected a number');
    return value;
  }
  boolean(value: unknown, where: string): boolean {
    if (typeof value !== 'boolean') this.fail(where, 'expected true or false');
    return value;
  }
}
