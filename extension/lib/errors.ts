// Words for the coach when a call to the web app fails.
import type { ApiError } from '../../shared/api';
import { isTransportError } from './api';
import type { CaptureFields } from './storage';

/** A sentence for an API error, pointing at what the coach can do about it. */
export function describeApiError(error: ApiError): string {
  switch (error.code) {
    case 'unauthorized':
      return 'The web app did not accept your connection — it may have been revoked. Ask your program admin for a new connection code.';
    case 'busy':
      return 'The sheet is busy right now. Try again in a moment.';
    default:
      return error.message;
  }
}

/** A sentence for anything callWebApp threw. */
export function describeThrown(error: unknown): string {
  if (isTransportError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** What a field of a capture request is, in the panel's words. */
function fieldWords(field: string, request: CaptureFields | undefined): string {
  const item = /^actionItems\.(\d+)\.(\w+)$/.exec(field);
  if (item) {
    const n = Number(item[1]);
    const text = request?.actionItems?.[n]?.text;
    const which = text ? `of “${text.length > 40 ? `${text.slice(0, 40)}…` : text}”` : `of action item ${n + 1}`;
    return (
      { due: `The due date ${which}`, text: `The text ${which}`, owner: `The owner ${which}`, goalId: `The goal ${which}` }[item[2]!] ??
      `Action item ${n + 1}`
    );
  }
  if (/^debrief\.\d+/.test(field)) return 'An item of the debrief';
  const words: Record<string, string> = {
    'session.newClient.email': 'The new client’s email',
    'session.newClient.name': 'The new client’s name',
    'session.newClient.organization': 'The new client’s organization',
    'session.clientId': 'The client',
    'session.startedAt': 'The session’s start',
    'session.endedAt': 'The session’s end',
    'session.nextSessionAt': 'The next session date',
    'session.notes': 'The notes',
    'session.tags': 'The tags',
    'session.sourceUrl': 'The page address',
    'session.sourceTitle': 'The page title',
  };
  return words[field] ?? `The field “${field}”`;
}

/**
 * Why the sheet refused a capture, in plain words: "The new client’s email “maya@” is not an email
 * address." instead of "session.newClient.email: Not an email address.".
 */
export function describeRefusal(
  error: ApiError | { code: 'transport' | 'outdated'; message: string } | undefined,
  request?: CaptureFields,
): string {
  if (!error) return 'The sheet did not accept this capture.';
  if (error.code === 'transport' || error.code === 'outdated') return error.message;
  if (error.code !== 'bad_request' || !('field' in error) || !error.field) return describeApiError(error as ApiError);
  if (error.field === 'session.clientId')
    return 'This client is no longer among your clients in the sheet (handed to another coach or removed). Edit to choose the client again.';
  const prefix = `${error.field}: `;
  const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const value = error.field === 'session.newClient.email' ? request?.session.newClient?.email : undefined;
  const what = `${fieldWords(error.field, request)}${value ? ` “${value}”` : ''}`;
  const lower = reason.charAt(0).toLowerCase() + reason.slice(1);
  if (/^not\b/i.test(reason)) return `${what} is ${lower}`;
  if (/^required/i.test(reason)) return `${what} is missing.`;
  if (/^at most/i.test(reason)) return `${what} is too long (${lower.replace(/\.$/, '')}).`;
  if (/^use an iso/i.test(reason)) return `${what} is not a date.`;
  return `${what} was not accepted: ${lower}`;
}

/** Why the sheet refused a correction of a saved session (editSession), in plain words. */
export function describeEditRefusal(error: ApiError | { code: 'transport' | 'outdated'; message: string } | undefined): string {
  if (!error) return 'The sheet did not accept this correction.';
  if (error.code === 'transport' || error.code === 'outdated') return error.message;
  if (error.code !== 'bad_request' || !('field' in error) || !error.field) return describeApiError(error as ApiError);
  const prefix = `${error.field}: `;
  const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  if (error.field === 'sessionId') return `${reason} Open the client's history to see the session as it is now.`;
  const item = /^items\.(\d+)\.(\w+)$/.exec(error.field);
  const words: Record<string, string> = {
    'session.notes': 'The notes',
    'session.startedAt': 'The session’s start',
    'session.endedAt': 'The session’s end',
    'session.nextSessionAt': 'The next session date',
    'session.tags': 'The tags',
    'session.kind': 'The kind of session',
  };
  const what = item
    ? `The ${{ text: 'text', due: 'due date', owner: 'owner', status: 'status', itemId: 'item' }[item[2]!] ?? 'field'} of action item ${Number(item[1]) + 1}`
    : (words[error.field] ?? `The field “${error.field}”`);
  return `${what} ${what === 'The notes' || what === 'The tags' ? 'were' : 'was'} not accepted: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}
