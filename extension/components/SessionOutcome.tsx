import { RENEWAL_DAYS } from '../../shared/metrics';
import { addDays } from '../lib/engagement';
import { kindDraftOf, outcomesFor } from '../lib/session-kinds';
import type { Draft, KindDraft } from '../lib/storage';
import { Field, Fields, TextAreaField, type FieldRow } from './Field';

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

/** A package's dates, for Fit and Renew. */
const PACKAGE_DATES: readonly FieldRow<'packageStart' | 'packageEnd'>[] = [
  { field: 'packageStart', id: 'start', label: 'Package starts' },
  { field: 'packageEnd', id: 'end', label: 'Package ends' },
];

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
  /** What an outcome asks in words (the reason, the plan), bound to the draft. */
  const detail = (field: 'reason' | 'plan') => ({
    class: 'field compact',
    id: `outcome-${field}`,
    value: k[field],
    error: errors[`kind.${field}`],
    onValue: (value: string) => set({ [field]: value }),
  });
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
          <Fields
            class="field compact"
            type="date"
            idPrefix="outcome-"
            rows={PACKAGE_DATES}
            values={k}
            more={(field) => ({ error: errors[`kind.${field}`] })}
            onChange={(field, value) => set({ [field]: value })}
          />
        </div>
      )}
      {k.outcome === 'not_fit' && <Field {...detail('reason')} label="Why not a fit" maxLength={1000} />}
      {k.outcome === 'close' && (
        <TextAreaField
          {...detail('plan')}
          label="Post-coaching plan (one step a line; they become the client’s items)"
          rows={3}
          maxLength={4000}
        />
      )}
    </fieldset>
  );
}
