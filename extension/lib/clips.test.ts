import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { blankDraft } from './capture';
import { addClip, applyClips, takeClips } from './clips';

beforeEach(() => fakeBrowser.reset());

const page = { title: 'Article', url: 'https://example.org/a' };

describe('clips', () => {
  it('are taken exactly once', async () => {
    await addClip({ kind: 'note', text: 'one', ...page });
    await addClip({ kind: 'item', text: 'two', ...page });
    const [first, second] = await Promise.all([takeClips(), takeClips()]);
    expect([...first, ...second].map((c) => c.text)).toEqual(['one', 'two']);
    expect(await takeClips()).toEqual([]);
  });

  it('add notes and items to the form and keep the first page as the source', () => {
    const draft = { ...blankDraft(), notes: 'Earlier note' };
    const next = applyClips(draft, [
      { id: '1', at: 1, kind: 'note', text: ' Quote from the article ', ...page },
      { id: '2', at: 2, kind: 'item', text: 'Read  the\nrest', title: 'Other', url: 'https://example.org/b' },
      { id: '3', at: 3, kind: 'page', text: '', title: 'Third', url: 'https://example.org/c' },
    ]);
    expect(next.notes).toBe('Earlier note\nQuote from the article');
    expect(next.items.map((i) => i.text)).toEqual(['Read the rest']);
    expect(next.source).toEqual({ source: 'page', title: 'Article', url: 'https://example.org/a' });
  });

  it('do not name browser pages as the source', () => {
    const next = applyClips(blankDraft(), [{ id: '1', at: 1, kind: 'page', text: '', title: 'New Tab', url: 'chrome://newtab/' }]);
    expect(next.source).toBeNull();
  });
});
