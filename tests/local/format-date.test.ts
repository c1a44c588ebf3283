import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../local/facade/format-date';

const at = (iso: string) => new Date(iso);
const ISO = "yyyy-MM-dd'T'HH:mm:ssXXX";

describe('formatDate', () => {
  it('formats ISO 8601 with an XXX offset', () => {
    expect(formatDate(at('2026-01-15T17:04:05Z'), 'America/New_York', ISO)).toBe('2026-01-15T12:04:05-05:00');
    expect(formatDate(at('2026-01-15T17:04:05Z'), 'UTC', ISO)).toBe('2026-01-15T17:04:05Z');
  });

  it('crosses the spring-forward gap in America/New_York', () => {
    const pattern = `${ISO} z zzzz`;
    expect(formatDate(at('2026-03-08T06:59:59Z'), 'America/New_York', pattern)).toBe('2026-03-08T01:59:59-05:00 EST Eastern Standard Time');
    expect(formatDate(at('2026-03-08T07:00:00Z'), 'America/New_York', pattern)).toBe('2026-03-08T03:00:00-04:00 EDT Eastern Daylight Time');
  });

  it('tells the two 1:30s apart at the fall-back in America/New_York', () => {
    expect(formatDate(at('2026-11-01T05:30:00Z'), 'America/New_York', 'HH:mm z Z')).toBe('01:30 EDT -0400');
    expect(formatDate(at('2026-11-01T06:30:00Z'), 'America/New_York', 'HH:mm z Z')).toBe('01:30 EST -0500');
  });

  it('follows the DST transitions in Europe/Berlin', () => {
    const pattern = 'yyyy-MM-dd HH:mm:ss z Z';
    expect(formatDate(at('2026-03-29T00:59:59Z'), 'Europe/Berlin', pattern)).toBe('2026-03-29 01:59:59 CET +0100');
    expect(formatDate(at('2026-03-29T01:00:00Z'), 'Europe/Berlin', pattern)).toBe('2026-03-29 03:00:00 CEST +0200');
    expect(formatDate(at('2026-10-25T00:30:00Z'), 'Europe/Berlin', pattern)).toBe('2026-10-25 02:30:00 CEST +0200');
    expect(formatDate(at('2026-10-25T01:30:00Z'), 'Europe/Berlin', pattern)).toBe('2026-10-25 02:30:00 CET +0100');
    expect(formatDate(at('2026-07-01T00:00:00Z'), 'Europe/Berlin', 'zzzz')).toBe('Central European Summer Time');
  });

  it('handles the half-hour offset of Asia/Kolkata across midnight', () => {
    expect(formatDate(at('2026-01-01T18:29:59.999Z'), 'Asia/Kolkata', 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2026-01-01 23:59:59.999');
    expect(formatDate(at('2026-01-01T18:30:00Z'), 'Asia/Kolkata', 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2026-01-02 00:00:00.000');
    expect(formatDate(at('2026-01-01T18:30:00Z'), 'Asia/Kolkata', 'Z|X|XX|XXX|zzzz')).toBe('+0530|+05|+0530|+05:30|India Standard Time');
  });

  it('formats the RFC 2822 style pattern', () => {
    expect(formatDate(at('2026-07-04T12:00:00Z'), 'America/Los_Angeles', 'EEE, d MMM yyyy HH:mm:ss Z')).toBe(
      'Sat, 4 Jul 2026 05:00:00 -0700',
    );
  });

  it("quotes text and escapes quotes with ''", () => {
    expect(formatDate(at('2026-01-15T20:00:00Z'), 'America/New_York', "h 'o''clock' a")).toBe("3 o'clock PM");
    expect(formatDate(at('2026-01-15T20:00:00Z'), 'UTC', "''yy''")).toBe("'26'");
    expect(formatDate(at('2026-01-15T20:00:00Z'), 'UTC', "'yyyy MM dd' yyyy")).toBe('yyyy MM dd 2026');
    expect(formatDate(at('2026-01-15T20:00:00Z'), 'UTC', 'yyyy/MM/dd - HH.mm, #1!')).toBe('2026/01/15 - 20.00, #1!');
  });

  it('gives every hour field at midnight and noon', () => {
    expect(formatDate(at('2026-05-05T00:00:00Z'), 'UTC', 'H k K h a')).toBe('0 24 0 12 AM');
    expect(formatDate(at('2026-05-05T12:00:00Z'), 'UTC', 'H k K h a')).toBe('12 12 0 12 PM');
    expect(formatDate(at('2026-05-05T23:59:59Z'), 'UTC', 'HH kk KK hh a')).toBe('23 23 11 11 PM');
    // Midnight New Year in New York is still the old year in UTC terms and vice versa.
    expect(formatDate(at('2026-01-01T04:59:59Z'), 'America/New_York', 'yyyy-MM-dd HH:mm:ss D')).toBe('2025-12-31 23:59:59 365');
    expect(formatDate(at('2026-01-01T05:00:00Z'), 'America/New_York', 'yyyy-MM-dd HH:mm:ss D')).toBe('2026-01-01 00:00:00 1');
  });

  it('repeats counts for months, days and years', () => {
    const d = at('2026-02-03T04:05:06.007Z'); // a Tuesday
    expect(formatDate(d, 'UTC', 'M MM MMM MMMM L LLLL')).toBe('2 02 Feb February 2 February');
    expect(formatDate(d, 'UTC', 'E EEE EEEE u')).toBe('Tue Tue Tuesday 2');
    expect(formatDate(d, 'UTC', 'y yy yyy yyyy yyyyy G')).toBe('2026 26 2026 2026 02026 AD');
    expect(formatDate(d, 'UTC', 'd dd D DDD H HH m mm s ss')).toBe('3 03 34 034 4 04 5 05 6 06');
    expect(formatDate(d, 'UTC', 'S SS SSS SSSS')).toBe('7 07 007 0007');
    expect(formatDate(at('2026-02-08T00:00:00Z'), 'UTC', 'EEEE u')).toBe('Sunday 7');
  });

  it('uses US week rules for w, W, F and Y', () => {
    // 15 Jan 2026 is the third Thursday; Jan 1 is a Thursday, so weeks are Jan 1-3, 4-10, 11-17.
    expect(formatDate(at('2026-01-15T12:00:00Z'), 'UTC', 'w W F')).toBe('3 3 3');
    // 31 Dec 2025 (Wednesday) falls in the week holding 1 Jan 2026: week 1 of week year 2026.
    expect(formatDate(at('2025-12-31T12:00:00Z'), 'UTC', "yyyy YYYY 'w'ww YY")).toBe('2025 2026 w01 26');
    expect(formatDate(at('2025-12-27T12:00:00Z'), 'UTC', 'YYYY ww')).toBe('2025 52');
  });

  it('accepts GMT, UTC and Java custom GMT offset ids', () => {
    const d = at('2026-06-01T12:00:00Z');
    expect(formatDate(d, 'GMT', 'HH:mm z zzzz XXX')).toBe('12:00 GMT Greenwich Mean Time Z');
    expect(formatDate(d, 'UTC', 'HH:mm z zzzz Z')).toBe('12:00 UTC Coordinated Universal Time +0000');
    expect(formatDate(d, 'GMT+2', 'HH:mm z Z XXX')).toBe('14:00 GMT+02:00 +0200 +02:00');
    expect(formatDate(d, 'GMT-05:30', 'HH:mm z Z X')).toBe('06:30 GMT-05:30 -0530 -05');
    expect(formatDate(d, 'GMT+0530', 'HH:mm zzzz')).toBe('17:30 GMT+05:30');
  });

  it('falls back to GMT for an unknown zone, as Java does', () => {
    expect(formatDate(at('2026-06-01T12:00:00Z'), 'Mars/Olympus_Mons', 'HH:mm z')).toBe('12:00 GMT');
    expect(formatDate(at('2026-06-01T12:00:00Z'), 'GMT+25', 'HH:mm z')).toBe('12:00 GMT');
  });

  it('names zones with abbreviations outside the US and falls back to GMT+hh:mm', () => {
    expect(formatDate(at('2026-07-01T12:00:00Z'), 'Europe/London', 'HH:mm z')).toBe('13:00 BST');
    expect(formatDate(at('2026-01-01T12:00:00Z'), 'Europe/London', 'HH:mm z')).toBe('12:00 GMT');
    expect(formatDate(at('2026-01-01T12:00:00Z'), 'Asia/Tokyo', 'HH:mm z zzzz')).toBe('21:00 GMT+09:00 Japan Standard Time');
    expect(formatDate(at('2026-01-01T12:00:00Z'), 'America/St_Johns', 'HH:mm Z XXX')).toBe('08:30 -0330 -03:30');
  });

  it("throws Apps Script's error for an illegal pattern letter", () => {
    expect(() => formatDate(new Date(), 'UTC', 'yyyy-qq')).toThrow(new Error("Illegal pattern character 'q'"));
    expect(() => formatDate(new Date(), 'UTC', 'T')).toThrow("Illegal pattern character 'T'");
    expect(() => formatDate(new Date(), 'UTC', "yyyy 'open")).toThrow('Unterminated quote');
    expect(() => formatDate(new Date(), 'UTC', 'XXXX')).toThrow('invalid ISO 8601 format: length=4');
  });

  it('accepts a Date from another realm (the vm context)', () => {
    const foreign = vm.runInNewContext('new Date(Date.UTC(2026, 0, 2, 3, 4, 5))') as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(formatDate(foreign, 'UTC', 'yyyy-MM-dd HH:mm:ss')).toBe('2026-01-02 03:04:05');
  });

  it('throws on an invalid date', () => {
    expect(() => formatDate(new Date(Number.NaN), 'UTC', 'yyyy')).toThrow(/Invalid date/);
  });

  it('handles years before 1000 and BC', () => {
    const year5 = new Date(0);
    year5.setUTCFullYear(5, 0, 1);
    expect(formatDate(year5, 'UTC', 'y yy yyyy G')).toBe('5 05 0005 AD');
    const bc = new Date(0);
    bc.setUTCFullYear(-43, 2, 15); // 44 BC, proleptic Gregorian
    expect(formatDate(bc, 'UTC', 'yyyy-MM-dd G')).toBe('0044-03-15 BC');
  });
});
