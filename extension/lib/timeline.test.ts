import { describe, expect, it } from 'vitest';
import type { ClientDataAnswer } from '../../shared/api';
import { columnsOf, type TabName, type WireRow } from '../../shared/schema';
import { withEdit } from './cache-update';
import { dayOf } from './format';
import { createNoteKey, decryptNote } from './note-crypto';
import { KEY_MISSING_SAVE } from './confidential';
import type { EditEntry, SyncCache } from './storage';
import {
  buildTimeline,
  correctionOf,
  durationLabel,
  firstLine,
  formOf,
  page,
  PAGE_SIZE,
  sealCorrection,
  type CorrectionForm,
} from './timeline';

const ZONE = 'America/New_York';

function row<T extends TabName>(tab: T, fields: Record<string, unknown>): WireRow<T> {
  return { ...Object.fromEntries(columnsOf(tab).map((c) => [c, ''])), ...fields } as WireRow<T>;
}

function session(id: string, startedAt: string, fields: Record<string, unknown> = {}): WireRow<'Sessions'> {
  return row('Sessions', {
    session_id: id,
    client_id: 'K1',
    coach_id: 'C1',
    kind: 'coaching',
    started_at: startedAt,
    notes: `Notes of ${id}`,
    confidential: false,
    ...fields,
  });
}

function item(id: string, sessionId: string, fields: Record<string, unknown> = {}): WireRow<'ActionItems'> {
  return row('ActionItems', {
    item_id: id,
    session_id: sessionId,
    client_id: 'K1',
    owner: 'client',
    text: `Item ${id}`,
    status: 'open',
    ...fields,
  });
}

function data(sessions: WireRow<'Sessions'>[], items: WireRow<'ActionItems'>[] = [], coachId = 'C1'): ClientDataAnswer {
  const empty = {
    Clients: [row('Clients', { client_id: 'K1', name: 'Maya', coach_id: coachId })],
    Goals: [],
    Milestones: [],
    Packages: [],
    StageHistory: [],
    Prep: [],
    EmailLog: [],
  };
  return { clientId: 'K1', tabs: { ...empty, Sessions: sessions, ActionItems: items } } as ClientDataAnswer;
}

function edit(request: EditEntry['request'], state: EditEntry['state'] = 'waiting'): EditEntry {
  return {
    op: 'editSession',
    captureId: `e-${Math.random()}`,
    request,
    about: { clientId: 'K1', startedAt: '' },
    createdAt: 1,
    attempts: 0,
    nextAttemptAt: 1,
    state,
  };
}

