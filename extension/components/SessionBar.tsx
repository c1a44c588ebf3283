import { SESSION_KINDS, type SessionKind } from '../../shared/schema';
import type { Draft } from '../lib/storage';
import { SessionTimer } from './SessionTimer';

export const KIND_LABELS: Record<SessionKind, string> = {
  outreach: 'Outreach',
  breakthrough: 'Breakthrough',
  coaching: 'Coaching',
  observation: 'Observation',
  'check-in': 'Check-in',
};

interface Props {
  draft: Draft;
  onChange: (draft: Draft) => void;
}

/** Kind of session, its time, and the Confidential switch, at the top of the form. */
export function SessionBar({ draft, onChange }: Props) {
  return (
    <div class={`session-bar${draft.confidential ? ' is-confidential' : ''}`}>
      <div class="field kind">
        <label for="kind">Kind</label>
        <select id="kind" value={draft.kind} onChange={(e) => onChange({ ...draft, kind: e.currentTarget.value as SessionKind })}>
          {SESSION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          checked={draft.confidential}
          aria-describedby="confidential-hint"
          onChange={(e) => onChange({ ...draft, confidential: e.currentTarget.checked })}
        />
        <span class="track" aria-hidden="true" />
        <span>Confidential</span>
      </label>
      <SessionTimer startedAt={draft.startedAt} endedAt={draft.endedAt} onChange={(times) => onChange({ ...draft, ...times })} />
      <p id="confidential-hint" class="hint confidential-hint">
        {draft.confidential
          ? 'Notes encrypted for you alone; never in leaders’ outputs. Action items and debrief notes stay readable (clients get their items by email).'
          : 'Off: the notes are readable in the sheet. Action items and debrief notes are readable either way.'}
      </p>
    </div>
  );
}
