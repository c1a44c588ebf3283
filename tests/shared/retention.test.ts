// What is past retention (shared/retention.ts): the cutoff day in the sheet's time zone, and the rows.
import { describe, expect, it } from 'vitest';
import { pastRetention, retentionCutoff } from '../../shared/retention';
import { blankRow } from '../../shared/schema';

describe('retentionCutoff', () => {
  it('is local midnight of the same calendar day, years earlier; 0 keeps everything', () => {
    // 24 November 2026, 01:00 in New York is still 23 November there.
    expect(retentionCutoff(new Date('2026-11-24T06:00:00Z'), 3, 'America/New_York')!.toISOString()).toBe('2023-11-24T05:00:00.000Z');
    expect(retentionCutoff(new Date('2026-11-24T04:00:00Z'), 3, 'America/New_York')!.toISOString()).toBe('2023-11-23T05:00:00.000Z');
    // Summer time in the year of the cutoff.
    expect(retentionCutoff(new Date('2026-07-01T12:00:00Z'), 1, 'Europe/Berlin')!.toISOString()).toBe('2025-06-30T22:00:00.000Z');
    // 29 February goes to 28 February of a common year.
    expect(retentionCutoff(new Date('2028-02-29T12:00:00Z'), 1, 'UTC')!.toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(retentionCutoff(new Date('2026-11-24T12:00:00Z'), 0, 'UTC')).toBeNull();
  });
});

describe('pastRetention', () => {
  it('takes sessions started before the cutoff with all their items, and old prep answers and log rows', () => {
    const cutoff = new Date('2023-11-24T05:00:00Z');
    const before = new Date(cutoff.getTime() - 1);
    const session = (id: string, started: Date | '', created: Date | '' = '') =>
      blankRow('Sessions', { session_id: id, started_at: started, created_at: created });
    const selected = pastRetention(
      {
        sessions: [session('a', before), session('b', cutoff), session('c', '', before), session('d', '', '')],
        items: [
          blankRow('ActionItems', { session_id: 'b', status: 'open' }),
          blankRow('ActionItems', { session_id: 'a', status: 'open' }),
          blankRow('ActionItems', { session_id: 'c', status: 'done' }),
        ],
        prep: [blankRow('Prep', { submitted_at: before }), blankRow('Prep', { submitted_at: cutoff })],
        emailLog: [blankRow('EmailLog', { sent_at: cutoff }), blankRow('EmailLog', { sent_at: before })],
      },
      cutoff,
    );
    expect(selected).toEqual({ sessions: [0, 2], items: [1, 2], prep: [0], emailLog: [1] });
  });
});
