import { describe, expect, it } from 'vitest';
import type { Stage } from '../../shared/schema';
import { blankDraft, buildCapture, draftFromCapture } from './capture';
import { blankKindDraft, kindCapture, kindLines, outcomesFor, planSteps, validateKind } from './session-kinds';
import { openItemsCheck } from './open-items';
import type { Draft, KindDraft } from './storage';

const draft = (kind: Draft['kind'], fields: Partial<KindDraft>, extra: Partial<Draft> = {}): Draft => ({
  ...blankDraft(),
  clientId: 'K1',
  kind,
  kindFields: { ...blankKindDraft(), ...fields },
  ...extra,
});

describe('session kinds', () => {
  it('outreach: labelled lines for the notes; a prospect (or a new client) moves to contacted unless unticked', () => {
    const d = draft('outreach', { who: 'Science teacher', caresAbout: 'Labs', objections: '', nextStep: 'Meet Thu' });
    expect(kindLines(d)).toBe('Who: Science teacher\nCares about: Labs\nNext step: Meet Thu');
    expect(kindCapture(d, 'prospect', false).client).toEqual({ stage: 'contacted' });
    expect(kindCapture(d, 'active', false).client).toBeUndefined();
    const fresh = { ...d, clientId: '', newClient: { name: 'Jo', email: '', organization: '' } };
    expect(kindCapture(fresh, '', false).client).toEqual({ stage: 'contacted' });
    expect(kindCapture({ ...fresh, kindFields: { ...fresh.kindFields!, toContacted: false } }, '', false).client).toEqual({
      stage: 'prospect',
    });
  });

  it('breakthrough: goals with measure and baseline; Fit starts the package, Not a fit closes with the reason', () => {
    const goal = { goalId: 'g_1', title: 'Labs on time', successMeasure: 'Labs finished, of 5', baseline: '1', targetDate: '' };
    const fit = draft('breakthrough', {
      goals: [goal],
      outcome: 'fit',
      packageStart: '2026-03-12',
      packageEnd: '2026-06-04',
      challenges: 'Setup',
    });
    expect(kindLines(fit)).toBe('Challenges: Setup');
    expect(kindCapture(fit, 'breakthrough', false)).toEqual({
      client: { stage: 'active', packageStart: '2026-03-12', packageEnd: '2026-06-04', stageNote: 'Fit — package started' },
      goals: [{ goalId: 'g_1', title: 'Labs on time', successMeasure: 'Labs finished, of 5', measureBaseline: '1', measureCurrent: '1' }],
      planItems: [],
    });
    const notFit = draft('breakthrough', { goals: [goal], outcome: 'not_fit', reason: 'No release time' });
    expect(kindCapture(notFit, 'breakthrough', false)).toEqual({
      client: { stage: 'closed', stageNote: 'No release time' },
      planItems: [],
    });
    expect(validateKind(draft('breakthrough', { outcome: 'not_fit' }), false)).toEqual({
      'kind.reason': 'Say why it is not a fit (the stage note).',
    });
    expect(validateKind(draft('breakthrough', { outcome: 'fit', packageStart: '2026-03-12', packageEnd: '2026-03-01' }), false)).toEqual({
      'kind.packageEnd': 'The package cannot end before it starts.',
    });
    // Undecided: a contacted client moves to breakthrough.
    expect(kindCapture(draft('breakthrough', {}), 'contacted', false).client).toEqual({ stage: 'breakthrough' });
  });

  it('near the package end: Renew (a new package) or Close with a plan (its lines become the client’s items)', () => {
    expect(outcomesFor('coaching', false)).toEqual([]);
    expect(outcomesFor('coaching', true)).toEqual(['renew', 'close']);
    expect(outcomesFor('outreach', true)).toEqual([]);
    const renew = draft('coaching', { outcome: 'renew', packageStart: '2026-04-01', packageEnd: '2026-06-30' });
    expect(kindCapture(renew, 'maintenance', true).client).toEqual({
      renew: { packageStart: '2026-04-01', packageEnd: '2026-06-30' },
      stage: 'active',
      stageNote: 'Renewed',
    });
    // Not offered when the package is not ending: nothing happens.
    expect(kindCapture(renew, 'active', false).client).toBeUndefined();
    const close = draft('coaching', { outcome: 'close', plan: '- Keep the timer routine\n\n2. Review with the team in May' });
    expect(kindCapture(close, 'active', true)).toEqual({
      client: { stage: 'closed', stageNote: 'Closed with a post-coaching plan' },
      planItems: [
        { text: 'Keep the timer routine', owner: 'client' },
        { text: 'Review with the team in May', owner: 'client' },
      ],
    });
    expect(validateKind(draft('coaching', { outcome: 'close' }), true)).toEqual({
      'kind.plan': 'Write the post-coaching plan, one step a line.',
    });
  });
});

