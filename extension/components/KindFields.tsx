import type { Stage } from '../../shared/schema';
import { blankKindGoal, kindDraftOf } from '../lib/session-kinds';
import type { Draft, KindDraft } from '../lib/storage';

interface Props {
  draft: Draft;
  /** The client's stage ('' for a new client). */
  stage: Stage | '';
  errors: Record<string, string>;
  onChange: (draft: Draft) => void;
}

function Line({
  id,
  label,
  value,
  placeholder,
  onInput,
}: {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  onInput: (v: string) => void;
}) {
  return (
    <div class="field compact kind-line">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="text"
        maxLength={1000}
        autoComplete="off"
        placeholder={placeholder}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}

/**
 * The questions a session's kind asks: an outreach (who, what they care about, objections heard, next
 * step), a breakthrough (goals with how success is measured, challenges, readiness). A coaching
 * session asks none: it opens with the debrief.
 */
export function KindFields({ draft, stage, errors, onChange }: Props) {
  if (draft.kind !== 'outreach' && draft.kind !== 'breakthrough') return null;
  const k = kindDraftOf(draft);
  const set = (fields: Partial<KindDraft>) => onChange({ ...draft, kindFields: { ...k, ...fields } });
  if (draft.kind === 'outreach') {
    const canMove = !!draft.newClient || stage === 'prospect';
    return (
      <fieldset class="kind-fields" aria-label="Outreach">
        <Line id="kind-who" label="Who" value={k.who} placeholder="Role, team, how you met" onInput={(who) => set({ who })} />
        <Line
          id="kind-cares"
          label="What they care about"
          value={k.caresAbout}
          placeholder="In their words"
          onInput={(caresAbout) => set({ caresAbout })}
        />
        <Line
          id="kind-objections"
          label="Objections heard"
          value={k.objections}
          placeholder="“No time this term”…"
          onInput={(objections) => set({ objections })}
        />
        <Line
          id="kind-next"
          label="Next step"
          value={k.nextStep}
          placeholder="Set a time to meet"
          onInput={(nextStep) => set({ nextStep })}
        />
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
        const titleError = errors[`kind.goals.${g.goalId}.title`];
        return (
          <div key={g.goalId} class="kind-goal" role="group" aria-label={`New goal ${i + 1}`}>
            <div class="field compact">
              <label for={`kg-${g.goalId}-title`}>Goal {i + 1}</label>
              <input
                id={`kg-${g.goalId}-title`}
                type="text"
                maxLength={500}
                value={g.title}
                aria-invalid={titleError ? true : undefined}
                onInput={(e) => setGoal({ title: e.currentTarget.value })}
              />
              {titleError && (
                <p class="error field-error" role="alert">
                  {titleError}
                </p>
              )}
            </div>
            <div class="two">
              <div class="field compact">
                <label for={`kg-${g.goalId}-measure`}>Success measure</label>
                <input
                  id={`kg-${g.goalId}-measure`}
                  type="text"
                  maxLength={2000}
                  placeholder="How you’ll both know"
                  value={g.successMeasure}
                  onInput={(e) => setGoal({ successMeasure: e.currentTarget.value })}
                />
              </div>
              <div class="field compact">
                <label for={`kg-${g.goalId}-baseline`}>Baseline</label>
                <input
                  id={`kg-${g.goalId}-baseline`}
                  type="text"
                  maxLength={500}
                  placeholder="Where it is now"
                  value={g.baseline}
                  onInput={(e) => setGoal({ baseline: e.currentTarget.value })}
                />
              </div>
            </div>
            <div class="row">
              <button type="button" class="quiet" onClick={() => set({ goals: goals.filter((x) => x.goalId !== g.goalId) })}>
                Remove goal {i + 1}
              </button>
            </div>
          </div>
        );
      })}
      <Line
        id="kind-challenges"
        label="Challenges"
        value={k.challenges}
        placeholder="What stands in the way"
        onInput={(challenges) => set({ challenges })}
      />
      <Line
        id="kind-readiness"
        label="Readiness"
        value={k.readiness}
        placeholder="Time, will, support"
        onInput={(readiness) => set({ readiness })}
      />
    </fieldset>
  );
}
