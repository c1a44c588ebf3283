// The CLI as a person runs it: `serve` owns the data dir; `invite` and `run` go through it.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeConnectionCode } from '../../shared/connection';
import { decryptNote, keyFromRecoveryCode } from '../../extension/lib/note-crypto';
import { cli, exited, hello, serve, stopAll } from '../helpers/cli';
import { tempDir } from '../helpers/runtime';

afterEach(stopAll);

describe('followthrough CLI', () => {
  it('start seeds the demo program and prints the URLs, the extension path and a working code', async () => {
    const data = tempDir();
    const { output } = await serve(['start', '--port', '0', '--data', data]);
    expect(output).toMatch(/Sheet host.*http:\/\/127\.0\.0\.1:\d+\//);
    expect(output).toMatch(/Web app.*http:\/\/127\.0\.0\.1:\d+\/exec/);
    expect(output).toContain(join('.output', 'chrome-mv3'));
    const code = output.split('\n').find((l) => l.startsWith('ft1.'))!;
    const answer = await hello(code);
    expect(answer).toMatchObject({ ok: true, coach: { name: 'Ana Rivera', role: 'coach' } });
    // The demo's confidential session is sealed with Ana's key; the printed recovery code opens it.
    const recovery = output
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('ft-key1.'))!;
    const key = await keyFromRecoveryCode(recovery);
    expect(key.ok && key.key.keyId).toBe(answer.coach.note_key_id);
    const decoded = decodeConnectionCode(code);
    const post = async (body: object) =>
      (
        await fetch(decoded.ok ? decoded.connection.url : '', {
          method: 'POST',
          body: JSON.stringify({ v: 1, token: decoded.ok ? decoded.connection.token : '', ...body }),
        })
      ).json();
    const maya = (await post({ op: 'sync' })).clients.find((c: { name: string }) => c.name === 'Maya Thompson');
    const rows = await post({ op: 'clientData', clientId: maya.client_id });
    const sealed = JSON.stringify(rows).match(/ft-enc1\.[A-Za-z0-9_.-]+/)?.[0] ?? '';
    expect(sealed).toMatch(/^ft-enc1\./);
    const opened = await decryptNote(sealed, key.ok ? [key.key] : []);
    expect(opened.ok && opened.text).toContain('thinking of leaving teaching');
  });

  it('invite while serve runs goes through the server; the code works at once and is the last line', { timeout: 120_000 }, async () => {
    const data = tempDir();
    const { output } = await serve(['serve', '--port', '0', '--data', data]);
    expect(output).not.toContain('ft1.');
    const invited = cli(['invite', '--name', 'Kim Lee', '--email', 'kim@example.org', '--data', data]);
    expect(invited.code).toBe(0);
    const lines = invited.out.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^ft1\.[A-Za-z0-9_-]+$/);
    expect(await hello(lines.at(-1)!)).toMatchObject({ ok: true, coach: { name: 'Kim Lee' } });
    const second = cli(['serve', '--port', '0', '--data', data]);
    expect(second.code).toBe(2);
    expect(second.err).toContain('already being served');
  });

  it('invite, run and export work on a data dir without a server, once a request reached its /exec', { timeout: 120_000 }, async () => {
    const data = tempDir();
    // No request ever reached the web app: its address is unknown, and no code is made with a guess.
    const early = cli(['invite', '--name', 'Kim', '--email', 'kim@example.org', '--role', 'leader', '--data', data]);
    expect(early.code).toBe(1);
    expect(early.err).toContain('/exec address is not known yet');
    const { child, execUrl } = await serve(['serve', '--port', '0', '--data', data]);
    child.kill('SIGTERM');
    await exited(child);
    const invited = cli(['invite', '--name', 'Kim', '--email', 'kim@example.org', '--role', 'leader', '--data', data]);
    expect(invited.code).toBe(0);
    const decoded = decodeConnectionCode(invited.out.trim().split('\n').at(-1)!);
    expect(decoded.ok && decoded.connection.url).toBe(execUrl);
    expect(cli(['run', 'setupSheet', '--data', data]).out).toContain('"created": []');
    const file = join(data, 'program.xlsx');
    expect(cli(['export', file, '--data', data]).out).toContain('program.xlsx');
  });

  it('explains bad usage with exit code 2', () => {
    expect(cli(['invite', '--name', 'NoMail']).code).toBe(2);
    expect(cli(['run', 'noSuchFunction', '--data', tempDir()]).err).toContain('Script function not found: noSuchFunction');
    expect(cli(['frobnicate']).err).toContain('Usage: followthrough');
    expect(cli(['invite', '--name', 'X', '--email', 'bad', '--data', tempDir()]).err).toContain('Not an email address');
  });
});
