// The sheet host against other websites, in Chromium: a page of another origin (a second server on
// another loopback port, so no Private Network Access rule is what stops it) can call the web app, as
// on Google, but can neither read the sheet host nor frame it or a web-app page; a rebound DNS name
// (--host-resolver-rules maps evil.test to 127.0.0.1) reads nothing either.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProgram } from '../helpers/runtime';
import { hostSetting, seedCapture } from '../helpers/e2e';

const NOTE = 'Canary note 51c9: a private matter';

describe('another website against the sheet host, in Chromium', () => {
  const env = hostSetting(() => newProgram({ log: () => {} }), {
    secret: 'cross',
    seed: (p) => {
      seedCapture(p, {
        captureId: 'x1',
        session: { newClient: { name: 'Maya Thompson', email: 'maya@example.org' }, startedAt: '2026-11-17T15:00:00Z', notes: NOTE },
      });
    },
    browserArgs: ['--host-resolver-rules=MAP evil.test 127.0.0.1'],
  });
  let evil: Server;
  let evilOrigin = '';

  beforeAll(async () => {
    // The other website: one empty page; the test puts into it what an attacker's script would do.
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Another site</title><h1>Another site</h1>');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilOrigin = `http://localhost:${(evil.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => evil?.close(resolve));
  });

  it('reads nothing of the sheet host from another origin, while the web app still answers it', { timeout: 60_000 }, async () => {
    const page = await env.browser.newPage();
    await page.goto(`${evilOrigin}/`);
    const host = `http://127.0.0.1:${env.server.port}`;
    const outcome = await page.evaluate(
      async ({ host, exec, token }) => {
        const read = async (url: string) => {
          try {
            return `read: ${await (await fetch(url)).text()}`;
          } catch (err) {
            return `refused: ${String(err)}`;
          }
        };
        const hello = await (await fetch(exec, { method: 'POST', body: JSON.stringify({ v: 1, op: 'hello', token }) })).json();
        return {
          sessions: await read(`${host}/?tab=Sessions`),
          coaches: await read(`${host}/?tab=Coaches`),
          localhost: await read(`${host.replace('127.0.0.1', 'localhost')}/?tab=Sessions`),
          helloOk: hello.ok as boolean,
        };
      },
      { host, exec: env.server.execUrl, token: env.p.token },
    );
    // The web app answers any origin, as Apps Script does (its echo carries Access-Control-Allow-Origin: *).
    expect(outcome.helloOk).toBe(true);
    for (const answer of [outcome.sessions, outcome.coaches, outcome.localhost]) {
      expect(answer).toMatch(/^refused: TypeError/);
      expect(answer).not.toContain(NOTE);
      expect(answer).not.toContain('token_hash');
    }
    await page.close();
  });

  it('a rebound DNS name reaches the server but is refused by its Host check', { timeout: 60_000 }, async () => {
    const page = await env.browser.newPage();
    const answer = await page.goto(`http://evil.test:${env.server.port}/?tab=Sessions`);
    expect(answer?.status()).toBe(403);
    expect(await page.content()).not.toContain(NOTE);
    // The same page under its own names is the sheet host.
    expect((await page.goto(`http://localhost:${env.server.port}/?tab=Sessions`))?.status()).toBe(200);
    expect(await page.content()).toContain(NOTE);
    await page.close();
  });

  it('cannot frame the sheet host or a web-app page', { timeout: 120_000 }, async () => {
    const page = await env.browser.newPage();
    await page.goto(`${evilOrigin}/`);
    const webAppPage = `${env.server.execUrl}?page=item&a=done&t=not-a-token`;
    for (const src of [`http://127.0.0.1:${env.server.port}/?tab=Sessions`, `http://localhost:${env.server.port}/`, webAppPage]) {
      const loaded = page.waitForEvent('framenavigated', { predicate: (f) => f !== page.mainFrame(), timeout: 30_000 });
      await page.evaluate((url) => {
        document.querySelectorAll('iframe').forEach((f) => f.remove());
        const frame = document.createElement('iframe');
        frame.src = url;
        document.body.append(frame);
      }, src);
      const frame = await loaded;
      // Chromium replaces a refused frame with its error page: nothing of the sheet inside.
      await expect.poll(() => frame.url()).toMatch(/^chrome-error:/);
      expect(await frame.content().catch(() => '')).not.toContain(NOTE);
    }
    await page.close();
  });
});
