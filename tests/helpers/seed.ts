// A small program for the leaders' outputs: two coaches and a leader, three clients, a #win session
// that may be shown, and confidential notes carrying a canary that must never reach a leader.
import { seal, testKey } from './envelope';
import { newProgram, type TestProgram } from './runtime';

export const CANARY = 'CANARY-7f3a confidential detail';

/** How a derailed item's reason starts: the client sees it in their own report, a leader never. */
export const REASON = 'Derailed because';

/** A line of a #win session's notes without the tag: it stays with the coach. */
export const PRIVATE_LINE = 'Walkthrough debrief: she doubts the principal backs her';

export type SeededProgram = TestProgram & { leaderToken: string };

export function seedProgram(now: Date): SeededProgram {
  const p = newProgram({ now, log: () => {} });
  const leader = p.invite('Lee Park', 'lee@example.org', 'leader');
  const ben = p.invite('Ben Ortiz', 'ben@example.org');
  const post = (
    token: string,
    captureId: string,
    session: Record<string, unknown>,
    actionItems: unknown[] = [],
    debrief: unknown[] = [],
  ) => {
    const a = p.post({ v: 1, op: 'capture', token, captureId, session, actionItems, debrief });
    if (!a.ok) throw new Error(JSON.stringify(a.error));
    return a;
  };
  const maya = post(
    p.token,
    'm1',
    {
      newClient: { name: 'Maya Thompson', email: 'maya@example.org', organization: 'Lincoln MS' },
      startedAt: '2026-11-10T15:00:00Z',
      notes: `${PRIVATE_LINE}\n#win Transitions work`,
      tags: ['win'],
    },
    [
      { text: 'Try a countdown timer', due: '2026-11-17' },
      { text: 'Film a transition', due: '2026-11-20' },
    ],
  );
  post(
    p.token,
    'm2',
    { clientId: maya.clientId, startedAt: '2026-11-23T15:00:00Z', notes: seal(CANARY, testKey()), confidential: true, tags: ['win'] },
    [],
    [
      { itemId: maya.itemIds[0], status: 'done' },
      { itemId: maya.itemIds[1], status: 'derailed', note: `${REASON} ${CANARY}` },
    ],
  );
  post(
    ben.token,
    'd1',
    {
      newClient: { name: 'Daniel Okafor', email: 'dan@example.org', organization: 'Lincoln MS' },
      startedAt: '2026-11-20T15:00:00Z',
      notes: seal(`Private: ${CANARY}`, testKey()),
      confidential: true,
    },
    [{ text: 'Draft three exit tickets', due: '2026-11-21' }],
  );
  post(ben.token, 'p1', {
    newClient: { name: 'Priya Shah', email: 'priya@example.org', organization: 'Northwind' },
    startedAt: '2026-09-01T15:00:00Z',
    notes: 'Kick-off',
  });
  p.saveSettings({ leader_emails: 'board@example.org, LEE@example.org' });
  return Object.assign(p, { leaderToken: leader.token });
}
