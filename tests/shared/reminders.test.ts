// The reminder planner, rule by rule, with hand-worked days. "Today" is a run at 07:00 local time.
import { describe, expect, it } from 'vitest';
import { localTime } from '../helpers/dates';
import { clientRow, coachRow, itemRow } from '../helpers/rows';
import { itemIdsOf, MAX_DIGEST_ITEMS, planReminders, sentUnits, type ClientDigest, type PlanInput } from '../../shared/reminders';
import { renderCoachDigest } from '../../shared/emails';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

function at(day: string, tz: string, hour = 7): Date {
  return localTime(day, tz, hour);
}
const date = (day: string, tz: string) => at(day, tz, 0);

const coach = coachRow;
const client = clientRow;
const item = itemRow;

/** A run on `today` at 07:00 in `tz` (New York unless given), or at the instant `now`. */
function plan(over: Partial<PlanInput> & ({ today: string } | { now: Date }) & { tz?: string }) {
  const tz = over.tz ?? NY;
  return planReminders({
    now: 'today' in over ? at(over.today, tz) : over.now,
    timeZone: tz,
    settings: { ...DEFAULT_SETTINGS, quiet_days: [] },
    coaches: [coach()],
    clients: [client()],
    items: [],
    sessions: [],
    sent: new Set(),
    ...over,
  });
}
const units = (p: ReturnType<typeof plan>) => p.digests.flatMap((d) => d.units);

describe('due soon', () => {
  it('reminds once within N days before the due date, up to the due day', () => {
    const items = [item({ due_date: date('2026-11-26', NY) })];
    expect(units(plan({ today: '2026-11-23', items }))).toEqual([]);
    // Units name the due day by its day number: 2026-11-26 is day 20783 since 1970-01-01.
    expect(units(plan({ today: '2026-11-24', items }))).toEqual(['due_soon:i1:20783']);
    const sent = new Set(units(plan({ today: '2026-11-24', items })));
    expect(units(plan({ today: '2026-11-25', items, sent }))).toEqual([]);
    // Missed on the 24th (a quiet day, quota): it still goes out on the due day.
    expect(units(plan({ today: '2026-11-26', items }))).toEqual(['due_soon:i1:20783']);
  });
});

describe('overdue', () => {
  const items = [item({ due_date: date('2026-11-20', NY) })];
  it('reminds every M days after the due date, at most K times', () => {
    const settings = { ...DEFAULT_SETTINGS, quiet_days: [], overdue_every_days: 3, overdue_max: 2 };
    let sent = new Set<string>();
    const got: string[] = [];
    for (let d = 20; d <= 30; d++) {
      const p = plan({ today: `2026-11-${d}`, items, settings, sent });
      for (const u of units(p)) got.push(`${d}:${u}`);
      sent = new Set([...sent, ...units(p)]);
    }
    expect(got).toEqual(['20:due_soon:i1:20777', '21:overdue:i1:0', '24:overdue:i1:1']);
  });

  it('catches up a missed reminder once, not twice', () => {
    expect(units(plan({ today: '2026-11-22', items }))).toEqual(['overdue:i1:0']);
    expect(units(plan({ today: '2026-11-22', items, sent: new Set(['overdue:i1:0']) }))).toEqual([]);
  });

  it('leaves done and dropped items alone; a coach-owned item goes to the coach, never to the client', () => {
    for (const over of [{ status: 'done' as const }, { status: 'dropped' as const }]) {
      expect(units(plan({ today: '2026-11-22', items: [item({ due_date: date('2026-11-20', NY), ...over })] }))).toEqual([]);
    }
    const p = plan({ today: '2026-11-22', items: [item({ due_date: date('2026-11-20', NY), owner: 'coach' })] });
    expect(p.digests.map((d) => `${d.audience} ${d.to} ${d.kind}`)).toEqual(['coach ana@example.org coach_digest']);
  });
});

describe('due today', () => {
  it('lists an item due today in its own group, with the due-soon unit (reminded once before it is late)', () => {
    const items = [item({ due_date: date('2026-11-24', NY) }), item({ item_id: 'i2', due_date: date('2026-11-25', NY) })];
    const d = plan({ today: '2026-11-24', items }).digests[0] as ClientDigest;
    expect(d.due_today.map((i) => i.item_id)).toEqual(['i1']);
    expect(d.due_soon.map((i) => i.item_id)).toEqual(['i2']);
    expect(d.kind).toBe('due_soon');
    expect(d.units).toEqual(['due_soon:i1:20781', 'due_soon:i2:20782']);
    // Reminded the day before as due soon: not again on its day.
    expect(units(plan({ today: '2026-11-24', items: [items[0]!], sent: new Set(['due_soon:i1:20781']) }))).toEqual([]);
  });

  it("is the sheet time zone's today: 23:30 on the 23rd in New York is already the 24th in Berlin", () => {
    const items = [item({ due_date: date('2026-11-24', BERLIN) })];
    const berlin = plan({ now: new Date('2026-11-24T04:30:00Z'), tz: BERLIN, items });
    expect((berlin.digests[0] as ClientDigest).due_today.map((i) => i.item_id)).toEqual(['i1']);
  });
});

