// The CLI as a user runs it: coaches listed and revoked (with and without a running serve), `run`
// under serve refuses a clock it cannot apply, links use the program's own URL, --help lists every option.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeConnectionCode } from '../../shared/connection';
import { cli, cliAsync, exited, hello, inviteCode, inviteCodeAsync, serve, stopAll } from '../helpers/cli';
import { postJson, tempDir } from '../helpers/runtime';

afterEach(stopAll);

describe('followthrough coaches, revoke, run and --help', () => {
  it('--help lists every command and option', () => {
    const { code, out } = cli(['--help']);
    expect(code).toBe(0);
    for (const word of [
      'serve',
      'start',
      'run',
      'invite',
      'coaches',
      'revoke',
      'export',
      '--port',
      '--data',
      '--name',
      '--email',
      '--role',
      '--repair',
      '--leave-clients',
      '--as',
      'FOLLOWTHROUGH_NOW',
      'SMTP_URL',
    ]) {
      expect(out).toContain(word);
    }
    expect(cli(['serve', '--bogus']).err).toContain("Unknown option '--bogus'");
  });

  it('lists and revokes coaches without serve', { timeout: 180_000 }, async () => {
    const data = tempDir();
    // Served once, as a program is (the add-on learns its /exec address there), then stopped.
    const server = await serve(['serve', '--port', '0', '--data', data]);
    server.child.kill('SIGTERM');
    await exited(server.child);
    inviteCode(data, 'Ana Rivera', 'ana@example.org');
    inviteCode(data, 'Kim Lee', 'kim@example.org');
    const listed = cli(['coaches', '--data', data]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/Ana Rivera\s+ana@example\.org\s+coach\s+active/);
    expect(listed.out).toMatch(/Kim Lee\s+kim@example\.org\s+coach\s+active/);
    expect(listed.out).not.toContain('token');

    const revoked = cli(['revoke', 'ana@example.org', '--data', data]);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain('Revoked Ana Rivera <ana@example.org>');
    expect(cli(['coaches', '--data', data]).out).toMatch(/Ana Rivera\s+ana@example\.org\s+coach\s+revoked/);
    const again = cli(['revoke', 'ana@example.org', '--data', data]);
    expect([again.code, again.err.trim()]).toEqual([2, 'ana@example.org is already revoked.']);
    expect(cli(['revoke', 'nobody@example.org', '--data', data]).err).toContain('No coach has the email nobody@example.org.');
  });

  it(
    'through a running serve: coaches and revoke go through it, and the revoked code is refused at once',
    { timeout: 180_000 },
    async () => {
      const data = tempDir();
      const server = await serve(['serve', '--port', '0', '--data', data]);
      const kimCode = await inviteCodeAsync(data, 'Kim Lee', 'kim@example.org');
      const code = await inviteCodeAsync(data, 'Bo Park', 'bo@example.org');
      expect((await hello(code)).ok).toBe(true);
      const token = (decodeConnectionCode(code) as { ok: true; connection: { token: string } }).connection.token;
      /** Bo's capture of a session with a new client. */
      const capture = (captureId: string, clientName: string) =>
        postJson(server.execUrl, {
          v: 1,
          op: 'capture',
          token,
          captureId,
          session: { newClient: { name: clientName }, startedAt: '2026-11-20' },
        });
      const first = await capture('before-revoke', 'Dana Cole');
      expect(first.ok).toBe(true);
      expect((await cliAsync(['coaches', '--data', data])).out).toMatch(/Bo Park\s+bo@example\.org\s+coach\s+active/);
      // The add-on's rule (Hand over clients or revoke a coach…): not while they coach a client not closed.
      const refused = await cliAsync(['revoke', 'BO@example.org', '--data', data]);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('Bo Park still coaches 1 client not closed (Dana Cole)');
      expect((await cliAsync(['coaches', '--data', data])).out).toMatch(/Bo Park\s+bo@example\.org\s+coach\s+active/);
      const revoked = await cliAsync(['revoke', 'BO@example.org', '--leave-clients', '--data', data]);
      expect(revoked.code).toBe(0);
      expect(revoked.out).toContain('Revoked Bo Park <bo@example.org>');
      const after = await capture('after-revoke', 'X');
      expect(after).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect((await hello(kimCode)).ok).toBe(true);
    },
  );

  it(
    'run through a running serve refuses FOLLOWTHROUGH_NOW with a message; links use the URL serve ran at',
    { timeout: 180_000 },
    async () => {
      const data = tempDir();
      const server = await serve(['serve', '--port', '0', '--data', data]);
      const refused = cli(['run', 'runReminders', '--data', data], { FOLLOWTHROUGH_NOW: '2026-12-01T08:00:00Z' });
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('FOLLOWTHROUGH_NOW is set, but');
      expect(refused.err).toContain('the call was not made');
      expect(cli(['run', 'refreshDashboard', '--data', data]).code).toBe(0);
      server.child.kill('SIGTERM');
      await exited(server.child);
      // Without serve, a code made now points at the program's own URL, not at port 8787.
      const code = inviteCode(data, 'Lee Chan', 'lee@example.org');
      const decoded = decodeConnectionCode(code) as { ok: true; connection: { url: string } };
      expect(decoded.connection.url).toBe(server.execUrl);
      // And run takes the clock when it owns the data dir.
      expect(cli(['run', 'refreshDashboard', '--data', data], { FOLLOWTHROUGH_NOW: '2026-12-01T08:00:00Z' }).code).toBe(0);
    },
  );
});
