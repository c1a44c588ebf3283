import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { capabilitiesOf, MAX_BODY_CHARS, objectSchemasOf, OPS, parseRequest, REQUEST_SCHEMAS, unsupportedFields } from '../../shared/api';

const token = 'ftk_abc';
const capture = (over: Record<string, unknown> = {}, session: Record<string, unknown> = {}) =>
  JSON.stringify({
    v: 1,
    op: 'capture',
    token,
    captureId: 'c1',
    session: { clientId: 'cli_1', startedAt: '2026-03-12T15:00:00Z', ...session },
    ...over,
  });

describe('parseRequest', () => {
  it('accepts hello and sync', () => {
    expect(parseRequest(JSON.stringify({ v: 1, op: 'hello', token }))).toEqual({ ok: true, request: { v: 1, op: 'hello', token } });
    expect(parseRequest(JSON.stringify({ v: 1, op: 'sync', token })).ok).toBe(true);
  });

  it('fills the defaults of a capture', () => {
    const parsed = parseRequest(capture());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.request.op !== 'capture') throw new Error('expected a capture');
    expect(parsed.request.session).toMatchObject({ kind: 'coaching', source: 'manual', confidential: false, tags: [] });
    expect(parsed.request.actionItems).toEqual([]);
    expect(parsed.request.debrief).toEqual([]);
  });

  it('accepts calendar dates and date-times with an offset', () => {
    for (const startedAt of ['2026-03-12', '2026-03-12T15:00:00Z', '2026-03-12T15:00:00.123+02:00', '2026-03-12T15:00-05:00']) {
      expect(parseRequest(capture({}, { startedAt })).ok).toBe(true);
    }
  });

  it.each([
    ['2026-03-12T15:00:00', 'no offset'],
    ['2026-02-29', 'not a leap year'],
    ['12/03/2026', 'not ISO'],
    ['2026-13-01', 'no 13th month'],
    ['2026-03-12T24:00:00Z', 'hour 24'],
  ])('refuses the date %s (%s) naming the field', (startedAt) => {
    expect(parseRequest(capture({}, { startedAt }))).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'session.startedAt' },
    });
  });

  it('needs exactly one of clientId and newClient', () => {
    expect(parseRequest(capture({}, { clientId: undefined }))).toMatchObject({ ok: false, error: { field: 'session.clientId' } });
    expect(parseRequest(capture({}, { newClient: { name: 'Bo' } }))).toMatchObject({ ok: false, error: { field: 'session.clientId' } });
    expect(parseRequest(capture({}, { clientId: undefined, newClient: { name: 'Bo', email: 'not-mail' } }))).toMatchObject({
      ok: false,
      error: { field: 'session.newClient.email' },
    });
  });

  it('answers bad_json, too_large and unauthorized as the contract says', () => {
    expect(parseRequest('{')).toMatchObject({ ok: false, error: { code: 'bad_json' } });
    expect(parseRequest('null')).toMatchObject({ ok: false, error: { code: 'bad_json' } });
    expect(parseRequest('x'.repeat(MAX_BODY_CHARS + 1))).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(parseRequest(JSON.stringify({ v: 1, op: 'hello' }))).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(parseRequest(JSON.stringify({ v: 1, op: 'hello', token: 7 }))).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('names the unknown op', () => {
    const parsed = parseRequest(JSON.stringify({ v: 1, op: 'drop', token }));
    expect(parsed).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'op' } });
    if (!parsed.ok) expect(parsed.error.message).toContain('capture');
  });

  it('refuses notes longer than a sheet cell holds', () => {
    expect(parseRequest(capture({}, { notes: 'x'.repeat(50_001) }))).toMatchObject({ ok: false, error: { field: 'session.notes' } });
  });
});

describe('strict requests and capabilities', () => {
  it('refuses an unknown field anywhere, naming it', () => {
    expect(parseRequest(JSON.stringify({ v: 1, op: 'hello', token, extra: 1 }))).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'extra' },
    });
    expect(parseRequest(capture({}, { resourcesX: [] }))).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'session.resourcesX' },
    });
    expect(parseRequest(capture({ actionItems: [{ text: 'a', colour: 'red' }] }))).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'actionItems.0.colour' },
    });
    const parsed = parseRequest(capture({ sendLater: true }));
    expect(parsed).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'sendLater' } });
    if (!parsed.ok) expect(parsed.error.message).toMatch(/does not understand the field "sendLater".*updating/);
  });

  it('every object of every request schema is strict', () => {
    const objects = objectSchemasOf();
    expect(objects.length).toBeGreaterThan(OPS.length);
    expect(objects.filter((o) => o.type !== 'strict_object')).toEqual([]);
  });

  it('capabilities are derived from the schemas: every op, every field', () => {
    const caps = capabilitiesOf();
    expect(Object.keys(caps.ops).sort()).toEqual([...OPS].sort());
    expect(caps.ops.hello).toEqual([]);
    expect(caps.ops.capture).toEqual(
      expect.arrayContaining(['captureId', 'session', 'session.clientId', 'session.newClient.name', 'actionItems.text', 'debrief.itemId']),
    );
    // A schema added later shows up without touching capabilitiesOf.
    const extra = {
      ...REQUEST_SCHEMAS,
      later: v.strictObject({
        v: v.literal(1),
        op: v.literal('later'),
        token: v.string(),
        thing: v.optional(v.strictObject({ part: v.string() })),
      }),
    };
    expect(capabilitiesOf(extra).ops.later).toEqual(['thing', 'thing.part']);
  });

  it('unsupportedFields names what an older server lacks, and nothing it has', () => {
    const caps = capabilitiesOf();
    const request = {
      captureId: 'c',
      session: { clientId: 'x', startedAt: '2026-03-12', notes: 'n' },
      actionItems: [{ text: 'a', owner: 'client' }],
    };
    expect(unsupportedFields(caps, 'capture', request)).toEqual([]);
    const older = { ops: { ...caps.ops, capture: caps.ops.capture!.filter((f) => f !== 'session.notes' && f !== 'actionItems.owner') } };
    expect(unsupportedFields(older, 'capture', request)).toEqual(['actionItems.owner', 'session.notes']);
    expect(unsupportedFields({ ops: { hello: [] } }, 'capture', request)).toEqual(['op']);
    expect(unsupportedFields(caps, 'capture', { ...request, session: { ...request.session, notes: undefined } })).toEqual([]);
  });
});
