// The API's limits as the sheet holds them (issue 15): text limits are what fits in a cell after
// escaping, years outside 1900–9999 are refused, the dashboard's date range is bounded, and for every
// op a refused request writes nothing — refused late (by a check that needs the sheet), not only by
// the schema.
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, MAX_CELL_TEXT } from '../../shared/api';
import { columnsOf } from '../../shared/schema';
import { openDialog } from '../../local/editor';
import { newProgram, type TestProgram } from '../helpers/runtime';

const started = '2026-11-20T15:00:00Z';
const col = (tab: 'Sessions' | 'ActionItems', name: string) => (columnsOf(tab) as string[]).indexOf(name);

let p: TestProgram;
beforeEach(() => {
  p = newProgram({ log: () => {} });
});

function capture(session: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    v: 1,
    op: 'capture',
    token: p.token,
    captureId: `cap-${Math.random().toString(36).slice(2)}`,
    session: { newClient: { name: 'Maya Thompson', email: 'maya@example.org' }, startedAt: started, ...session },
    actionItems: [{ text: 'Try a countdown timer', due: '2026-11-27' }],
    ...extra,
  };
}

/** A request refused with `code` (and `field`), the workbook unchanged to the byte. */
/** A request of `op` with its fields, as the coach (Ana) unless another token is given. */
const request = (op: string, fields: Record<string, unknown> = {}, token = p.token) => ({ v: 1, op, token, ...fields });

function refusedWritingNothing(body: object, code: string, field?: string) {
  const before = p.snapshot();
  const answer = p.post(body);
  expect(answer.ok).toBe(false);
  expect(answer.error.code).toBe(code);
  if (field) expect(answer.error.field).toBe(field);
  expect(p.snapshot()).toBe(before);
}

describe('text limits are what fits in the cell after escaping', () => {
  it("notes of the API's maximum are stored whole; one more character is refused before any write", () => {
    expect(MAX_CELL_TEXT).toBe(MAX_CELL_CHARS - 1);
    const longest = `=${'x'.repeat(MAX_CELL_TEXT - 1)}`;
    const answer = p.post(capture({ notes: longest }));
    expect(answer.ok).toBe(true);
    const row = p.rows('Sessions').find((r) => r[col('Sessions', 'session_id')] === answer.sessionId)!;
    expect(row[col('Sessions', 'notes')]).toBe(longest);
    // Before: 50,000 characters passed the schema, then the session's write failed with `internal`
    // after the client and the items were written.
    refusedWritingNothing(capture({ notes: 'x'.repeat(MAX_CELL_CHARS) }), 'bad_request', 'session.notes');
    refusedWritingNothing(
      request('editSession', { sessionId: answer.sessionId, session: { notes: 'y'.repeat(MAX_CELL_CHARS) } }),
      'bad_request',
      'session.notes',
    );
  });
});

describe('years outside 1900–9999', () => {
  for (const [what, session, extra, field] of [
    ['a start in year 0050', { startedAt: '0050-01-01' }, {}, 'session.startedAt'],
    ['a date-time in year 0050', { startedAt: '0050-01-01T10:00:00Z' }, {}, 'session.startedAt'],
    ['a due date in 1899', {}, { actionItems: [{ text: 'Old', due: '1899-12-31' }] }, 'actionItems.0.due'],
    ['a next session in year 0099', { nextSessionAt: '0099-03-01' }, {}, 'session.nextSessionAt'],
  ] as Array<[string, Record<string, unknown>, Record<string, unknown>, string]>) {
    it(`refuses ${what} with bad_request, writing nothing`, () => {
      // Before: `0050-01-01` was stored as 1950 (ECMAScript reads years 0–99 as 1900–1999).
      refusedWritingNothing(capture(session, extra), 'bad_request', field);
    });
  }

  it('accepts the first and the last day of the range', () => {
    const answer = p.post(capture({ startedAt: '1900-01-01' }, { actionItems: [{ text: 'Far', due: '9999-12-31' }] }));
    expect(answer.ok).toBe(true);
    const item = p.rows('ActionItems').find((r) => r[col('ActionItems', 'text')] === 'Far')!;
    expect(new Date((item[col('ActionItems', 'due_date')] as { d: number }).d).getUTCFullYear()).toBe(9999);
  });
});

