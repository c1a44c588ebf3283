// Invite coach: a Coaches row with the hash of a fresh token, and the connection code to hand over.
import { encodeConnectionCode } from '../../shared/connection';
import { ROLES, type Role } from '../../shared/schema';
import { hashToken, newId, newToken } from './ids';
import { sendLoggedEmail, withScriptLock } from './services';
import { isEmailAddress } from '../../shared/email-address';
import { escapeHtml } from '../../shared/html';
import { showModalDialog } from './dialogs';
import { checkCapability } from './guards';
import { webAppUrl } from './links';
import { loadSettings } from './settings';
import { appendRows, readTable, spreadsheet } from './sheet';

export interface Invitation {
  coachId: string;
  code: string;
  emailed: boolean;
  emailError?: string;
}

function emailInvitation(coachId: string, name: string, email: string, code: string): { emailed: boolean; emailError?: string } {
  const ss = spreadsheet();
  const settings = loadSettings(ss);
  const subject = `Your FollowThrough connection code for ${ss.getName()}`;
  const steps = [
    `Hi ${name},`,
    '',
    `You have been invited to capture coaching sessions for ${ss.getName()} with FollowThrough.`,
    '1. Install the FollowThrough browser extension.',
    '2. Open its settings, paste this connection code and press Connect:',
    '',
    code,
    '',
    'Keep the code to yourself: it lets whoever holds it write to the program’s sheet.',
  ];
  const html = `<p>Hi ${escapeHtml(name)},</p><p>You have been invited to capture coaching sessions for <strong>${escapeHtml(ss.getName())}</strong> with FollowThrough.</p>
<ol><li>Install the FollowThrough browser extension.</li><li>Open its settings, paste this connection code and press Connect:</li></ol>
<p style="font-family:monospace;word-break:break-all;background:#f1f3f4;padding:10px;border-radius:4px">${escapeHtml(code)}</p>
<p>Keep the code to yourself: it lets whoever holds it write to the program’s sheet.</p>`;
  const result = sendLoggedEmail(
    { kind: 'invite', to: email, subject, text: steps.join('\n'), html, name: settings.sender_name, dedupeKey: `invite:${coachId}` },
    ss,
  );
  if (result.status === 'sent') return { emailed: true };
  return {
    emailed: false,
    emailError: result.status === 'quota' ? 'The daily email quota is spent; copy the code from this dialog instead.' : result.detail,
  };
}

/**
 * The invite dialog's call: adds a coach with a fresh token (stored only as its hash) and returns the
 * connection code; with `sendEmail`, also emails it to them. Needs the dialog's capability, used once.
 */
export function inviteCoach(
  capability: string,
  name: string,
  email: string,
  role: string = 'coach',
  sendEmail: boolean = false,
): Invitation {
  checkCapability(capability, 'invite', true);
  const cleanName = String(name ?? '').trim();
  const cleanEmail = String(email ?? '').trim();
  if (!cleanName) throw new Error('A coach needs a name.');
  if (!isEmailAddress(cleanEmail)) throw new Error(`Not an email address: ${cleanEmail}`);
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new Error(`Role must be one of ${ROLES.join(', ')}.`);
  const url = webAppUrl();
  const token = newToken();
  return withScriptLock(() => {
    const coaches = readTable(spreadsheet(), 'Coaches');
    const coachId = newId('coa');
    appendRows(coaches, [
      {
        coach_id: coachId,
        name: cleanName,
        email: cleanEmail,
        role: role as Role,
        token_hash: hashToken(token),
        active: true,
        created_at: new Date(),
      },
    ]);
    const code = encodeConnectionCode({ url, token });
    // The Coaches row is flushed with the email's pending row, before the email leaves.
    const mailed = sendEmail === true ? emailInvitation(coachId, cleanName, cleanEmail, code) : { emailed: false };
    return { coachId, code, ...mailed };
  });
}

/** Menu "Invite coach…": a dialog that asks for the coach and shows the code once. */
export function showInviteDialog(): void {
  showModalDialog('invite', 'InviteDialog', 'Invite coach', 'Invite coach', [460, 430]);
}
