// Retry delays for captures that could not be delivered: 30 s, 1 min, 2 min, 4 min … capped at 30 min.
// 30 s is also the shortest alarm Chrome allows.

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 30 * 60_000;

/** The wait before the next attempt, after `attempts` failed attempts (1 or more). */
export function backoffMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(exponent, 20));
}