describe("the coach's own items", () => {
  const own = (over: Parameters<typeof item>[0]) => item({ owner: 'coach', ...over });

  it('one digest a day to the coach: past due, due today and due soon, across clients; far-off items left out', () => {
    const clients = [client(), client({ client_id: 'c2', name: 'Ray Fox', email: 'ray@example.org' })];
    const items = [
      own({ item_id: 'i1', due_date: date('2026-11-20', NY) }),
      own({ item_id: 'i2', due_date: date('2026-11-24', NY) }),
      own({ item_id: 'i3', client_id: 'c2', due_date: date('2026-11-26', NY) }),
      own({ item_id: 'i4', due_date: date('2026-12-20', NY) }),
      own({ item_id: 'i5', due_date: date('2026-11-20', NY), status: 'done' }),
    ];
    const p = plan({ today: '2026-11-24', clients, items });
    expect(p.digests).toHaveLength(1);
    const d = p.digests[0]!;
    expect(d).toMatchObject({ audience: 'coach', to: 'ana@example.org', kind: 'coach_digest', units: ['coach_digest:co1:20781'] });
    if (d.audience !== 'coach') throw new Error('a coach digest');
    expect([d.overdue, d.due_today, d.due_soon].map((l) => l.map((i) => i.item_id))).toEqual([['i1'], ['i2'], ['i3']]);
    // Never twice the same day; again the next day.
    expect(units(plan({ today: '2026-11-24', clients, items, sent: new Set(['coach_digest:co1:20781']) }))).toEqual([]);
    expect(units(plan({ today: '2026-11-25', clients, items, sent: new Set(['coach_digest:co1:20781']) }))).toEqual([
      'coach_digest:co1:20782',
    ]);
  });

  it("lists at most MAX_DIGEST_ITEMS of the coach's own items, the most urgent first, and counts the rest", () => {
    // The bench's 500k program gave a coach thousands of own items: EmailLog.item_ids passed a cell's 50,000 characters.
    const items = [
      ...Array.from({ length: 150 }, (_, i) =>
        own({ item_id: `late${i}`, text: `Late ${String(i).padStart(3, '0')}`, due_date: date('2026-11-20', NY) }),
      ),
      ...Array.from({ length: 30 }, (_, i) => own({ item_id: `soon${i}`, text: `Soon ${i}`, due_date: date('2026-11-26', NY) })),
    ];
    const d = plan({ today: '2026-11-24', items }).digests[0]!;
    if (d.audience !== 'coach') throw new Error('a coach digest');
    expect([d.overdue.length, d.due_today.length, d.due_soon.length, d.more]).toEqual([MAX_DIGEST_ITEMS, 0, 0, 80]);
    expect(d.overdue[0]!.item_id).toBe('late0');
    expect(itemIdsOf(d)).toHaveLength(MAX_DIGEST_ITEMS);
    expect(renderCoachDigest(d, NY).text).toContain('And 80 more of your items');
  });

  it('shares the email with renewal alerts; an inactive coach or one without an address gets none', () => {
    const clients = [client({ package_end: date('2026-12-24', NY) })];
    const items = [own({ due_date: date('2026-11-25', NY) })];
    const d = plan({ today: '2026-11-24', clients, items }).digests;
    expect(d.map((x) => [x.kind, x.units])).toEqual([['coach_digest', ['coach_digest:co1:20781', 'renewal:c1:20811']]]);
    expect(plan({ today: '2026-11-24', clients, items, coaches: [coach({ active: false })] }).digests).toEqual([]);
    expect(plan({ today: '2026-11-24', clients, items, coaches: [coach({ email: '' })] }).digests).toEqual([]);
  });
});