describe('a refused request writes nothing, for every op', () => {
  /** A program with two coaches, a client each, an item and a goal. */
  function program() {
    const ben = p.invite('Ben Ortiz', 'ben@example.org');
    const admin = p.invite('Ada Admin', 'ada@example.org', 'admin');
    const mine = p.post(capture({}, { goals: [{ goalId: 'g-mine', title: 'Calmer mornings' }] }));
    const theirs = p.post({
      ...capture(),
      token: ben.token,
      captureId: 'ben-1',
      session: { newClient: { name: 'Zed' }, startedAt: started },
    });
    expect(mine.ok && theirs.ok).toBe(true);
    return { ben, admin, mine, theirs };
  }

  it('hello and sync with a revoked or unknown token', () => {
    program();
    refusedWritingNothing(request('hello', {}, 'not-a-token'), 'unauthorized');
    refusedWritingNothing(request('sync', {}, 'not-a-token'), 'unauthorized');
  });

  it("capture: a new client, items and goals, refused by a debrief of another coach's item", () => {
    const { theirs } = program();
    refusedWritingNothing(
      capture({}, { goals: [{ goalId: 'g-new', title: 'New goal' }], debrief: [{ itemId: theirs.itemIds[0], status: 'done' }] }),
      'bad_request',
      'debrief.0.itemId',
    );
  });

  it("updateItems: a valid first update, refused by the second (another coach's item)", () => {
    const { mine, theirs } = program();
    refusedWritingNothing(
      request('updateItems', {
        updates: [
          { itemId: mine.itemIds[0], status: 'done' },
          { itemId: theirs.itemIds[0], status: 'done' },
        ],
      }),
      'bad_request',
    );
  });

  it("updateClient: a stage change, refused by another client's goal id", () => {
    const { ben, theirs, mine } = program();
    p.post(request('updateClient', { clientId: theirs.clientId, goals: [{ goalId: 'g-theirs', title: 'Theirs' }] }, ben.token));
    refusedWritingNothing(
      request('updateClient', { clientId: mine.clientId, client: { stage: 'paused' }, goals: [{ goalId: 'g-theirs', title: 'Taken' }] }),
      'bad_request',
    );
  });

  it('editSession: new notes, refused by an item of another session', () => {
    const { mine, theirs } = program();
    refusedWritingNothing(
      request('editSession', {
        sessionId: mine.sessionId,
        session: { notes: 'changed' },
        items: [{ itemId: theirs.itemIds[0], status: 'done' }],
      }),
      'bad_request',
    );
  });

  it("clientSummary and clientData of another coach's client", () => {
    const { theirs } = program();
    refusedWritingNothing(request('clientSummary', { clientId: theirs.clientId }), 'bad_request');
    refusedWritingNothing(request('clientData', { clientId: theirs.clientId }), 'bad_request');
  });

  it('deleteClient: not an admin, or the name not typed right', () => {
    const { admin, mine } = program();
    refusedWritingNothing(request('deleteClient', { clientId: mine.clientId, confirmName: 'Maya Thompson' }), 'bad_request');
    refusedWritingNothing(request('deleteClient', { clientId: mine.clientId, confirmName: 'Maya T.' }, admin.token), 'bad_request');
  });
});

describe('dashboardData ranges are bounded', () => {
  it('answers a year, refuses ranges past ten years, years outside 1900–9999 and a start after the end', () => {
    p.post(capture());
    const data = (filter: Record<string, unknown>) =>
      p.rt.call('dashboardData', openDialog(p.rt, 'showDashboard'), filter) as { program: { window: { weeks: number } } };
    expect(data({ from: '2025-12-01', to: '2026-11-30' }).program.window.weeks).toBeGreaterThanOrEqual(52);
    // Before: from 0001 to 9999 built a 235 MB answer (a weekly series of half a million weeks).
    expect(() => data({ from: '1900-01-01', to: '9999-12-31' })).toThrow(/at most 10 years/);
    expect(() => data({ from: '2026-11-30', to: '2016-01-01' })).toThrow(/after/);
    expect(() => data({ from: '0050-01-01' })).toThrow(/1900/);
    expect(() => data({ to: '2026-13-01' })).toThrow(/YYYY-MM-DD/);
  });
});
