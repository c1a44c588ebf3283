// The reminder emails' subjects and sender name (shared/emails.ts), on hand-made digests.
import { describe, expect, it } from 'vitest';
import { clientRow, coachRow, itemRow } from '../helpers/rows';
import { midnightIn } from '../../shared/dates';
import { itemsSubject, renderClientDigest, senderNameOf, withdrawNotice } from '../../shared/emails';
import { emptyClientDigest, type ClientDigest } from '../../shared/reminders';

const NY = 'America/New_York';
const day = (d: number) => midnightIn(2026, 11, d, NY);
const links = {
  done: () => 'https://x/d',
  help: () => 'https://x/h',
  prep: () => 'https://x/p',
  optOut: () => 'https://x/o',
  withdraw: () => 'https://x/w',
};

function digest(over: Partial<ClientDigest>): ClientDigest {
  return { ...emptyClientDigest('maya@example.org', clientRow(), coachRow(), null), units: ['u'], kind: 'due_soon', ...over };
}

describe('subjects', () => {
  it('name one item by its state, or the count and the most urgent item', () => {
    const a = itemRow({ item_id: 'a', text: 'Send the plan', due_date: day(20) });
    const b = itemRow({ item_id: 'b', text: 'Call the principal', due_date: day(24) });
    const c = itemRow({ item_id: 'c', text: 'Book the room', due_date: day(26) });
    expect(itemsSubject(digest({ overdue: [a] }), NY, 'commitments')).toBe('Past due: Send the plan');
    expect(itemsSubject(digest({ due_today: [b] }), NY, 'commitments')).toBe('Due today: Call the principal');
    expect(itemsSubject(digest({ due_soon: [c] }), NY, 'commitments')).toBe('Due Thu, Nov 26: Book the room');
    expect(itemsSubject(digest({ overdue: [a], due_today: [b], due_soon: [c] }), NY, 'commitments')).toBe(
      '3 commitments — Send the plan is past due',
    );
    expect(itemsSubject(digest({ due_today: [b], due_soon: [c] }), NY, 'commitments')).toBe(
      '2 commitments — Call the principal is due today',
    );
    expect(itemsSubject(digest({ nudge: [a, b] }), NY, 'commitments')).toBe('2 commitments — your daily nudge: Send the plan');
    expect(itemsSubject(digest({}), NY, 'commitments')).toBeNull();
  });

  it('lists "Due today" as its own group between "Past due" and "Due soon"', () => {
    const email = renderClientDigest(
      digest({
        overdue: [itemRow({ item_id: 'a', text: 'A', due_date: day(20) })],
        due_today: [itemRow({ item_id: 'b', text: 'B', due_date: day(24) })],
        due_soon: [itemRow({ item_id: 'c', text: 'C', due_date: day(26) })],
        kind: 'overdue',
      }),
      { client_intro: 'Hello', client_signoff: 'Bye' },
      NY,
      links,
    );
    expect(email.text.indexOf('Past due:')).toBeLessThan(email.text.indexOf('Due today:'));
    expect(email.text.indexOf('Due today:')).toBeLessThan(email.text.indexOf('Due soon:'));
    expect(email.subject).toBe('3 commitments — A is past due');
  });
});

describe('sender name', () => {
  it("is the coach's name, on one line; the program's sender name without a coach", () => {
    expect(senderNameOf(coachRow({ name: 'Ana Rivera' }), 'FollowThrough')).toBe('Ana Rivera');
    expect(senderNameOf(coachRow({ name: 'Ana\r\nBcc: x@example.org' }), 'FollowThrough')).toBe('Ana Bcc: x@example.org');
    expect(senderNameOf(null, 'FollowThrough')).toBe('FollowThrough');
    expect(senderNameOf(coachRow({ name: '  ' }), 'FollowThrough')).toBe('FollowThrough');
  });
});

describe('the stop-sharing sentence', () => {
  it('quotes the client with one full stop, theirs or one added', () => {
    expect(withdrawNotice('Calmer mornings', null).text).toMatch(
      /^You let the program’s leaders read your words: “Calmer mornings\.” To stop sharing them: /,
    );
    expect(withdrawNotice('Calmer mornings!', 'https://x/w').text).toBe(
      'You let the program’s leaders read your words: “Calmer mornings!” To stop sharing them: https://x/w',
    );
  });
});