describe('mid-cycle, preparation, renewal and nudges', () => {
  it('sends a mid-cycle reminder one week after a session when the cadence is 14 days or more', () => {
    const sessions = [{ client_id: 'c1', started_at: at('2026-11-10', NY, 15) }];
    const items = [item({ text: 'Read chapter 3' })];
    expect(units(plan({ today: '2026-11-16', sessions, items }))).toEqual([]);
    const p = plan({ today: '2026-11-17', sessions, items });
    expect(units(p)).toEqual(['mid_cycle:c1:20767']);
    expect((p.digests[0] as ClientDigest).mid_cycle.map((i) => i.text)).toEqual(['Read chapter 3']);
    expect(units(plan({ today: '2026-11-17', sessions, items, clients: [client({ cadence_days: 7 })] }))).toEqual([]);
    expect(units(plan({ today: '2026-11-24', sessions, items }))).toEqual([]); // a new cycle has begun
  });

  it('asks for preparation two days before the next session', () => {
    const clients = [client({ next_session_at: at('2026-11-27', NY, 15) })];
    expect(units(plan({ today: '2026-11-24', clients }))).toEqual([]);
    const p = plan({ today: '2026-11-25', clients });
    expect(units(p)).toEqual(['prep:c1:20784']);
    expect(p.digests[0]!.kind).toBe('prep');
    expect(units(plan({ today: '2026-11-27', clients }))).toEqual([]);
  });

  it('alerts the coach 30 days before the package ends', () => {
    const clients = [client({ package_end: date('2026-12-24', NY) })];
    expect(units(plan({ today: '2026-11-23', clients }))).toEqual([]);
    const p = plan({ today: '2026-11-24', clients });
    expect(p.digests).toHaveLength(1);
    expect(p.digests[0]).toMatchObject({ audience: 'coach', to: 'ana@example.org', kind: 'renewal' });
  });

  it('nudges daily when the client asked for it, but not twice the same day', () => {
    const items = [item({ status_note: 'nudge daily' })];
    expect(units(plan({ today: '2026-11-23', items }))).toEqual(['nudge:i1:20780']);
    expect(units(plan({ today: '2026-11-24', items }))).toEqual(['nudge:i1:20781']);
    expect(
      units(plan({ today: '2026-11-24', items: [item({ status_note: 'nudge daily', last_reminded_at: at('2026-11-24', NY) })] })),
    ).toEqual([]);
  });
});

describe('recipients', () => {
  it('sends one digest per recipient, reply-to their coach, and nothing to clients who opted out', () => {
    const clients = [
      client(),
      client({ client_id: 'c2', name: 'Maya T. (2nd programme)', email: 'MAYA@example.org' }),
      client({ client_id: 'c3', email: 'bo@example.org', reminders: false }),
    ];
    const items = [
      item({ due_date: date('2026-11-20', NY) }),
      item({ item_id: 'i2', client_id: 'c2', due_date: date('2026-11-25', NY) }),
      item({ item_id: 'i3', client_id: 'c3', due_date: date('2026-11-20', NY) }),
    ];
    const p = plan({ today: '2026-11-24', clients, items });
    expect(p.digests).toHaveLength(1);
    const d = p.digests[0] as ClientDigest;
    expect(d.to).toBe('maya@example.org');
    expect(d.coach?.email).toBe('ana@example.org');
    expect(d.overdue.map((i) => i.item_id)).toEqual(['i1']);
    expect(d.due_soon.map((i) => i.item_id)).toEqual(['i2']);
    expect(d.kind).toBe('overdue');
  });

  it('sends nothing on quiet days; the next day catches up', () => {
    const items = [item({ due_date: date('2026-11-23', NY) })]; // due Monday
    const settings = { ...DEFAULT_SETTINGS, quiet_days: ['SAT' as const, 'SUN' as const] };
    expect(plan({ today: '2026-11-21', items, settings })).toMatchObject({ quiet: true, digests: [] }); // Saturday
    expect(plan({ today: '2026-11-22', items, settings }).digests).toEqual([]); // Sunday
    expect(units(plan({ today: '2026-11-23', items, settings }))).toEqual(['due_soon:i1:20780']);
  });

  it('reads what was sent from EmailLog', () => {
    expect([
      ...sentUnits([
        { dedupe_key: 'a:1 b:2', status: 'sent' },
        { dedupe_key: 'c:3', status: 'failed' },
      ]),
    ]).toEqual(['a:1', 'b:2']);
  });
});

describe('days in the sheet time zone, across DST', () => {
  it('America/New_York: a run at 23:30 on the night DST starts still counts the local day', () => {
    // DST starts 2026-03-08 in New York. Due on the 10th, due soon (2 days) from the 8th.
    const items = [item({ due_date: date('2026-03-10', NY) })];
    const late = new Date(at('2026-03-07', NY, 0).getTime() + 23.5 * 3_600_000); // 23:30 on the 7th
    expect(units(plan({ now: late, items }))).toEqual([]);
    expect(units(plan({ today: '2026-03-08', items }))).toEqual(['due_soon:i1:20522']);
  });

  it('Europe/Berlin: the day after the change (29 March 2026) is one day, not 23 hours', () => {
    const items = [item({ due_date: date('2026-03-28', BERLIN) })];
    expect(units(plan({ today: '2026-03-29', items, tz: BERLIN }))).toEqual(['overdue:i1:0']);
    expect(units(plan({ today: '2026-03-30', items, tz: BERLIN, sent: new Set(['overdue:i1:0']) }))).toEqual([]);
    expect(units(plan({ today: '2026-04-01', items, tz: BERLIN, sent: new Set(['overdue:i1:0']) }))).toEqual(['overdue:i1:1']);
  });
});
