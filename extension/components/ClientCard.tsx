import { useState } from 'preact/hooks';
import { STAGES, type GoalStatus, type Stage } from '../../shared/schema';
import { changeClient } from '../lib/client-change';
import { daysLeftWords, makeId, STAGE_LABELS, type Engagement } from '../lib/engagement';
import { dayOf, shortDay } from '../lib/format';
import type { ClientUpdateFields, OutboxEntry } from '../lib/storage';
import { Field, Fields, type FieldRow } from './Field';
import { GoalRow } from './GoalRow';

interface NewGoal {
  title: string;
  measure: string;
  baseline: string;
  target: string;
}
/** A new goal's fields: title and measure a line each, then baseline and target date side by side. */
const NEW_GOAL_LINES: readonly FieldRow<keyof NewGoal>[] = [
  { field: 'title', id: 'title', label: 'Goal', maxLength: 500 },
  { field: 'measure', id: 'measure', label: 'Success measure', maxLength: 2000 },
];
const NEW_GOAL_PAIR: readonly FieldRow<keyof NewGoal>[] = [
  { field: 'baseline', id: 'baseline', label: 'Baseline', maxLength: 500 },
  { field: 'target', id: 'target', label: 'Target date', type: 'date' },
];
const PACKAGE_DATES: readonly FieldRow<'start' | 'end'>[] = [
  { field: 'start', id: 'start', label: 'Package start' },
  { field: 'end', id: 'end', label: 'Package end' },
];

interface Props {
  engagement: Engagement;
  timeZone: string;
  /** The coach making the changes: they are sent only while this coach is connected. */
  owner: OutboxEntry['owner'];
}

/** The card's one line: stage · package · next session. */
export function cardSummary(e: Engagement): string {
  const parts: string[] = [e.stage ? STAGE_LABELS[e.stage] : 'No stage'];
  if (e.pkg?.daysLeft !== null && e.pkg?.daysLeft !== undefined) parts.push(`package ${daysLeftWords(e.pkg.daysLeft)}`);
  if (e.nextSession) parts.push(`next ${shortDay(e.nextSession)}`);
  const open = e.goals.filter((g) => g.goal.status === 'open').length;
  if (open) parts.push(`${open} open ${open === 1 ? 'goal' : 'goals'}`);
  return parts.join(' · ');
}

/**
 * The client's engagement, compact and folded to one line: the stage as a stepper (one click moves
 * it, with an optional note), the package with days left, cadence and next session, and the goals
 * with their measure and milestones, each markable. Every change goes through the outbox.
 */
