// Words for the coach when a call to the web app fails.
import type { ApiError } from '../../shared/api';
import { isTransportError } from './api';

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
