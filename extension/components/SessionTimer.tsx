import { useNow } from './use-now';

interface Props {
  startedAt: string;
  endedAt: string;
  onChange: (times: { startedAt: string; endedAt: string }) => void;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** "HH:MM" of an ISO time in the browser's zone, for an <input type="time">. */
function hhmm(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The ISO time of `iso`'s day at the typed HH:MM (browser's zone), or null for an incomplete value. */
function atTime(iso: string, value: string): string | null {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const d = new Date(iso);
  d.setHours(Number(match[1]), Number(match[2]), 0, 0);
  return d.toISOString();
}

/**
 * The session's time. It starts at the first of: a client chosen, a keystroke, a call admitted (so a
 * panel left open records no idle time); the start and end can be corrected before saving.
 */
export function SessionTimer({ startedAt, endedAt, onChange }: Props) {
  const now = useNow(1000);
  if (!startedAt) {
    return (
      <div class="timer" role="group" aria-label="Session time">
        <p class="clock">
          <span class="muted">Timer starts when you choose a client or type.</span>
        </p>
        <button type="button" class="secondary" onClick={() => onChange({ startedAt: new Date().toISOString(), endedAt: '' })}>
          Start
        </button>
      </div>
    );
  }
  const running = !endedAt;
  const elapsed = (running ? now : Date.parse(endedAt)) - Date.parse(startedAt);
  const error = !running && Date.parse(endedAt) < Date.parse(startedAt) ? 'The end is before the start.' : '';
  return (
    <div class="timer" role="group" aria-label="Session time">
      <p class="clock">
        <span class="elapsed" aria-hidden="true">
          {clock(elapsed)}
        </span>
      </p>
      <label class="time">
        <span>from</span>
        <input
          type="time"
          aria-label="Started at"
          value={hhmm(startedAt)}
          onChange={(e) => {
            const next = atTime(startedAt, e.currentTarget.value);
            if (next) onChange({ startedAt: next, endedAt });
          }}
        />
      </label>
      {!running && (
        <label class="time">
          <span>to</span>
          <input
            type="time"
            aria-label="Ended at"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'timer-error' : undefined}
            value={hhmm(endedAt)}
            onChange={(e) => {
              const next = atTime(endedAt, e.currentTarget.value);
              if (next) onChange({ startedAt, endedAt: next });
            }}
          />
        </label>
      )}
      {running ? (
        <button type="button" class="secondary" onClick={() => onChange({ startedAt, endedAt: new Date().toISOString() })}>
          Stop
        </button>
      ) : (
        <button type="button" class="secondary" onClick={() => onChange({ startedAt, endedAt: '' })}>
          Resume
        </button>
      )}
      {error && (
        <p id="timer-error" class="error field-error">
          {error}
        </p>
      )}
    </div>
  );
}
