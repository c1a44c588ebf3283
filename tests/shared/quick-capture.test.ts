import { describe, expect, it } from 'vitest';
import { calendarDayIn } from '../../shared/dates';
import { isItemLine, parseQuickCapture } from '../../shared/quick-capture';
import { isBrightSpot, mergeTags } from '../../shared/tags';
import { extractDue } from '../../shared/quick-dates';

// 20:30 UTC on Thursday 12 March 2026: already Friday 13 March (09:30) in Auckland (UTC+13),
// still Thursday 12 March in Los Angeles (13:30, UTC-7) and Berlin (21:30, UTC+1).
const REF = new Date('2026-03-12T20:30:00Z');
// 06:00 UTC on Friday 13 March: still Thursday 12 March (23:00) in Los Angeles.
const LATE_LA = new Date('2026-03-13T06:00:00Z');

const dueOf = (line: string, zone: string, ref = REF) => parseQuickCapture(line, ref, zone, extractDue).items[0]?.due;

describe('parseQuickCapture: due dates in the sheet’s time zone', () => {
  it('takes "today" from the local calendar day, not the UTC one', () => {
    expect(calendarDayIn(REF, 'Pacific/Auckland')).toBe('2026-03-13');
    expect(dueOf('- [ ] Send the notes today', 'Pacific/Auckland')).toBe('2026-03-13');
    expect(dueOf('- [ ] Send the notes today', 'America/Los_Angeles')).toBe('2026-03-12');
    expect(dueOf('- [ ] Send the notes today', 'Europe/Berlin')).toBe('2026-03-12');
    expect(dueOf('- [ ] Send the notes today', 'America/Los_Angeles', LATE_LA)).toBe('2026-03-12');
    expect(dueOf('- [ ] Send the notes today', 'UTC', LATE_LA)).toBe('2026-03-13');
  });

  it.each([
    // [text, Auckland (Fri 13), Los Angeles (Thu 12), Berlin (Thu 12)]
    ['by Friday', '2026-03-20', '2026-03-13', '2026-03-13'],
    ['next Tue', '2026-03-17', '2026-03-17', '2026-03-17'],
    ['in 2 weeks', '2026-03-27', '2026-03-26', '2026-03-26'],
    ['15 March', '2026-03-15', '2026-03-15', '2026-03-15'],
    ['tomorrow', '2026-03-14', '2026-03-13', '2026-03-13'],
    ['by 2026-04-01', '2026-04-01', '2026-04-01', '2026-04-01'],
  ])('resolves "%s"', (phrase, auckland, losAngeles, berlin) => {
    const line = `TODO: share the transitions video ${phrase}`;
    expect(dueOf(line, 'Pacific/Auckland')).toBe(auckland);
    expect(dueOf(line, 'America/Los_Angeles')).toBe(losAngeles);
    expect(dueOf(line, 'Europe/Berlin')).toBe(berlin);
  });

  it('resolves a weekday from the local day when the UTC day is already the next one', () => {
    // Thursday 23:00 in Los Angeles, Friday 06:00 UTC: "by Friday" is the next day, not a week later.
    expect(dueOf('- [ ] Call the principal by Friday', 'America/Los_Angeles', LATE_LA)).toBe('2026-03-13');
    expect(dueOf('- [ ] Call the principal by Friday', 'UTC', LATE_LA)).toBe('2026-03-20');
  });

  it('dates a day that has passed this year in the next year', () => {
    expect(dueOf('Action: renew the package 1 March', 'Europe/Berlin')).toBe('2027-03-01');
  });

  it('takes the date (and its "by") out of the item text', () => {
    const { items } = parseQuickCapture('- [ ] Share the video by Friday with the team', REF, 'Europe/Berlin', extractDue);
    expect(items).toEqual([{ text: 'Share the video with the team', owner: 'coach', due: '2026-03-13' }]);
  });

  it('leaves items without a date undated and ignores times of day alone', () => {
    const { items } = parseQuickCapture('- [ ] Try a 2-minute countdown timer\nTODO: call back at 3pm', REF, 'Europe/Berlin', extractDue);
    expect(items).toEqual([
      { text: 'Try a 2-minute countdown timer', owner: 'coach' },
      { text: 'call back at 3pm', owner: 'coach' },
    ]);
  });
});

