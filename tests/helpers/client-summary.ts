// The client progress report's input as the add-on builds it (apps-script/src/client-summary.ts): the
// client's rows, their metrics, the items done and the items next — for the tests that render it.
import type { ClientSummaryInput } from '../../shared/client-summary';
import { clientMetrics } from '../../shared/metrics';
import type { Row } from '../../shared/schema';
import { localTime } from './dates';
import { clientRow, coachRow } from './rows';

export const NY = 'America/New_York';

/** A day in New York at `hour` o'clock (noon unless said). */
export function nyDay(iso: string, hour = 12): Date {
  return localTime(iso, NY, hour);
}

/** The moment the reports are made. */
export const REPORT_NOW = nyDay('2026-04-15');

/** The report's client: a package from 1 February to 1 May, the next session on 22 April at 10:00. */
export function reportClient(): Row<'Clients'> {
  return clientRow({
    package_start: nyDay('2026-02-01', 0),
    package_end: nyDay('2026-05-01', 0),
    next_session_at: nyDay('2026-04-22', 10),
  });
}

export interface ReportRows {
  client: Row<'Clients'>;
  goals: Row<'Goals'>[];
  milestones: Row<'Milestones'>[];
  items: Row<'ActionItems'>[];
  sessions: Row<'Sessions'>[];
  prep: Row<'Prep'>[];
}

/** The report's input from the client's rows, Ana Rivera coaching, at REPORT_NOW in New York. */
export function reportInput(rows: ReportRows, wins: string[]): ClientSummaryInput {
  const { client, goals, milestones, items, sessions, prep } = rows;
  const [metrics] = clientMetrics({
    now: REPORT_NOW,
    timeZone: NY,
    coaches: [coachRow()],
    clients: [client],
    goals,
    items,
    sessions,
    prep,
  });
  return {
    client,
    coachName: 'Ana Rivera',
    metrics: metrics!,
    goals,
    milestones,
    timeZone: NY,
    now: REPORT_NOW,
    done: items.filter((i) => i.status === 'done'),
    next: items.filter((i) => i.status === 'open'),
    wins,
  };
}
