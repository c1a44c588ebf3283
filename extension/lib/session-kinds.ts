// How a session's kind shapes the capture (PRODUCT.md: Sessions.kind, Clients.stage, capture's
// `client` and `goals`): an outreach records who the person is, what they care about, the objections
// heard and the next step, and can move a prospect to contacted; a breakthrough records goals with
// their success measure, challenges and readiness, and ends with Fit (stage active, package dates) or
// Not a fit (closed, with the reason); near the package's end a session can Renew it or Close with a
// post-coaching plan (the plan becomes the client's action items of this last session). The words
// without a column of their own go into the session's notes as labelled lines.
import { isIsoDate } from '../../shared/dates';
import type { Stage } from '../../shared/schema';
import type { GoalChangeInput } from './engagement';
import { makeId } from './engagement';
import type { CaptureFields, Draft, KindDraft, KindGoalDraft } from './storage';

export function blankKindDraft(): KindDraft {
  return {
    who: '',
    caresAbout: '',
    objections: '',
    nextStep: '',
    toContacted: true,
    goals: [],
    challenges: '',
    readiness: '',
    outcome: '',
    packageStart: '',
    packageEnd: '',
    reason: '',
    plan: '',
  };
}

export function kindDraftOf(draft: Pick<Draft, 'kindFields'>): KindDraft {
  return { ...blankKindDraft(), ...(draft.kindFields ?? {}) };
}

export function blankKindGoal(): KindGoalDraft {
  return { goalId: makeId('g'), title: '', successMeasure: '', baseline: '', targetDate: '' };
}

/** The outcomes a session can end with, by kind and whether the package ends soon. */
export function outcomesFor(kind: Draft['kind'], renewalDue: boolean): KindDraft['outcome'][] {
  if (kind === 'breakthrough') return ['fit', 'not_fit'];
  if (renewalDue && kind !== 'outreach') return ['renew', 'close'];
  return [];
}

const LINES: { kind: Draft['kind']; key: keyof KindDraft; label: string }[] = [
  { kind: 'outreach', key: 'who', label: 'Who' },
  { kind: 'outreach', key: 'caresAbout', label: 'Cares about' },
  { kind: 'outreach', key: 'objections', label: 'Objections' },
  { kind: 'outreach', key: 'nextStep', label: 'Next step' },
  { kind: 'breakthrough', key: 'challenges', label: 'Challenges' },
  { kind: 'breakthrough', key: 'readiness', label: 'Readiness' },
];

/** The kind's words as labelled lines ("Cares about: …"), ahead of the coach's own notes. */
export function kindLines(draft: Pick<Draft, 'kind' | 'kindFields'>): string {
  const k = kindDraftOf(draft);
  return LINES.filter((l) => l.kind === draft.kind && String(k[l.key]).trim())
    .map(
      (l) =>
        `${l.label}: ${String(k[l.key])
          .trim()
          .replace(/\s*\n\s*/g, ' ')}`,
    )
    .join('\n');
}

/** What the kind's fields say is wrong, keyed like validateDraft (`kind.<field>`). */
export function validateKind(draft: Pick<Draft, 'kind' | 'kindFields'>, renewalDue: boolean): Record<string, string> {
  const k = kindDraftOf(draft);
  const errors: Record<string, string> = {};
  const outcome = outcomesFor(draft.kind, renewalDue).includes(k.outcome) ? k.outcome : '';
  if (draft.kind === 'breakthrough') {
    for (const g of k.goals) {
      if (!g.title.trim() && (g.successMeasure.trim() || g.baseline.trim() || g.targetDate))
        errors[`kind.goals.${g.goalId}.title`] = 'Name the goal, or clear its measure.';
      if (g.targetDate && !isIsoDate(g.targetDate)) errors[`kind.goals.${g.goalId}.targetDate`] = 'This is not a date.';
    }
  }
  if (outcome === 'fit' || outcome === 'renew') {
    if (!isIsoDate(k.packageStart)) errors['kind.packageStart'] = 'When does the package start?';
    if (!isIsoDate(k.packageEnd)) errors['kind.packageEnd'] = 'When does the package end?';
    else if (isIsoDate(k.packageStart) && k.packageEnd < k.packageStart)
      errors['kind.packageEnd'] = 'The package cannot end before it starts.';
  }
  if (outcome === 'not_fit' && !k.reason.trim()) errors['kind.reason'] = 'Say why it is not a fit (the stage note).';
  if (outcome === 'close' && !planLines(k.plan).length) errors['kind.plan'] = 'Write the post-coaching plan, one step a line.';
  return errors;
}

/** How many client items the post-coaching plan adds (0 unless Close is chosen and offered). */
export function planSteps(draft: Pick<Draft, 'kind' | 'kindFields'>, renewalDue: boolean): number {
  const k = kindDraftOf(draft);
  return k.outcome === 'close' && outcomesFor(draft.kind, renewalDue).includes('close') ? planLines(k.plan).length : 0;
}

