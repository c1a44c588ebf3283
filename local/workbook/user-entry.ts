// What a person's typing becomes in a cell of the sheet host, as in Google Sheets (en-US locale, the
// locale the host page displays in; see display.ts): a leading apostrophe keeps the rest as text; a
// plain-text cell (number format '@') keeps text; '=' starts a formula; numbers, TRUE/FALSE and dates
// (the M/d/yyyy form the page shows, with an optional H:mm[:ss], or ISO yyyy-mm-dd[ hh:mm[:ss]]) are
// parsed, dates in the spreadsheet's time zone; anything else is text. Other date forms Sheets would
// recognise (e.g. "March 12") stay text here.
// Source: Google Sheets Help, "Format numbers in a spreadsheet" / "Change a spreadsheet's locale"
// (dates are read in the spreadsheet's locale; a leading apostrophe forces text).
import { midnightIn, zoneOffsetMinutes } from '../../shared/dates';
import type { Cell } from './workbook';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function dateCell(y: number, m: number, d: number, h: number, min: number, s: number, timeZone: string): Cell | undefined {
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate() || h > 23 || min > 59 || s > 59) return undefined;
  if (h === 0 && min === 0 && s === 0) return { d: midnightIn(y, m, d, timeZone).getTime() };
  const guess = Date.UTC(y, m - 1, d, h, min, s);
  const instant = guess - zoneOffsetMinutes(guess - zoneOffsetMinutes(guess, timeZone) * 60_000, timeZone) * 60_000;
  return { d: instant };
}

/** The cell a person's typed `text` makes in a cell with number format `format`. */
export function userEntry(text: string, format: string, timeZone: string): Cell {
  if (text === '') return null;
  if (text.startsWith("'")) return text.slice(1) === '' ? null : text.slice(1);
  if (format === '@') return text;
  if (text.startsWith('=') && text.length > 1) return { f: text };
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  const us = US_DATE.exec(trimmed);
  const iso = us ? null : ISO_DATE.exec(trimmed);
  const n = (v: string | undefined) => (v === undefined ? 0 : Number(v));
  const date = us
    ? dateCell(n(us[3]), n(us[1]), n(us[2]), n(us[4]), n(us[5]), n(us[6]), timeZone)
    : iso
      ? dateCell(n(iso[1]), n(iso[2]), n(iso[3]), n(iso[4]), n(iso[5]), n(iso[6]), timeZone)
      : undefined;
  return date ?? text;
}
