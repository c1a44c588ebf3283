import type { ApiError, ErrorCode } from '../../shared/api';

/** An error that answers the request with its code; anything else thrown answers `internal`. */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toApiError(): ApiError {
    return this.field ? { code: this.code, message: this.message, field: this.field } : { code: this.code, message: this.message };
  }
}

export function badRequest(field: string, message: string): RequestError {
  return new RequestError('bad_request', `${field}: ${message}`, field);
}

/** A dialog call's error, as the dialog shows it: google.script.run hands the failure handler only the message. */
export function plainError<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    // Error's `cause` option is ES2022, past the ES2019 Apps Script's V8 is documented to have (clasp's README).
    // eslint-disable-next-line preserve-caught-error
    if (err instanceof RequestError) throw new Error(err.message);
    throw err;
  }
}
