// The small rules that have one home in shared/: tags, email addresses, HTML escaping, item state and
// day arithmetic — each with the cases where the copies they replaced disagreed.
import { describe, expect, it } from 'vitest';
import { DAY_MS, dayCounter, dayNumberIn, isoDayOf, midnightIn } from '../../shared/dates';
import { addressKey, emailAddressOf, isEmailAddress, splitAddressList } from '../../shared/email-address';
import { escapeHtml } from '../../shared/html';
import { dueState, isDueToday, isDueWithin, isOpenItem, isOpenStatus, isOverdue, itemStateFormulas } from '../../shared/items';
import { parseQuickCapture } from '../../shared/quick-capture';
import { ITEM_STATUSES } from '../../shared/schema';
import { readSettings } from '../../shared/settings';
import { formatTags, isBrightSpot, mergeTags, normalizeTag, parseTagList, tagsIn, withoutTags } from '../../shared/tags';

describe('tags (shared/tags.ts)', () => {
  it('finds #tags in free text, not e-mail fragments or headings without a letter', () => {
    expect(tagsIn('Great call #win and #next-steps, see a#b and #1st')).toEqual(['win', 'next-steps']);
    expect(withoutTags('Try it #win today')).toBe('Try it  today');
  });

  it('a bright spot is #win in any case, with or without its # (isWin and isBrightSpot used to disagree on "#win")', () => {
    expect(isBrightSpot(['#win'])).toBe(true); // metrics' isWin said yes, quick-capture's isBrightSpot said no
    expect(isBrightSpot(['WIN'])).toBe(true);
    expect(isBrightSpot(['##Win'])).toBe(true);
    expect(isBrightSpot(['winter', '#winning', 'win-win'])).toBe(false);
    expect(isBrightSpot([])).toBe(false);
  });

  it('merges lists: canonical form, first spelling kept, no case-insensitive repeats', () => {
    expect(mergeTags(['Win', 'focus'], ['#win', 'Focus', ' ', 'next-steps'])).toEqual(['Win', 'focus', 'next-steps']);
    // Merging kept inner spaces that writing turned into '-': now both make one tag.
    expect(mergeTags(['two words'], ['#two-words'])).toEqual(['two-words']);
    expect(normalizeTag('  ## a  b ')).toBe('a-b');
  });

  it('reads the Tags field and the Sessions.tags cell with one rule (the panel ignored semicolons, metrics did not)', () => {
    expect(parseTagList('#win #math')).toEqual(['win', 'math']);
    expect(parseTagList('win, math')).toEqual(['win', 'math']);
    expect(parseTagList('win;math')).toEqual(['win', 'math']);
    expect(parseTagList('#Win, #win ,')).toEqual(['Win']);
    expect(parseTagList('')).toEqual([]);
    expect(parseTagList(undefined)).toEqual([]);
  });

  it('writes the cell as #tags separated by spaces, and reads back what it wrote', () => {
    const cell = formatTags(['win', '#Reading', ' two words ', '', 'WIN']);
    expect(cell).toBe('#win #Reading #two-words');
    expect(parseTagList(cell)).toEqual(['win', 'Reading', 'two-words']);
  });

  it('quick capture collects its tags with the same rules', () => {
    const result = parseQuickCapture('Good session #Win\n#focus and #win again', new Date('2026-04-15T12:00:00Z'), 'UTC', (text) => ({
      text,
    }));
    expect(result.tags).toEqual(['Win', 'focus']);
    expect(isBrightSpot(result.tags)).toBe(true);
  });
});

describe('email addresses (shared/email-address.ts)', () => {
  it('accepts one address, refuses lists and broken ones', () => {
    for (const ok of ['a@b.co', 'first.last+tag@school.example.org', 'ÉLÈVE@école.fr']) expect(isEmailAddress(ok)).toBe(true);
    for (const bad of [
      '',
      'a@b',
      '@b.co',
      'a@.co',
      'a b@c.co',
      'a@b.co ',
      'a@@b.co',
      'a@b.co,c@d.co',
      'a@b.co;c@d.co',
      'Maya <m@b.co>',
      'm(x)@b.co',
      '"m"@b.co',
    ]) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
  });

  it('refuses a cell holding two addresses everywhere (the invitation used to accept "a,b@x.org")', () => {
    expect(isEmailAddress('a,b@x.org')).toBe(false);
    expect(emailAddressOf('a@x.org,b@y.org')).toBeNull();
  });

  it('reads a cell: trimmed, null for non-text or invalid', () => {
    expect(emailAddressOf('  maya@example.org ')).toBe('maya@example.org');
    expect(emailAddressOf('')).toBeNull();
    expect(emailAddressOf(42)).toBeNull();
    expect(emailAddressOf(null)).toBeNull();
  });

  it('one recipient whatever the case', () => {
    expect(addressKey(' Maya@Example.org')).toBe(addressKey('maya@example.ORG'));
    expect(splitAddressList('a@x.org, b@y.org;c@z.org\n')).toEqual(['a@x.org', 'b@y.org', 'c@z.org']);
  });

  it("the capture API uses the same rule (it had valibot's own)", async () => {
    const { parseRequest } = await import('../../shared/api');
    const capture = (email: string) =>
      parseRequest(
        JSON.stringify({
          v: 1,
          op: 'capture',
          token: 't',
          captureId: 'c',
          session: { newClient: { name: 'N', email }, startedAt: '2026-04-15' },
        }),
      );
    expect(capture(' maya@example.org ').ok).toBe(true);
    expect(capture('a,b@example.org')).toMatchObject({ ok: false, error: { field: 'session.newClient.email' } });
  });

  it('the Settings use the same rule', () => {
    expect(readSettings([{ key: 'leader_emails', value: 'lead@x.org; other@y.org' }]).settings.leader_emails).toEqual([
      'lead@x.org',
      'other@y.org',
    ]);
    expect(readSettings([{ key: 'leader_emails', value: 'lead@x' }]).problems[0]?.message).toContain('not lead@x');
  });
});

