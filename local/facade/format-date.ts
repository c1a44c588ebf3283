// Utilities.formatDate for the local runtime: Java SimpleDateFormat patterns, rendered in a time zone
// the way Apps Script's (Java-backed) implementation does, with English names.
//
// Supported pattern letters (as java.text.SimpleDateFormat with Locale.US):
//   G era (AD/BC)            y year (yy = two digits)       Y week year (US weeks)
//   M / L month (1, 01, Jan, January)                       w week in year (US weeks)
//   W week in month          D day in year                  d day in month
//   F day of week in month   E day name (Mon / Monday)      u day number (1 = Monday … 7 = Sunday)
//   a AM/PM                  H hour 0-23    k hour 1-24     K hour 0-11    h hour 1-12
//   m minute                 s second       S millisecond (a number, padded: SSS = 007)
//   z zone name (EST, CEST, GMT+05:30; zzzz = Eastern Standard Time)
//   Z RFC 822 offset (-0500) X ISO 8601 offset (X = -05, XX = -0500, XXX = -05:00, Z for UTC)
// Text in single quotes is literal, '' is a literal quote (inside or outside quotes), and any other
// non-letter character is literal. Any other ASCII letter throws `Illegal pattern character 'q'`.
//
// US week rules, as Java's Locale.US calendar: weeks start on Sunday and week 1 of a year is the week
// that holds 1 January (so 31 December 2025, a Wednesday, is in week 1 of week year 2026).
//
// Time zones: an IANA id (anything Intl.DateTimeFormat accepts), 'GMT', 'UTC', or a Java custom id
// 'GMT+2', 'GMT-05:30', 'GMT+0530'. As Java's TimeZone.getTimeZone, an id it does not know falls back
// to GMT silently rather than throwing. Known differences from Java: Intl accepts ids in any letter case
// and a few aliases Java lacks; zone names come from CLDR (e.g. "Central European Standard Time");
// dates before the 1582 Gregorian cutover use the proleptic Gregorian calendar (Java switches to Julian).
import { wallClockIn } from '../../shared/dates';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const PATTERN_LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

/** A resolved time zone: either an IANA zone handled by Intl, or a fixed offset with fixed names. */
type Zone = { kind: 'iana'; id: string } | { kind: 'fixed'; offsetMinutes: number; shortName: string; longName: string };

/** The wall-clock fields of an instant in a zone, plus the zone's offset at that instant. */
interface Fields {
  year: number; // proleptic Gregorian, 0 = 1 BC
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  second: number;
  millisecond: number;
  dayOfWeek: number; // 0 = Sunday
  dayOfYear: number; // 1-based
  offsetMs: number; // local time minus UTC
}

export function formatDate(date: Date, timeZone: string, pattern: string): string {
  // Date.prototype.getTime works on Dates from another realm (the vm context), where instanceof doesn't.
  const time = Date.prototype.getTime.call(date);
  if (Number.isNaN(time)) throw new Error('Invalid date passed to Utilities.formatDate.');
  const tokens = compilePattern(String(pattern)); // throws before any output, as Java's constructor does
  const zone = resolveZone(String(timeZone));
  const fields = fieldsAt(time, zone);
  let out = '';
  for (const token of tokens) out += token.kind === 'literal' ? token.text : formatField(token.letter, token.count, fields, zone, time);
  return out;
}

// ---- pattern compilation ----------------------------------------------------------------------------

function compilePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  const pushLiteral = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        pushLiteral("'");
        i += 2;
        continue;
      }
      // Quoted text runs to the next lone quote; '' inside it is a literal quote.
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new Error('Unterminated quote');
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      pushLiteral(text);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!PATTERN_LETTERS.includes(c)) throw new Error(`Illegal pattern character '${c}'`);
      let count = 1;
      while (pattern[i + count] === c) count++;
      if (c === 'X' && count > 3) throw new Error(`invalid ISO 8601 format: length=${count}`);
      tokens.push({ kind: 'field', letter: c, count });
      i += count;
      continue;
    }
    pushLiteral(c);
    i++;
  }
  return tokens;
}

// ---- time zones -------------------------------------------------------------------------------------

const zoneCache = new Map<string, Zone>();

function resolveZone(id: string): Zone {
  let zone = zoneCache.get(id);
  if (!zone) {
    zone = parseZone(id);
    zoneCache.set(id, zone);
  }
  return zone;
}

