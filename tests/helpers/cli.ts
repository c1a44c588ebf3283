// Running the `followthrough` CLI as a person would: one-off commands, and `serve` in the background.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

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
