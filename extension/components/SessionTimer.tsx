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

function timeOfDay(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

/** Started/ended times with a running clock; the clock starts when the form does, or on Start. */
export function SessionTimer({ startedAt, endedAt, onChange }: Props) {
  const now = useNow(1000);
  const running = !endedAt;
  const elapsed = (running ? now : Date.parse(endedAt)) - Date.parse(startedAt);
  return (
    <div class="timer" role="group" aria-label="Session time">
      <p class="clock">
        <span class="elapsed" aria-hidden="true">
          {clock(elapsed)}
        </span>
        <span class="muted">
          {' '}
          from {timeOfDay(startedAt)}
          {running ? '' : ` to ${timeOfDay(endedAt)}`}
        </span>
      </p>
      <button type="button" class="secondary" onClick={() => onChange({ startedAt: new Date().toISOString(), endedAt: '' })}>
        {running ? 'Restart' : 'Start'}
      </button>
      {running && (
        <button type="button" class="secondary" onClick={() => onChange({ startedAt, endedAt: new Date().toISOString() })}>
          Stop
        </button>
      )}
    </div>
  );
}