describe('openItemsCheck', () => {
  const item = (id: string, owner: 'client' | 'coach', created: string) =>
    ({ item_id: id, owner, created_at: created, text: id, status: 'open' }) as never;
  const items = [
    item('a', 'client', '2026-03-01'),
    item('b', 'coach', '2026-02-01'),
    item('c', 'client', '2026-03-03'),
    item('d', 'client', '2026-03-02'),
  ];
  it('counts the client’s items after Save and offers the oldest beyond the limit (default 3)', () => {
    const base = { ...blankDraft(), items: [{ key: 'k', text: 'New one', owner: 'client' as const, due: '', goalId: '' }] };
    expect(openItemsCheck(items, base, 0, undefined)).toEqual({ limit: 3, after: 4, oldest: [items[0]] });
    expect(openItemsCheck(items, { ...base, debrief: { a: { status: 'done', note: '' } } }, 0, 3)).toBeNull();
    expect(openItemsCheck(items, base, 2, 5)).toEqual({ limit: 5, after: 6, oldest: [items[0]] });
    expect(openItemsCheck(items, { ...base, items: [] }, 0, 3)).toBeNull();
  });
});

describe('a refused capture back in the form (Edit)', () => {
  const saved = new Date('2026-03-12T15:50:00.000Z');
  const noDue = (text: string) => ({ text });
  /** Save → Edit → Save gives the same request: the outcome, its package, goals and plan survive. */
  function roundTrip(d: Draft, stage: Stage | '', renewalDue: boolean) {
    const first = buildCapture({ ...d, startedAt: '2026-03-12T15:00:00.000Z' }, noDue, saved, 'UTC', [], { stage, renewalDue });
    if (!first.ok) throw new Error(first.message);
    const back = draftFromCapture(first.fields, planSteps(d, renewalDue));
    const again = buildCapture(back, noDue, saved, 'UTC', [], { stage, renewalDue });
    if (!again.ok) throw new Error(again.message);
    return { first: first.fields, again: again.fields, back };
  }

  it('keeps a Fit with its package and goals, a Not a fit with its reason, a renewal', () => {
    const goal = { goalId: 'g_1', title: 'Labs on time', successMeasure: 'Labs finished, of 5', baseline: '1', targetDate: '2026-06-01' };
    const fit = roundTrip(
      draft('breakthrough', { goals: [goal], outcome: 'fit', packageStart: '2026-03-12', packageEnd: '2026-06-04', challenges: 'Setup' }),
      'breakthrough',
      false,
    );
    expect(fit.again.client).toEqual(fit.first.client);
    expect(fit.again.goals).toEqual(fit.first.goals);
    // The kind's words were put in the notes (sealed with them when confidential) and stay there, once.
    expect(fit.again.session.notes).toBe('Challenges: Setup');
    const notFit = roundTrip(draft('breakthrough', { outcome: 'not_fit', reason: 'No release time' }), 'contacted', false);
    expect(notFit.again.client).toEqual({ stage: 'closed', stageNote: 'No release time' });
    const renew = roundTrip(draft('coaching', { outcome: 'renew', packageStart: '2026-04-01', packageEnd: '2026-06-30' }), 'active', true);
    expect(renew.again.client).toEqual(renew.first.client);
  });

  it('puts a post-coaching plan back in the plan, not in the item rows', () => {
    const close = roundTrip(
      draft(
        'coaching',
        { outcome: 'close', plan: 'Keep the timer routine\nReview with the team in May' },
        {
          items: [{ key: 'k', text: 'Send the summary', owner: 'coach', due: '', goalId: '' }],
        },
      ),
      'active',
      true,
    );
    expect(close.back.items.map((i) => i.text)).toEqual(['Send the summary']);
    expect(close.back.kindFields?.plan).toBe('Keep the timer routine\nReview with the team in May');
    expect(close.again.actionItems).toEqual(close.first.actionItems);
    expect(close.again.client).toEqual({ stage: 'closed', stageNote: 'Closed with a post-coaching plan' });
  });
});
