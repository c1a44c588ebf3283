import { describe, expect, it } from 'vitest';
import { CAPTION_WINDOW_MS, CaptionBuffer, MAX_LINE_CHARS, MAX_LINES, continuation } from './caption-buffer';
import { nameInLabel, selfSuffix, labelSet, marksSelf } from './text';

const said = (b: CaptionBuffer, now = 0) => b.recent(now).map((l) => `${l.speaker}: ${l.text}`);

describe('caption buffer', () => {
  it('updates a block in place as its speaker talks, and forgets lines older than two minutes', () => {
    const b = new CaptionBuffer();
    const first = {};
    const second = {};
    b.upsert(first, 'Maya', 'I tried', 0);
    b.upsert(first, 'Maya', 'I tried the timer', 1000);
    b.upsert(second, 'Ana', 'How did it go?', 2000);
    expect(said(b, 3000)).toEqual(['Maya: I tried the timer', 'Ana: How did it go?']);
    expect(b.recent(1000 + CAPTION_WINDOW_MS + 1).map((l) => l.text)).toEqual(['How did it go?']);
    b.clear();
    expect(b.recent(0)).toEqual([]);
  });

  it('merges a recreated block that repeats the end of the last line (Zoom), without the repeated words', () => {
    const b = new CaptionBuffer();
    b.upsert({}, 'Daniel', 'Test line number 2. Test line number 3.', 0);
    b.upsert({}, 'Daniel', 'Test line number 3. Test line number 4?', 500);
    expect(said(b)).toEqual(['Daniel: Test line number 2. Test line number 3. Test line number 4?']);
    // A half-sentence shown again in a new block (Teams) adds nothing.
    b.upsert({}, 'Daniel', 'Test line number 4?', 900);
    expect(said(b)).toEqual(['Daniel: Test line number 2. Test line number 3. Test line number 4?']);
    // …and a block that goes on growing keeps the words before it.
    const k = {};
    b.upsert(k, 'Daniel', 'line number 4? And', 1000);
    b.upsert(k, 'Daniel', 'line number 4? And then five.', 1200);
    expect(said(b)).toEqual(['Daniel: Test line number 2. Test line number 3. Test line number 4? And then five.']);
    // Another speaker, or the same speaker saying something new, is a new line.
    b.upsert({}, 'Ana', 'Good.', 1300);
    b.upsert({}, 'Ana', 'What next?', 1400);
    expect(said(b).slice(1)).toEqual(['Ana: Good.', 'Ana: What next?']);
  });

  it('finds where a new block continues the last line', () => {
    expect(continuation('I tried', 'I tried the timer')).toEqual({ text: 'I tried the timer', prefix: '' });
    expect(continuation('one two three four', 'three four five six')).toBeNull(); // 10 chars of overlap: a coincidence
    expect(continuation('we moved the reading block to Monday', 'the reading block to Monday and Tuesday')?.text).toBe(
      'we moved the reading block to Monday and Tuesday',
    );
  });

  it('keeps the old line when a long block starts over (Meet), and marks the coach’s own lines', () => {
    const b = new CaptionBuffer();
    const k = {};
    const long = 'word '.repeat(100).trim();
    b.upsert(k, 'Maya', long, 0);
    b.upsert(k, 'Maya', 'and now short', 10);
    expect(b.recent(10).map((l) => l.text)).toEqual([long, 'and now short']);
    b.upsert({}, 'Tu', 'Come è andata?', 20, true);
    expect(b.recent(20).at(-1)).toEqual({ speaker: 'Tu', text: 'Come è andata?', at: 20, self: true });
  });

  it('stays bounded through a two-hour call: lines, line length and work per update', () => {
    const b = new CaptionBuffer();
    // One speaker talking for 30 minutes in one growing block (Meet), then 2 hours of short lines.
    const k = {};
    let text = '';
    for (let i = 0; i < 3000; i++) {
      text += ` sentence ${i} of a long monologue.`;
      b.upsert(k, 'Maya', text.trim(), i * 600);
    }
    for (const l of b.recent(3000 * 600)) expect(l.text.length).toBeLessThanOrEqual(MAX_LINE_CHARS);
    const start = 3000 * 600;
    for (let i = 0; i < 7200 * 3; i++) b.upsert({}, i % 2 ? 'Ana' : 'Maya', `Line ${i}: the class settled quickly.`, start + i * 100);
    expect(b.size).toBeLessThanOrEqual(MAX_LINES);
    expect(b.recent(start + 7200 * 300).length).toBeLessThanOrEqual(MAX_LINES);
  });
});

describe('names in ARIA labels', () => {
  it('takes the name up to the first comma outside parentheses', () => {
    expect(nameInLabel('Ana Rivera (Host, me), video off, audio muted')).toBe('Ana Rivera (Host, me)');
    expect(nameInLabel('Priya Natarajan, In this meeting')).toBe('Priya Natarajan');
  });

  it('recognises the coach’s "(You)" in the table’s languages', () => {
    const you = labelSet({ en: ['You'], es: ['Tú'], fr: ['Vous'], de: ['Sie'], pt: ['Você'], it: ['Tu'] });
    expect(selfSuffix('Ana Rivera (Tu)', you)).toEqual({ name: 'Ana Rivera', self: true });
    expect(selfSuffix('Ana Rivera (Host, you)', you)).toEqual({ name: 'Ana Rivera', self: true });
    expect(selfSuffix('Sam (Guest)', you)).toEqual({ name: 'Sam (Guest)', self: false });
    expect(marksSelf('Ana Rivera (tú) Organizer', you)).toBe(true);
  });
});