describe('the client timeline', () => {
  it('lists the sessions newest first with their items, leaving deleted ones out; only own sessions are correctable', () => {
    const t = buildTimeline(
      data(
        [
          session('S1', '2026-01-05T15:00:00.000Z'),
          session('S3', '2026-03-02T15:00:00.000Z'),
          session('S2', '2026-02-02T15:00:00.000Z', { coach_id: 'C0', confidential: true, notes: 'ft-enc1.x.y.z' }),
          session('S4', '2026-03-09T15:00:00.000Z', { deleted_at: '2026-03-10T00:00:00.000Z' }),
        ],
        [item('I1', 'S1', { status: 'done' }), item('I2', 'S3'), item('I3', 'S1')],
      ),
      'C1',
    );
    expect(t.sessions.map((s) => s.session.session_id)).toEqual(['S3', 'S2', 'S1']);
    expect(t.sessions.map((s) => s.own)).toEqual([true, false, true]);
    expect(t.sessions[2]!.items.map((i) => [i.item_id, i.status])).toEqual([
      ['I1', 'done'],
      ['I3', 'open'],
    ]);
    expect(t).toMatchObject({ othersSessions: 1, othersConfidential: 1 });
  });

  it("shows the corrections still in the outbox as they will be, and never applies them to another coach's session", () => {
    const t = buildTimeline(
      data(
        [
          session('S1', '2026-01-05T15:00:00.000Z', { ended_at: '2026-01-05T15:45:00.000Z' }),
          session('S2', '2026-01-12T15:00:00.000Z', { coach_id: 'C0' }),
        ],
        [item('I1', 'S1')],
      ),
      'C1',
      [
        edit({
          sessionId: 'S1',
          session: { kind: 'observation', endedAt: '2026-01-05T16:00:00.000Z' },
          items: [{ itemId: 'I1', status: 'done', text: 'Film a lesson' }],
        }),
        edit({ sessionId: 'S2', delete: true }),
      ],
    );
    const s1 = t.sessions.find((s) => s.session.session_id === 'S1')!;
    expect(s1).toMatchObject({ pending: 'waiting', deleting: false });
    expect(s1.session).toMatchObject({ kind: 'observation', duration_min: 60 });
    expect(s1.items[0]).toMatchObject({ status: 'done', text: 'Film a lesson' });
    expect(t.sessions.find((s) => s.session.session_id === 'S2')).toMatchObject({ pending: null, deleting: false });
  });

  it('marks a pending deletion and a refused correction', () => {
    const t = buildTimeline(data([session('S1', '2026-01-05T15:00:00.000Z')], [item('I1', 'S1')]), 'C1', [
      edit({ sessionId: 'S1', session: { kind: 'check-in' } }, 'failed'),
      edit({ sessionId: 'S1', delete: true }),
    ]);
    expect(t.sessions[0]).toMatchObject({ pending: 'failed', deleting: true });
    expect(t.sessions[0]!.items[0]!.status).toBe('dropped');
  });

  it('pages by ten', () => {
    const sessions = Array.from({ length: 23 }, (_, i) => session(`S${i}`, new Date(Date.UTC(2026, 0, 1 + i, 15)).toISOString()));
    const t = buildTimeline(data(sessions), 'C1');
    expect(PAGE_SIZE).toBe(10);
    expect(page(t.sessions, 1)).toHaveLength(10);
    expect(page(t.sessions, 3)).toHaveLength(23);
    expect(page(t.sessions, 1)[0]!.session.session_id).toBe('S22');
  });

  it("says a session briefly: first line, duration, days in the sheet's calendar", () => {
    expect(firstLine('\n  Debrief on transitions.  \nMore')).toBe('Debrief on transitions.');
    expect(firstLine('x'.repeat(200), 20)).toBe(`${'x'.repeat(19)}…`);
    expect(durationLabel(45)).toBe('45 min');
    expect(durationLabel(60)).toBe('1 h');
    expect(durationLabel(75)).toBe('1 h 15 min');
    expect(durationLabel(null)).toBe('');
    // Midnight in New York is 05:00 UTC: still the 19th there.
    expect(dayOf('2026-03-19T04:00:00.000Z', ZONE)).toBe('2026-03-19');
    expect(dayOf('2026-03-19', ZONE)).toBe('2026-03-19');
    expect(dayOf('', ZONE)).toBe('');
  });
});

