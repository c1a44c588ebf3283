import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { callSitesItem, callsItem } from '../../lib/storage';
import { meetReport } from '../../test/helpers';
import { cleanReport, storeReport, tabClosed, tabNavigated } from './reports';

beforeEach(() => fakeBrowser.reset());

const report = meetReport({ participants: [{ name: 'Maya Thompson' }, { name: '' }], captions: true });

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

  it('ends a live call when its tab loads another page, not when the call page changes its query', async () => {
    await storeReport(report, { tab: { id: 5 } as never });
    await tabNavigated(5, 'https://meet.google.com/abc-defg-hij?authuser=1');
    expect((await callsItem.getValue())[5]?.phase).toBe('live');
    await tabNavigated(5, 'https://meet.google.com/landing');
    expect((await callsItem.getValue())[5]).toMatchObject({ phase: 'ended', captions: false });
    await storeReport(report, { tab: { id: 6 } as never });
    await tabNavigated(6, undefined); // a reload, or a page of another site (no URL without its permission)
    expect((await callsItem.getValue())[6]?.phase).toBe('ended');
  });

  it('refuses what is not a call report, and caps what the page sends', async () => {
    expect(cleanReport({ ...report, source: 'skype' })).toBeNull();
    expect(cleanReport({ ...report, title: 'x'.repeat(900) })?.title.length).toBe(500);
    // A reason code is `<site>.<anchor>`; anything else from the page is dropped.
    expect(cleanReport({ ...report, phase: 'unavailable', reason: 'zoom.frame' })?.reason).toBe('zoom.frame');
    expect(cleanReport({ ...report, phase: 'unavailable', reason: '<img src=x>' })?.reason).toBe('');
    expect(cleanReport({ ...report, roster: 'everything' })?.roster).toBe('none');
    expect(cleanReport({ ...report, participants: [{ name: 'Ana', self: true }] })?.participants).toEqual([{ name: 'Ana', self: true }]);
    await expect(storeReport(report, {})).rejects.toThrow('Not a call report');
  });
});
