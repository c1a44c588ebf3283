// Confidential notes on the add-on's side (PRODUCT.md, "Confidential notes", `setNoteKey`, `sync`):
// the key id is recorded and only changed on request; a confidential capture with plain notes is refused
// and writes nothing; `sync.lastSessions` holds only the caller's own sessions, whatever the role; and a
// canary sealed in a confidential session appears in no file, export, page, email or answer in plain text.
import ExcelJS from 'exceljs';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportXlsx } from '../../local/cli/export';
import { ENCRYPTED_LABEL, renderHostPage } from '../../local/web/host-page';
import { seal, testKey } from '../helpers/envelope';
import { newProgram, type TestProgram } from '../helpers/runtime';

const CANARY = 'CANARY-c0nf1d3nt1al she plans to resign in June';
const NOW = new Date('2026-11-24T12:00:00Z');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('setNoteKey and hello', () => {
  let p: TestProgram;
  beforeAll(() => {
    p = newProgram({ now: NOW, log: () => {} });
  });
  afterAll(() => p.rt.close());

  it('records the key id once; the same id again is harmless; another needs replace', () => {
    expect(p.post({ v: 1, op: 'hello', token: p.token }).coach.note_key_id).toBe('');
    expect(p.post({ v: 1, op: 'setNoteKey', token: p.token, keyId: 'AAAAAAAAAAAA' })).toEqual({ ok: true, note_key_id: 'AAAAAAAAAAAA' });
    expect(p.post({ v: 1, op: 'hello', token: p.token }).coach).toMatchObject({ name: 'Ana Rivera', note_key_id: 'AAAAAAAAAAAA' });
    expect(p.post({ v: 1, op: 'setNoteKey', token: p.token, keyId: 'AAAAAAAAAAAA' })).toEqual({ ok: true, note_key_id: 'AAAAAAAAAAAA' });

    const before = p.snapshot();
    const refused = p.post({ v: 1, op: 'setNoteKey', token: p.token, keyId: 'BBBBBBBBBBBB' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'keyId', message: expect.stringContaining('replace') },
    });
    expect(p.snapshot()).toBe(before);

    expect(p.post({ v: 1, op: 'setNoteKey', token: p.token, keyId: 'BBBBBBBBBBBB', replace: true })).toEqual({
      ok: true,
      note_key_id: 'BBBBBBBBBBBB',
    });
    expect(p.post({ v: 1, op: 'hello', token: p.token }).coach.note_key_id).toBe('BBBBBBBBBBBB');
  });

  it('refuses a malformed key id and a request without a token, writing nothing', () => {
    const before = p.snapshot();
    expect(p.post({ v: 1, op: 'setNoteKey', token: p.token, keyId: 'the key itself' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'keyId' },
    });
    expect(p.post({ v: 1, op: 'setNoteKey', token: 'nope', keyId: 'CCCCCCCCCCCC' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(p.snapshot()).toBe(before);
  });

  it("keeps each coach's key id to that coach", () => {
    const ben = p.invite('Ben Ortiz', 'ben@example.org');
    expect(p.post({ v: 1, op: 'hello', token: ben.token }).coach.note_key_id).toBe('');
    p.post({ v: 1, op: 'setNoteKey', token: ben.token, keyId: 'DDDDDDDDDDDD' });
    expect(p.post({ v: 1, op: 'hello', token: p.token }).coach.note_key_id).toBe('BBBBBBBBBBBB');
  });
});

describe('confidential captures', () => {
  let p: TestProgram;
  let clientId: string;
  beforeAll(() => {
    p = newProgram({ now: NOW, log: () => {} });
    clientId = p.accepted({
      op: 'capture',
      captureId: 'c0',
      session: { newClient: { name: 'Maya Thompson' }, startedAt: '2026-11-10' },
    }).clientId;
  });
  afterAll(() => p.rt.close());

  it.each([
    ['plain words', CANARY],
    ['a forged envelope', 'ft-enc1.not-really'],
    ['an envelope cut short', seal(CANARY, testKey()).slice(0, 45)],
  ])("refuses %s as a confidential session's notes and writes nothing", (_, notes) => {
    const before = p.snapshot();
    const answer = p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: `plain-${notes.length}`,
      session: { clientId, startedAt: '2026-11-20T15:00:00Z', notes, confidential: true },
      actionItems: [{ text: 'An item' }],
    });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'session.notes', message: expect.stringContaining('encrypted') },
    });
    expect(p.snapshot()).toBe(before);
  });

  it('stores an envelope, or empty notes, for a confidential session', () => {
    const envelope = seal(CANARY, testKey());
    const a = p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 'enc-1',
      session: { clientId, startedAt: '2026-11-20T15:00:00Z', notes: envelope, confidential: true },
    });
    const b = p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 'enc-2',
      session: { clientId, startedAt: '2026-11-21T15:00:00Z', notes: '', confidential: true },
    });
    expect(a.ok && b.ok).toBe(true);
    expect(p.rows('Sessions').some((r) => r.includes(envelope))).toBe(true);
  });
});

