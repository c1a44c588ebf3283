// Instants on a local day, as tests write them: "2026-04-15" at 10:00 in New York.
import { midnightIn } from '../../shared/dates';

/** The instant `hour`:`minute` on the local day `day` (YYYY-MM-DD) in `timeZone`, counted from its midnight. */
export function localTime(day: string, timeZone: string, hour = 12, minute = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(midnightIn(y, m, d, timeZone).getTime() + (hour * 60 + minute) * 60_000);
}
