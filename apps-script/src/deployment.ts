// Menu "Check deployment…": what a program admin needs to know works, said in plain words — the
// permissions granted, the web app's /exec address, the spreadsheet seen from a trigger and from the web
// app (the dialog's own browser fetches `?page=health`, so no extra scope is needed), the sheet's time
// zone, and addresses MailApp refused. The same checks run on Google and in the local runtime.
import { showModalDialog } from './dialogs';
import { checkCapability, lastTriggerRun } from './guards';
import { execUrlOf, knownWebAppUrl, storeWebAppUrl } from './links';
import { readTable, spreadsheet } from './sheet';
import { VERSION } from './version';

/** The manifest's oauthScopes (apps-script/appsscript.json), put in by the build. */
declare const __FT_SCOPES__: string[];

export interface Check {
  name: string;
  ok: boolean;
  message: string;
}

export interface DeploymentReport {
  checks: Check[];
  /** Where the dialog's browser checks the web app itself (`?page=health`), when the address is known. */
  healthUrl: string | null;
  version: string;
}

/** getAuthorizationInfo(authMode, oAuthScopes): the status for just those scopes (granular consent). */
type AuthorizationInfoFor = (authMode: GoogleAppsScript.Script.AuthMode, scopes: string[]) => GoogleAppsScript.Script.AuthorizationInfo;

/**
 * Which of the manifest's scopes the user has not granted. ScriptApp.getAuthorizationInfo(authMode,
 * oAuthScopes) answers REQUIRED for a scope not granted (requireScopes would instead end the execution
 * with an authorization prompt, so it is not used for a report).
 */
function scopesCheck(): Check {
  const app = ScriptApp as unknown as { getAuthorizationInfo: AuthorizationInfoFor };
  const missing = __FT_SCOPES__.filter(
    (scope) =>
      app.getAuthorizationInfo(ScriptApp.AuthMode.FULL, [scope]).getAuthorizationStatus() === ScriptApp.AuthorizationStatus.REQUIRED,
  );
  if (!missing.length)
    return { name: 'Permissions', ok: true, message: `All ${__FT_SCOPES__.length} permissions the add-on asks for are granted.` };
  const info = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL);
  const url = info.getAuthorizationUrl();
  return {
    name: 'Permissions',
    ok: false,
    message: `Not granted: ${missing.join(', ')}. Run FollowThrough › Set up sheet and accept the permissions${url ? ` (or open ${url})` : ''}; until then the add-on cannot do what needs them.`,
  };
}

function urlCheck(): Check {
  const known = knownWebAppUrl();
  if (known) return { name: 'Web app address', ok: true, message: `Connection codes and links use ${known}.` };
  const here = ScriptApp.getService().getUrl();
  const dev = typeof here === 'string' && /\/dev$/.test(here);
  return {
    name: 'Web app address',
    ok: false,
    message: dev
      ? `Only the test address ${here} is known, which only the script's editors can open: codes and links are refused until the /exec address is known. Run npm run deploy (it opens /exec once), or paste the /exec address below.`
      : 'The web app is not deployed, or its /exec address is not known yet: codes and links are refused. Run npm run deploy, or paste the /exec address below.',
  };
}

function triggerCheck(): Check {
  const last = lastTriggerRun();
  if (!last)
    return {
      name: 'Triggers',
      ok: true,
      message: 'No trigger has run yet; once automation is on, this shows whether a trigger reached the spreadsheet.',
    };
  return last.spreadsheet
    ? { name: 'Triggers', ok: true, message: `${last.handler} last ran from its trigger at ${last.at} and reached the spreadsheet.` }
    : {
        name: 'Triggers',
        ok: false,
        message: `${last.handler} ran from its trigger at ${last.at} but could not reach the spreadsheet: the script must be bound to the program's sheet.`,
      };
}

function timeZoneCheck(timeZone: string): Check {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(new Date());
    return { name: 'Time zone', ok: true, message: `Dates are read and written in ${timeZone}.` };
  } catch {
    return { name: 'Time zone', ok: false, message: `The sheet's time zone ${timeZone} is unknown here: set it in File › Settings.` };
  }
}

const REFUSED_DAYS = 30;

function refusedAddressesCheck(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Check {
  const since = Date.now() - REFUSED_DAYS * 86_400_000;
  const refused = new Map<string, string>();
  for (const row of readTable(ss, 'EmailLog').rows) {
    if (row.status !== 'failed' || !(row.sent_at instanceof Date) || row.sent_at.getTime() < since) continue;
    if (/quota/i.test(row.detail)) continue; // the day's quota, not the address
    refused.set(String(row.to), row.detail);
  }
  if (!refused.size) return { name: 'Email addresses', ok: true, message: `MailApp refused no address in the last ${REFUSED_DAYS} days.` };
  return {
    name: 'Email addresses',
    ok: false,
    message: `MailApp refused ${[...refused].map(([to, why]) => `${to}${why ? ` (${why})` : ''}`).join('; ')}. Correct them in the Clients or Coaches tab.`,
  };
}

/** Menu "Check deployment…". */
export function showCheckDeployment(): void {
  showModalDialog('deployment', 'CheckDeploymentDialog', 'Check deployment', 'Check deployment', [560, 520]);
}

/** The dialog's checks (needs its capability). */
export function deploymentReport(capability: string): DeploymentReport {
  checkCapability(capability, 'deployment');
  const ss = spreadsheet();
  const known = knownWebAppUrl();
  return {
    checks: [scopesCheck(), urlCheck(), triggerCheck(), timeZoneCheck(ss.getSpreadsheetTimeZone()), refusedAddressesCheck(ss)],
    healthUrl: known ? `${known}?page=health` : null,
    version: VERSION,
  };
}

/** The dialog's "Use this address": an admin gives the /exec URL once (validated). */
export function setWebAppAddress(capability: string, url: string): DeploymentReport {
  checkCapability(capability, 'deployment');
  if (!execUrlOf(url))
    throw new Error(
      'That is not a web app /exec address. Copy it from Deploy › Manage deployments: https://script.google.com/macros/s/…/exec',
    );
  storeWebAppUrl(url);
  return deploymentReport(capability);
}

/** `?page=health` of the web app, fetched by the dialog's browser: the web app answers and reaches the sheet. */
export function health(): { ok: boolean; spreadsheet: boolean; version: string } {
  let reached: boolean;
  try {
    reached = SpreadsheetApp.getActiveSpreadsheet() !== null;
  } catch {
    reached = false;
  }
  return { ok: true, spreadsheet: reached, version: VERSION };
}
