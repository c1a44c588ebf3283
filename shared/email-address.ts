// Email addresses: the one rule for what FollowThrough accepts as an address (a client's or coach's
// email cell, a leader in the Settings, an invitation) and when two cells name the same recipient.
//
// Deliberately simple (one '@', a dot in the domain, no whitespace, none of the characters that
// structure an address list or header — , ; : < > ( ) [ ] \ "): the real judge is MailApp, which
// refuses an invalid recipient with "Invalid email" at send time — that refusal is logged as a failed
// email, never lost. Commas matter most: MailApp reads a comma-separated `to` as several recipients,
// so "a@x.org,b@y.org" in one cell would mail two people. Before this module there were three rules:
// the invitation accepted such a cell while reminders and the client summary refused it, and the
// capture API used valibot's own email check.
//
// Not this rule: the local runtime's imitations of Google (MailApp's address parsing in
// local/host/mail.ts, the sheet's TEXT_IS_VALID_EMAIL data validation in local/host/sheets.ts) follow
// Google's behaviour, not ours.

const ADDRESS = /^[^\s@,;:<>()[\]\\"]+@[^\s@,;:<>()[\]\\"]+\.[^\s@,;:<>()[\]\\"]+$/;

/** Whether `text` (exactly, no surrounding whitespace) is one email address. */
export function isEmailAddress(text: string): boolean {
  return ADDRESS.test(text);
}

/** The address in a cell or a typed field, trimmed; null when it holds no valid address. */
export function emailAddressOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return isEmailAddress(trimmed) ? trimmed : null;
}

/** The key under which addresses are the same recipient: trimmed and lower-cased. */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}

/** Addresses of a typed list ("a@x.org, b@y.org; c@z.org"), split on whitespace, commas and semicolons. */
export function splitAddressList(text: string): string[] {
  return String(text)
    .split(/[\s,;]+/)
    .filter(Boolean);
}