function planLines(plan: string): string[] {
  return plan
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter(Boolean);
}

/**
 * The kind's choices back from a queued capture (Edit of one the web app refused): the outcome, the
 * package dates and the goals it carries. The kind's words stay in the notes, where they were sealed
 * with them. `planItems` is how many of the request's items, its last ones, were the post-coaching plan:
 * they go back into the plan, not the item rows.
 */
export function kindDraftFromCapture(
  request: Pick<CaptureFields, 'session' | 'client' | 'goals' | 'actionItems'>,
  planItems = 0,
): { kindFields?: KindDraft; actionItems: NonNullable<CaptureFields['actionItems']> } {
  let actionItems = request.actionItems ?? [];
  const c = request.client;
  const kind = request.session.kind ?? 'coaching';
  const day = (text: string | undefined) => text?.slice(0, 10) ?? '';
  const k = blankKindDraft();
  if (kind === 'breakthrough') {
    k.goals = (request.goals ?? [])
      .filter((g) => g.title)
      .map((g) => ({
        goalId: g.goalId,
        title: g.title ?? '',
        successMeasure: g.successMeasure ?? '',
        baseline: g.measureBaseline ?? '',
        targetDate: day(g.targetDate),
      }));
  }
  if (kind === 'outreach') k.toContacted = c?.stage === 'contacted';
  else if (c?.renew) Object.assign(k, { outcome: 'renew', packageStart: day(c.renew.packageStart), packageEnd: day(c.renew.packageEnd) });
  else if (kind === 'breakthrough' && c?.stage === 'active')
    Object.assign(k, { outcome: 'fit', packageStart: day(c.packageStart), packageEnd: day(c.packageEnd) });
  else if (kind === 'breakthrough' && c?.stage === 'closed') Object.assign(k, { outcome: 'not_fit', reason: c.stageNote ?? '' });
  else if (c?.stage === 'closed' && planItems > 0 && actionItems.length >= planItems) {
    Object.assign(k, {
      outcome: 'close',
      plan: actionItems
        .slice(-planItems)
        .map((i) => i.text)
        .join('\n'),
    });
    actionItems = actionItems.slice(0, -planItems);
  } else if (kind !== 'breakthrough') return { actionItems };
  return { kindFields: k, actionItems };
}

export interface KindCapture {
  client?: NonNullable<CaptureFields['client']>;
  goals?: GoalChangeInput[];
  /** The post-coaching plan's steps, the client's items of this last session. */
  planItems: { text: string; owner: 'client' }[];
}

/**
 * The engagement part of a capture: the stage move, the package and the goals the kind's fields
 * call for. `stage` is the client's current stage ('' for a new client).
 */
export function kindCapture(draft: Pick<Draft, 'kind' | 'kindFields' | 'newClient'>, stage: Stage | '', renewalDue: boolean): KindCapture {
  const k = kindDraftOf(draft);
  const outcome = outcomesFor(draft.kind, renewalDue).includes(k.outcome) ? k.outcome : '';
  const isNew = !!draft.newClient;
  const early = isNew || stage === 'prospect' || stage === 'contacted' || stage === '';
  const goals: GoalChangeInput[] =
    draft.kind === 'breakthrough' && outcome !== 'not_fit'
      ? k.goals
          .filter((g) => g.title.trim())
          .map((g) => ({
            goalId: g.goalId,
            title: g.title.trim(),
            ...(g.successMeasure.trim() ? { successMeasure: g.successMeasure.trim() } : {}),
            ...(g.baseline.trim() ? { measureBaseline: g.baseline.trim(), measureCurrent: g.baseline.trim() } : {}),
            ...(g.targetDate ? { targetDate: g.targetDate } : {}),
          }))
      : [];
  const out: KindCapture = { planItems: [], ...(goals.length ? { goals } : {}) };
  if (draft.kind === 'outreach') {
    if (k.toContacted && (isNew || stage === 'prospect')) out.client = { stage: 'contacted' };
    else if (isNew) out.client = { stage: 'prospect' };
  } else if (outcome === 'fit') {
    out.client = { stage: 'active', packageStart: k.packageStart, packageEnd: k.packageEnd, stageNote: 'Fit — package started' };
  } else if (outcome === 'not_fit') {
    out.client = { stage: 'closed', stageNote: k.reason.trim() };
  } else if (draft.kind === 'breakthrough' && early) {
    out.client = { stage: 'breakthrough' };
  } else if (outcome === 'renew') {
    out.client = {
      renew: { packageStart: k.packageStart, packageEnd: k.packageEnd },
      ...(stage !== 'active' ? { stage: 'active' as const, stageNote: 'Renewed' } : {}),
    };
  } else if (outcome === 'close') {
    out.client = { stage: 'closed', stageNote: 'Closed with a post-coaching plan' };
    out.planItems = planLines(k.plan).map((text) => ({ text, owner: 'client' as const }));
  }
  return out;
}
