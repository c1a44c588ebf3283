// Calls the web app (PRODUCT.md, "Web app API"): a text/plain POST (no CORS preflight) holding JSON.
// Apps Script answers 302 to an echo URL; fetch follows it as a GET. The answer is always JSON.
import type * as v from 'valibot';
import type { ApiError, Failure, Op, REQUEST_SCHEMAS, Response } from '../../shared/api';
import type { Connection } from '../../shared/connection';
import { checkRequest, type ServerInfo } from './server';

/** The fields of a request to `op`, without those callWebApp adds (v, op, token). */
export type RequestFields<K extends Op> = Omit<v.InferInput<(typeof REQUEST_SCHEMAS)[K]>, 'v' | 'op' | 'token'>;

/** The web app could not be reached or did not answer with the API's JSON — unlike an API error, worth retrying. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: 'network' | 'timeout' | 'http' | 'not_json',
    message: string,
  ) {
    super(message);
  }
}

export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError;
}

/** How long to wait for an answer; Apps Script can take several seconds on a cold start. */
export const REQUEST_TIMEOUT_MS = 45_000;

function isApiAnswer(json: unknown): json is { ok: boolean } {
  return typeof json === 'object' && json !== null && typeof (json as { ok?: unknown }).ok === 'boolean';
}

function isFailure(json: { ok: boolean }): json is Failure {
  const error = (json as { error?: Partial<ApiError> }).error;
  return json.ok === false && typeof error?.code === 'string' && typeof error.message === 'string';
}

/** The web app's address for a message: origin and path (no query, which could carry more than needed). */
export function addressOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}

/**
 * Sends one request. Resolves to the API's answer (ok or an API error); throws TransportError otherwise.
 * With what the script understands known (`connection.server`), a request holding an op or field the
 * script lacks is not sent: OutdatedScriptError.
 */
export async function callWebApp<K extends Op>(
  connection: Connection & { server?: ServerInfo },
  op: K,
  fields: RequestFields<K>,
): Promise<Response<K>> {
  checkRequest(connection.server, op, fields);
  let answer: globalThis.Response;
  try {
    answer = await fetch(connection.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=utf-8' },
      body: JSON.stringify({ v: 1, op, token: connection.token, ...fields }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new TransportError(
        'timeout',
        `The web app at ${addressOf(connection.url)} did not answer in time — check your internet connection and that address.`,
      );
    }
    throw new TransportError(
      'network',
      `Could not reach the web app at ${addressOf(connection.url)} — check your internet connection and that address.`,
    );
  }
  if (!answer.ok) {
    throw new TransportError(
      'http',
      `The web app at ${addressOf(connection.url)} answered HTTP ${answer.status} — check the web app address.`,
    );
  }
  let text: string;
  try {
    text = await answer.text();
  } catch {
    throw new TransportError(
      'network',
      `The connection to the web app at ${addressOf(connection.url)} broke off — check your internet connection.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TransportError('not_json', 'The web app did not answer with JSON — check that it is deployed with access for "Anyone".');
  }
  if (!isApiAnswer(json) || (json.ok === false && !isFailure(json))) {
    throw new TransportError('not_json', 'The web app answered something that is not a FollowThrough answer.');
  }
  return json as Response<K>;
}
