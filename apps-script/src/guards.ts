// What a public global checks before it does anything. On Google, a page the web app serves can call
// every top-level function whose name does not end in "_" through google.script.run ("HTML Service:
// Communicate with Server Functions", "Private functions"), with any plain arguments, and the web app
// runs as the owner for anyone. So no guard trusts an argument: each checks something the caller cannot
// forge — the execution's context, a capability the server keeps, or the script's own trigger record.
import { newToken } from './ids';

/** Thrown when a caller may not run a global; the message says where it can be run from. */
export class NotAllowed extends Error {
  override name = 'NotAllowed';
}

/**
 * Menu items (and the script editor's Run): only with the spreadsheet's UI, i.e. a person at the
 * sheet. Google throws "Cannot call SpreadsheetApp.getUi() from this context." in a web app or a
 * time-driven trigger (the Ui class: "A script can only interact with the UI for the current instance
 * of an open editor, and only if the script is container-bound to the editor").
 */
export function requireSheetUi(what: string): GoogleAppsScript.Base.Ui {
  try {
    return SpreadsheetApp.getUi();
  } catch {
    throw new NotAllowed(`${what} runs only from the FollowThrough menu of the program's sheet.`);
  }
}

// ---- Installable triggers ------------------------------------------------------------------------

const TRIGGERS_PROPERTY = 'installed_triggers';

/** The triggers this script installed: unique id → handler and creator. Kept in script properties. */
export type TriggerRecord = Record<string, { handler: string; owner: string }>;

export function triggerRecord(): TriggerRecord {
  const raw = PropertiesService.getScriptProperties().getProperty(TRIGGERS_PROPERTY);
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as TriggerRecord) : {};
  } catch {
    return {};
  }
}

function storeTriggerRecord(record: TriggerRecord): void {
  PropertiesService.getScriptProperties().setProperty(TRIGGERS_PROPERTY, JSON.stringify(record));
}

/** Creates a trigger with `build` and records it, so its handler can recognise it. */
export function installTrigger(build: () => GoogleAppsScript.Script.Trigger): GoogleAppsScript.Script.Trigger {
  const trigger = build();
  const record = triggerRecord();
  record[trigger.getUniqueId()] = { handler: trigger.getHandlerFunction(), owner: Session.getEffectiveUser().getEmail() };
  storeTriggerRecord(record);
  return trigger;
}

/** Deletes a trigger and forgets it. */
export function removeTrigger(trigger: GoogleAppsScript.Script.Trigger): void {
  const uid = trigger.getUniqueId();
  ScriptApp.deleteTrigger(trigger);
  const record = triggerRecord();
  if (record[uid]) {
    delete record[uid];
    storeTriggerRecord(record);
  }
}

/** Forgets recorded triggers of `owner` that no longer exist (deleted by hand in the editor). */
export function forgetMissingTriggers(owner: string, existing: ReadonlyArray<GoogleAppsScript.Script.Trigger>): void {
  const ids = new Set(existing.map((t) => t.getUniqueId()));
  const record = triggerRecord();
  let changed = false;
  for (const [uid, entry] of Object.entries(record)) {
    if (entry.owner === owner && !ids.has(uid)) {
      delete record[uid];
      changed = true;
    }
  }
  if (changed) storeTriggerRecord(record);
}

/**
 * Installable-trigger handlers: the event's triggerUid ("Event Objects", time-driven events) must be a
 * trigger this script installed for this very handler. Anyone can pass an object with a triggerUid
 * through google.script.run, but not one the script's own record holds.
 */
export function isOwnTrigger(event: unknown, handler: string): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const uid = (event as { triggerUid?: unknown }).triggerUid;
  if (typeof uid !== 'string' && typeof uid !== 'number') return false;
  const entry = triggerRecord()[String(uid)];
  return entry !== undefined && entry.handler === handler;
}

const LAST_TRIGGER_PROPERTY = 'last_trigger_run';

/** What the last trigger run saw (Check deployment): when, which handler, and whether it reached the sheet. */
export function lastTriggerRun(): { handler: string; at: string; spreadsheet: boolean } | null {
  const raw = PropertiesService.getScriptProperties().getProperty(LAST_TRIGGER_PROPERTY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as { handler: string; at: string; spreadsheet: boolean };
  } catch {
    return null;
  }
}

function noteTriggerRun(handler: string): void {
  let reached: boolean;
  try {
    reached = SpreadsheetApp.getActiveSpreadsheet() !== null;
  } catch {
    reached = false;
  }
  PropertiesService.getScriptProperties().setProperty(
    LAST_TRIGGER_PROPERTY,
    JSON.stringify({ handler, at: new Date().toISOString(), spreadsheet: reached }),
  );
}

/** A handler that a trigger or a person at the sheet (menu, editor) may run. */
export function requireTriggerOrSheetUi(event: unknown, handler: string): void {
  if (isOwnTrigger(event, handler)) {
    noteTriggerRun(handler);
    return;
  }
  try {
    SpreadsheetApp.getUi();
  } catch {
    throw new NotAllowed(`${handler} runs only from its trigger or the FollowThrough menu of the program's sheet.`);
  }
}

// ---- Dialog capabilities -------------------------------------------------------------------------

export type DialogName =
  'invite' | 'settings' | 'dashboard' | 'clientSummary' | 'deployment' | 'clientData' | 'handover' | 'retention' | 'report';

/** How long an opened dialog may call the server without being used; each call renews it. */
const CAPABILITY_SECONDS = 30 * 60;
const CAPABILITY = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * Issued when an editor opens a dialog from the menu (a UI context): a random capability for that
 * dialog, kept in the script cache (CacheService: at most 6 hours; here 30 minutes) and put into the
 * dialog's HTML. A page of the web app has no way to learn it.
 */
export function issueCapability(dialog: DialogName): string {
  const token = newToken();
  CacheService.getScriptCache().put(`cap:${token}`, dialog, CAPABILITY_SECONDS);
  return token;
}

/**
 * Checks the capability a dialog call carries: issued for this dialog and not expired. `once` ends it
 * (an invitation: one per opening of the dialog); otherwise its expiry starts again.
 */
export function checkCapability(capability: unknown, dialog: DialogName, once = false): void {
  const expired = new NotAllowed('This dialog has expired or was not opened from the FollowThrough menu: close it and open it again.');
  if (typeof capability !== 'string' || !CAPABILITY.test(capability)) throw expired;
  const cache = CacheService.getScriptCache();
  const key = `cap:${capability}`;
  if (cache.get(key) !== dialog) throw expired;
  if (once) cache.remove(key);
  else cache.put(key, dialog, CAPABILITY_SECONDS);
}
