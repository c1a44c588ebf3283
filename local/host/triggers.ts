// ScriptApp's installable time-driven triggers, host side: kept durably in the workbook's store,
// at most 20 per script as in Apps Script, and fired by `serve` when due (see Runtime.startTriggers).
import { randomUUID } from 'node:crypto';
import { midnightIn, zoneOffsetMinutes } from '../../shared/dates';
import type { WorkbookStore } from '../store/store';
import { GasError } from './sheets/data';

export const MAX_TRIGGERS = 20;
export const WEEK_DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

/** What a ClockTriggerBuilder collected. */
export interface ClockSpec {
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
  everyWeeks?: number;
  atHour?: number;
  nearMinute?: number;
  onWeekDay?: (typeof WEEK_DAYS)[number];
  at?: number;
  after?: number;
  timeZone?: string;
}

export interface TriggerRecord {
  uid: string;
  handler: string;
  /** The user who created it: the only one who sees it, and as whom it runs. */
  owner: string;
  spec: ClockSpec;
  timeZone: string;
  /** Epoch ms of the next firing; null once a one-shot trigger has fired. */
  nextRunAt: number | null;
}

const MINUTES = [1, 5, 10, 15, 30];
const HOURS = [1, 2, 4, 6, 8, 12];
const DAY_MS = 86_400_000;

/** The local calendar day and time of `ms` in `timeZone`. */
function localParts(ms: number, timeZone: string): { y: number; m: number; d: number; weekDay: number } {
  const local = new Date(ms + zoneOffsetMinutes(ms, timeZone) * 60_000);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate(), weekDay: local.getUTCDay() };
}

/** The instant of hour:minute on the local day that contains `ms`, shifted by `days`. */
function atLocal(ms: number, days: number, hour: number, minute: number, timeZone: string): number {
  const { y, m, d } = localParts(ms, timeZone);
  const day = new Date(Date.UTC(y, m - 1, d + days));
  return midnightIn(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), timeZone).getTime() + (hour * 60 + minute) * 60_000;
}

/** Validates a spec as ClockTriggerBuilder.create() does, with Apps Script's messages. */
export function checkSpec(spec: ClockSpec): void {
  if (spec.everyMinutes !== undefined && !MINUTES.includes(spec.everyMinutes)) {
    throw new GasError('The value you passed to everyMinutes must be 1, 5, 10, 15 or 30.');
  }
  if (spec.everyHours !== undefined && !HOURS.includes(spec.everyHours)) {
    throw new GasError('The value you passed to everyHours must be 1, 2, 4, 6, 8 or 12.');
  }
  if (spec.atHour !== undefined && (!Number.isInteger(spec.atHour) || spec.atHour < 0 || spec.atHour > 23)) {
    throw new GasError('The hour must be between 0 and 23.');
  }
  const kinds = [spec.everyMinutes, spec.everyHours, spec.everyDays, spec.everyWeeks, spec.at, spec.after].filter((v) => v !== undefined);
  if (kinds.length !== 1)
    throw new GasError('Trigger needs exactly one recurrence: everyMinutes, everyHours, everyDays, everyWeeks, at or after.');
  if ((spec.atHour !== undefined || spec.onWeekDay !== undefined) && spec.everyDays === undefined && spec.everyWeeks === undefined) {
    throw new GasError('atHour and onWeekDay need everyDays or everyWeeks.');
  }
}

