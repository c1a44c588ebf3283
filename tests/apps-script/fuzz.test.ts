// 10,000+ generated web-app requests against the built bundle: every answer is JSON; every refused
// request names a contract error code and writes nothing; no input makes the add-on fail internally.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/api';
import { ITEM_STATUSES, OWNERS, SESSION_KINDS, SOURCES } from '../../shared/schema';
import { newProgram, type TestProgram } from '../helpers/runtime';

const WRITES = [
  'setValues',
  'appendRow',
  'insertRowsAfter',
  'insertColumnsAfter',
  'insertSheet',
  'deleteRows',
  'setNumberFormat',
  'setNumberFormats',
];

let p: TestProgram;
let clientId: string;
let itemId: string;
beforeAll(() => {
  p = newProgram({ log: () => {} });
  const first = p.accepted({
    op: 'capture',
    captureId: 'fuzz-seed',
    session: { newClient: { name: 'Seed' }, startedAt: '2026-11-20' },
    actionItems: [{ text: 'seed item' }],
  });
  clientId = first.clientId;
  itemId = first.itemIds[0];
});
afterAll(async () => {
  await p.rt.close();
});

function writes(): number {
  let n = 0;
  for (const [key, count] of p.rt.host.calls) if (WRITES.includes(key.replace(/^sheets\./, ''))) n += count;
  return n;
}

// Values that are sometimes right and often wrong, for every field of the API.
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', '=1+1', '+1', '@x', '<script>x</script>', ' '.repeat(3), 'x'.repeat(2001)),
);
const date = fc.oneof(
  fc.constantFrom(
    '2026-11-20',
    '2026-11-20T15:00:00Z',
    '2026-11-20T15:00:00+02:00',
    '2026-02-30',
    '2026-11-20T15:00',
    '20/11/2026',
    '',
    'tomorrow',
  ),
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
);
const anything = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  text,
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: anything }), { nil: undefined, freq: 4 });

const session = fc.record(
  {
    clientId: fc.oneof(fc.constant('__client__'), fc.constantFrom('cli_missing', ''), text),
    newClient: fc.record(
      { name: maybe(text), email: maybe(fc.constantFrom('a@example.org', 'not-an-email', '')), organization: maybe(text) },
      { requiredKeys: [] },
    ),
    kind: maybe(fc.constantFrom(...SESSION_KINDS, 'party')),
    startedAt: maybe(date),
    endedAt: maybe(date),
    source: maybe(fc.constantFrom(...SOURCES, 'fax')),
    sourceTitle: maybe(text),
    sourceUrl: maybe(text),
    notes: maybe(text),
    confidential: maybe(fc.boolean()),
    tags: maybe(fc.array(text, { maxLength: 3 })),
    nextSessionAt: maybe(date),
  },
  { requiredKeys: [] },
);
const capture = fc.record(
  {
    v: maybe(fc.constantFrom(1, 2)),
    op: fc.constant('capture'),
    token: fc.oneof({ weight: 5, arbitrary: fc.constant('__token__') }, { weight: 1, arbitrary: anything }),
    captureId: maybe(fc.oneof(fc.uuid(), fc.constant('fuzz-seed'), text)),
    session: maybe(session),
    actionItems: maybe(
      fc.array(
        fc.record(
          {
            text: maybe(text),
            owner: maybe(fc.constantFrom(...OWNERS, 'boss')),
            due: maybe(date),
            goalId: maybe(fc.constantFrom('gol_missing')),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    ),
    debrief: maybe(
      fc.array(
        fc.record(
          {
            itemId: fc.oneof(fc.constant('__item__'), fc.constant('itm_missing')),
            status: maybe(fc.constantFrom(...ITEM_STATUSES, 'lost')),
            note: maybe(text),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
    ),
  },
  { requiredKeys: ['op', 'token'] },
);
// Now and then a field the op does not have: strict schemas refuse it, naming it.
const stray = fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: anything });
const otherToken = fc.oneof(fc.constant('__token__'), text);
/** A request of another op: a version (mostly 1), the op, a token, and that op's own fields. */
const otherOp = (op: fc.Arbitrary<string>, fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record({ v: maybe(fc.constant(1)), op, token: otherToken, ...fields }, { requiredKeys: ['op', 'token'] });
const otherOps = fc.oneof(
  { weight: 4, arbitrary: otherOp(fc.constantFrom('hello', 'sync', 'delete', '', 'HELLO'), { extra: stray }) },
  {
    weight: 1,
    arbitrary: otherOp(fc.constant('updateItems'), { updates: maybe(fc.array(anything, { maxLength: 2 })), clientId: stray }),
  },
  { weight: 1, arbitrary: otherOp(fc.constant('clientSummary'), { clientId: maybe(text), updates: stray }) },
  {
    weight: 1,
    arbitrary: otherOp(fc.constant('setNoteKey'), {
      keyId: maybe(fc.oneof(fc.constantFrom('AAAAAAAAAAAA', 'BBBBBBBBBBBB', 'short'), text)),
      replace: maybe(fc.boolean()),
      clientId: stray,
    }),
  },
);
const body = fc.oneof(
  { weight: 6, arbitrary: capture.map((r) => JSON.stringify(r)) },
  { weight: 2, arbitrary: otherOps.map((r) => JSON.stringify(r)) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.json(), fc.constantFrom('', '[]', 'null', '{', '{"v":1}')) },
);

describe('web-app requests generated with fast-check', () => {
  it('answers every one of 10,000 requests with contract JSON; refusals write nothing, nothing fails inside', { timeout: 240_000 }, () => {
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(body, (raw) => {
        const contents = raw
          .replace(/__token__/g, p.token)
          .replace(/__client__/g, clientId)
          .replace(/__item__/g, itemId);
        const before = writes();
        const answer = p.post(contents);
        expect(typeof answer.ok).toBe('boolean');
        if (answer.ok) {
          accepted++;
          return;
        }
        refused++;
        expect(ERROR_CODES).toContain(answer.error.code);
        expect(answer.error.code).not.toBe('internal');
        expect(typeof answer.error.message).toBe('string');
        expect(writes()).toBe(before);
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
    // The generator reaches both sides of the contract.
    expect(refused).toBeGreaterThan(3_000);
    expect(accepted).toBeGreaterThan(100);
  });
});