describe('sync.lastSessions and settings', () => {
  let p: TestProgram;
  let leader: { token: string; coachId: string };
  let clientId: string;
  beforeAll(() => {
    p = newProgram({ now: NOW, log: () => {} });
    leader = p.invite('Lee Park', 'lee@example.org', 'leader');
    clientId = p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 's1',
      session: { newClient: { name: 'Maya Thompson' }, startedAt: '2026-11-01T15:00:00Z', notes: 'First' },
    }).clientId;
    for (const [n, day] of [
      [2, '03'],
      [3, '05'],
      [4, '04'],
    ] as const) {
      p.post({
        v: 1,
        op: 'capture',
        token: p.token,
        captureId: `s${n}`,
        session: { clientId, startedAt: `2026-11-${day}T15:00:00Z`, notes: `Session ${n}` },
      });
    }
    // The leader held a session with Ana's client too.
    p.post({
      v: 1,
      op: 'capture',
      token: leader.token,
      captureId: 'l1',
      session: { clientId, startedAt: '2026-11-06T15:00:00Z', notes: 'Leader observation' },
    });
  });
  afterAll(() => p.rt.close());

  it("gives each client's latest sessions the caller wrote, newest first, with the listed fields only", () => {
    const answer = p.post({ v: 1, op: 'sync', token: p.token });
    expect(answer.lastSessions.map((s: { notes: string }) => s.notes)).toEqual(['Session 3', 'Session 4', 'Session 2']);
    expect(Object.keys(answer.lastSessions[0]).sort()).toEqual(['client_id', 'confidential', 'kind', 'notes', 'session_id', 'started_at']);
    expect(answer.lastSessions[0]).toMatchObject({
      client_id: clientId,
      kind: 'coaching',
      confidential: false,
      started_at: '2026-11-05T15:00:00.000Z',
    });
  });

  it("gives a leader, who sees every client, only the leader's own sessions", () => {
    const answer = p.post({ v: 1, op: 'sync', token: leader.token });
    expect(answer.clients.map((c: { client_id: string }) => c.client_id)).toContain(clientId);
    expect(answer.lastSessions.map((s: { notes: string }) => s.notes)).toEqual(['Leader observation']);
  });

  it('says whether new sessions start confidential (Settings confidential_by_default)', () => {
    expect(p.post({ v: 1, op: 'sync', token: p.token }).settings).toMatchObject({ confidentialByDefault: false });
    p.saveSettings({ confidential_by_default: 'true' });
    expect(p.post({ v: 1, op: 'sync', token: p.token }).settings).toMatchObject({ confidentialByDefault: true });
  });
});

