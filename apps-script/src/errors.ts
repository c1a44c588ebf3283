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
