// "Turn automation on/off": the daily reminder run at the configured hour, in the sheet's time zone.
import { parseSetting, SETTING_KEYS, type SettingKey } from '../../shared/settings';
import { renderClientDigest } from '../../shared/emails';
import type { ClientDigest } from '../../shared/reminders';
import { blankRow } from '../../shared/schema';
import { dialogPage } from './dialogs';
import { checkCapability, installTrigger, removeTrigger, requireSheetUi } from './guards';
import { loadSettings, storeSettings } from './settings';
import { withScriptLock } from './services';
import { spreadsheet } from './sheet';

const AUTOMATED = ['runReminders', 'refreshDashboard', 'sendLeaderSummary', 'applyRetention'];

const OWNER_PROPERTY = 'automation_owner';

/**
 * Who turned automation on. Installable triggers belong to the user who made them — another editor's
 * getProjectTriggers() does not see them and cannot delete them (ScriptApp reference; Installable
 * Triggers guide, "Restrictions") — so the owner is kept in script properties, and only they can turn
 * it off or move its hour. Empty while automation is off.
 */
export function automationOwner(): string {
  return PropertiesService.getScriptProperties().getProperty(OWNER_PROPERTY) ?? '';
}

/** Removes the caller's own automation triggers (the only ones they can see). */
function removeOwnTriggers(): void {
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (AUTOMATED.includes(trigger.getHandlerFunction())) removeTrigger(trigger);
  }
}

function installTriggers(): void {
  const ss = spreadsheet();
  const settings = loadSettings(ss);
  const tz = ss.getSpreadsheetTimeZone();
  installTrigger(() =>
    ScriptApp.newTrigger('runReminders').timeBased().everyDays(1).atHour(settings.reminder_hour).inTimezone(tz).create(),
  );
  installTrigger(() => ScriptApp.newTrigger('refreshDashboard').timeBased().everyHours(1).create());
  // Retention runs daily at the reminder hour too; with retention_years 0 it only reads the Settings tab.
  installTrigger(() =>
    ScriptApp.newTrigger('applyRetention').timeBased().everyDays(1).atHour(settings.reminder_hour).inTimezone(tz).create(),
  );
  installTrigger(() =>
    ScriptApp.newTrigger('sendLeaderSummary')
      .timeBased()
      .onWeekDay(ScriptApp.WeekDay.MONDAY)
      .atHour(settings.reminder_hour)
      .everyWeeks(1)
      .inTimezone(tz)
      .create(),
  );
}

export interface AutomationState {
  on: boolean;
  /** Who owns the triggers (empty when off). */
  owner: string;
  /** False when the caller was not allowed to change it: nothing changed. */
  changed: boolean;
  message: string;
}

function describe(on: boolean, owner: string): string {
  const hour = loadSettings(spreadsheet()).reminder_hour;
  return on
    ? `Automation is on (owned by ${owner}): reminders go out every day at ${hour}:00 (and records past the retention setting are deleted), the dashboard refreshes hourly, leaders get a summary on Mondays.`
    : 'Automation is off: no reminders or summaries go out until you turn it on.';
}

/** Turns automation on or off as the caller; another editor than its owner changes nothing and is told why. */
function setAutomation(on: boolean): AutomationState {
  const me = Session.getEffectiveUser().getEmail();
  const refused = withScriptLock((): AutomationState | null => {
    const owner = automationOwner();
    if (owner && owner !== me) {
      return {
        on: true,
        owner,
        changed: false,
        message: `Automation was turned on by ${owner}. Its triggers belong to them, so only ${owner} can turn it off or change its hour; nothing was changed.`,
      };
    }
    // Never two sets: the caller's own automation triggers go before any are installed.
    removeOwnTriggers();
    const props = PropertiesService.getScriptProperties();
    if (on) {
      installTriggers();
      props.setProperty(OWNER_PROPERTY, me);
    } else {
      props.deleteProperty(OWNER_PROPERTY);
    }
    storeSettings(spreadsheet(), { automation: on ? 'true' : 'false' });
    return null;
  });
  if (refused) return refused;
  return { on, owner: on ? me : '', changed: true, message: describe(on, me) };
}

/** Menu "Turn automation on/off". */
export function toggleAutomation(): AutomationState {
  requireSheetUi('Turn automation on/off');
  const state = setAutomation(!automationOwner());
  spreadsheet().toast(state.message, 'FollowThrough');
  return state;
}

// ---- Settings sidebar -------------------------------------------------------------------------

export function showSettings(): void {
  const ui = requireSheetUi('Settings');
  ui.showSidebar(dialogPage('SettingsSidebar', 'settings').setTitle('FollowThrough settings'));
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
  withScriptLock(() => storeSettings(spreadsheet(), clean));
  const owner = automationOwner();
  if (owner) {
    // The triggers carry the reminder hour: only their owner can move them.
    const moved = setAutomation(true);
    if (!moved.changed)
      return {
        ok: true,
        problems: {},
        message: `Saved. The reminder hour takes effect when ${owner}, who turned automation on, saves the settings again.`,
      };
  }
  return { ok: true, problems: {}, message: 'Saved.' };
}

/** The live preview: a sample client email with the typed texts. */
export function previewReminder(capability: string, values: Record<string, string>): { subject: string; html: string } {
  checkCapability(capability, 'settings');
  if (typeof values !== 'object' || values === null) values = {};
  const tz = spreadsheet().getSpreadsheetTimeZone();
  const due = new Date(Date.now() + 2 * 86_400_000);
  const item = blankRow('ActionItems', {
    item_id: 'sample',
    client_id: 'sample',
    owner: 'client',
    text: 'Try a two-minute countdown timer for transitions',
    due_date: due,
    status: 'open',
    reminder_count: 0,
    client_name: 'Maya Thompson',
  });
  const digest: ClientDigest = {
    audience: 'client',
    to: 'client@example.org',
    kind: 'due_soon',
    units: [],
    overdue: [],
    due_today: [],
    nudge: [],
    mid_cycle: [],
    prep: null,
    sharedWords: null,
    more: 0,
    due_soon: [{ ...item }],
    client: blankRow('Clients', {
      client_id: 'sample',
      name: 'Maya Thompson',
      email: 'client@example.org',
      stage: 'active',
      cadence_days: 14,
      reminders: true,
    }),
    coach: blankRow('Coaches', { name: 'your coach', role: 'coach', active: true }),
  };
  const intro = String(values.client_intro ?? '');
  const signoff = String(values.client_signoff ?? '');
  const link = '#preview';
  const email = renderClientDigest(digest, { client_intro: intro, client_signoff: signoff }, tz, {
    done: () => link,
    help: () => link,
    prep: () => link,
    optOut: () => link,
    withdraw: () => link,
  });
  return { subject: email.subject, html: email.html };
}
