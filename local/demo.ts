// The demo program `npm start` seeds on first run: a coach, a leader and three clients with a first
// session each — written through the bundle's own web app (doPost), as the extension would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeConnectionCode } from '../shared/connection';
import type { CaptureInput } from '../shared/api';
import type { Runtime } from './runtime';

export const DEMO_FILE = 'demo.json';

export interface DemoInfo {
  coachCode: string;
  leaderCode: string;
}

interface Invitation {
  coachId: string;
  code: string;
}

function post(runtime: Runtime, body: object): { ok: boolean; error?: { message: string } } {
  const contents = JSON.stringify(body);
  const output = runtime.call('doPost', { postData: { contents, length: contents.length, type: 'text/plain', name: 'postData' }, parameter: {}, parameters: {} }) as {
    content: string;
  };
  return JSON.parse(output.content) as { ok: boolean; error?: { message: string } };
}

function dayOffset(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export function seedDemo(runtime: Runtime, dataDir: string, now = new Date()): DemoInfo {
  runtime.call('setupSheet');
  const coach = runtime.call('inviteCoach', 'Ana Rivera', 'ana.rivera@example.org', 'coach') as Invitation;
  const leader = runtime.call('inviteCoach', 'Lee Park', 'lee.park@example.org', 'leader') as Invitation;
  const decoded = decodeConnectionCode(coach.code);
  if (!decoded.ok) throw new Error(decoded.message);
  const token = decoded.connection.token;
  const lastWeek = new Date(now.getTime() - 7 * 86_400_000);
  const first: Array<Pick<CaptureInput['session'], 'newClient' | 'notes' | 'tags'> & { items: CaptureInput['actionItems'] }> = [
    {
      newClient: { name: 'Maya Thompson', email: 'maya.thompson@example.org', organization: 'Lincoln Middle School' },
      notes: 'Walkthrough debrief: transitions between stations take 6–8 minutes. Maya wants tighter routines.',
      tags: ['classroom-management'],
      items: [
        { text: 'Try a 2-minute countdown timer for station transitions', owner: 'client', due: dayOffset(now, 3) },
        { text: 'Share the transitions video clip with Maya', owner: 'coach', due: dayOffset(now, 1) },
      ],
    },
    {
      newClient: { name: 'Daniel Okafor', email: 'daniel.okafor@example.org', organization: 'Lincoln Middle School' },
      notes: 'Planning conversation on exit tickets for the fractions unit.',
      tags: ['assessment'],
      items: [{ text: 'Draft three exit tickets for the fractions unit', owner: 'client', due: dayOffset(now, 5) }],
    },
    {
      newClient: { name: 'Priya Shah', email: 'priya.shah@example.org', organization: 'Northwind Logistics' },
      notes: 'First leadership session: delegation and weekly one-on-ones.',
      tags: ['leadership', 'win'],
      items: [{ text: 'Hold a first one-on-one with each direct report', owner: 'client', due: dayOffset(now, 10) }],
    },
  ];
  first.forEach((c, i) => {
    const answer = post(runtime, {
      v: 1, op: 'capture', token, captureId: `demo-seed-${i + 1}`,
      session: {
        newClient: c.newClient, kind: 'coaching', startedAt: lastWeek.toISOString(),
        endedAt: new Date(lastWeek.getTime() + 45 * 60_000).toISOString(), source: 'manual', notes: c.notes, tags: c.tags,
        nextSessionAt: dayOffset(now, 7),
      },
      actionItems: c.items,
    });
    if (!answer.ok) throw new Error(`Seeding the demo failed: ${answer.error?.message}`);
  });
  runtime.call('refreshDashboard');
  const info: DemoInfo = { coachCode: coach.code, leaderCode: leader.code };
  writeFileSync(join(dataDir, DEMO_FILE), JSON.stringify(info, null, 2));
  return info;
}