describe('a canary sealed in a confidential session', () => {
  let p: TestProgram;
  let envelope: string;
  beforeAll(async () => {
    p = newProgram({ now: NOW, log: () => {} });
    p.saveSettings({ quiet_days: '', leader_emails: 'board@example.org' });
    const leader = p.invite('Lee Park', 'lee@example.org', 'leader');
    const key = testKey();
    p.post({ v: 1, op: 'setNoteKey', token: p.token, keyId: key.keyId });
    envelope = seal(CANARY, key);
    const first = p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 'k1',
      session: {
        newClient: { name: 'Maya Thompson', email: 'maya@example.org' },
        startedAt: '2026-11-17T15:00:00Z',
        notes: 'Open session #win',
        tags: ['win'],
      },
      actionItems: [{ text: 'Try the countdown timer', due: '2026-11-25' }],
    });
    const second = p.post({
      v: 1,
      op: 'capture',
      token: p.token,
      captureId: 'k2',
      session: {
        clientId: first.clientId,
        startedAt: '2026-11-23T15:00:00Z',
        notes: envelope,
        confidential: true,
        tags: ['win'],
        nextSessionAt: '2026-11-26',
      },
      actionItems: [{ text: 'Send the schedule', owner: 'coach', due: '2026-11-24' }],
    });
    expect(second.ok).toBe(true);
    p.rt.call('runReminders');
    p.rt.call('refreshDashboard');
    p.rt.call('sendLeaderSummary');
    await p.rt.mail.drain();
    Object.assign(p, { leaderToken: leader.token });
  });
  afterAll(() => p.rt.close());

  it('never appears in plain text in the data dir (snapshot, journal, mail), before and after a snapshot', async () => {
    p.rt.store.commitSync();
    const read = () =>
      filesUnder(p.dataDir)
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
    expect(filesUnder(p.dataDir).some((f) => f.endsWith('journal.log'))).toBe(true);
    expect(read()).toContain(envelope);
    expect(read()).not.toContain('CANARY-c0nf1d3nt1al');
    const emls = existsSync(p.rt.mail.outboxDir) ? readdirSync(p.rt.mail.outboxDir).filter((f) => f.endsWith('.eml')) : [];
    expect(emls.length).toBeGreaterThan(0);
    for (const f of emls) expect(readFileSync(join(p.rt.mail.outboxDir, f), 'utf8')).not.toContain('CANARY-c0nf1d3nt1al');
  });

  it('never appears in the exported .xlsx, which holds the envelope', async () => {
    const file = join(p.dataDir, 'export.xlsx');
    await exportXlsx(p.rt.data, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const texts: string[] = [];
    book.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))));
    expect(texts).toContain(envelope);
    expect(texts.join('\n')).not.toContain('CANARY-c0nf1d3nt1al');
  });

  it('the sheet host page says "Confidential note (encrypted)" instead of the envelope', () => {
    for (const tab of p.rt.data.sheets.map((s) => s.name)) {
      const page = renderHostPage(p.rt, { tab, flash: '', nonce: 'n' });
      expect(page).not.toContain('CANARY-c0nf1d3nt1al');
      expect(page).not.toContain(envelope);
      if (tab === 'Sessions') expect(page).toContain(ENCRYPTED_LABEL);
    }
  });

  it('no web-app answer to another coach or a leader holds it, or its envelope', () => {
    const ben = p.invite('Ben Ortiz', 'ben@example.org');
    const leaderToken = (p as unknown as { leaderToken: string }).leaderToken;
    for (const token of [ben.token, leaderToken]) {
      for (const op of ['hello', 'sync']) {
        const answer = JSON.stringify(p.post({ v: 1, op, token }));
        expect(answer).not.toContain('CANARY-c0nf1d3nt1al');
        expect(answer).not.toContain(envelope);
      }
    }
    // The coach's own sync carries the envelope (decrypted only in her panel), never the words.
    const own = JSON.stringify(p.post({ v: 1, op: 'sync', token: p.token }));
    expect(own).toContain(envelope);
    expect(own).not.toContain('CANARY-c0nf1d3nt1al');
  });
});
