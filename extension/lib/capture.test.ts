import { extractDue } from '../../shared/quick-dates';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ActionItemSchema, CaptureRequestSchema, MAX_CELL_TEXT } from '../../shared/api';
import { blankDraft, blankItem, buildCapture, draftFromCapture, isBlank, started } from './capture';
import { sealCapture } from './confidential';
import { createNoteKey } from './note-crypto';
import { MAX_ITEM_CHARS, MAX_NOTES_CHARS } from './limits';

const opened = new Date('2026-03-12T15:00:00.000Z');
const saved = new Date('2026-03-12T15:50:00.000Z');

describe('buildCapture', () => {
  it('requires a client', () => {
    expect(buildCapture(blankDraft(opened), extractDue, saved)).toMatchObject({
      ok: false,
      field: 'clientId',
      message: 'Choose a client before saving.',
    });
  });

  it('builds a valid capture request and leaves out empty action-item rows', () => {
    const draft = {
      ...blankDraft(opened),
      startedAt: opened.toISOString(),
      clientId: 'K1',
      notes: 'Discussed the rollout.',
      items: [
        { ...blankItem(), text: '  Send the agenda ', owner: 'coach' as const, due: '2026-03-19' },
        { ...blankItem(), text: '   ' },
        { ...blankItem(), text: 'Try the new routine' },
      ],
    };
    const result = buildCapture(draft, extractDue, saved);
    expect(result).toEqual({
      ok: true,
      fields: {
        session: {
          clientId: 'K1',
          kind: 'coaching',
          startedAt: '2026-03-12T15:00:00.000Z',
          endedAt: '2026-03-12T15:50:00.000Z',
          source: 'manual',
          notes: 'Discussed the rollout.',
          confidential: false,
          tags: [],
        },
        actionItems: [
          { text: 'Send the agenda', owner: 'coach', due: '2026-03-19' },
          { text: 'Try the new routine', owner: 'coach' },
        ],
      },
    });
    if (!result.ok) return;
    const request = { v: 1, op: 'capture', token: 't', captureId: 'X', ...result.fields };
    expect(v.safeParse(CaptureRequestSchema, request).success).toBe(true);
  });

  it('knows a blank form', () => {
    expect(isBlank(blankDraft())).toBe(true);
    // A blank form's timer has not started: a panel left open records no idle time.
    expect(blankDraft(opened).startedAt).toBe('');
    expect(started(blankDraft(opened), saved).startedAt).toBe(saved.toISOString());
    expect(started({ ...blankDraft(opened), startedAt: opened.toISOString() }, saved).startedAt).toBe(opened.toISOString());
    expect(isBlank({ ...blankDraft(), notes: 'x' })).toBe(false);
  });
});

describe('buildCapture with every session field', () => {
  const full = {
    ...blankDraft(opened),
    startedAt: opened.toISOString(),
    newClient: { name: ' Jordan Blake ', email: 'jordan@example.org', organization: '' },
    notes: 'Great start #win\n- [ ] @coach send the intro pack by Friday',
    items: [{ ...blankItem(), text: 'Pick a goal', goalId: 'G1' }],
    kind: 'breakthrough' as const,
    endedAt: '2026-03-12T15:40:00.000Z',
    nextSessionAt: '2026-03-26',
    confidential: true,
    tags: '#intro, pilot',
    source: { source: 'page' as const, title: 'Agenda', url: 'https://example.org/agenda' },
  };

  it('sends a new client, quick-capture items, tags, source and times; goals only for existing clients', async () => {
    const result = buildCapture(full, extractDue, saved, 'Europe/Berlin');
    expect(result).toEqual({
      ok: true,
      fields: {
        // A new client met in a breakthrough session starts at that stage (session-kinds.ts).
        client: { stage: 'breakthrough' },
        session: {
          newClient: { name: 'Jordan Blake', email: 'jordan@example.org' },
          kind: 'breakthrough',
          startedAt: '2026-03-12T15:00:00.000Z',
          endedAt: '2026-03-12T15:40:00.000Z',
          source: 'page',
          sourceTitle: 'Agenda',
          sourceUrl: 'https://example.org/agenda',
          notes: 'Great start #win',
          confidential: true,
          tags: ['intro', 'pilot', 'win'],
          nextSessionAt: '2026-03-26',
        },
        actionItems: [
          { text: 'Pick a goal', owner: 'coach' },
          { text: 'send the intro pack', owner: 'coach', due: '2026-03-13' },
        ],
      },
    });
    if (!result.ok) return;
    // Confidential: the web app takes the notes only once the panel has sealed them.
    expect(v.safeParse(CaptureRequestSchema, { v: 1, op: 'capture', token: 't', captureId: 'X', ...result.fields }).success).toBe(false);
    const sealed = await sealCapture(result.fields, { kind: 'ready', key: await createNoteKey() });
    expect(
      sealed.ok && v.safeParse(CaptureRequestSchema, { v: 1, op: 'capture', token: 't', captureId: 'X', ...sealed.fields }).success,
    ).toBe(true);
  });

  it('requires the new client’s name', () => {
    expect(buildCapture({ ...full, newClient: { name: ' ', email: '', organization: '' } }, extractDue, saved)).toMatchObject({
      ok: false,
      field: 'newClient.name',
    });
    // The web app's own email rule, checked before Save, in plain words next to the field.
    const badEmail = buildCapture({ ...full, newClient: { name: 'Jordan', email: 'jordan@', organization: '' } }, extractDue, saved);
    expect(badEmail).toMatchObject({
      ok: false,
      field: 'newClient.email',
      message: '“jordan@” is not an email address (like name@school.org).',
    });
    const dueOnly = { ...full, items: [{ ...blankItem(), key: 'r1', due: '2026-03-20' }] };
    expect(buildCapture(dueOnly, extractDue, saved)).toMatchObject({ ok: false, field: 'items.r1.text' });
    expect(buildCapture({ ...full, nextSessionAt: '2026-02-30x' }, extractDue, saved)).toMatchObject({ ok: false, field: 'nextSessionAt' });
  });

  it('sends the debrief and round-trips through draftFromCapture', () => {
    const draft = {
      ...blankDraft(opened),
      startedAt: opened.toISOString(),
      clientId: 'K1',
      items: [{ ...blankItem(), text: 'Try it', goalId: 'G1' }],
      debrief: { I1: { status: 'done' as const, note: '' }, I2: { status: 'derailed' as const, note: ' Sick week ' } },
    };
    const result = buildCapture(draft, extractDue, saved);
    expect(result.ok && result.fields.debrief).toEqual([
      { itemId: 'I1', status: 'done' },
      { itemId: 'I2', status: 'derailed', note: 'Sick week' },
    ]);
    expect(result.ok && result.fields.actionItems).toEqual([{ text: 'Try it', owner: 'coach', goalId: 'G1' }]);
    if (!result.ok) return;
    const back = draftFromCapture(result.fields);
    expect(back).toMatchObject({
      clientId: 'K1',
      debrief: { I1: { status: 'done', note: '' }, I2: { status: 'derailed', note: 'Sick week' } },
    });
    expect(back.items.map((i) => i.goalId)).toEqual(['G1']);
  });
});

describe('limits', () => {
  it('match the web app schemas', () => {
    expect(MAX_NOTES_CHARS).toBe(MAX_CELL_TEXT);
    expect(v.safeParse(ActionItemSchema, { text: 'a'.repeat(MAX_ITEM_CHARS) }).success).toBe(true);
    expect(v.safeParse(ActionItemSchema, { text: 'a'.repeat(MAX_ITEM_CHARS + 1) }).success).toBe(false);
  });
});
