import { extractDue } from '../../shared/quick-dates';
import { describe, expect, it } from 'vitest';
import { buildCapture, blankDraft } from '../lib/capture';
import type { TabCall } from '../lib/storage';
import { meetReport } from '../test/helpers';
import { callId, draftCall, mayFill, othersOnCall, panelCall, participantAlias, proposedClient, withCall } from './draft';

const clients = [
  { client_id: 'c1', name: 'Maya Thompson', email: 'maya@example.org', aliases: '' },
  { client_id: 'c2', name: 'Daniel Okafor', email: '', aliases: '' },
];

/** The Meet call of tab 7, as the background keeps it. */
function call(fields: Partial<TabCall> = {}): TabCall {
  return { ...meetReport(), tabId: 7, updatedAt: 1, ...fields };
}

describe('call draft', () => {
  it('prefers the active tab’s call, else the one in progress', () => {
    const calls = { 7: call(), 8: call({ tabId: 8, phase: 'ended', updatedAt: 5 }) };
    expect(panelCall(calls, 8)?.tabId).toBe(8);
    expect(panelCall(calls, 99)?.tabId).toBe(7);
    expect(panelCall({}, 1)).toBeNull();
  });

  it('proposes the client from participants other than the coach, and fills the session fields', () => {
    const c = call();
    const link = draftCall(c, clients, 'Ana Rivera');
    expect(link).toMatchObject({ proposedClientId: 'c1', participant: 'Maya Thompson', reason: '“Maya Thompson” is on the call' });
    expect(link.others).toEqual([{ name: 'Maya Thompson', clientId: 'c1' }]);
    const draft = blankDraft(new Date('2026-03-12T15:05:00Z'));
    expect(proposedClient(draft, link)).toBe('c1');
    const filled = withCall({ ...draft, clientId: 'c1' }, c, link);
    expect(filled.source).toEqual({ source: 'meet', title: 'Weekly', url: 'https://meet.google.com/abc-defg-hij' });
    expect(filled.startedAt).toBe(c.startedAt);
    expect(proposedClient(filled, link)).toBeNull();
    const ended = withCall(filled, call({ phase: 'ended', endedAt: '2026-03-12T15:40:00.000Z' }), link);
    expect(ended.endedAt).toBe('2026-03-12T15:40:00.000Z');
    const check = buildCapture(ended, extractDue);
    expect(check.ok && check.fields.session).toMatchObject({
      clientId: 'c1',
      source: 'meet',
      sourceTitle: 'Weekly',
      endedAt: '2026-03-12T15:40:00.000Z',
    });
    expect(check.ok && check.fields.session.participantAlias).toBeUndefined();
  });

  it('leaves out the participant the page marks as the coach, whatever their name there', () => {
    // Meet in Italian: the coach's row is "Ana R. (Tu)", read as { name: 'Ana R.', self: true }.
    const c = call({ participants: [{ name: 'Ana R.', self: true }, { name: 'Maya Thompson' }] });
    expect(othersOnCall(c, 'Ana Rivera').map((p) => p.name)).toEqual(['Maya Thompson']);
    expect(draftCall(c, clients, 'Ana Rivera').proposedClientId).toBe('c1');
  });

  it('keeps a participant as an alias when the coach picks a client the call did not propose', () => {
    const c = call({ participants: [{ name: 'Ana Rivera' }, { name: 'Mo (Guest)' }] });
    const link = draftCall(c, clients, 'Ana Rivera');
    expect(link.proposedClientId).toBe('');
    const draft = withCall({ ...blankDraft(), clientId: 'c2' }, c, link);
    expect(participantAlias(draft)).toBe('Mo (Guest)');
    const check = buildCapture(draft, extractDue);
    expect(check.ok && check.fields.session.participantAlias).toBe('Mo (Guest)');
    // A group call where the chosen client is on the call by name: no alias.
    const group = call({ participants: [{ name: 'Maya Thompson' }, { name: 'Daniel Okafor' }] });
    expect(participantAlias(withCall({ ...blankDraft(), clientId: 'c2' }, group, draftCall(group, clients, 'Ana Rivera')))).toBeUndefined();
  });

  it('does not refill a form from a saved call or another call’s draft', () => {
    const c = call();
    const link = draftCall(c, clients, 'Ana Rivera');
    expect(mayFill(blankDraft(), { ...c, saved: true })).toBe(false);
    expect(mayFill(withCall(blankDraft(), c, link), c)).toBe(true);
    expect(mayFill(withCall(blankDraft(), c, link), call({ startedAt: '2026-03-13T15:00:00.000Z' }))).toBe(false);
    expect(callId(c)).toBe('7@2026-03-12T15:00:00.000Z');
  });
});