export function ClientCard({ engagement: e, timeZone, owner }: Props) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [pkgEdit, setPkgEdit] = useState<{ start: string; end: string } | null>(null);
  const [newGoal, setNewGoal] = useState<NewGoal | null>(null);
  const clientId = e.client.client_id;
  const send = (fields: Omit<ClientUpdateFields, 'clientId'>) => void changeClient({ clientId, ...fields }, owner);

  const move = (stage: Stage) => {
    if (stage === e.stage) return;
    send({ client: { stage, ...(note.trim() ? { stageNote: note.trim() } : {}) } });
    setNote('');
  };
  const markGoal = (goalId: string, status: GoalStatus) => send({ goals: [{ goalId, status }] });
  const goalFields = (goal: NewGoal, rows: readonly FieldRow<keyof NewGoal>[]) => (
    <Fields
      class="field compact"
      idPrefix="goal-"
      rows={rows}
      values={goal}
      onChange={(field, value) => setNewGoal({ ...goal, [field]: value })}
    />
  );

  return (
    <section class="client-card" aria-labelledby="client-card-title">
      <div class="card-head">
        <h2 id="client-card-title">Engagement</h2>
        <button type="button" class="link" aria-expanded={open} aria-controls="client-card-body" onClick={() => setOpen(!open)}>
          {open ? 'Fold' : 'Show'}
        </button>
      </div>
      <p class="hint card-summary">{cardSummary(e)}</p>
      <div id="client-card-body" hidden={!open}>
        <ol class="stepper" aria-label="Stage">
          {STAGES.map((stage) => (
            <li key={stage}>
              <button
                type="button"
                class={`step${stage === e.stage ? ' is-current' : ''}`}
                aria-current={stage === e.stage ? 'step' : undefined}
                title={stage === e.stage ? `Stage: ${STAGE_LABELS[stage]}` : `Move to ${STAGE_LABELS[stage]}`}
                onClick={() => move(stage)}
              >
                {STAGE_LABELS[stage]}
              </button>
            </li>
          ))}
        </ol>
        <Field
          class="field compact"
          id="stage-note"
          label="Note for the next move (optional)"
          maxLength={1000}
          value={note}
          placeholder="Why the stage changes"
          onValue={setNote}
        />

        <div class="card-line">
          <span class="card-label">Package</span>
          {pkgEdit ? (
            <span class="pkg-edit">
              <Fields
                inline
                labelClass="sr-only"
                type="date"
                idPrefix="pkg-"
                rows={PACKAGE_DATES}
                values={pkgEdit}
                onChange={(field, day) => setPkgEdit({ ...pkgEdit, [field]: day })}
              />
              <button
                type="button"
                class="secondary"
                disabled={!pkgEdit.start || (!!pkgEdit.end && pkgEdit.end < pkgEdit.start)}
                onClick={() => {
                  send({ client: { packageStart: pkgEdit.start, ...(pkgEdit.end ? { packageEnd: pkgEdit.end } : {}) } });
                  setPkgEdit(null);
                }}
              >
                Set dates
              </button>
              <button type="button" class="quiet" onClick={() => setPkgEdit(null)}>
                Cancel
              </button>
            </span>
          ) : (
            <span>
              {e.pkg ? (
                <>
                  {e.pkg.start ? shortDay(e.pkg.start) : '?'} – {e.pkg.end ? shortDay(e.pkg.end) : 'open-ended'}
                  {e.pkg.daysLeft !== null && (
                    <strong class={`days-left${e.renewalDue ? ' is-due' : ''}`}> · {daysLeftWords(e.pkg.daysLeft)}</strong>
                  )}
                </>
              ) : (
                <span class="hint">No package</span>
              )}{' '}
              <button type="button" class="link" onClick={() => setPkgEdit({ start: e.pkg?.start ?? '', end: e.pkg?.end ?? '' })}>
                {e.pkg ? 'Change' : 'Start one'}
              </button>
            </span>
          )}
        </div>

        <div class="card-line cadence">
          {/* Uncontrolled (keyed by the stored value): a re-render from another change never resets what is being typed. */}
          <Field
            inline
            labelClass="card-label"
            id="cadence"
            label="Every"
            key={`cadence-${e.cadenceDays ?? ''}`}
            type="number"
            min={1}
            max={365}
            defaultValue={String(e.cadenceDays ?? '')}
            aria-describedby="cadence-unit"
            onChange={(ev) => {
              const days = Number(ev.currentTarget.value);
              if (Number.isInteger(days) && days >= 1 && days <= 365 && days !== e.cadenceDays) send({ client: { cadenceDays: days } });
            }}
          />
          <span id="cadence-unit">days · next</span>
          <Field
            inline
            labelClass="sr-only"
            id="card-next"
            label="Client’s next session"
            key={`next-${e.nextSession}`}
            type="date"
            defaultValue={e.nextSession}
            onChange={(ev) => {
              const day = ev.currentTarget.value;
              if (day && day !== e.nextSession) send({ client: { nextSessionAt: day } });
            }}
          />
        </div>

        <h3 class="goals-title">Goals</h3>
        {e.goals.length === 0 && <p class="hint">No goals yet.</p>}
        <ul class="goal-list">
          {e.goals.map((g) => (
            <GoalRow key={g.goal.goal_id} view={g} timeZone={timeZone} onStatus={(s) => markGoal(g.goal.goal_id, s)} send={send} />
          ))}
        </ul>
        {newGoal ? (
          <fieldset class="new-goal">
            <legend>New goal</legend>
            {goalFields(newGoal, NEW_GOAL_LINES)}
            <div class="two">{goalFields(newGoal, NEW_GOAL_PAIR)}</div>
            <div class="row">
              <button
                type="button"
                class="secondary"
                disabled={!newGoal.title.trim()}
                onClick={() => {
                  send({
                    goals: [
                      {
                        goalId: makeId('g'),
                        title: newGoal.title.trim(),
                        ...(newGoal.measure.trim() ? { successMeasure: newGoal.measure.trim() } : {}),
                        ...(newGoal.baseline.trim()
                          ? { measureBaseline: newGoal.baseline.trim(), measureCurrent: newGoal.baseline.trim() }
                          : {}),
                        ...(newGoal.target ? { targetDate: newGoal.target } : {}),
                      },
                    ],
                  });
                  setNewGoal(null);
                }}
              >
                Add goal
              </button>
              <button type="button" class="quiet" onClick={() => setNewGoal(null)}>
                Cancel
              </button>
            </div>
          </fieldset>
        ) : (
          <button type="button" class="link" onClick={() => setNewGoal({ title: '', measure: '', baseline: '', target: '' })}>
            + Goal
          </button>
        )}
        <p class="hint">
          {dayOf(e.client.stage_changed_at, timeZone) ? `Stage since ${shortDay(dayOf(e.client.stage_changed_at, timeZone))}.` : ''}
        </p>
      </div>
    </section>
  );
}
