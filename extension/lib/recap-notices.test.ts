import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { enqueue, flush } from './outbox';
import { recapNoticeWords, retryRecap } from './recap-notices';
import { outboxItem, recapNoticesItem } from './storage';
import { captureOk, connection, stubWebApp, type SentRequest } from '../test/helpers';

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

const session = (sendRecap: boolean) => ({ clientId: 'K1', startedAt: '2026-03-12T15:00:00Z', notes: 'n', sendRecap });

describe('recaps not sent', () => {
  it('keeps a notice for a recap the add-on skipped or could not send; none for one sent or not asked for', async () => {
    const outcomes = [
      { status: 'skipped', to: '', detail: 'Maya has no email address in the Clients tab.' },
      { status: 'failed', to: 'maya@bad_domain.org', detail: 'Error: Invalid email: maya@bad_domain.org' },
      { status: 'sent', to: 'lee@example.org' },
    ];
    stubWebApp(
      (r: SentRequest) => ({ ...captureOk(r), recap: outcomes.shift() }),
      (r: SentRequest) => ({ ...captureOk(r), recap: outcomes.shift() }),
      (r: SentRequest) => ({ ...captureOk(r), recap: outcomes.shift() }),
      captureOk,
    );
    await enqueue({ session: session(true) }, 1);
    await enqueue({ session: session(true) }, 2);
    await enqueue({ session: session(true) }, 3);
    await enqueue({ session: session(false) }, 4);
    await flush(connection);
    expect(await outboxItem.getValue()).toEqual([]);
    const notices = await recapNoticesItem.getValue();
    expect(notices.map((n) => [n.status, n.to, n.detail, !!n.request])).toEqual([
      ['skipped', '', 'Maya has no email address in the Clients tab.', false],
      ['failed', 'maya@bad_domain.org', 'Error: Invalid email: maya@bad_domain.org', true],
    ]);
    expect(recapNoticeWords(notices[0]!, 'Maya')).toBe('No recap went to Maya: Maya has no email address in the Clients tab.');
    expect(recapNoticeWords(notices[1]!, 'Maya')).toBe(
      'The recap to Maya (maya@bad_domain.org) could not be sent: Invalid email: maya@bad_domain.org',
    );
  });

  it('asks again with the same captureId (a duplicate for the web app) and clears the notice once sent', async () => {
    const sent = stubWebApp(
      (r: SentRequest) => ({ ...captureOk(r), recap: { status: 'quota', to: 'maya@example.org' } }),
      (r: SentRequest) => ({ ...captureOk(r), duplicate: true, recap: { status: 'sent', to: 'maya@example.org' } }),
    );
    await enqueue({ session: session(true) }, 1);
    await flush(connection);
    const [notice] = await recapNoticesItem.getValue();
    expect(notice).toMatchObject({ status: 'quota', detail: 'The sheet’s email quota for today is spent.' });
    expect(await retryRecap(connection, notice!)).toEqual({ status: 'sent', to: 'maya@example.org' });
    expect(sent.map((s) => [s.body.op, s.body.captureId])).toEqual([
      ['capture', notice!.captureId],
      ['capture', notice!.captureId],
    ]);
    expect(await recapNoticesItem.getValue()).toEqual([]);
  });
});
