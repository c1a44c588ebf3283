import { describe, expect, it } from 'vitest';
import { calendarDayIn, midnightIn, toCellDate, zoneOffsetMinutes } from '../../shared/dates';
import { formatTags } from '../../shared/tags';
import { asSheetText } from '../../shared/text';

describe('dates in the sheet time zone', () => {
  it('knows the offset across daylight saving time', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('puts a calendar date at local midnight, also on a DST change day', () => {
    expect(midnightIn(2026, 3, 12, 'America/New_York').toISOString()).toBe('2026-03-12T04:00:00.000Z');
    expect(midnightIn(2026, 3, 8, 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(midnightIn(2026, 11, 1, 'Europe/Berlin').toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(toCellDate('2026-03-12', 'Pacific/Auckland').toISOString()).toBe('2026-03-11T11:00:00.000Z');
  });

  it('keeps date-times as instants and reads them back as calendar days', () => {
    const d = toCellDate('2026-03-12T01:30:00Z', 'America/New_York');
    expect(d.toISOString()).toBe('2026-03-12T01:30:00.000Z');
    expect(calendarDayIn(d, 'America/New_York')).toBe('2026-03-11');
    expect(calendarDayIn(d, 'Europe/London')).toBe('2026-03-12');
  });
});

describe('sheet text', () => {
  it('prefixes user text with an apostrophe so Sheets keeps it as text', () => {
    expect(asSheetText('=1+1')).toBe("'=1+1");
    expect(asSheetText('')).toBe('');
  });
  it('formats tags with one # each', () => {
    expect(formatTags(['win', '#Reading', ' two words ', ''])).toBe('#win #Reading #two-words');
  });
});
