import { RENEWAL_DAYS } from '../../shared/metrics';
import { addDays } from '../lib/engagement';
import { kindDraftOf, outcomesFor } from '../lib/session-kinds';
import type { Draft, KindDraft } from '../lib/storage';

interface Props {
  draft: Draft;
  renewalDue: boolean;
  /** The current package's last day (a renewal starts the day after), or ''. */
  packageEnd: string;
  today: string;
  errors: Record<string, string>;
  onChange: (draft: Draft) => void;
}

const LABELS: Record<Exclude<KindDraft['outcome'], ''>, string> = {
  fit: 'Fit — start the package',
  not_fit: 'Not a fit',
  renew: 'Renew',
  close: 'Close with a post-coaching plan',
};

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={id} class="error field-error" role="alert">
      {error}
    </p>
  ) : null;
}

/**
 * How the session ends, saved with it: a breakthrough ends with Fit (stage active and the package's
 * dates) or Not a fit (closed, with the reason); when the package ends within 30 days, Renew (a new
 * package) or Close with a post-coaching plan (its steps become the client's items; stage closed).
 */
export function SessionOutcome({ draft, renewalDue, packageEnd, today, errors, onChange }: Props) {
  const choices = outcomesFor(draft.kind, renewalDue);
  if (!choices.length) return null;
  const k = kindDraftOf(draft);
  const set = (fields: Partial<KindDraft>) => onChange({ ...draft, kindFields: { ...k, ...fields } });
  const choose = (outcome: KindDraft['outcome']) => {
    if (outcome === k.outcome) return set({ outcome: '' });
    // Dates a coach would pick: a fit starts today; a renewal the day after the package ends; 12 weeks.
    const start = k.packageStart || (outcome === 'renew' && packageEnd ? addDays(packageEnd, 1) : today);
    set({ outcome, packageStart: start, packageEnd: k.packageEnd || addDays(start, 83) });
  };
  const dates = k.outcome === 'fit' || k.outcome === 'renew';
  return (
    <fieldset class="outcome" aria-label="How the session ends">
      {renewalDue && draft.kind !== 'breakthrough' && <p class="hint">The package ends within {RENEWAL_DAYS} days.</p>}
      <div class="row outcome-choices">
        {choices.map((c) => (
          <button
            key={c}
            type="button"
            class={k.outcome === c ? 'primary' : 'secondary'}
            aria-pressed={k.outcome === c}
            onClick={() => choose(c)}
          >
            {LABELS[c as Exclude<KindDraft['outcome'], ''>]}
          </button>
        ))}
      </div>
      {dates && (
        <div class="two">
          <div class="field compact">
            <label for="outcome-start">Package starts</label>
            <input
              id="outcome-start"
              type="date"
              value={k.packageStart}
              aria-invalid={errors['kind.packageStart'] ? true : undefined}
              onInput={(e) => set({ packageStart: e.currentTarget.value })}
            />
            <FieldError id="outcome-start-error" error={errors['kind.packageStart']} />
          </div>
          <div class="field compact">
            <label for="outcome-end">Package ends</label>
            <input
              id="outcome-end"
              type="date"
              value={k.packageEnd}
              aria-invalid={errors['kind.packageEnd'] ? true : undefined}
              onInput={(e) => set({ packageEnd: e.currentTarget.value })}
            />
            <FieldError id="outcome-end-error" error={errors['kind.packageEnd']} />
          </div>
        </div>
      )}
      {k.outcome === 'not_fit' && (
        <div class="field compact">
          <label for="outcome-reason">Why not a fit</label>
          <input
            id="outcome-reason"
            type="text"
            maxLength={1000}
            value={k.reason}
            aria-invalid={errors['kind.reason'] ? true : undefined}
            onInput={(e) => set({ reason: e.currentTarget.value })}
          />
          <FieldError id="outcome-reason-error" error={errors['kind.reason']} />
        </div>
      )}
      {k.outcome === 'close' && (
        <div class="field compact">
          <label for="outcome-plan">Post-coaching plan (one step a line; they become the client’s items)</label>
          <textarea
            id="outcome-plan"
            rows={3}
            maxLength={4000}
            value={k.plan}
            aria-invalid={errors['kind.plan'] ? true : undefined}
            onInput={(e) => set({ plan: e.currentTarget.value })}
          />
          <FieldError id="outcome-plan-error" error={errors['kind.plan']} />
        </div>
      )}
    </fieldset>
  );
}
