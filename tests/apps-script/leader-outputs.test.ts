// Every output a leader reads, checked together (issue 25's test): the Dashboard tab, the dashboard
// dialog's data, the weekly email and the progress report a leader opens from the menu carry a client's
// words only when the client agreed to share them — never an unconsented testimonial nor one withdrawn by a
// later answer — and, of a note, only its #win line: never the rest of the note, never a confidential one.
// A consented testimonial is the control: it does reach the tab, the dialog and the email. And the
// client's own summary (item texts, derailed reasons) is not shown to a leader through the panel's op.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayValue } from '../../local/workbook/display';
import { openDialog } from '../../local/editor';
import { firstTo, mails } from '../helpers/mail';
import { prepAnswer } from '../helpers/rows';
import { CANARY, PRIVATE_LINE, REASON, seedProgram, type SeededProgram } from '../helpers/seed';

const NOW = new Date('2026-11-24T12:00:00Z'); // Tuesday: the weekly email reports 16–22 November
const SHARED = 'Consented: my mornings are calm now';
const UNSHARED = 'UNCONSENTED-4c1e words kept for my coach';
const WITHDRAWN = 'WITHDRAWN-9d2b words I stopped sharing';

let p: SeededProgram;
const outputs: Record<string, string> = {};

beforeAll(async () => {
  p = seedProgram(NOW);
  const clients = p.post({ v: 1, op: 'sync', token: p.leaderToken }).clients as Array<{ client_id: string; name: string }>;
  const id = (name: string) => clients.find((c) => c.name === name)!.client_id;
  // Preparation answers as the form writes them: Daniel shares, Maya does not, Priya shared and then
  // answered again without the box (which withdraws it).
  const answer = (prepId: string, clientId: string, day: string, testimonial: string, consent: boolean) =>
    prepAnswer(prepId, clientId, day, testimonial, consent, { wins: 'A calmer week' });
  p.write('Prep', 2, 1, [
    answer('prep_dan', id('Daniel Okafor'), '2026-11-18', SHARED, true),
    answer('prep_maya', id('Maya Thompson'), '2026-11-19', UNSHARED, false),
    answer('prep_priya1', id('Priya Shah'), '2026-11-17', WITHDRAWN, true),
    answer('prep_priya2', id('Priya Shah'), '2026-11-20', WITHDRAWN, false),
  ]);
  expect(p.rows('Prep')).toHaveLength(4);

  p.rt.call('refreshDashboard');
  const tz = p.rt.data.timeZone;
  outputs['Dashboard tab'] = p.rt.data.sheets
    .find((s) => s.name === 'Dashboard')!
    .cells.map((r) => r.map((c) => displayValue(c ?? null, tz)).join('\t'))
    .join('\n');
  outputs['dashboard dialog'] = JSON.stringify(p.dashboardData({}));
  p.rt.call('sendLeaderSummary');
  const sent = await mails(p.rt);
  const leaderMail = sent.find((m) => firstTo(m) === 'lee@example.org');
  outputs['weekly email'] = `${leaderMail?.subject}\n${leaderMail?.text}\n${leaderMail?.html}`;
  const cap = openDialog(p.rt, 'showProgressReport');
  for (const name of ['Maya Thompson', 'Daniel Okafor']) {
    const r = p.rt.call('progressReport', cap, id(name)) as { subject: string; html: string };
    outputs[`report on ${name}`] = `${r.subject}\n${r.html}`;
  }
}, 60_000);

afterAll(async () => {
  await p?.rt.close();
});

describe('what leaders read', () => {
  it('every output was made', () => {
    expect(Object.keys(outputs)).toEqual([
      'Dashboard tab',
      'dashboard dialog',
      'weekly email',
      'report on Maya Thompson',
      'report on Daniel Okafor',
    ]);
    for (const [name, text] of Object.entries(outputs)) expect(text.length, name).toBeGreaterThan(200);
    expect(outputs['weekly email']).toContain('week of 16–22 November 2026');
  });

  it('quotes a testimonial given with consent in the tab, the dialog and the weekly email', () => {
    for (const name of ['Dashboard tab', 'dashboard dialog', 'weekly email']) expect(outputs[name], name).toContain(SHARED);
  });

  it('never an unconsented or withdrawn testimonial, a note line without #win, a confidential note or a derailed reason', () => {
    const leaks: string[] = [];
    for (const [name, text] of Object.entries(outputs)) {
      for (const secret of [UNSHARED, WITHDRAWN, PRIVATE_LINE, CANARY, 'CANARY', REASON])
        if (text.includes(secret)) leaks.push(`${name}: ${secret}`);
    }
    expect(leaks).toEqual([]);
    // The #win line itself is what a bright spot is made of.
    for (const name of ['Dashboard tab', 'weekly email']) expect(outputs[name], name).toContain('Transitions work');
  });

  it("the panel's client summary is the coach's and admins': a leader who does not coach the client is refused it, in preview too", async () => {
    const clients = p.post({ v: 1, op: 'sync', token: p.leaderToken }).clients as Array<{ client_id: string; name: string }>;
    const maya = clients.find((c) => c.name === 'Maya Thompson')!.client_id;
    const before = p.snapshot();
    for (const preview of [true, false]) {
      const answer = p.post({ v: 1, op: 'clientSummary', token: p.leaderToken, clientId: maya, preview });
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'bad_request', field: 'clientId', message: expect.stringContaining('Maya Thompson is not your client') },
      });
      expect(JSON.stringify(answer)).not.toContain('CANARY');
    }
    expect(p.snapshot()).toBe(before);
    // Her coach previews her own version, derailed reason included; an admin may too.
    expect(p.post({ v: 1, op: 'clientSummary', token: p.token, clientId: maya, preview: true }).html).toContain(REASON);
    const admin = p.invite('Ada Admin', 'ada@example.org', 'admin');
    expect(p.post({ v: 1, op: 'clientSummary', token: admin.token, clientId: maya, preview: true })).toMatchObject({
      ok: true,
      to: 'maya@example.org',
    });
  });
});