describe('HTML escaping (shared/html.ts)', () => {
  it('escapes the five characters that can end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });
  it('escapes once (no double decoding assumptions) and takes any value', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml(3)).toBe('3');
    expect(escapeHtml('')).toBe('');
  });
});

describe('item state (shared/items.ts)', () => {
  const today = 20_000;
  it('open is open or in_progress, nothing else', () => {
    expect(ITEM_STATUSES.filter((s) => isOpenStatus(s))).toEqual(['open', 'in_progress']);
    for (const s of ['', 'Open', ' open', 'done', undefined, null]) expect(isOpenStatus(s)).toBe(false);
    expect(isOpenItem({ status: 'in_progress' })).toBe(true);
  });

  it('overdue before the due day, due today on it, upcoming after; closed items are neither', () => {
    const open = { status: 'open' };
    expect(dueState(open, today - 1, today)).toBe('overdue');
    expect(dueState(open, today, today)).toBe('due_today');
    expect(dueState(open, today + 1, today)).toBe('upcoming');
    expect(dueState(open, null, today)).toBe('undated');
    expect(dueState(open, Number.NaN, today)).toBe('undated');
    expect(dueState({ status: 'done' }, today - 5, today)).toBe('closed');
    expect(isOverdue(open, today - 1, today)).toBe(true);
    expect(isOverdue(open, today, today)).toBe(false); // due today is not yet overdue (reminders and metrics agree)
    expect(isDueToday(open, today, today)).toBe(true);
    expect(isOverdue({ status: 'derailed' }, today - 1, today)).toBe(false);
  });

  it('due within N days counts today and the N days after, not overdue items', () => {
    const open = { status: 'in_progress' };
    expect(isDueWithin(open, today, today, 0)).toBe(true);
    expect(isDueWithin(open, today + 2, today, 2)).toBe(true);
    expect(isDueWithin(open, today + 3, today, 2)).toBe(false);
    expect(isDueWithin(open, today - 1, today, 2)).toBe(false);
    expect(isDueWithin({ status: 'dropped' }, today, today, 2)).toBe(false);
  });

  it('the sheet colours items with the same rule (formulas over row 2)', () => {
    const f = itemStateFormulas('$H2', '$G2', 2);
    expect(f.overdue).toBe('=AND($G2<>"",$G2<TODAY(),OR($H2="open",$H2="in_progress"))');
    expect(f.dueSoon).toBe('=AND($G2<>"",$G2>=TODAY(),$G2<=TODAY()+2,OR($H2="open",$H2="in_progress"))');
  });
});

describe('day arithmetic (shared/dates.ts)', () => {
  const tz = 'America/New_York';
  it('dayCounter gives dayNumberIn’s day for every hour around both DST changes', () => {
    const dayOf = dayCounter(tz);
    for (const start of ['2026-03-07T00:00:00Z', '2026-10-31T00:00:00Z']) {
      for (let h = 0; h < 72; h++) {
        const instant = new Date(Date.parse(start) + h * 3_600_000 + 59 * 60_000);
        expect(dayOf(instant)).toBe(dayNumberIn(instant, tz));
      }
    }
  });

  it('an invalid date is no day (the planner’s own cache gave NaN, metrics null)', () => {
    expect(dayCounter(tz)(new Date(Number.NaN))).toBeNull();
    expect(dayCounter(tz)('')).toBeNull();
    expect(dayCounter(tz)('2026-04-15')).toBeNull();
  });

  it('local midnight is the first instant of the day; the instant before is the day before', () => {
    const midnight = midnightIn(2026, 4, 15, tz);
    const dayOf = dayCounter(tz);
    expect(isoDayOf(dayOf(midnight)!)).toBe('2026-04-15');
    expect(isoDayOf(dayOf(new Date(midnight.getTime() - 1))!)).toBe('2026-04-14');
    expect(dayOf(new Date(midnight.getTime() + DAY_MS))! - dayOf(midnight)!).toBe(1);
  });
});
