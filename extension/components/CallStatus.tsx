import { mayFill, othersOnCall } from '../calls/draft';
import { SOURCE_LABELS } from '../calls/protocol';
import type { Draft, TabCall } from '../lib/storage';

interface Props {
  call: TabCall;
  draft: Draft;
  coachName: string;
  onTake: () => void;
}

function timeOfDay(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

function names(list: readonly { name: string }[]): string {
  if (!list.length) return 'no one else yet';
  const shown = list.slice(0, 3).map((p) => p.name);
  return list.length > 3 ? `${shown.join(', ')} and ${list.length - 3} more` : shown.join(', ');
}

/** Where the names come from, when that limits what the panel knows. */
function rosterNote(call: TabCall): string | null {
  if (call.phase !== 'live' || call.roster === 'list') return null;
  return call.roster === 'tiles'
    ? 'The participant list is closed: names come from the video tiles only. Open it in the call to see everyone.'
    : 'Open the participant list in the call so the panel can see who is there.';
}

/** What the call page tells the panel: in a call (admitted), ended, or details unavailable (the page changed). */
export function CallStatus({ call, draft, coachName, onTake }: Props) {
  const site = SOURCE_LABELS[call.source];
  if (call.phase === 'unavailable') {
    return (
      <div class="call is-unavailable" role="status">
        <p>
          <strong>{site}: call details unavailable.</strong> The page no longer looks as FollowThrough expects, so the meeting and its
          participants cannot be read. Notes, the client list and Save work as usual.
        </p>
        {call.reason && (
          <p class="muted">
            Reason code: <code>{call.reason}</code> — include it when you report this.
          </p>
        )}
      </div>
    );
  }
  const live = call.phase === 'live';
  const others = othersOnCall(call, coachName);
  const note = rosterNote(call);
  // The form fills itself from the call unless it holds another call's notes or this call was saved.
  const offerTake = !!call.startedAt && !mayFill(draft, call);
  return (
    <div class={`call${live ? ' is-live' : ''}`} role="status" data-admitted={call.admitted ? call.startedAt : undefined}>
      <p>
        <span class="call-dot" aria-hidden="true" />
        <strong>{live ? `In a ${site} call` : `${site} call ended${call.endedAt ? ` at ${timeOfDay(call.endedAt)}` : ''}`}</strong>
        {call.title && <span class="call-title"> · {call.title}</span>}
      </p>
      <p class="muted">
        {live && call.startedAt ? `Admitted at ${timeOfDay(call.startedAt)} · ` : ''}With {names(others)}
      </p>
      {note && <p class="hint call-roster">{note}</p>}
      {offerTake && (
        <button type="button" class="link" onClick={onTake}>
          Use this call for the form
        </button>
      )}
    </div>
  );
}
