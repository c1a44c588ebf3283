// Runs executions in worker threads, several at once as Apps Script does, each served by the host
// over its own synchronous channel. An execution past the time limit is stopped (its worker
// terminated and replaced) and ends with Apps Script's error; its locks are released.
import { buildSync } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { serveChannel } from './channel';
import type { Host } from '../host/host';
import { SIMPLE_TRIGGER_LIMIT_MS, TIME_LIMIT_MESSAGE, type BundleEnv, type ExecResult, type TriggerSpec } from './execute';
import type { RunMessage } from './worker';

const here = dirname(fileURLToPath(import.meta.url));
const WORKER_FILE = join(here, '..', '..', 'dist', 'local', 'exec-worker.mjs');
let workerBuilt = false;

/** The worker runs plain JavaScript whatever loader the main thread has: bundle it once per process. */
function workerScript(): string {
  if (!workerBuilt) {
    mkdirSync(dirname(WORKER_FILE), { recursive: true });
    buildSync({
      entryPoints: [join(here, 'worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: WORKER_FILE,
      logLevel: 'error',
    });
    workerBuilt = true;
  }
  return WORKER_FILE;
}

interface Job extends RunMessage {
  resolve: (result: ExecResult) => void;
}

class PooledWorker {
  readonly worker: Worker;
  job: Job | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: WorkerPool,
    env: BundleEnv,
    host: Host,
  ) {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    serveChannel(port1, new Int32Array(signal), (request) => {
      if (!this.job) throw new Error('No execution is running in this worker.');
      return host.handle(this.job.execId, request.service, request.method, request.args);
    });
    this.worker = new Worker(workerScript(), { workerData: { env, port: port2, signal }, transferList: [port2] });
    this.worker.unref();
    port1.unref();
    this.worker.on('message', ({ execId, result }: { execId: string; result: ExecResult }) => {
      if (this.job?.execId === execId) this.finish(result);
    });
    this.worker.on('error', (err) =>
      this.finish({ ok: false, error: { name: 'Error', message: `The execution failed: ${err.message}` }, logs: [] }),
    );
  }

  start(job: Job, timeLimitMs: number): void {
    this.job = job;
    // The vm's own timeout stops a busy script; this stops one blocked on the host (e.g. a lock) too.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.job = null;
      void this.worker.terminate();
      this.pool.replace(this);
      job.resolve({ ok: false, error: { name: 'Exception', message: TIME_LIMIT_MESSAGE }, logs: [] });
    }, timeLimitMs + 50);
    this.worker.postMessage({
      execId: job.execId,
      name: job.name,
      args: job.args,
      ...(job.trigger ? { trigger: job.trigger } : {}),
    } satisfies RunMessage);
  }

  private finish(result: ExecResult): void {
    const job = this.job;
    if (!job) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.job = null;
    job.resolve(result);
    this.pool.next(this);
  }
}

export class WorkerPool {
  private readonly workers: PooledWorker[] = [];
  private readonly queue: Job[] = [];

  constructor(
    private readonly env: BundleEnv,
    private readonly host: Host,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.workers.push(new PooledWorker(this, env, host));
  }

  run(name: string, args: unknown[], execId: string = randomUUID(), trigger?: TriggerSpec): Promise<ExecResult> {
    return new Promise((resolve) => {
      const job: Job = { execId, name, args, resolve, ...(trigger ? { trigger } : {}) };
      const idle = this.workers.find((w) => !w.job);
      if (idle) idle.start(job, this.limitOf(job));
      else this.queue.push(job);
    });
  }

  /** Called by a worker that finished: it takes the next queued execution. */
  next(worker: PooledWorker): void {
    if (!this.workers.includes(worker)) return;
    const job = this.queue.shift();
    if (job) worker.start(job, this.limitOf(job));
  }

  private limitOf(job: Job): number {
    return job.trigger ? Math.min(this.env.timeLimitMs, SIMPLE_TRIGGER_LIMIT_MS) : this.env.timeLimitMs;
  }

  /** Replaces a terminated worker. */
  replace(worker: PooledWorker): void {
    const at = this.workers.indexOf(worker);
    if (at < 0) return;
    const fresh = new PooledWorker(this, this.env, this.host);
    this.workers[at] = fresh;
    this.next(fresh);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
