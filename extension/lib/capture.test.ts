import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ActionItemSchema, CaptureRequestSchema, MAX_CELL_CHARS } from '../../shared/api';
import { blankDraft, blankItem, buildCapture, isBlank } from './capture';
import { MAX_ITEM_CHARS, MAX_NOTES_CHARS } from './limits';

const opened = new Date('2026-03-12T15:00:00.000Z');
const saved = new Date('2026-03-12T15:50:00.000Z');

describe('buildCapture', () => {
  it('requires a client', () => {
    expect(buildCapture(blankDraft(opened), saved)).toEqual({ ok: false, field: 'clientId', message: 'Choose a client before saving.' });
  });

  it('builds a valid capture request and leaves out empty action-item rows', () => {
    const draft = {
      ...blankDraft(opened),
      clientId: 'K1',
      notes: 'Discussed the rollout.',
      items: [
        { ...blankItem(), text: '  Send the agenda ', owner: 'coach' as const, due: '2026-03-19' },
        { ...blankItem(), text: '   ' },
        { ...blankItem(), text: 'Try the new routine' },
      ],
    };
    const result = buildCapture(draft, saved);
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
          { text: 'Try the new routine', owner: 'client' },
        ],
      },
    });
    if (!result.ok) return;
    const request = { v: 1, op: 'capture', token: 't', captureId: 'X', ...result.fields };
    expect(v.safeParse(CaptureRequestSchema, request).success).toBe(true);
  });

  it('knows a blank form', () => {
    expect(isBlank(blankDraft())).toBe(true);
    expect(isBlank({ ...blankDraft(), notes: 'x' })).toBe(false);
  });
});

describe('limits', () => {
  it('match the web app schemas', () => {
    expect(MAX_NOTES_CHARS).toBe(MAX_CELL_CHARS);
    expect(v.safeParse(ActionItemSchema, { text: 'a'.repeat(MAX_ITEM_CHARS) }).success).toBe(true);
    expect(v.safeParse(ActionItemSchema, { text: 'a'.repeat(MAX_ITEM_CHARS + 1) }).success).toBe(false);
  });
});
