// Due dates in quick capture, with chrono-node: "by Friday", "next Tue", "in 2 weeks", "15 March",
// resolved forward from a reference instant in the sheet's time zone; plus what people write in
// notes that chrono does not know: "EOD" / "end of day" (today), "end of week" / "EOW" (the coming
// Friday, the end of a school or work week), "end of month" / "EOM" (its last day), and "next
// <weekday>" meaning the coming one (said on a Monday, "next Tue" is tomorrow, as a coach means it). Kept apart from
// quick-capture.ts so the panel loads chrono (most of its weight) only once it is needed.
import { parse as parseDates, type ParsedResult } from 'chrono-node/en';
import { calendarDayIn, zoneOffsetMinutes } from './dates';
import { DUE_WORD, tidy } from './quick-capture';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * A bare weekday ("by Friday"): the next such day after today in `timeZone` (a week ahead when today
 * is that weekday, unless it says "this Friday"). chrono's own choice depends on the time of day.
 */
function nextWeekday(weekday: number, reference: Date, timeZone: string, todayCounts: boolean): string {
  const today = calendarDayIn(reference, timeZone);
  const base = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
  let ahead = (weekday - new Date(base).getUTCDay() + 7) % 7;
  if (ahead === 0 && !todayCounts) ahead = 7;
  return new Date(base + ahead * 86_400_000).toISOString().slice(0, 10);
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FRIDAY = 5;

/** Phrases resolved before chrono, each with the due words in front of it ("by EOD"). */
const SPOKEN =
  /(?:^|\s)(?:(?:by|due|on|before|until|till)\s*:?\s+)?(?:the\s+)?(?:(eod|cob|end\s+of\s+(?:the\s+)?(?:business\s+)?day|close\s+of\s+business)|(eow|end\s+of\s+(?:the\s+|this\s+)?week)|(eom|end\s+of\s+(?:the\s+|this\s+)?month)|next\s+(sun|mon|tue|wed|thu|fri|sat)[a-z]*\.?)(?=$|[\s,.;:!?)])/i;

function spoken(text: string, reference: Date, timeZone: string): { text: string; due: string } | null {
  const match = SPOKEN.exec(text);
  if (!match) return null;
  const today = calendarDayIn(reference, timeZone);
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  let due: string;
  if (match[1]) due = today;
  else if (match[2]) due = nextWeekday(FRIDAY, reference, timeZone, true);
  else if (match[3]) due = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  else due = nextWeekday(WEEKDAYS.indexOf(match[4]!.toLowerCase()), reference, timeZone, false);
  return { text: tidy(`${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`), due };
}

function hasDate(result: ParsedResult): boolean {
  const start = result.start;
  return start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month');
}

/**
 * The first due date in `text`, as a calendar day in `timeZone`, and the text without it.
 * Dates are resolved forward from `reference` (a weekday means the next one).
 */
export function extractDue(text: string, reference: Date, timeZone: string): { text: string; due?: string } {
  const said = spoken(text, reference, timeZone);
  if (said) return said;
  const offset = zoneOffsetMinutes(reference.getTime(), timeZone);
  const found = parseDates(text, { instant: reference, timezone: offset }, { forwardDate: true }).find(hasDate);
  if (!found) return { text: tidy(text) };
  const { start } = found;
  const due =
    start.isCertain('weekday') && !start.isCertain('day') && !/\b(?:next|last|past|previous)\b/i.test(found.text)
      ? nextWeekday(start.get('weekday') ?? 0, reference, timeZone, /\bthis\b/i.test(found.text))
      : `${pad(start.get('year') ?? 0, 4)}-${pad(start.get('month') ?? 1)}-${pad(start.get('day') ?? 1)}`;
  const before = text.slice(0, found.index).replace(DUE_WORD, '');
  const after = text.slice(found.index + found.text.length);
  return { text: tidy(`${before} ${after}`), due };
}
