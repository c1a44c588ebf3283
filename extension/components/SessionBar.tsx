import { SESSION_KINDS, type SessionKind } from '../../shared/schema';
import type { Draft } from '../lib/storage';
import { SelectField } from './Field';
import { SessionTimer } from './SessionTimer';

export const KIND_LABELS: Record<SessionKind, string> = {
  outreach: 'Outreach',
  breakthrough: 'Breakthrough',
  coaching: 'Coaching',
  observation: 'Observation',
  'check-in': 'Check-in',
};

/** The session's kind, as the form and a correction ask for it. */
export function KindField({ id, value, onChange }: { id: string; value: SessionKind; onChange: (kind: SessionKind) => void }) {
  return (
    <SelectField class="field kind" id={id} label="Kind" options={SESSION_KINDS} words={KIND_LABELS} value={value} onValue={onChange} />
  );
}

/** The Confidential switch; its hint (what the choice means here) is the caller's, named by hintId. */
export function ConfidentialSwitch(props: {
  checked: boolean;
  hintId: string;
  disabled?: boolean;
  onChange: (confidential: boolean) => void;
}) {
  return (
    <label class="switch">
      <input
        type="checkbox"
        role="switch"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.hintId}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span class="track" aria-hidden="true" />
      <span>Confidential</span>
    </label>
  );
}

interface Props {
  draft: Draft;
  onChange: (draft: Draft) => void;
}

/** Kind of session, its time, and the Confidential switch, at the top of the form. */
export function SessionBar({ draft, onChange }: Props) {
  return (
    <div class={`session-bar${draft.confidential ? ' is-confidential' : ''}`}>
      <KindField id="kind" value={draft.kind} onChange={(kind) => onChange({ ...draft, kind })} />
      <ConfidentialSwitch
        checked={draft.confidential}
        hintId="confidential-hint"
        onChange={(confidential) => onChange({ ...draft, confidential })}
      />
      <SessionTimer startedAt={draft.startedAt} endedAt={draft.endedAt} onChange={(times) => onChange({ ...draft, ...times })} />
      <p id="confidential-hint" class="hint confidential-hint">
        {draft.confidential
          ? 'Notes encrypted for you alone; never in leaders’ outputs. Action items and debrief notes stay readable (clients get their items by email).'
          : 'Off: the notes are readable in the sheet. Action items and debrief notes are readable either way.'}
      </p>
    </div>
  );
}
