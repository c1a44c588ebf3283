import { useState } from 'preact/hooks';
import { GOAL_STATUSES, type GoalStatus } from '../../shared/schema';
import { makeId, type GoalView } from '../lib/engagement';
import { dayOf } from '../lib/format';
import { shortDay } from '../lib/format';
import type { ClientUpdateFields } from '../lib/storage';
import { Field, SelectField } from './Field';

interface Props {
  view: GoalView;
  timeZone: string;
  onStatus: (status: GoalStatus) => void;
  send: (fields: Omit<ClientUpdateFields, 'clientId'>) => void;
}

const STATUS_LABELS: Record<GoalStatus, string> = { open: 'Open', achieved: 'Achieved', maintenance: 'Maintenance', dropped: 'Dropped' };

/** One goal: its status, success measure (baseline → current, current editable), target date, milestones. */
export function GoalRow({ view, timeZone, onStatus, send }: Props) {
  const { goal, milestones } = view;
  const id = (part: string) => `goal-${goal.goal_id}-${part}`;
  const [milestone, setMilestone] = useState('');
  const target = dayOf(goal.target_date, timeZone);
  const status = (GOAL_STATUSES as readonly string[]).includes(String(goal.status)) ? (goal.status as GoalStatus) : 'open';
  return (
    <li class={`goal is-${status}`}>
      {/* A group inside the list item (a list item may not itself be a group): named by the goal. */}
      <div role="group" aria-labelledby={id('title')}>
        <div class="goal-line">
          <p class="goal-title" id={id('title')}>
            {goal.title}
          </p>
          <SelectField
            inline
            labelClass="sr-only"
            id={id('status')}
            label="Goal status"
            options={GOAL_STATUSES}
            words={STATUS_LABELS}
            value={status}
            onValue={onStatus}
          />
        </div>
        {(goal.success_measure || goal.measure_baseline || target) && (
          <p class="hint goal-measure">
            {goal.success_measure && <>Measure: {goal.success_measure}</>}
            {goal.measure_baseline && <> · from {goal.measure_baseline}</>}
            {target && <> · by {shortDay(target)}</>}
          </p>
        )}
        <Field
          class="goal-current"
          id={id('current')}
          label="Now"
          maxLength={500}
          defaultValue={goal.measure_current}
          placeholder="What the measure reads now"
          onChange={(e) => {
            const value = e.currentTarget.value.trim();
            if (value !== String(goal.measure_current ?? '')) send({ goals: [{ goalId: goal.goal_id, measureCurrent: value }] });
          }}
        />
        {milestones.length > 0 && (
          <ul class="milestones" aria-label={`Milestones of ${goal.title}`}>
            {milestones.map((m) => (
              <li key={m.milestone_id} class={`is-${m.status}`}>
                <label>
                  <input
                    type="checkbox"
                    checked={m.status === 'reached'}
                    onChange={(e) =>
                      send({
                        goals: [
                          {
                            goalId: goal.goal_id,
                            milestones: [{ milestoneId: m.milestone_id, status: e.currentTarget.checked ? 'reached' : 'open' }],
                          },
                        ],
                      })
                    }
                  />{' '}
                  {m.title}
                  {dayOf(m.due_date, timeZone) && <span class="hint"> · {dayOf(m.due_date, timeZone)}</span>}
                </label>
              </li>
            ))}
          </ul>
        )}
        <Field
          class="add-milestone"
          labelClass="sr-only"
          id={id('milestone')}
          label={`New milestone of ${goal.title}`}
          maxLength={500}
          placeholder="+ Milestone (Enter)"
          value={milestone}
          onValue={setMilestone}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || !milestone.trim()) return;
            e.preventDefault();
            send({ goals: [{ goalId: goal.goal_id, milestones: [{ milestoneId: makeId('m'), title: milestone.trim() }] }] });
            setMilestone('');
          }}
        />
      </div>
    </li>
  );
}
