import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { blankDraft, blankItem } from './capture';
import { DraftForm, PAUSE_MS, settleLateEdit, type DraftFormHost } from './draft-form';
import { activeDraft, clearDraft, otherDrafts, putAside, putDraft, switchClient } from './drafts';
import { draftsItem, type Draft } from './storage';

const now = new Date('2026-03-12T15:00:00Z');
beforeEach(() => fakeBrowser.reset());

/** A page for the form: what it shows, what it wrote and handed over, and timers run by hand. */
function page() {
  const timers = new Map<number, { run: () => void; ms: number }>();
  let nextTimer = 1;
  const seen = {
    shown: [] as Draft[],
    handedOver: [] as Draft[],
    /** Runs the timers due, as the page's clock would after a pause in typing. */
    pause() {
      const due = [...timers.entries()];
      timers.clear();
      for (const [, timer] of due) timer.run();
      return due.map(([, timer]) => timer.ms);
    },
  };
  const host: DraftFormHost = {
    show: (draft) => seen.shown.push(draft),
    write: putDraft,
    putAside,
    handOver: (draft) => seen.handedOver.push(draft),
    setTimer: (run, ms) => {
      const id = nextTimer++;
      timers.set(id, { run, ms });
      return id as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimer: (timer) => void timers.delete(timer as unknown as number),
  };
  return { form: new DraftForm(host), seen };
}

/** A change of the form held open until `finish` is called: the storage round trip, slowed down. */
function held(change: (current: Draft) => Promise<Draft>) {
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  return { transition: async (current: Draft) => (await gate, change(current)), finish: () => finish() };
}

const last = (drafts: Draft[]) => drafts[drafts.length - 1]!;

describe('the form while its draft is written', () => {
  it('writes after a pause in typing and hands over what is pending when the panel closes', async () => {
    const { form, seen } = page();
    form.adopt(blankDraft(now), false);
    form.edit({ ...blankDraft(now), notes: 'First words' });
    expect(seen.pause()).toEqual([PAUSE_MS]);
    await expect.poll(async () => (await activeDraft(now)).notes).toBe('First words');
    form.edit({ ...blankDraft(now), notes: 'First words, more' });
    form.flush();
    expect(seen.handedOver.map((d) => d.notes)).toEqual(['First words, more']);
    // Nothing is left pending: a second flush hands nothing over.
    form.flush();
    expect(seen.handedOver).toHaveLength(1);
  });

  it('keeps words typed while a client is being chosen, on that client, and writes them', async () => {
    const { form, seen } = page();
    const blank = blankDraft(now);
    form.adopt(blank, false);
    const choose = held((current) => switchClient(current, 'K1', now));
    const chosen = form.run(choose.transition);
    // The coach types before the choice is written (the race the panel lost on a loaded machine).
    form.edit({ ...blank, notes: 'Typed at once' });
    expect(last(seen.shown).notes).toBe('Typed at once');
    choose.finish();
    const result = await chosen;
    expect(result).toMatchObject({ clientId: 'K1', notes: 'Typed at once' });
    expect(last(seen.shown)).toMatchObject({ clientId: 'K1', notes: 'Typed at once' });
    // Written after the pause like any typing, under the chosen client.
    seen.pause();
    await expect.poll(async () => activeDraft(now)).toMatchObject({ clientId: 'K1', notes: 'Typed at once' });
    expect(Object.keys((await draftsItem.getValue()).byKey)).toEqual(['K1']);
  });

  it('hands over what was typed when the panel closes before the change is written', async () => {
    const { form, seen } = page();
    form.adopt(blankDraft(now), false);
    const choose = held((current) => switchClient(current, 'K1', now));
    void form.run(choose.transition);
    form.edit({ ...blankDraft(now), notes: 'Closed at once' });
    form.flush();
    expect(seen.handedOver.map((d) => d.notes)).toEqual(['Closed at once']);
  });

  it('keeps words typed during a Save as their own draft instead of dropping them', async () => {
    const { form, seen } = page();
    const saved = { ...blankDraft(now), clientId: 'K1', notes: 'Saved words' };
    await putDraft(saved);
    form.adopt(saved, false);
    const save = held((current) => clearDraft(current, now));
    const cleared = form.run(save.transition);
    form.edit({ ...saved, notes: 'Saved words, and a late thought' });
    save.finish();
    expect((await cleared)?.notes).toBe('');
    expect(last(seen.shown).notes).toBe('');
    await expect
      .poll(async () => otherDrafts(await draftsItem.getValue(), '', now).map((d) => [d.clientId, d.notes]))
      .toEqual([['K1', 'Saved words, and a late thought']]);
    // The blank form is not written over by a stale pending write.
    expect(seen.pause()).toEqual([]);
  });

  it('shows the form again when a change fails, and writes what was typed meanwhile', async () => {
    const { form, seen } = page();
    form.adopt(blankDraft(now), false);
    const failing = held(() => Promise.reject(new Error('quota')));
    const run = form.run(failing.transition);
    form.edit({ ...blankDraft(now), notes: 'Still here' });
    failing.finish();
    await expect(run).rejects.toThrow('quota');
    expect(last(seen.shown).notes).toBe('Still here');
    seen.pause();
    await expect.poll(async () => (await activeDraft(now)).notes).toBe('Still here');
  });

  it('follows a draft arriving from a closed panel until the coach types', () => {
    const { form, seen } = page();
    form.adopt(blankDraft(now), false);
    form.adopt({ ...blankDraft(now), notes: 'From the closed panel' }, true);
    expect(last(seen.shown).notes).toBe('From the closed panel');
    form.edit({ ...blankDraft(now), notes: 'Mine' });
    form.adopt({ ...blankDraft(now), notes: 'Late' }, true);
    expect(last(seen.shown).notes).toBe('Mine');
  });
});

describe('settleLateEdit', () => {
  const base = { ...blankDraft(now), startedAt: now.toISOString() };

  it('lays what was typed over a form that carried its words to a client; goals and debrief stay behind', () => {
    const current = { ...base, items: [blankItem({ text: 'Plan', goalId: '' })] };
    const next = { ...current, clientId: 'K1', items: current.items.map((i) => ({ ...i })) };
    const late = {
      ...current,
      notes: 'typed',
      items: [{ ...current.items[0]!, text: 'Plan the unit', goalId: 'G-old' }],
      debrief: { I1: { status: 'done' as const, note: '' } },
    };
    const { form, aside } = settleLateEdit(current, next, late);
    expect(aside).toBeNull();
    expect(form).toMatchObject({ clientId: 'K1', notes: 'typed', debrief: {} });
    expect(form.items.map((i) => [i.text, i.goalId])).toEqual([['Plan the unit', '']]);
  });

  it('answers the new form untouched when nothing was typed', () => {
    const next = { ...base, clientId: 'K1' };
    expect(settleLateEdit(base, next, base)).toEqual({ form: next, aside: null });
  });

  it('puts the typed form aside when the change went to another draft', () => {
    const current = { ...base, clientId: 'K1', notes: 'Maya' };
    const next = { ...base, clientId: 'K2', notes: 'Daniel' };
    const late = { ...current, notes: 'Maya, more' };
    expect(settleLateEdit(current, next, late)).toEqual({ form: next, aside: late });
  });
});
