import type { Stage } from '../../shared/schema';
import { blankKindGoal, kindDraftOf } from '../lib/session-kinds';
import type { Draft, KindDraft } from '../lib/storage';
import { Field, Fields, type FieldRow } from './Field';

interface Props {
  draft: Draft;
  /** The client's stage ('' for a new client). */
  stage: Stage | '';
  errors: Record<string, string>;
  onChange: (draft: Draft) => void;
}

type Line = 'who' | 'caresAbout' | 'objections' | 'nextStep' | 'challenges' | 'readiness';
type GoalLine = 'successMeasure' | 'baseline';

/** The one-line questions of each kind, in the form's order. */
const OUTREACH_LINES: readonly FieldRow<Line>[] = [
  { field: 'who', id: 'who', label: 'Who', placeholder: 'Role, team, how you met' },
  { field: 'caresAbout', id: 'cares', label: 'What they care about', placeholder: 'In their words' },
  { field: 'objections', id: 'objections', label: 'Objections heard', placeholder: '“No time this term”…' },
  { field: 'nextStep', id: 'next', label: 'Next step', placeholder: 'Set a time to meet' },
];
const BREAKTHROUGH_LINES: readonly FieldRow<Line>[] = [
  { field: 'challenges', id: 'challenges', label: 'Challenges', placeholder: 'What stands in the way' },
  { field: 'readiness', id: 'readiness', label: 'Readiness', placeholder: 'Time, will, support' },
];
/** A new goal's measure, side by side under its title. */
const GOAL_MEASURE: readonly FieldRow<GoalLine>[] = [
  { field: 'successMeasure', id: 'measure', label: 'Success measure', maxLength: 2000, placeholder: 'How you’ll both know' },
  { field: 'baseline', id: 'baseline', label: 'Baseline', maxLength: 500, placeholder: 'Where it is now' },
];

/**
 * The questions a session's kind asks: an outreach (who, what they care about, objections heard, next
 * step), a breakthrough (goals with how success is measured, challenges, readiness). A coaching
 * session asks none: it opens with the debrief.
 */
export function KindFields({ draft, stage, errors, onChange }: Props) {
  if (draft.kind !== 'outreach' && draft.kind !== 'breakthrough') return null;
  const k = kindDraftOf(draft);
  const set = (fields: Partial<KindDraft>) => onChange({ ...draft, kindFields: { ...k, ...fields } });
  const lines = (rows: readonly FieldRow<Line>[]) => (
    <Fields
      class="field compact kind-line"
      maxLength={1000}
      autoComplete="off"
      idPrefix="kind-"
      rows={rows}
      values={k}
      onChange={(field, value) => set({ [field]: value })}
    />
  );
  if (draft.kind === 'outreach') {
    const canMove = !!draft.newClient || stage === 'prospect';
    return (
      <fieldset class="kind-fields" aria-label="Outreach">
        {lines(OUTREACH_LINES)}
        {canMove && (
          <label class="check">
            <input type="checkbox" checked={k.toContacted} onChange={(e) => set({ toContacted: e.currentTarget.checked })} /> Saving moves{' '}
            {draft.newClient ? 'the new client' : 'this prospect'} to contacted
          </label>
        )}
      </fieldset>
    );
  }
  const goals = k.goals.length ? k.goals : [];
  return (
    <fieldset class="kind-fields" aria-label="Breakthrough">
      <p class="label-row">
        <strong>Goals</strong>
        <button type="button" class="link" onClick={() => set({ goals: [...goals, blankKindGoal()] })}>
          + Goal
        </button>
      </p>
      {goals.map((g, i) => {
        const setGoal = (fields: Partial<typeof g>) => set({ goals: goals.map((x) => (x.goalId === g.goalId ? { ...x, ...fields } : x)) });
        return (
          <div key={g.goalId} class="kind-goal" role="group" aria-label={`New goal ${i + 1}`}>
            <Field
              class="field compact"
              id={`kg-${g.goalId}-title`}
              label={`Goal ${i + 1}`}
              maxLength={500}
              value={g.title}
              error={errors[`kind.goals.${g.goalId}.title`]}
              onValue={(title) => setGoal({ title })}
            />
            <div class="two">
              <Fields
                class="field compact"
                idPrefix={`kg-${g.goalId}-`}
                rows={GOAL_MEASURE}
                values={g}
                onChange={(field, value) => setGoal({ [field]: value })}
              />
            </div>
            <div class="row">
              <button type="button" class="quiet" onClick={() => set({ goals: goals.filter((x) => x.goalId !== g.goalId) })}>
                Remove goal {i + 1}
              </button>
            </div>
          </div>
        );
      })}
      {lines(BREAKTHROUGH_LINES)}
    </fieldset>
  );
}
