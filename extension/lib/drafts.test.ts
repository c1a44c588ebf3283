import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { blankDraft, draftFromCapture } from './capture';
import { activeDraft, clearDraft, moveDraftTo, openDraft, otherDrafts, putDraft, restoreDraft, switchClient } from './drafts';
import { draftsItem } from './storage';

const now = new Date('2026-03-12T15:00:00Z');
beforeEach(() => fakeBrowser.reset());

describe('drafts per client', () => {
  it('opens a blank form, and the stored active draft after that', async () => {
    expect((await activeDraft(now)).notes).toBe('');
    await putDraft({ ...blankDraft(now), clientId: 'K1', notes: 'Maya notes' });
    expect((await activeDraft(now)).notes).toBe('Maya notes');
  });

  it('starts the timer when a client is chosen, not when the blank form opens', async () => {
    const later = new Date('2026-03-12T16:30:00Z');
    const chosen = await switchClient(blankDraft(now), 'K1', later);
    expect(chosen.startedAt).toBe(later.toISOString());
    // A form started by typing keeps its start.
    const typed = { ...blankDraft(now), notes: 'x', startedAt: now.toISOString() };
    expect((await switchClient(typed, 'K2', later)).startedAt).toBe(now.toISOString());
  });

  it('moves the words typed for one client to another on request, leaving the debrief behind', async () => {
    const maya = {
      ...blankDraft(now),
      clientId: 'K1',
      startedAt: now.toISOString(),
      notes: 'Meant for Daniel',
      debrief: { I1: { status: 'done' as const, note: '' } },
      items: [{ key: 'r1', text: 'Send the plan', owner: 'coach' as const, due: '', goalId: 'G1' }],
    };
    await putDraft(maya);
    const daniel = await switchClient(maya, 'K2', now);
    expect(daniel.notes).toBe('');
    const moved = await moveDraftTo(daniel, 'K1', now);
    expect(moved).toMatchObject({ clientId: 'K2', notes: 'Meant for Daniel', debrief: {} });
    expect(moved.items.map((i) => [i.text, i.goalId])).toEqual([['Send the plan', '']]);
    const drafts = await draftsItem.getValue();
    expect(Object.keys(drafts.byKey)).toEqual(['K2']);
    expect(drafts.active).toBe('K2');
  });

  it('moves notes typed before choosing a client to that client', async () => {
    const typed = { ...blankDraft(now), notes: 'Typed first' };
    await putDraft(typed);
    const moved = await switchClient(typed, 'K1', now);
    expect(moved).toMatchObject({ clientId: 'K1', notes: 'Typed first' });
    expect(Object.keys((await draftsItem.getValue()).byKey)).toEqual(['K1']);
  });

  it('keeps one draft per client when switching between clients', async () => {
    const maya = { ...blankDraft(now), clientId: 'K1', notes: 'Maya notes' };
    await putDraft(maya);
    const daniel = await switchClient(maya, 'K2', now);
    expect(daniel).toMatchObject({ clientId: 'K2', notes: '' });
    const danielTyped = { ...daniel, notes: 'Daniel notes' };
    await putDraft(danielTyped);
    const back = await switchClient(danielTyped, 'K1', now);
    expect(back.notes).toBe('Maya notes');
    const drafts = await draftsItem.getValue();
    expect(drafts.active).toBe('K1');
    expect(otherDrafts(drafts, 'K1', now).map((d) => d.notes)).toEqual(['Daniel notes']);
    expect((await openDraft(back, 'K2', now)).notes).toBe('Daniel notes');
  });

  it('clears the saved draft only and goes on with the draft without a client', async () => {
    const loose = { ...blankDraft(now), notes: 'No client yet' };
    await putDraft(loose);
    const maya = await openDraft(loose, 'K1', now);
    const typed = { ...maya, notes: 'Maya notes' };
    await putDraft(typed);
    const next = await clearDraft(typed, now);
    expect(next.notes).toBe('No client yet');
    expect(Object.keys((await draftsItem.getValue()).byKey)).toEqual(['']);
  });

  it('brings a refused capture back into the form without losing the draft there', async () => {
    const current = { ...blankDraft(now), clientId: 'K1', notes: 'Newer notes' };
    await putDraft(current);
    const refused = draftFromCapture({
      session: { clientId: 'K1', startedAt: '2026-03-12T14:00:00.000Z', notes: 'Older notes', tags: ['win'] },
      actionItems: [{ text: 'Send the plan', owner: 'coach', due: '2026-03-19' }],
    });
    const merged = await restoreDraft(current, refused, now);
    expect(merged.notes).toBe('Newer notes\n\nOlder notes');
    expect(merged.items.map((i) => [i.text, i.owner, i.due])).toEqual([['Send the plan', 'coach', '2026-03-19']]);
    expect(merged.tags).toBe('#win');
    expect(merged.startedAt).toBe('2026-03-12T14:00:00.000Z');
  });
});
