// Progress metrics' small rules and limits (see the definitions in definitions.ts).
import type { Change, Client, Headline, PeriodStats, Session } from './definitions';

export const ACTIVE_STAGES: ReadonlySet<string> = new Set(['active', 'maintenance', 'breakthrough']);
const DEFAULT_CADENCE = 14;
const COVERAGE_GRACE_DAYS = 7;
/** A package ending within this many days is due for renewal (the Dashboard, and the panel offers Renew). */
export const RENEWAL_DAYS = 30;
export const DEFAULT_WEEKS = 12;
/**
 * The longest date range the figures are computed for: ten years (a program's whole history fits; the
 * sheet's 10-million-cell limit is reached in about two). Weekly series are as long as the window, so
 * an unbounded range (0001 to 9999) built an answer of hundreds of megabytes.
 */
export const MAX_RANGE_DAYS = 3653;
export const MAX_WINDOW_WEEKS = Math.ceil(MAX_RANGE_DAYS / 7) + 2;

/** Why a filter's from/to cannot be shown (a start after the end, a range over ten years), or null. */
export function rangeProblem(from: Date | undefined, to: Date | undefined, now: Date): string | null {
  const end = to ?? (from ? now : undefined);
  if (!from || !end) return null;
  if (from.getTime() > end.getTime())
    return `The start (${from.toISOString().slice(0, 10)}) is after the end (${end.toISOString().slice(0, 10)}).`;
  if ((end.getTime() - from.getTime()) / 86_400_000 > MAX_RANGE_DAYS) return 'Choose a range of at most 10 years.';
  return null;
}
const STORY_MAX = 280;

/** A session deleted by its coach (editSession `delete`) keeps its row; every output ignores it. */
export function isDeletedSession(session: Pick<Session, 'deleted_at'>): boolean {
  return session.deleted_at !== '' && session.deleted_at !== undefined && session.deleted_at !== null;
}

/** Confidential unless the cell is FALSE or empty: an unexpected value never leaks notes. */
export function isConfidential(value: unknown): boolean {
  return value !== false && value !== '';
}

/**
 * What a bright spot shows of a session's notes: only its lines tagged #win (PRODUCT.md: "only the note
 * lines tagged #win of non-confidential sessions — never the rest of a note"), the tag itself removed,
 * joined and trimmed to at most 280 characters (code points), ending in '…' when cut.
 */
export function storyOf(notes: unknown): string {
  const text = String(notes ?? '')
    .split(/\r?\n/)
    .filter((line) => /(^|\s)#win\b/i.test(line))
    .map((line) =>
      line
        .replace(/(^|\s)#win\b/gi, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join(' · ');
  const chars = Array.from(text);
  return chars.length <= STORY_MAX
    ? text
    : `${chars
        .slice(0, STORY_MAX - 1)
        .join('')
        .trimEnd()}…`;
}

function cadenceOf(client: Client): number {
  return typeof client.cadence_days === 'number' && Number.isFinite(client.cadence_days)
    ? Math.max(0, client.cadence_days)
    : DEFAULT_CADENCE;
}

export function isCovered(client: Client, last: number | null, day: number): boolean {
  return last !== null && day - last <= cadenceOf(client) + COVERAGE_GRACE_DAYS;
}

export const rate = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function change(current: number | null, previous: number | null): Change {
  return { current, previous, change: current === null || previous === null ? null : round6(current - previous) };
}

/** Each figure of the current period with its previous value and the difference. */
export function headline(current: PeriodStats, previous: PeriodStats): Headline {
  return {
    sessions: change(current.sessions, previous.sessions),
    completionRate: change(current.completionRate, previous.completionRate),
    coverage: change(current.coverage, previous.coverage),
    openOverdue: change(current.openOverdue, previous.openOverdue),
  };
}

/** A measure moved when both readings are there and differ (trimmed, case-insensitive). */
export function measureMoved(baseline: string, current: string): boolean {
  return baseline !== '' && current !== '' && baseline.toLowerCase() !== current.toLowerCase();
}

export const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
