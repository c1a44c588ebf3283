// How Sheets shows a cell under a number format (getDisplayValues, TextFinder, export): a small subset of
// Sheets' format language — numbers '0', '0.00', '#,##0' (and '#,##0.00'), percent '0%' / '0.00%', dates
// built from yyyy, yy, mmmm, mmm, mm, m, dd, d, hh, h, mm (minutes after h), ss and AM/PM
// ('yyyy-mm-dd', 'yyyy-mm-dd hh:mm', 'mmm d, yyyy'), and '@' plain text. A format outside the subset
// shows the cell as the default (automatic) format does.
import { wallClockIn, type WallClock as ZoneWallClock } from '../../shared/dates';
import { displayValue } from './display';
import type { Cell } from './workbook';

/** Day 0 of Sheets' serial dates: 1899-12-30, wall-clock time. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const NUMBER_FORMAT = /^(#,##)?(0+)(?:\.(0+))?(%)?$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A wall clock with its day of the week (0 = Sunday). */
interface WallClock extends ZoneWallClock {
  weekday: number;
}

/** The wall-clock time of an instant in a time zone. */
function wallClock(ms: number, timeZone: string): WallClock {
  const w = wallClockIn(ms, timeZone);
  return { ...w, weekday: new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() };
}

/** A serial number (days since 1899-12-30) as a wall clock. */
function serialClock(serial: number): WallClock {
  const d = new Date(SERIAL_EPOCH_MS + Math.round((serial * DAY_MS) / 1000) * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** A date cell as Sheets' serial number, in the spreadsheet's time zone. */
export function dateSerial(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) + (((ms % 1000) + 1000) % 1000);
  return (wallMs - SERIAL_EPOCH_MS) / DAY_MS;
}

/** Rounds half away from zero at `decimals` places, as Sheets does. */
function roundTo(value: number, decimals: number): number {
  const sign = value < 0 ? -1 : 1;
  return sign * Number(`${Math.round(Number(`${Math.abs(value)}e${decimals}`))}e-${decimals}`);
}

function formatNumber(value: number, m: RegExpExecArray): string {
  const grouping = Boolean(m[1]);
  const minInt = m[2]!.length;
  const decimals = m[3]?.length ?? 0;
  const percent = Boolean(m[4]);
  const scaled = percent ? value * 100 : value;
  const rounded = roundTo(scaled, decimals);
  const fixed = Math.abs(rounded).toFixed(decimals);
  let [int, frac] = fixed.split('.') as [string, string | undefined];
  int = int.padStart(minInt, '0');
  if (grouping) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = rounded < 0;
  return `${negative ? '-' : ''}${int}${frac !== undefined ? `.${frac}` : ''}${percent ? '%' : ''}`;
}

type Token = { t: 'lit'; s: string } | { t: 'y' | 'm' | 'd' | 'h' | 's' | 'ampm'; n: number };

/** Tokens of a date format, or null when the format has no date or time parts. */
function dateTokens(format: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  let any = false;
  while (i < format.length) {
    const ch = format[i]!;
    const lower = ch.toLowerCase();
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end === -1 ? format.length : end;
      tokens.push({ t: 'lit', s: format.slice(i + 1, stop) });
      i = stop + 1;
    } else if (ch === '\\' && i + 1 < format.length) {
      tokens.push({ t: 'lit', s: format[i + 1]! });
      i += 2;
    } else if (/^am\/pm/i.test(format.slice(i))) {
      tokens.push({ t: 'ampm', n: 5 });
      i += 5;
      any = true;
    } else if ('ymdhs'.includes(lower)) {
      let n = 1;
      while (format[i + n]?.toLowerCase() === lower) n++;
      tokens.push({ t: lower as 'y' | 'm' | 'd' | 'h' | 's', n });
      i += n;
      any = true;
    } else if (/[0#?]/.test(ch)) {
      return null;
    } else {
      tokens.push({ t: 'lit', s: ch });
      i++;
    }
  }
  return any ? tokens : null;
}

function formatDate(w: WallClock, tokens: Token[]): string {
  const ampm = tokens.some((t) => t.t === 'ampm');
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const isTime = (t: Token | undefined) => t !== undefined && (t.t === 'h' || t.t === 's');
  let out = '';
  tokens.forEach((tok, i) => {
    switch (tok.t) {
      case 'lit':
        out += tok.s;
        return;
      case 'y':
        out += tok.n <= 2 ? pad(w.year % 100, 2) : String(w.year);
        return;
      case 'm': {
        // m/mm right after an hour or right before seconds means minutes.
        const prev = tokens
          .slice(0, i)
          .reverse()
          .find((t) => t.t !== 'lit');
        const next = tokens.slice(i + 1).find((t) => t.t !== 'lit');
        if (tok.n <= 2 && ((isTime(prev) && prev!.t === 'h') || next?.t === 's')) {
          out += tok.n === 2 ? pad(w.minute, 2) : String(w.minute);
        } else if (tok.n === 1) out += String(w.month);
        else if (tok.n === 2) out += pad(w.month, 2);
        else if (tok.n === 3) out += MONTHS[w.month - 1]!.slice(0, 3);
        else if (tok.n === 5) out += MONTHS[w.month - 1]![0];
        else out += MONTHS[w.month - 1];
        return;
      }
      case 'd':
        if (tok.n === 1) out += String(w.day);
        else if (tok.n === 2) out += pad(w.day, 2);
        else if (tok.n === 3) out += DAYS[w.weekday]!.slice(0, 3);
        else out += DAYS[w.weekday];
        return;
      case 'h': {
        const hour = ampm ? ((w.hour + 11) % 12) + 1 : w.hour;
        out += tok.n >= 2 ? pad(hour, 2) : String(hour);
        return;
      }
      case 's':
        out += tok.n >= 2 ? pad(w.second, 2) : String(w.second);
        return;
      case 'ampm':
        out += w.hour < 12 ? 'AM' : 'PM';
        return;
    }
  });
  return out;
}

/** What getDisplayValues shows for `cell` under number `format` ('' = automatic). */
export function formatCell(cell: Cell, format: string, timeZone: string): string {
  if (!format || format === '@' || cell === null || typeof cell === 'boolean' || typeof cell === 'string') {
    return displayValue(cell, timeZone);
  }
  if (typeof cell === 'object' && 'f' in cell) return displayValue(cell, timeZone);
  const number = NUMBER_FORMAT.exec(format);
  if (number) {
    const value = typeof cell === 'number' ? cell : dateSerial(cell.d, timeZone);
    return formatNumber(value, number);
  }
  const tokens = dateTokens(format);
  if (tokens) {
    return formatDate(typeof cell === 'number' ? serialClock(cell) : wallClock(cell.d, timeZone), tokens);
  }
  return displayValue(cell, timeZone);
}
