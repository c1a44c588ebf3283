// The sheet host against other websites and busy clients: CORS only on the web app (/exec and its
// echo), the Host header checked (DNS rebinding), same-origin only, no framing, `too_large` for a big
// body, and a capture that still goes through while 1,100 idle connections are open.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebAppServer } from '../../local/web/server';
import { newProgram, postJson, type TestProgram } from '../helpers/runtime';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host, Origin and Sec-Fetch-* are exactly what a browser or an attacker sends. */
function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('sheet host security', () => {
  let p: TestProgram;
  let server: WebAppServer;
  let port = 0;
  beforeEach(async () => {
    p = newProgram();
    server = new WebAppServer(p.rt, { port: 0, secret: 'test-secret', log: () => {} });
    await server.listen();
    port = server.port;
  });
  afterEach(() => server.close());

  const own = () => ({ host: `127.0.0.1:${port}` });
  /** The coach's capture of a session with a new client, posted to a served web app. */
  const capture = (url: string, captureId: string, name: string, notes?: string) =>
    postJson(url, { v: 1, op: 'capture', token: p.token, captureId, session: { newClient: { name }, startedAt: '2026-11-20', notes } });

  it('sends no CORS header on the sheet host: another website reads nothing', async () => {
    const page = await raw(port, 'GET', '/?tab=Coaches', own());
    expect(page.status).toBe(200);
    expect(page.body).toContain('token_hash');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    // A cross-origin fetch (the browser sends Origin and Sec-Fetch-Site) is refused outright.
    for (const headers of [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }] as Array<
      Record<string, string>
    >) {
      const answer = await raw(port, 'GET', '/?tab=Sessions', { ...own(), ...headers });
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.body).not.toContain('notes');
    }
    // The web app keeps Apps Script's CORS header.
    const exec = await raw(
      port,
      'POST',
      '/exec',
      { ...own(), 'content-type': 'text/plain', origin: 'https://meet.google.com' },
      JSON.stringify({ v: 1, op: 'hello', token: p.token }),
    );
    expect(exec.status).toBe(302);
    expect(exec.headers['access-control-allow-origin']).toBe('*');
    const echo = await raw(port, 'GET', new URL(String(exec.headers.location)).pathname + new URL(String(exec.headers.location)).search, {
      ...own(),
      origin: 'https://meet.google.com',
    });
    expect(echo.headers['access-control-allow-origin']).toBe('*');
    expect(JSON.parse(echo.body).ok).toBe(true);
  });

  it('refuses a forged Host (DNS rebinding) and answers under both of its names', async () => {
    const rebound = await raw(port, 'GET', '/?tab=Clients', { host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain(`http://localhost:${port}/`);
    expect((await raw(port, 'GET', '/', { host: `127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await raw(port, 'GET', '/', { host: `localhost:${port}` })).status).toBe(200);
  });

  it('runs a menu item posted from the page under localhost as under 127.0.0.1, and refuses other origins', async () => {
    const form = 'fn=setupSheet&tab=Clients';
    const post = (host: string, origin: string) =>
      raw(
        port,
        'POST',
        '/__host/menu',
        { host, origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
        form,
      );
    // Before: 403 under localhost.
    expect((await post(`localhost:${port}`, `http://localhost:${port}`)).status).toBe(303);
    expect((await post(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).status).toBe(303);
    expect((await post(`127.0.0.1:${port}`, `http://localhost:${port}`)).status).toBe(403);
    expect((await post(`127.0.0.1:${port}`, 'http://evil.example')).status).toBe(403);
    expect((await post(`127.0.0.1:${port}`, 'null')).status).toBe(403);
  });

  it('cannot be framed by another site; the dialog frame only by the host page', async () => {
    const page = await raw(port, 'GET', '/', own());
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    const missing = await raw(port, 'GET', '/nowhere', own());
    expect(String(missing.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    // Open a dialog through the menu, then fetch its frame.
    const menu = await raw(
      port,
      'POST',
      '/__host/menu',
      { ...own(), 'content-type': 'application/x-www-form-urlencoded' },
      'fn=showSettings&tab=',
    );
    const dialogId = /dialog=([^&]+)/.exec(String(menu.headers.location))?.[1];
    expect(dialogId).toBeTruthy();
    const frame = await raw(port, 'GET', `/__host/dialog?id=${dialogId}`, {
      ...own(),
      'sec-fetch-site': 'same-origin',
      'sec-fetch-dest': 'iframe',
    });
    expect(frame.status).toBe(200);
    expect(String(frame.headers['content-security-policy'])).toContain(`frame-ancestors http://127.0.0.1:${port} http://localhost:${port}`);
    expect(frame.headers['x-frame-options']).toBeUndefined();
  });

  it('web-app pages: framed only by their own top page, whose google.script.run relay answers only its own origin', async () => {
    // A link page (here one whose link is not valid): Google's top page around the sandboxed frame.
    const top = await raw(port, 'GET', '/exec?page=item&a=done&t=not-a-token', {
      ...own(),
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate',
    });
    expect(top.status).toBe(200);
    // HtmlOutput's XFrameOptionsMode DEFAULT: same origin only.
    expect(top.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(top.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    const src = /<iframe id="sandboxFrame"[^>]* src="([^"]+)"/.exec(top.body)?.[1]?.replace(/&amp;/g, '&');
    expect(src).toBeTruthy();
    const pageId = new URL(src!, 'http://x').searchParams.get('id')!;
    const frame = await raw(port, 'GET', src!, {
      ...own(),
      'sec-fetch-site': 'same-origin',
      'sec-fetch-dest': 'iframe',
      'sec-fetch-mode': 'navigate',
    });
    expect(frame.status).toBe(200);
    expect(frame.headers['x-frame-options']).toBeUndefined();
    expect(String(frame.headers['content-security-policy'])).toContain(`frame-ancestors http://127.0.0.1:${port} http://localhost:${port}`);
    // The relay, as the top page sends it (same origin), under either name.
    const call = JSON.stringify({ fn: 'linkAction', args: ['not-a-token', 'done', {}] });
    const relay = (headers: Record<string, string>) =>
      raw(port, 'POST', '/__webapp/run', { 'content-type': 'application/json', 'x-followthrough-page': pageId, ...headers }, call);
    for (const name of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const answer = await relay({ host: name, origin: `http://${name}`, 'sec-fetch-site': 'same-origin' });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { ok: false } });
    }
    // include_ is a global of the bundle (the dialog templates call it) but private: the relay does not reach it.
    expect(p.rt.globals()).toContain('include_');
    const hidden = await raw(
      port,
      'POST',
      '/__webapp/run',
      {
        'content-type': 'application/json',
        'x-followthrough-page': pageId,
        ...own(),
        origin: `http://127.0.0.1:${port}`,
        'sec-fetch-site': 'same-origin',
      },
      JSON.stringify({ fn: 'include_', args: ['ClientPicker'] }),
    );
    expect(JSON.parse(hidden.body)).toEqual({ ok: false, error: 'Script function not found: include_' });
    // Another website, a rebound name, or the sandboxed frame itself (opaque origin) are refused.
    expect((await relay({ ...own(), origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(
      (await relay({ host: `evil.example:${port}`, origin: `http://evil.example:${port}`, 'sec-fetch-site': 'same-origin' })).status,
    ).toBe(403);
    expect((await relay({ ...own(), origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('answers a 12 MB body with the JSON `too_large`, writing nothing', async () => {
    const before = p.snapshot();
    const notes = 'x'.repeat(12 * 1024 * 1024);
    const answer = await capture(server.execUrl, 'big', 'Big', notes);
    // Before: the connection was reset.
    expect(answer).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(p.snapshot()).toBe(before);
  });

  it(
    'keeps a connection past the idle timeout while its request is answered (a capture waiting for the script lock)',
    { timeout: 60_000 },
    async () => {
      const quick = new WebAppServer(p.rt, { port: 0, secret: 'test-secret', log: () => {}, idleTimeoutMs: 200 });
      await quick.listen();
      try {
        expect(p.rt.host.locks.tryNow('script', 'test-holder')).toBe(true);
        const answer = capture(quick.execUrl, 'waits', 'Waits');
        await expect.poll(() => p.rt.host.locks.state('script').waiting, { timeout: 30_000 }).toBe(1);
        // Five idle timeouts pass while the capture waits (the lock is held, the connection silent).
        await new Promise((r) => setTimeout(r, 1_000));
        p.rt.host.locks.release('script', 'test-holder');
        // Before: the connection was destroyed at 200 ms and fetch failed with "other side closed".
        expect(await answer).toMatchObject({ ok: true });
        // A connection with nothing on it is still closed when idle.
        const idle = connect(quick.port, '127.0.0.1');
        await new Promise<void>((resolve) => idle.once('close', () => resolve()));
      } finally {
        p.rt.host.locks.release('script', 'test-holder');
        await quick.close();
      }
    },
  );

  it('still takes a capture while 1,100 idle connections are open', { timeout: 120_000 }, async () => {
    const sockets: Socket[] = [];
    try {
      await Promise.all(
        Array.from(
          { length: 1100 },
          () =>
            new Promise<void>((resolve) => {
              const s = connect(port, '127.0.0.1', () => resolve());
              s.on('error', () => resolve());
              s.on('close', () => resolve());
              sockets.push(s);
            }),
        ),
      );
      const answer = await capture(server.execUrl, 'through', 'Through');
      expect(answer.ok).toBe(true);
      // The oldest idle connections were closed to make room: the server holds at most 256. Counted on
      // the server's side: under load the listen backlog (Node's default 511) overflows, Linux drops the
      // handshake's last ACK of the connections over it (tcp_abort_on_overflow 0), and the client
      // believes those connected though the server never sees them, so no close ever reaches an idle one
      // (on a loaded machine 770 of the 1,100 sockets saw a close, where the server held 256).
      expect(server.openConnections).toBeLessThanOrEqual(256);
      // And the cap did close some (well before the 30 s idle timeout could).
      await expect.poll(() => sockets.some((s) => s.destroyed || s.readableEnded), { timeout: 10_000 }).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});
