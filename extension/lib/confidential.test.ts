import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { blankDraft, isBlank, setSessionDefaults } from './capture';
import { openCapture, openNotes, sealCapture, KEY_MISSING_SAVE } from './confidential';
import { createNoteKey, decryptNote } from './note-crypto';
import { enqueue, flush } from './outbox';
import { outboxItem } from './storage';
import { captureOk, connection, stubWebApp } from '../test/helpers';

const SECRET = 'Canary: she plans to resign in June';
const fields = (confidential: boolean, notes = SECRET) => ({
  session: {
    clientId: 'K1',
    kind: 'coaching' as const,
    startedAt: '2026-03-12T15:00:00.000Z',
    source: 'manual' as const,
    notes,
    confidential,
    tags: ['win'],
  },
  actionItems: [{ text: 'Draft the plan', owner: 'client' as const }],
});

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  vi.unstubAllGlobals();
  setSessionDefaults(undefined);
});

describe('sealing a capture before it enters the outbox', () => {
  it("encrypts a confidential session's notes and nothing else", async () => {
    const key = await createNoteKey();
    const sealed = await sealCapture(fields(true), { kind: 'ready', key });
    expect(sealed.ok).toBe(true);
    const out = sealed.ok ? sealed.fields : null;
    expect(out!.session.notes).toMatch(/^ft-enc1\./);
    expect(JSON.stringify(out)).not.toContain('resign');
    // Item texts stay readable: clients receive them by email.
    expect(out!.actionItems).toEqual([{ text: 'Draft the plan', owner: 'client' }]);
    expect(await decryptNote(out!.session.notes!, [key])).toEqual({ ok: true, text: SECRET });
    expect(await openCapture(out!, [key])).toEqual({ ok: true, fields: fields(true) });
  });

  it('leaves other sessions as typed and sends blank confidential notes empty', async () => {
    expect(await sealCapture(fields(false), { kind: 'none' })).toEqual({ ok: true, fields: fields(false) });
    expect(await sealCapture(fields(true, '  \n'), { kind: 'none' })).toEqual({ ok: true, fields: fields(true, '') });
  });

  it('refuses to save confidential notes without the key, saying what to do', async () => {
    expect(await sealCapture(fields(true), { kind: 'missing', keyId: 'AAAAAAAAAAAA' })).toEqual({ ok: false, message: KEY_MISSING_SAVE });
    expect(await sealCapture(fields(true), { kind: 'none' })).toEqual({ ok: false, message: KEY_MISSING_SAVE });
  });

  it('reads plain notes as they are and says when a key is missing', async () => {
    expect(await openNotes('Plain words', [])).toEqual({ ok: true, text: 'Plain words' });
    const key = await createNoteKey();
    const sealed = await sealCapture(fields(true), { kind: 'ready', key });
    expect(await openNotes(sealed.ok ? sealed.fields.session.notes! : '', [])).toMatchObject({ ok: false, reason: 'missing_key' });
  });
});

describe('outbox entries belong to the coach who saved them', () => {
  it('sends a capture only while its coach is connected', async () => {
    const sent = stubWebApp(captureOk);
    await enqueue(fields(false), Date.now(), { url: connection.url, coachId: 'C1' });
    await flush({ ...connection, coach: { ...connection.coach, coach_id: 'C2' } });
    expect(sent).toHaveLength(0);
    expect(await outboxItem.getValue()).toHaveLength(1);
    await flush(connection);
    expect(sent).toHaveLength(1);
    expect(await outboxItem.getValue()).toEqual([]);
  });
});

describe('the program setting confidential_by_default', () => {
  it('makes new sessions confidential; such a form is still blank', () => {
    expect(blankDraft().confidential).toBe(false);
    setSessionDefaults({ confidentialByDefault: true });
    const draft = blankDraft();
    expect(draft.confidential).toBe(true);
    expect(isBlank(draft)).toBe(true);
    // The coach turning it off is a choice worth keeping.
    expect(isBlank({ ...draft, confidential: false })).toBe(false);
  });
});
