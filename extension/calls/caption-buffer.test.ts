import { describe, expect, it } from 'vitest';
import { CAPTION_WINDOW_MS, CaptionBuffer } from './caption-buffer';
import { nameInLabel } from './report';

describe('caption buffer', () => {
  it('updates a block in place as its speaker talks, and forgets lines older than two minutes', () => {
    const b = new CaptionBuffer();
    const first = {};
    const second = {};
    b.upsert(first, 'Maya', 'I tried', 0);
    b.upsert(first, 'Maya', 'I tried the timer', 1000);
    b.upsert(second, 'Ana', 'How did it go?', 2000);
    expect(b.recent(3000).map((l) => `${l.speaker}: ${l.text}`)).toEqual(['Maya: I tried the timer', 'Ana: How did it go?']);
    expect(b.recent(1000 + CAPTION_WINDOW_MS + 1).map((l) => l.text)).toEqual(['How did it go?']);
    b.clear();
    expect(b.recent(0)).toEqual([]);
  });
});

describe('names in ARIA labels', () => {
  it('takes the name up to the first comma outside parentheses', () => {
    expect(nameInLabel('Ana Rivera (Host, me), video off, audio muted')).toBe('Ana Rivera (Host, me)');
    expect(nameInLabel('Priya Natarajan, In this meeting')).toBe('Priya Natarajan');
  });
});