describe('parseQuickCapture: lines, owners, tags', () => {
  const notes = [
    'Transitions take 6 minutes. #transitions',
    '- [ ] @coach send the agenda next Tue',
    'Maya ran the timer on her own! #win',
    'TODO: observe 3rd period @client in 2 weeks #observation',
    'action: Draft the parent letter',
    '* [ ] Read chapter 3 @Coach',
    '- [x] Already done — stays in the notes',
    '',
  ].join('\n');

  it('turns item lines into items with owners and keeps the rest as notes', () => {
    const result = parseQuickCapture(notes, REF, 'America/Los_Angeles', extractDue);
    expect(result.items).toEqual([
      { text: 'send the agenda', owner: 'coach', due: '2026-03-17' },
      { text: 'observe 3rd period', owner: 'client', due: '2026-03-26' },
      { text: 'Draft the parent letter', owner: 'coach' },
      { text: 'Read chapter 3', owner: 'coach' },
    ]);
    expect(result.notes).toBe(
      'Transitions take 6 minutes. #transitions\nMaya ran the timer on her own! #win\n- [x] Already done — stays in the notes',
    );
  });

  it('makes a line the client’s only when it reads as theirs: @client, or the client’s name as subject', () => {
    const maya = ['Maya Thompson', 'Maya T. (Guest)'];
    const owners = (line: string) => parseQuickCapture(line, REF, 'UTC', extractDue, maya).items.map((i) => i.owner);
    // The coach writes the notes: a plain line is the coach's to do, even when it names the client.
    expect(owners('- [ ] send the plan to Maya by Friday')).toEqual(['coach']);
    expect(owners('- [ ] review Maya’s lesson plan')).toEqual(['coach']);
    expect(owners("- [ ] Maya's plan needs a rubric")).toEqual(['coach']);
    // The client as the subject, by full or first name, any case or accent.
    expect(owners('- [ ] Maya sends the plan by Friday')).toEqual(['client']);
    expect(owners('TODO: maya thompson to call the parents')).toEqual(['client']);
    expect(owners('Action: Maya: try the timer')).toEqual(['client']);
    // Written owners win.
    expect(owners('- [ ] Maya sends it @coach')).toEqual(['coach']);
    expect(owners('- [ ] try the timer @client')).toEqual(['client']);
    // Another person as subject is not the client.
    expect(owners('- [ ] Mayank sends the plan')).toEqual(['coach']);
  });

  it('collects #tags from notes and items, once each, and knows a bright spot', () => {
    const result = parseQuickCapture(notes, REF, 'America/Los_Angeles', extractDue);
    expect(result.tags).toEqual(['transitions', 'win', 'observation']);
    expect(isBrightSpot(result.tags)).toBe(true);
    expect(isBrightSpot(['WIN'])).toBe(true);
    expect(isBrightSpot(['winter'])).toBe(false);
  });

  it('does not take # inside words or URLs for tags', () => {
    const result = parseQuickCapture('See https://example.org/page#section and C# notes, issue #12', REF, 'UTC', extractDue);
    expect(result.tags).toEqual([]);
    expect(result.items).toEqual([]);
  });

  it('drops an item line with nothing after its marker', () => {
    expect(parseQuickCapture('- [ ]   \nTODO:', REF, 'UTC', extractDue)).toEqual({ items: [], tags: [], notes: '' });
  });

  it('recognises item lines', () => {
    expect(isItemLine('- [ ] a')).toBe(true);
    expect(isItemLine('  TODO: a')).toBe(true);
    expect(isItemLine('- Action: a')).toBe(true);
    expect(isItemLine('Actions are clear')).toBe(false);
    expect(isItemLine('- [x] done')).toBe(false);
  });

  it('merges tag lists without case-insensitive repeats', () => {
    expect(mergeTags(['Win', 'focus'], ['#win', 'Focus', ' ', 'next-steps'])).toEqual(['Win', 'focus', 'next-steps']);
  });
});

describe('parseQuickCapture: weekdays', () => {
  it('counts today only for "this <weekday>"', () => {
    // Friday 13 March in Auckland.
    expect(dueOf('TODO: x this Friday', 'Pacific/Auckland')).toBe('2026-03-13');
    expect(dueOf('TODO: x Friday', 'Pacific/Auckland')).toBe('2026-03-20');
    expect(dueOf('TODO: x by Sat', 'Pacific/Auckland')).toBe('2026-03-14');
    expect(dueOf('TODO: x by Wednesday', 'Pacific/Auckland')).toBe('2026-03-18');
  });
});
