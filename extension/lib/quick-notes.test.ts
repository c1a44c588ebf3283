import { describe, expect, it } from 'vitest';
import { blankDraft } from './capture';
import { extractDue } from '../../shared/quick-dates';
import { absorbItemLines } from './quick-notes';

// Thursday 12 March 2026, 13:30 in Los Angeles; already Friday in Auckland.
const ref = new Date('2026-03-12T20:30:00Z');

describe('absorbItemLines', () => {
  it('leaves item lines in the notes until the date parser has loaded', () => {
    const draft = { ...blankDraft(), notes: '- [ ] send it by Friday\nmore' };
    expect(absorbItemLines(draft, new Date(), 'UTC', null).draft).toBe(draft);
  });

  it('moves finished item lines into rows and leaves the line being typed', () => {
    const notes = 'Intro\n- [ ] @coach send agenda by Friday #prep\nTODO: call';
    const draft = { ...blankDraft(), notes };
    const { draft: next, caret, added } = absorbItemLines(draft, ref, 'America/Los_Angeles', extractDue, notes.length);
    expect(added).toBe(1);
    expect(next.notes).toBe('Intro\nTODO: call');
    expect(caret).toBe(next.notes.length);
    expect(next.items.map((i) => [i.text, i.owner, i.due])).toEqual([['send agenda', 'coach', '2026-03-13']]);
    expect(next.tags).toBe('#prep');
  });

  it('takes every line when saving, with dates in the given zone', () => {
    const draft = { ...blankDraft(), notes: 'Action: visit tomorrow' };
    const { draft: next } = absorbItemLines(draft, ref, 'Pacific/Auckland', extractDue);
    expect(next.notes).toBe('');
    expect(next.items.map((i) => i.due)).toEqual(['2026-03-14']);
  });

  it('keeps the caret in place when a line above it leaves', () => {
    const notes = 'TODO: a\nkeep typing here';
    const at = notes.indexOf('here');
    const { draft: next, caret } = absorbItemLines({ ...blankDraft(), notes }, ref, 'UTC', extractDue, at);
    expect(next.notes).toBe('keep typing here');
    expect(next.notes.slice(caret)).toBe('here');
  });

  it('returns the same draft when there is nothing to take', () => {
    const draft = { ...blankDraft(), notes: 'Just notes' };
    expect(absorbItemLines(draft, ref, 'UTC', extractDue, 3).draft).toBe(draft);
  });
});
