// Invite coach: a Coaches row with the hash of a fresh token, and the connection code to hand over.
import { encodeConnectionCode } from '../../shared/connection';
import { ROLES, type Role } from '../../shared/schema';
import { hashToken, newId, newToken } from './ids';
import { appendRows, readTable, spreadsheet } from './sheet';

export interface Invitation {
  coachId: string;
  code: string;
}

/** The web app's URL; Apps Script knows it once the script is deployed as a web app. */
function webAppUrl(): string {
  const url = ScriptApp.getService().getUrl();
  if (!url) throw new Error('Deploy the script as a web app first (Deploy › New deployment › Web app), then invite.');
  return url;
}

export function inviteCoach(name: string, email: string, role: string = 'coach'): Invitation {
  const cleanName = String(name ?? '').trim();
  const cleanEmail = String(email ?? '').trim();
  if (!cleanName) throw new Error('A coach needs a name.');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cleanEmail)) throw new Error(`Not an email address: ${cleanEmail}`);
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`Role must be one of ${ROLES.join(', ')}.`);
  const url = webAppUrl();
  const token = newToken();
  const lock = LockService.getScriptLock();
  lock.waitLock(30_000);
  try {
    const coaches = readTable(spreadsheet(), 'Coaches');
    const coachId = newId('coa');
    appendRows(coaches, [{
      coach_id: coachId, name: cleanName, email: cleanEmail, role: role as Role,
      token_hash: hashToken(token), active: true, created_at: new Date(),
    }]);
    SpreadsheetApp.flush();
    return { coachId, code: encodeConnectionCode({ url, token }) };
  } finally {
    lock.releaseLock();
  }
}

/** Menu "Invite coach…": a dialog that asks for the coach and shows the code once. */
export function showInviteDialog(): void {
  const html = HtmlService.createHtmlOutputFromFile('InviteDialog').setWidth(460).setHeight(430);
  SpreadsheetApp.getUi().showModalDialog(html, 'Invite coach');
}
