// Running the `followthrough` CLI as a person would: one-off commands, and `serve` in the background.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { decodeConnectionCode } from '../../shared/connection';
import { postJson } from './runtime';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'followthrough.mjs');
const children: ChildProcess[] = [];

export function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/**
 * `cli` without blocking this process: use it between requests to a running serve. spawnSync stops the
 * event loop for seconds, so undici cannot retire a pooled keep-alive connection before the server's
 * keepAliveTimeout (Node's 5 s) closes it, and the next POST written to it fails with "other side
 * closed" (undici does not retry a POST) — seen in the revoke-through-serve test.
 */
export function cliAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** The connection code a successful `invite` prints on its last line; its error otherwise. */
function codeOf(result: { code: number | null; out: string; err: string }): string {
  if (result.code !== 0) throw new Error(result.err);
  return result.out.trim().split('\n').at(-1)!;
}

/** An email for a name when the test needs none in particular: `Ana Rivera` → anarivera@example.org. */
const emailOf = (name: string) => `${name.toLowerCase().replace(/\W/g, '')}@example.org`;

/** `invite` through the CLI (through a running serve when there is one): the connection code it prints. */
export function inviteCode(data: string, name: string, email = emailOf(name)): string {
  return codeOf(cli(['invite', '--name', name, '--email', email, '--data', data]));
}

/** inviteCode while serve runs, without blocking this process (see cliAsync). */
export async function inviteCodeAsync(data: string, name: string, email = emailOf(name)): Promise<string> {
  return codeOf(await cliAsync(['invite', '--name', name, '--email', email, '--data', data]));
}

/** hello with a connection code, to the web app the code names. */
export async function hello(code: string): Promise<any> {
  const decoded = decodeConnectionCode(code);
  if (!decoded.ok) throw new Error(decoded.message);
  return postJson(decoded.connection.url, { v: 1, op: 'hello', token: decoded.connection.token });
}

export interface Served {
  child: ChildProcess;
  output: string;
  execUrl: string;
}

/** Starts `serve`/`start` and resolves once it printed its URLs. */
export function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Web app.*(http:\/\/127\.0\.0\.1:\d+\/exec)/.exec(output);
      if (output.includes('Press Ctrl+C') && url) resolve({ child, output, execUrl: url[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
}

/** Stops every server started by serve(). */
export function stopAll(): void {
  for (const child of children.splice(0)) child.kill('SIGTERM');
}

/** Waits for a process to exit. */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
