// Turning the capture form into the fields of a `capture` request (PRODUCT.md, "Web app API").
import type { Owner } from '../../shared/schema';
import type { CaptureFields, Draft } from './storage';

export type ActionItemDraft = Draft['items'][number];

let nextKey = 0;
/** A blank action-item row; the key only tells rows apart in the form. */
export function blankItem(): ActionItemDraft {
  nextKey += 1;
  return { key: `item-${Date.now().toString(36)}-${nextKey}`, text: '', owner: 'client' satisfies Owner, due: '' };
}

export function blankDraft(now = new Date()): Draft {
  return { clientId: '', notes: '', items: [blankItem()], startedAt: now.toISOString() };
}

export type CaptureCheck = { ok: true; fields: Omit<CaptureFields, 'captureId'> } | { ok: false; field: 'clientId'; message: string };

/** Validates the form and builds the request; rows without text are left out. */
export function buildCapture(draft: Draft, now = new Date()): CaptureCheck {
  if (!draft.clientId) return { ok: false, field: 'clientId', message: 'Choose a client before saving.' };
  const actionItems = draft.items
    .filter((item) => item.text.trim() !== '')
    .map((item) => ({ text: item.text.trim(), owner: item.owner, ...(item.due ? { due: item.due } : {}) }));
  return {
    ok: true,
    fields: {
      session: {
        clientId: draft.clientId,
        kind: 'coaching',
        startedAt: draft.startedAt,
        endedAt: now.toISOString(),
        source: 'manual',
        notes: draft.notes,
        confidential: false,
        tags: [],
      },
      actionItems,
    },
  };
}

/** True when the form holds nothing the coach typed. */
export function isBlank(draft: Draft): boolean {
  return !draft.clientId && !draft.notes.trim() && draft.items.every((item) => !item.text.trim() && !item.due);
}
