// Retention: how long the program keeps coaching records (Settings key `retention_years`; 0 keeps them).
// One rule for what is past retention, used by the add-on's menu dialog and its daily trigger:
// - a session whose start (or, without one, its creation) is before the cutoff, and every action item
//   written in it, whatever its state;
// - a preparation answer submitted before the cutoff;
// - an EmailLog row sent before the cutoff (it holds a client's address and a subject).
// Clients and their engagement (Goals, Milestones, Packages, StageHistory) stay until the client is
// deleted (deleteClient): they are the client's record, not a session's.
import { calendarDayIn, midnightIn } from './dates';
import type { Row } from './schema';

/**
 * The first instant kept: local midnight of the same calendar day `years` years before `now`'s day in
 * `timeZone` (29 February goes to 28 February in a common year). Null when `years` is 0 (keep all).
 */
export function retentionCutoff(now: Date, years: number, timeZone: string): Date | null {
  if (!Number.isInteger(years) || years <= 0) return null;
  const [y, m, d] = calendarDayIn(now, timeZone).split('-').map(Number) as [number, number, number];
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return midnightIn(year, m, Math.min(d, lastDay), timeZone);
}

export interface RetentionInput {
  sessions: readonly Row<'Sessions'>[];
  items: readonly Row<'ActionItems'>[];
  prep: readonly Row<'Prep'>[];
  emailLog: readonly Row<'EmailLog'>[];
}

/** Indexes (into each list, ascending) of the rows past retention. */
export interface RetentionSelection {
  sessions: number[];
  items: number[];
  prep: number[];
  emailLog: number[];
}

const before = (cell: unknown, cutoff: number): boolean => cell instanceof Date && cell.getTime() < cutoff;

export function pastRetention(input: RetentionInput, cutoff: Date): RetentionSelection {
  const at = cutoff.getTime();
  const removed = new Set<string>();
  const sessions: number[] = [];
  input.sessions.forEach((s, i) => {
    const when = s.started_at instanceof Date ? s.started_at : s.created_at;
    if (!before(when, at)) return;
    sessions.push(i);
    if (s.session_id) removed.add(s.session_id);
  });
  const indexesOf = <T>(rows: readonly T[], test: (row: T) => boolean): number[] => rows.flatMap((row, i) => (test(row) ? [i] : []));
  return {
    sessions,
    items: indexesOf(input.items, (item) => removed.has(item.session_id)),
    prep: indexesOf(input.prep, (p) => before(p.submitted_at, at)),
    emailLog: indexesOf(input.emailLog, (e) => before(e.sent_at, at)),
  };
}
