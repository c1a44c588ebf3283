// The client progress report, figure by figure on a small fixture, for the client and for a leader.
import { describe, expect, it } from 'vitest';
import { renderClientSummary, type ClientSummaryInput } from '../../shared/client-summary';
import { blankRow } from '../../shared/schema';
import { nyDay as day, reportClient, reportInput } from '../helpers/client-summary';
import { itemRow } from '../helpers/rows';

const SECRET = 'CANARY-report reason';

function fixture(): ClientSummaryInput {
  const client = reportClient();
  const items = [
    itemRow({ item_id: 'a', text: 'Try the timer', status: 'done', due_date: day('2026-04-10', 0), completed_at: day('2026-04-09') }),
    itemRow({ item_id: 'b', text: 'Film a transition', status: 'done', due_date: day('2026-04-01', 0), completed_at: day('2026-04-03') }),
    itemRow({ item_id: 'c', text: 'Post the routine', status: 'derailed', due_date: day('2026-04-05', 0), status_note: SECRET }),
    itemRow({ item_id: 'd', text: 'Name table captains', status: 'open', due_date: day('2026-04-20', 0) }),
  ];
  const goals = [
    blankRow('Goals', {
      goal_id: 'g1',
      client_id: 'c1',
      title: 'Tighter transitions',
      success_measure: 'Minutes per transition',
      measure_baseline: '7',
      measure_current: '3',
      status: 'open',
      target_date: day('2026-05-01', 0),
    }),
  ];
  const milestones = [
    blankRow('Milestones', {
      milestone_id: 'm1',
      goal_id: 'g1',
      client_id: 'c1',
      title: 'Routine taught',
      status: 'reached',
      reached_at: day('2026-03-20'),
    }),
    blankRow('Milestones', {
      milestone_id: 'm2',
      goal_id: 'g1',
      client_id: 'c1',
      title: 'Students run it',
      status: 'open',
      due_date: day('2026-04-30', 0),
    }),
  ];
  const sessions = [
    blankRow('Sessions', { session_id: 's1', client_id: 'c1', coach_id: 'co1', started_at: day('2026-04-01'), notes: 'private words' }),
    blankRow('Sessions', { session_id: 's2', client_id: 'c1', coach_id: 'co1', started_at: day('2026-04-08'), notes: 'private words' }),
  ];
  const prep = [
    blankRow('Prep', { prep_id: 'p1', client_id: 'c1', submitted_at: day('2026-03-30'), progress_rating: 2, wins: 'Quiet start' }),
    blankRow('Prep', { prep_id: 'p2', client_id: 'c1', submitted_at: day('2026-04-06'), progress_rating: 4, wins: 'Timer works' }),
  ];
  return reportInput({ client, goals, milestones, items, sessions, prep }, ['Timer works', 'Quiet start']);
}

describe('client progress report', () => {
  it('tells the client the engagement, goals with milestones and measure, commitments, ratings, wins and what is next', () => {
    const { subject, text, html } = renderClientSummary(fixture());
    expect(subject).toBe('Your coaching progress with Ana Rivera');
    // Two sessions; "Try the timer" done before its due day, "Film a transition" two days late, one derailed.
    expect(text).toContain('Here is where we are: 2 sessions together; 1 commitment kept on time, 1 late, 1 derailed.');
    expect(text).toContain('Coaching · Package Sun, Feb 1 – Fri, May 1 (16 days left)');
    expect(text).toContain('- Tighter transitions — in progress (target Fri, May 1)');
    expect(text).toContain('  Minutes per transition: 7 → 3');
    expect(text).toContain('  [x] Routine taught (reached Fri, Mar 20)');
    expect(text).toContain('  [ ] Students run it (due Thu, Apr 30)');
    expect(text).toContain('  2026-03-30: 2\n  2026-04-06: 4');
    expect(text).toContain(`- Post the routine — ${SECRET}`);
    expect(text).toContain('Your wins:\n- Timer works\n- Quiet start');
    expect(text).toContain('- Name table captains (due Mon, Apr 20)');
    expect(text).toContain('Next session: Wed, Apr 22');
    expect(`${text}${html}`).not.toContain('private words');
    // Printable, and bars that need no images.
    expect(html).toContain('@page');
    expect(html).toMatch(/bgcolor="#1a73e8"/);
    expect(html).not.toMatch(/<img|<svg|<script/i);
  });

  it('shows a leader counts, goals and milestones, never item texts, reasons, answers or notes', () => {
    const { subject, text, html } = renderClientSummary({ ...fixture(), audience: 'leader' });
    expect(subject).toBe('Coaching progress report: Maya Thompson');
    expect(text).toContain('1 commitment kept on time, 1 late, 1 derailed.');
    expect(text).toContain('Minutes per transition: 7 → 3');
    expect(text).toContain('Open commitments: 1');
    for (const secret of [SECRET, 'Try the timer', 'Name table captains', 'Timer works', 'private words']) {
      expect(`${text}${html}`).not.toContain(secret);
    }
  });
});