describe('corrections', () => {
  const t = buildTimeline(
    data(
      [
        session('S1', '2026-03-02T15:00:00.000Z', {
          ended_at: '2026-03-02T15:45:00.000Z',
          tags: '#math #win',
          next_session_at: '2026-03-16T04:00:00.000Z',
        }),
      ],
      [item('I1', 'S1', { due_date: '2026-03-09T04:00:00.000Z' }), item('I2', 'S1', { owner: 'coach' })],
    ),
    'C1',
  ).sessions[0]!;
  const before = formOf(t, 'Notes of S1', ZONE);

  it('starts from the session as it is', () => {
    expect(before).toMatchObject({
      notes: 'Notes of S1',
      confidential: false,
      kind: 'coaching',
      tags: '#math #win',
      nextSession: '2026-03-16',
    });
    expect(before.items).toEqual([
      { itemId: 'I1', text: 'Item I1', due: '2026-03-09', owner: 'client', status: 'open' },
      { itemId: 'I2', text: 'Item I2', due: '', owner: 'coach', status: 'open' },
    ]);
  });

  it('sends only what changed', () => {
    const after: CorrectionForm = {
      ...before,
      notes: 'Notes of S1, corrected',
      kind: 'observation',
      tags: 'win, math',
      items: [{ ...before.items[0]!, status: 'done', due: '2026-03-10' }, before.items[1]!],
    };
    expect(correctionOf('S1', before, after)).toEqual({
      ok: true,
      request: {
        sessionId: 'S1',
        session: { notes: 'Notes of S1, corrected', kind: 'observation' },
        items: [{ itemId: 'I1', due: '2026-03-10', status: 'done' }],
      },
    });
    expect(correctionOf('S1', before, before)).toEqual({ ok: true, request: null });
    expect(correctionOf('S1', before, { ...before, tags: '#math', nextSession: '' })).toEqual({
      ok: true,
      request: { sessionId: 'S1', session: { tags: ['math'], nextSessionAt: '' } },
    });
  });

  it("moves the times in the browser's zone and refuses an end before the start or an item without text", () => {
    const moved = correctionOf('S1', before, { ...before, from: '09:00', to: '10:30' });
    expect(moved.ok && moved.request?.session).toMatchObject({
      startedAt: new Date(`${before.day}T09:00`).toISOString(),
      endedAt: new Date(`${before.day}T10:30`).toISOString(),
    });
    expect(correctionOf('S1', before, { ...before, to: '' })).toEqual({ ok: true, request: { sessionId: 'S1', session: { endedAt: '' } } });
    expect(correctionOf('S1', before, { ...before, from: '11:00', to: '10:00' })).toMatchObject({ ok: false, field: 'to' });
    expect(correctionOf('S1', before, { ...before, items: [{ ...before.items[0]!, text: '  ' }, before.items[1]!] })).toMatchObject({
      ok: false,
      field: 'items.0.text',
    });
  });

  it('takes the notes along when Confidential changes, encrypted when it is turned on', async () => {
    const key = await createNoteKey();
    const on = correctionOf('S1', before, { ...before, confidential: true });
    expect(on).toEqual({ ok: true, request: { sessionId: 'S1', session: { confidential: true, notes: 'Notes of S1' } } });
    const sealed = await sealCorrection(on.ok ? on.request! : (null as never), true, { kind: 'ready', key });
    expect(sealed.ok).toBe(true);
    const notes = sealed.ok ? sealed.request.session!.notes! : '';
    expect(notes).toMatch(/^ft-enc1\./);
    expect(await decryptNote(notes, [key])).toEqual({ ok: true, text: 'Notes of S1' });
    // Without the key in this browser nothing leaves as words.
    expect(await sealCorrection(on.ok ? on.request! : (null as never), true, { kind: 'missing', keyId: key.keyId })).toEqual({
      ok: false,
      message: KEY_MISSING_SAVE,
    });
    // Turned off: the words go as they are (the panel said everyone with the sheet can read them then).
    const confidential = { ...before, confidential: true };
    const off = correctionOf('S1', confidential, { ...confidential, confidential: false });
    expect(off).toEqual({ ok: true, request: { sessionId: 'S1', session: { confidential: false, notes: 'Notes of S1' } } });
    expect(await sealCorrection(off.ok ? off.request! : (null as never), false, { kind: 'none' })).toEqual(
      off.ok ? { ok: true, request: off.request } : null,
    );
  });

  it('re-encrypts corrected confidential notes; notes this browser cannot read stay as they are', async () => {
    const key = await createNoteKey();
    const sealedBefore = { ...before, confidential: true };
    const corrected = correctionOf('S1', sealedBefore, { ...sealedBefore, notes: 'CANARY corrected words' });
    const sealed = await sealCorrection(corrected.ok ? corrected.request! : (null as never), true, { kind: 'ready', key });
    expect(JSON.stringify(sealed)).not.toContain('CANARY');
    expect(sealed.ok && (await decryptNote(sealed.request.session!.notes!, [key]))).toEqual({ ok: true, text: 'CANARY corrected words' });
    // Key missing: the notes are not part of the form; the flag cannot change; other fields can.
    const unreadable = { ...sealedBefore, notes: null };
    expect(correctionOf('S1', unreadable, { ...unreadable, confidential: false })).toMatchObject({ ok: false, field: 'confidential' });
    expect(correctionOf('S1', unreadable, { ...unreadable, kind: 'check-in' })).toEqual({
      ok: true,
      request: { sessionId: 'S1', session: { kind: 'check-in' } },
    });
  });
});

describe('the cached debrief after a correction', () => {
  const cache: SyncCache = {
    clients: [],
    goals: [],
    milestones: [],
    packages: [],
    latestPrep: [],
    fetchedAt: 1,
    settings: { confidentialByDefault: false, maxOpenItems: 10 },
    lastSessions: [
      { session_id: 'S1', client_id: 'K1', started_at: '2026-03-02T15:00:00.000Z', kind: 'coaching', notes: 'old', confidential: false },
    ],
    openItems: [item('I1', 'S1'), item('I2', 'S1')],
  };

  it("closes, corrects and reopens items and corrects the last session's notes", () => {
    const known = [item('I1', 'S1'), item('I2', 'S1'), item('I3', 'S1', { status: 'done' })];
    const next = withEdit(
      cache,
      {
        sessionId: 'S1',
        session: { notes: 'new', confidential: false },
        items: [
          { itemId: 'I1', status: 'done' },
          { itemId: 'I2', text: 'Renamed', due: '2026-03-20' },
          { itemId: 'I3', status: 'open' },
        ],
      },
      known,
    );
    expect(next.lastSessions[0]).toMatchObject({ notes: 'new' });
    expect(next.openItems.map((i) => [i.item_id, i.text, i.due_date, i.status])).toEqual([
      ['I2', 'Renamed', '2026-03-20', 'open'],
      ['I3', 'Item I3', '', 'open'],
    ]);
  });

  it('forgets a deleted session and its open items', () => {
    expect(withEdit(cache, { sessionId: 'S1', delete: true })).toMatchObject({ lastSessions: [], openItems: [] });
  });
});