function parseZone(id: string): Zone {
  // Intl canonicalizes GMT to UTC, so both get Java's own names here.
  if (id === 'GMT') return { kind: 'fixed', offsetMinutes: 0, shortName: 'GMT', longName: 'Greenwich Mean Time' };
  if (id === 'UTC') return { kind: 'fixed', offsetMinutes: 0, shortName: 'UTC', longName: 'Coordinated Universal Time' };
  // Java custom ids: GMT, a sign, then h, hh, h:mm, hh:mm, hmm or hhmm.
  const custom = /^GMT([+-])(?:(\d{1,2})(?::(\d{2}))?|(\d{1,2})(\d{2}))$/.exec(id);
  if (custom) {
    const hours = Number(custom[2] ?? custom[4]);
    const minutes = Number(custom[3] ?? custom[5] ?? 0);
    if (hours <= 23 && minutes <= 59) {
      const offsetMinutes = (custom[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
      const name = `GMT${offsetText(offsetMinutes * 60_000, ':')}`;
      return { kind: 'fixed', offsetMinutes, shortName: name, longName: name };
    }
  } else if (id !== '') {
    try {
      // Throws a RangeError for an id ICU does not know.
      new Intl.DateTimeFormat('en-US', { timeZone: id });
      return { kind: 'iana', id };
    } catch {
      // fall through to GMT, as Java does
    }
  }
  return parseZone('GMT');
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatterCache.get(key);
  if (!f) {
    f = make();
    formatterCache.set(key, f);
  }
  return f;
}

function fieldsAt(time: number, zone: Zone): Fields {
  let offsetMs: number;
  if (zone.kind === 'fixed') {
    offsetMs = zone.offsetMinutes * 60_000;
  } else {
    // Read the wall clock in the zone, and derive the offset (to the second, so historic local mean
    // time offsets such as -4:56:02 come out right) by comparing it with the instant.
    const clock = wallClockIn(time, zone.id);
    const wall = new Date(0);
    wall.setUTCFullYear(clock.year, clock.month - 1, clock.day);
    wall.setUTCHours(clock.hour, clock.minute, clock.second, new Date(time).getUTCMilliseconds());
    offsetMs = wall.getTime() - time;
  }
  // Every field is read from the wall time expressed as a UTC instant.
  const wall = new Date(time + offsetMs);
  const year = wall.getUTCFullYear();
  const startOfYear = new Date(0);
  startOfYear.setUTCFullYear(year, 0, 1);
  return {
    year,
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    dayOfWeek: wall.getUTCDay(),
    dayOfYear: Math.floor((wall.getTime() - startOfYear.getTime()) / 86_400_000) + 1,
    offsetMs,
  };
}

/** '+05:30' style (separator ':') or '+0530' style (separator ''); seconds are dropped, as Java does. */
function offsetText(offsetMs: number, separator: string): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const total = Math.floor(Math.abs(offsetMs) / 60_000);
  return `${sign}${pad(Math.floor(total / 60), 2)}${separator}${pad(total % 60, 2)}`;
}

// Locales tried in turn for a short zone name: CLDR gives an abbreviation such as CET or IST only in
// the locales where it is in common use, and en-US falls back to "GMT+1" for the rest of the world.
const SHORT_NAME_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-IE', 'en-NZ', 'en-ZA', 'en-SG'];

function zoneName(zone: Zone, time: number, offsetMs: number, long: boolean): string {
  if (zone.kind === 'fixed') return long ? zone.longName : zone.shortName;
  const nameIn = (locale: string, style: 'short' | 'long') =>
    formatter(`name|${locale}|${style}|${zone.id}`, () => new Intl.DateTimeFormat(locale, { timeZone: zone.id, timeZoneName: style }))
      .formatToParts(time)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const isGmtOffset = (name: string) => /^GMT[+-]/.test(name);
  if (long) {
    const name = nameIn('en-US', 'long');
    return isGmtOffset(name) ? `GMT${offsetText(offsetMs, ':')}` : name;
  }
  for (const locale of SHORT_NAME_LOCALES) {
    const name = nameIn(locale, 'short');
    if (name && !isGmtOffset(name)) return name;
  }
  // No abbreviation anywhere: Java's fallback, GMT with a two-digit hh:mm offset.
  return `GMT${offsetText(offsetMs, ':')}`;
}

// ---- fields -----------------------------------------------------------------------------------------

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Java's text fields: four or more letters give the full form, fewer the three-letter short form. */
function text(full: string, count: number): string {
  return count >= 4 ? full : full.slice(0, 3);
}

function formatField(letter: string, count: number, f: Fields, zone: Zone, time: number): string {
  switch (letter) {
    case 'G':
      return f.year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y': {
      const year = letter === 'y' ? f.year : weekOfYear(f).weekYear;
      const yearOfEra = year > 0 ? year : 1 - year;
      return count === 2 ? pad(yearOfEra % 100, 2) : pad(yearOfEra, count);
    }
    case 'M':
    case 'L':
      return count >= 3 ? text(MONTHS[f.month - 1]!, count) : pad(f.month, count);
    case 'w':
      return pad(weekOfYear(f).week, count);
    case 'W': {
      const firstDayOfWeek = (((f.dayOfWeek - (f.day - 1)) % 7) + 7) % 7;
      return pad(Math.floor((f.day - 1 + firstDayOfWeek) / 7) + 1, count);
    }
    case 'D':
      return pad(f.dayOfYear, count);
    case 'd':
      return pad(f.day, count);
    case 'F':
      return pad(Math.floor((f.day - 1) / 7) + 1, count);
    case 'E':
      return text(DAYS[f.dayOfWeek]!, count);
    case 'u':
      return pad(f.dayOfWeek === 0 ? 7 : f.dayOfWeek, count);
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(f.hour, count);
    case 'k':
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case 'K':
      return pad(f.hour % 12, count);
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      return pad(f.millisecond, count);
    case 'z':
      return zoneName(zone, time, f.offsetMs, count >= 4);
    case 'Z':
      return offsetText(f.offsetMs, '');
    case 'X': {
      if (Math.floor(Math.abs(f.offsetMs) / 60_000) === 0) return 'Z';
      const full = offsetText(f.offsetMs, count === 3 ? ':' : '');
      return count === 1 ? full.slice(0, 3) : full;
    }
    default:
      // compilePattern admits only the letters above.
      throw new Error(`Illegal pattern character '${letter}'`);
  }
}

/** Week of year and week year under US rules (weeks start Sunday; week 1 holds 1 January). */
function weekOfYear(f: Fields): { week: number; weekYear: number } {
  const daysInYear = isLeapYear(f.year) ? 366 : 365;
  // The Saturday closing this week falls in the next year: the week holds next 1 January, so week 1.
  if (f.dayOfYear + (6 - f.dayOfWeek) > daysInYear) return { week: 1, weekYear: f.year + 1 };
  const jan1DayOfWeek = (((f.dayOfWeek - (f.dayOfYear - 1)) % 7) + 7) % 7;
  return { week: Math.floor((f.dayOfYear - 1 + jan1DayOfWeek) / 7) + 1, weekYear: f.year };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
