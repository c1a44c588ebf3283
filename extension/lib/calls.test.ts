import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { cleanReport, storeReport, tabClosed } from './calls';
import { callSitesItem, callsItem } from './storage';

beforeEach(() => fakeBrowser.reset());

const report = {
  source: 'meet', phase: 'live', title: 'Weekly', code: 'abc-defg-hij', url: 'https://meet.google.com/abc-defg-hij',
  participants: [{ name: 'Maya Thompson' }, { name: '' }], startedAt: '2026-03-12T15:00:00.000Z', endedAt: '', captions: true,
};

describe('calls in the background', () => {
  it('keeps a tab’s report in session storage and says whether captions may be kept', async () => {
    expect(await storeReport(report, { tab: { id: 4 } as never })).toEqual({ captions: false });
    await callSitesItem.setValue({ meet: { on: true, captions: true } });
    expect(await storeReport(report, { tab: { id: 4 } as never })).toEqual({ captions: true });
    const calls = await callsItem.getValue();
    expect(calls[4]).toMatchObject({ tabId: 4, phase: 'live', participants: [{ name: 'Maya Thompson' }] });
    await tabClosed(4);
    expect((await callsItem.getValue())[4]).toMatchObject({ phase: 'ended', captions: false });
  });

  it('refuses what is not a call report, and caps what the page sends', async () => {
    expect(cleanReport({ ...report, source: 'skype' })).toBeNull();
    expect(cleanReport({ ...report, title: 'x'.repeat(900) })?.title.length).toBe(500);
    await expect(storeReport(report, {})).rejects.toThrow('Not a call report');
  });
});
