import { afterEach, describe, expect, it, vi } from 'vitest';
import { callWebApp, isTransportError, TransportError } from './api';
import { connection, stubWebApp } from '../test/helpers';

afterEach(() => vi.unstubAllGlobals());

describe('callWebApp', () => {
  it('posts the request as text/plain JSON with version, op and token, and returns the answer', async () => {
    const hello = {
      ok: true,
      coach: { coach_id: 'C1', name: 'Ada', role: 'coach' },
      sheet: { name: 'P', timeZone: 'UTC' },
      server: { version: '1' },
    };
    const sent = stubWebApp(hello);
    const answer = await callWebApp(connection, 'hello', {});
    expect(answer).toEqual(hello);
    expect(sent[0]!.init).toMatchObject({ method: 'POST', headers: { 'content-type': 'text/plain;charset=utf-8' } });
    expect(sent[0]!.init.redirect).toBeUndefined();
    expect(sent[0]!.body).toEqual({ v: 1, op: 'hello', token: 'secret-token' });
  });

  it('returns API errors as answers', async () => {
    stubWebApp({ ok: false, error: { code: 'unauthorized', message: 'Unknown token.' } });
    const answer = await callWebApp(connection, 'sync', {});
    expect(answer).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Unknown token.' } });
  });

  it('throws a TransportError when the web app cannot be reached', async () => {
    stubWebApp(new Error('offline'));
    const error = await callWebApp(connection, 'sync', {}).catch((e: unknown) => e);
    expect(isTransportError(error)).toBe(true);
    expect((error as TransportError).kind).toBe('network');
  });

  it('names the address it tried when the web app is unreachable, silent or cut off (issue 20)', async () => {
    const tried = `${new URL(connection.url).origin}${new URL(connection.url).pathname}`;
    stubWebApp(new Error('offline'));
    await expect(callWebApp(connection, 'sync', {})).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringContaining(`at ${tried} `),
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new DOMException('The operation timed out.', 'TimeoutError');
      }),
    );
    await expect(callWebApp(connection, 'sync', {})).rejects.toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining(`at ${tried} `),
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(new ReadableStream({ start: (c) => c.error(new Error('reset')) }), { status: 200 })),
    );
    await expect(callWebApp(connection, 'sync', {})).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringContaining(`at ${tried} `),
    });
  });

  it('throws a TransportError for an answer that is not JSON or not an API answer', async () => {
    stubWebApp('<!doctype html><title>Sign in</title>', { hello: 'world' });
    await expect(callWebApp(connection, 'sync', {})).rejects.toMatchObject({ name: 'TransportError', kind: 'not_json' });
    await expect(callWebApp(connection, 'sync', {})).rejects.toBeInstanceOf(TransportError);
  });

  it('throws a TransportError for an HTTP error status', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('Not found', { status: 404 })),
    );
    await expect(callWebApp(connection, 'sync', {})).rejects.toMatchObject({ kind: 'http' });
  });
});
