import { describe, expect, it } from 'vitest';
import { blankWireRow, type WireRow } from '../../shared/schema';
import { withCapture } from './cache-update';
import { dayOf } from './format';
import type { SyncCache } from './storage';

function item(id: string, fields: Partial<WireRow<'ActionItems'>> = {}): WireRow<'ActionItems'> {
  return blankWireRow('ActionItems', { item_id: id, client_id: 'K1', text: id, owner: 'client', status: 'open', ...fields });
}

const cache = {
  clients: [],
  goals: [],
  openItems: [item('I1'), item('I2'), item('I3'), item('J1', { client_id: 'K2' })],
  latestPrep: [],
  fetchedAt: 0,
} as unknown as SyncCache;
const now = new Date('2026-03-12T15:00:00Z');

describe('withCapture', () => {
  it('keeps a new item due on the day the coach chose, in the sheet’s time zone west of UTC too', () => {
    const next = withCapture(
      cache,
      {
        session: { clientId: 'K1', startedAt: now.toISOString() },
        actionItems: [{ text: 'Post the routine', owner: 'client', due: '2026-03-20' }],
      },
      { clientId: 'K1', itemIds: ['N1'] },
      now,
    );
    const added = next.openItems.find((i) => i.item_id === 'N1')!;
    // Until the next sync brings the sheet's own midnight, the panel reads this day (a UTC midnight read
    // in New York was the day before).
    expect(dayOf(added.due_date, 'America/New_York')).toBe('2026-03-20');
    expect(dayOf(added.due_date, 'Asia/Tokyo')).toBe('2026-03-20');
  });

  it('closes debriefed items at once, marks in-progress ones, and leaves other clients alone', () => {
    const next = withCapture(
      cache,
      {
        session: { clientId: 'K1', startedAt: now.toISOString() },
        actionItems: [],
        debrief: [
          { itemId: 'I1', status: 'done' },
          { itemId: 'I2', status: 'in_progress', note: 'Half way' },
          { itemId: 'I3', status: 'derailed' },
        ],
      },
      undefined,
      now,
    );
    expect(next.openItems.map((i) => [i.item_id, i.status, i.status_note])).toEqual([
      ['I2', 'in_progress', 'Half way'],
      ['J1', 'open', ''],
    ]);
  });

  it('adds the new items and a new client with the ids of the answer, once', () => {
    const request = {
      session: { newClient: { name: 'Jordan Blake', email: 'jordan@example.org' }, startedAt: now.toISOString() },
      actionItems: [{ text: 'Send the plan', owner: 'coach' as const, due: '2026-03-19' }, { text: 'Read chapter 3' }],
    };
    const answer = { clientId: 'K9', itemIds: ['N1', 'N2'] };
    const next = withCapture(withCapture(cache, request, answer, now), request, answer, now);
    expect(next.clients.map((c) => [c.client_id, c.name, c.email])).toEqual([['K9', 'Jordan Blake', 'jordan@example.org']]);
    const added = next.openItems.filter((i) => i.client_id === 'K9');
    expect(added.map((i) => [i.item_id, i.text, i.owner, i.status, i.due_date.slice(0, 10)])).toEqual([
      ['N1', 'Send the plan', 'coach', 'open', '2026-03-19'],
      ['N2', 'Read chapter 3', 'client', 'open', ''],
    ]);
  });
});
