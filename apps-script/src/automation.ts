// "Turn automation on/off": the daily reminder run at the configured hour, in the sheet's time zone.
import { parseSetting, SETTING_KEYS, type SettingKey } from '../../shared/settings';
import { renderClientDigest } from '../../shared/emails';
import type { ClientDigest } from '../../shared/reminders';
import { blankRow } from '../../shared/schema';
import { checkCapability, installTrigger, issueCapability, removeTrigger, requireSheetUi } from './guards';
import { loadSettings, storeSettings } from './settings';
import { spreadsheet } from './sheet';

const AUTOMATED = ['runReminders', 'refreshDashboard', 'sendLeaderSummary'];

function removeTriggers(): void {
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (AUTOMATED.includes(trigger.getHandlerFunction())) removeTrigger(trigger);
  }
}

function installTriggers(): void {
  const ss = spreadsheet();
  const settings = loadSettings(ss);
  const tz = ss.getSpreadsheetTimeZone();
  installTrigger(() => ScriptApp.newTrigger('runReminders').timeBased().everyDays(1).atHour(settings.reminder_hour).inTimezone(tz).create());
  installTrigger(() => ScriptApp.newTrigger('refreshDashboard').timeBased().everyHours(1).create());
  installTrigger(() => ScriptApp.newTrigger('sendLeaderSummary').timeBased().onWeekDay(ScriptApp.WeekDay.MONDAY).atHour(settings.reminder_hour).everyWeeks(1).inTimezone(tz).create());
}

export interface AutomationState {
  on: boolean;
  message: string;
}

function setAutomation(on: boolean): AutomationState {
  const lock = LockService.getScriptLock();
  lock.waitLock(30_000);
  try {
    removeTriggers();
    if (on) installTriggers();
    storeSettings(spreadsheet(), { automation: on ? 'true' : 'false' });
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
  const hour = loadSettings(spreadsheet()).reminder_hour;
  return {
    on,
    message: on
      ? `Automation is on: reminders go out every day at ${hour}:00, the dashboard refreshes hourly, leaders get a summary on Mondays.`
      : 'Automation is off: no reminders or summaries go out until you turn it on.',
  };
}

/** Menu "Turn automation on/off". */
export function toggleAutomation(): AutomationState {
  requireSheetUi('Turn automation on/off');
  const state = setAutomation(!loadSettings(spreadsheet()).automation);
  spreadsheet().toast(state.message, 'FollowThrough');
  return state;
}

// ---- Settings sidebar -------------------------------------------------------------------------

export function showSettings(): void {
  const ui = requireSheetUi('Settings');
  const template = HtmlService.createTemplateFromFile('SettingsSidebar');
  template.capability = issueCapability('settings');
  ui.showSidebar(template.evaluate().setTitle('FollowThrough settings'));
}

/** The sidebar's form values, as text. */
export function getSettingsForm(capability: string): Record<string, string> {
  checkCapability(capability, 'settings');
  const settings = loadSettings(spreadsheet());
  const out: Record<string, string> = {};
  for (const key of SETTING_KEYS) {
    const value = settings[key];
    out[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

export interface SaveResult {
  ok: boolean;
  problems: Record<string, string>;
  message: string;
}

/** Saves the sidebar's values: all or nothing, each bad value named. Reinstalls the triggers if on. */
export function saveSettings(capability: string, values: Record<string, string>): SaveResult {
  checkCapability(capability, 'settings');
  if (typeof values !== 'object' || values === null) values = {};
  const problems: Record<string, string> = {};
  const clean: Partial<Record<SettingKey, string>> = {};
  for (const key of SETTING_KEYS) {
    if (key === 'automation' || !Object.prototype.hasOwnProperty.call(values, key) || values[key] === undefined) continue;
    const parsed = parseSetting(key, String(values[key]));
    if (parsed.ok) clean[key] = parsed.value;
    else problems[key] = parsed.message;
  }
  if (Object.keys(problems).length) return { ok: false, problems, message: 'Nothing was saved: fix the fields marked.' };
  const lock = LockService.getScriptLock();
  lock.waitLock(30_000);
  try {
    storeSettings(spreadsheet(), clean);
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
  if (loadSettings(spreadsheet()).automation) setAutomation(true);
  return { ok: true, problems: {}, message: 'Saved.' };
}

/** The live preview: a sample client email with the typed texts. */
export function previewReminder(capability: string, values: Record<string, string>): { subject: string; html: string } {
  checkCapability(capability, 'settings');
  if (typeof values !== 'object' || values === null) values = {};
  const tz = spreadsheet().getSpreadsheetTimeZone();
  const due = new Date(Date.now() + 2 * 86_400_000);
  const item = blankRow('ActionItems', {
    item_id: 'sample', client_id: 'sample', owner: 'client', text: 'Try a two-minute countdown timer for transitions', due_date: due, status: 'open',
    reminder_count: 0, client_name: 'Maya Thompson',
  });
  const digest: ClientDigest = {
    audience: 'client', to: 'client@example.org', kind: 'due_soon', units: [], overdue: [], nudge: [], mid_cycle: [], prep: null,
    due_soon: [{ ...item }],
    client: blankRow('Clients', {
      client_id: 'sample', name: 'Maya Thompson', email: 'client@example.org', stage: 'active', cadence_days: 14, reminders: true,
    }),
    coach: blankRow('Coaches', { name: 'your coach', role: 'coach', active: true }),
  };
  const intro = String(values.client_intro ?? '');
  const signoff = String(values.client_signoff ?? '');
  const link = '#preview';
  const email = renderClientDigest(digest, { client_intro: intro, client_signoff: signoff }, tz, { done: () => link, help: () => link, prep: () => link, optOut: () => link });
  return { subject: email.subject, html: email.html };
}
