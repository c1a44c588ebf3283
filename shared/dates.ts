// ISO 8601 dates as the web-app API accepts them: a calendar date (`2026-03-12`) or a date-time with an
// offset (`2026-03-12T15:00:00Z`, `2026-03-12T15:00:00.000+02:00`). Pure: only ECMAScript built-ins.

/** One day in milliseconds (a UTC day; calendar days of a time zone come from dayNumberIn/dayCounter). */
export const DAY_MS = 86_400_000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

export type ParsedIsoDate = { kind: 'date'; year: number; month: number; day: number } | { kind: 'datetime'; epochMs: number };

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/**
 * The years a request's date may have. ECMAScript's Date.UTC and Date constructor read years 0–99 as
 * 1900–1999 (ECMA-262, MakeFullYear), so `0050-01-01` would be stored as 1950; Sheets counts its date
 * serials from 30 December 1899 and shows four-digit years. Outside 1900–9999 a date is refused.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

export function parseIsoDate(text: string): ParsedIsoDate | null {
  const d = DATE_ONLY.exec(text);
  if (d) {
    const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    return year >= MIN_YEAR && validDay(year, month, day) ? { kind: 'date', year, month, day } : null;
  }
  const t = DATE_TIME.exec(text);
  if (!t) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(t[i])) as [number, number, number, number, number];
  const second = t[6] ? Number(t[6]) : 0;
  const ms = t[7] ? Number(t[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (year < MIN_YEAR || !validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const zone = t[8]!;
  let offsetMin = 0;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return { kind: 'datetime', epochMs: Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMin * 60000 };
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

// Intl is part of ECMAScript: the one way this code reads an instant in a time zone.
const zoneFormats = new WeakMap<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();

/**
 * An en-US Intl.DateTimeFormat of `options` in `timeZone`, made once per time zone: making one is slow.
 * `options` is a constant of its caller (the cache is keyed by the object itself), without timeZone.
 */
export function dateFormatIn(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let byZone = zoneFormats.get(options);
  if (!byZone) zoneFormats.set(options, (byZone = new Map()));
  let format = byZone.get(timeZone);
  if (!format) byZone.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { ...options, timeZone })));
  return format;
}

/** A wall-clock time: year (1 BC is 0, 2 BC −1), month 1–12, day, hour 0–23, minute, second. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// hourCycle is an ECMA-402 (Intl) option, not typed in ES2019's lib, which Apps Script is checked
// against; V8's Intl has it, and the local runtime (Node's V8) runs this very code.
const WALL_CLOCK: Intl.DateTimeFormatOptions & { hourCycle: 'h23' } = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

// Intl gives a year of its era (2 BC is year 2): before AD 2 the era is read too (it costs, so only there).
const WALL_CLOCK_ERA: Intl.DateTimeFormatOptions = { ...WALL_CLOCK, era: 'short' };
const ERA_NEEDED_BEFORE = new Date(0).setUTCFullYear(2, 0, 1);

/** The wall clock of the instant `epochMs` in `timeZone`, to the second. */
export function wallClockIn(epochMs: number, timeZone: string): WallClock {
  const options = epochMs < ERA_NEEDED_BEFORE ? WALL_CLOCK_ERA : WALL_CLOCK;
  const parts = dateFormatIn(timeZone, options).formatToParts(new Date(epochMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const yearOfEra = Number(part('year'));
  return {
    year: part('era') === 'BC' ? 1 - yearOfEra : yearOfEra,
    month: Number(part('month')),
    day: Number(part('day')),
    hour: Number(part('hour')) % 24,
    minute: Number(part('minute')),
    second: Number(part('second')),
  };
}

/** Offset of `timeZone` from UTC at the instant `epochMs`, in minutes. */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const w = wallClockIn(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - (epochMs - (epochMs % 1000))) / 60000);
}

/** The instant of local midnight of a calendar day in `timeZone`. */
export function midnightIn(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  let instant = guess - zoneOffsetMinutes(guess, timeZone) * 60000;
  // A second pass settles days whose offset differs from the guess's (DST changes).
  instant = guess - zoneOffsetMinutes(instant, timeZone) * 60000;
  return new Date(instant);
}

