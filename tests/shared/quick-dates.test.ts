// Dates as coaches write them in notes, in two time zones (issue 20): EOD, end of day/week/month,
// and "next <weekday>" meaning the coming one.
import { describe, expect, it } from 'vitest';
import { extractDue } from '../../shared/quick-dates';

// 20:30 UTC on Monday 16 March 2026: Monday in Los Angeles (13:30), already Tuesday 17 March in
// Auckland (09:30, UTC+13).
const MONDAY = new Date('2026-03-16T20:30:00Z');
// 20:30 UTC on Friday 27 March: Friday in Los Angeles, Saturday 28 March in Auckland.
const FRIDAY = new Date('2026-03-27T20:30:00Z');

const due = (text: string, zone: string, ref = MONDAY) => extractDue(text, ref, zone);

describe('extractDue: what people write', () => {
  it.each([
    // [phrase, Los Angeles (Mon 16), Auckland (Tue 17)]
    ['by EOD', '2026-03-16', '2026-03-17'],
    ['by end of day', '2026-03-16', '2026-03-17'],
    ['end of the day', '2026-03-16', '2026-03-17'],
    ['by end of week', '2026-03-20', '2026-03-20'],
    ['EOW', '2026-03-20', '2026-03-20'],
    ['by the end of the month', '2026-03-31', '2026-03-31'],
    ['EOM', '2026-03-31', '2026-03-31'],
    ['next Tue', '2026-03-17', '2026-03-24'],
    ['next Tuesday', '2026-03-17', '2026-03-24'],
    ['next Monday', '2026-03-23', '2026-03-23'],
    ['next fri', '2026-03-20', '2026-03-20'],
  ])('"send the plan %s"', (phrase, losAngeles, auckland) => {
    expect(due(`send the plan ${phrase}`, 'America/Los_Angeles')).toEqual({ text: 'send the plan', due: losAngeles });
    expect(due(`send the plan ${phrase}`, 'Pacific/Auckland')).toEqual({ text: 'send the plan', due: auckland });
  });

  it('ends the week on the coming Friday: today on a Friday, next Friday on a Saturday', () => {
    expect(due('call Maya by end of week', 'America/Los_Angeles', FRIDAY).due).toBe('2026-03-27');
    expect(due('call Maya by end of week', 'Pacific/Auckland', FRIDAY).due).toBe('2026-04-03');
  });

  it('ends the month on its last day, in the sheet’s month', () => {
    // 31 March 20:30 UTC: still March in Los Angeles, already 1 April in Auckland.
    const lastDay = new Date('2026-03-31T20:30:00Z');
    expect(due('renew EOM', 'America/Los_Angeles', lastDay).due).toBe('2026-03-31');
    expect(due('renew EOM', 'Pacific/Auckland', lastDay).due).toBe('2026-04-30');
  });

  it('keeps words that only look like the phrases', () => {
    expect(due('read the eodem chapter', 'UTC')).toEqual({ text: 'read the eodem chapter' });
  });
});