/** The next firing strictly after `after` (ms), or null when a one-shot trigger has none. */
export function nextRun(record: Pick<TriggerRecord, 'spec' | 'timeZone'>, after: number, created: boolean): number | null {
  const { spec, timeZone } = record;
  if (spec.at !== undefined) return created ? spec.at : null;
  if (spec.after !== undefined) return created ? after + spec.after : null;
  if (spec.everyMinutes !== undefined) return after + spec.everyMinutes * 60_000;
  if (spec.everyHours !== undefined) {
    if (spec.nearMinute === undefined) return after + spec.everyHours * 3_600_000;
    const hourStart = after - (after % 3_600_000);
    let next = hourStart + spec.nearMinute * 60_000;
    while (next <= after) next += spec.everyHours * 3_600_000;
    return next;
  }
  const hour = spec.atHour ?? 0;
  const minute = spec.nearMinute ?? 0;
  const period = spec.everyWeeks !== undefined ? 7 * spec.everyWeeks : (spec.everyDays ?? 1);
  // After a firing, the next one is a whole period later on the local calendar, at the same time.
  if (!created) return atLocal(after, period, hour, minute, timeZone);
  const weekDay = spec.everyWeeks !== undefined ? WEEK_DAYS.indexOf(spec.onWeekDay ?? 'MONDAY') : null;
  for (let days = 0; days <= 7; days++) {
    const candidate = atLocal(after, days, hour, minute, timeZone);
    if (candidate > after && (weekDay === null || localParts(candidate, timeZone).weekDay === weekDay)) return candidate;
  }
  return after + period * DAY_MS;
}

export class TriggerHost {
  constructor(
    private readonly store: WorkbookStore,
    private readonly now: () => number,
    private readonly scriptTimeZone: string,
    /** Whose a trigger stored before triggers had owners is: the sheet's owner. */
    private readonly defaultOwner: string,
  ) {}

  /** Every trigger of the script, or only those `owner` created. */
  list(owner?: string): TriggerRecord[] {
    const all = (Object.values(this.store.data.triggers ?? {}) as TriggerRecord[]).map((t) =>
      t.owner ? t : { ...t, owner: this.defaultOwner },
    );
    return owner === undefined ? all : all.filter((t) => t.owner === owner);
  }

  /** Quotas page: "Triggers: 20 / user / script". */
  create(handler: string, spec: ClockSpec, owner: string): TriggerRecord {
    checkSpec(spec);
    if (this.list(owner).length >= MAX_TRIGGERS) {
      throw new GasError('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
    }
    const draft = {
      uid: randomUUID().replace(/-/g, '').slice(0, 20),
      handler,
      owner,
      spec,
      timeZone: spec.timeZone ?? this.scriptTimeZone,
    };
    const record: TriggerRecord = { ...draft, nextRunAt: nextRun(draft, this.now(), true) };
    this.store.apply({ t: 'trigger', uid: record.uid, value: record });
    return record;
  }

  /** A user can delete only a trigger they can see: their own. */
  delete(uid: string, owner?: string): void {
    const record = this.list().find((t) => t.uid === uid);
    if (record && (owner === undefined || record.owner === owner)) this.store.apply({ t: 'trigger', uid, value: null });
  }

  /**
   * The triggers due now, each already moved to its next firing (or deleted, if one-shot) so that a
   * crash during its execution does not fire it twice — Apps Script runs a trigger at most once.
   */
  takeDue(): TriggerRecord[] {
    const now = this.now();
    const due = this.list().filter((t) => t.nextRunAt !== null && t.nextRunAt <= now);
    for (const t of due) {
      const next = nextRun(t, now, false);
      if (next === null) this.store.apply({ t: 'trigger', uid: t.uid, value: null });
      else this.store.apply({ t: 'trigger', uid: t.uid, value: { ...t, nextRunAt: next } });
    }
    return due;
  }
}

/** The event object a time-driven trigger passes to its function. */
export function clockEvent(record: TriggerRecord, at: number): Record<string, unknown> {
  const local = new Date(at + zoneOffsetMinutes(at, record.timeZone) * 60_000);
  return {
    authMode: 'FULL',
    triggerUid: record.uid,
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    'day-of-month': local.getUTCDate(),
    'day-of-week': local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
    'week-of-year': Math.ceil(((local.getTime() - Date.UTC(local.getUTCFullYear(), 0, 1)) / DAY_MS + 1) / 7),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    timezone: record.timeZone,
  };
}