/** Converts an API date string to the Date written to a date cell; calendar dates are midnight in `timeZone`. */
export function toCellDate(text: string, timeZone: string): Date {
  const parsed = parseIsoDate(text);
  if (!parsed) throw new Error(`Not an ISO 8601 date: ${text}`);
  return parsed.kind === 'date' ? midnightIn(parsed.year, parsed.month, parsed.day, timeZone) : new Date(parsed.epochMs);
}

/** The calendar day (YYYY-MM-DD) of an instant in `timeZone`. */
export function calendarDayIn(instant: Date, timeZone: string): string {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant.getTime(), timeZone) * 60000);
  return local.toISOString().slice(0, 10);
}

/** The calendar day of an instant in `timeZone`, as a day number (days since 1970-01-01). */
export function dayNumberIn(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  return Math.floor((ms + zoneOffsetMinutes(ms, timeZone) * 60000) / DAY_MS);
}

/** The day of the week (0 = Sunday) of a day number. */
export function weekDayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

const isoDays = new Map<number, string>();

/** A day number as YYYY-MM-DD (memoized: the same few hundred days recur across thousands of rows). */
export function isoDayOf(dayNumber: number): string {
  let text = isoDays.get(dayNumber);
  if (text === undefined) {
    text = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    if (isoDays.size < 100_000) isoDays.set(dayNumber, text);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Day arithmetic: every rule that counts days (reminders, metrics, item state) counts calendar days
// of the sheet's time zone as day numbers, made here.

/** The day number of a date cell: days since 1970-01-01 in the sheet's time zone; null for '' or an invalid date. */
export type DayOf = (d: unknown) => number | null;

/**
 * Day numbers of date cells in `timeZone`, as dayNumberIn gives them, for many cells at once: the
 * zone offset is looked up once per UTC day; a UTC day whose offset changes (DST) gets exact
 * per-instant lookups. Anything but a valid Date is null (dayNumberIn would give NaN).
 */
export function dayCounter(timeZone: string): DayOf {
  const offsets = new Map<number, number>();
  const exact = new Map<number, number>();
  let lastUtcDay = NaN;
  let lastOffset = NaN;
  return (d) => {
    if (!(d instanceof Date)) return null;
    const ms = d.getTime();
    if (!Number.isFinite(ms)) return null;
    const utcDay = Math.floor(ms / DAY_MS);
    let offset = utcDay === lastUtcDay ? lastOffset : offsets.get(utcDay);
    if (offset === undefined) {
      const start = zoneOffsetMinutes(utcDay * DAY_MS, timeZone);
      offset = start === zoneOffsetMinutes((utcDay + 1) * DAY_MS, timeZone) ? start : NaN;
      offsets.set(utcDay, offset);
    }
    lastUtcDay = utcDay;
    lastOffset = offset;
    if (Number.isNaN(offset)) {
      let o = exact.get(ms);
      if (o === undefined) exact.set(ms, (o = zoneOffsetMinutes(ms, timeZone)));
      offset = o;
    }
    return Math.floor((ms + offset * 60_000) / DAY_MS);
  };
}

/** The Monday of the ISO week of a day number. */
export function mondayOf(day: number): number {
  return day - ((weekDayOf(day) + 6) % 7);
}

/** The ISO week label (2026-W16) of the week starting on `monday`. */
export function isoWeekOf(monday: number): string {
  const thursday = monday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The last full week (Monday–Sunday) before the day of `now` in `timeZone`: its first and last days and
 * the last instant of its Sunday — what the weekly leader summary reports, sent on any day of the next week.
 */
export function lastFullWeek(now: Date, timeZone: string): { monday: string; sunday: string; end: Date } {
  const today = dayNumberIn(now, timeZone);
  const sunday = today - (weekDayOf(today) || 7);
  const [y, m, d] = isoDayOf(sunday + 1)
    .split('-')
    .map(Number) as [number, number, number];
  return { monday: isoDayOf(sunday - 6), sunday: isoDayOf(sunday), end: new Date(midnightIn(y, m, d, timeZone).getTime() - 1) };
}
