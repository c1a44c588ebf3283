// The local Apps Script runtime: the durable workbook (store), the host services behind the bundle's
// SpreadsheetApp, LockService, PropertiesService…, and two ways to run dist/apps-script/Code.js — the
// file `clasp push` sends: in this thread (`call`, one at a time: CLI commands and tests) or in worker
// threads (`execute`, concurrently: the web app), as Apps Script runs simultaneous executions.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Channel } from './exec/channel';
import { execute, globalsOf, type BundleEnv, type ExecResult, type ExecValue, type TriggerSpec } from './exec/execute';
import type { EditSpec } from './facade/spreadsheet/app';
import { WorkerPool } from './exec/pool';
import { Host, type ExecContext } from './host/host';
import { OWNER_EMAIL, type CellUsage } from './host/sheets/data';
import { MailHost } from './host/mail';
import { clockEvent, type TriggerHost } from './host/triggers';
import type { MenuRecord, ShownDialog } from './host/ui';
import type { StoreIo } from './store/files';
import { WorkbookStore } from './store/store';
import type { WorkbookData } from './workbook/workbook';

/** Apps Script ends an execution after 6 minutes. */
export const DEFAULT_TIME_LIMIT_MS = 6 * 60 * 1000;

export interface RuntimeOptions {
  dataDir: string;
  codeFile: string;
  /** The web app URL as ScriptApp.getService().getUrl() answers it. */
  webAppUrl?: string | null;
  /** Sets `new Date()` inside the bundle (FOLLOWTHROUGH_NOW); the clock runs on from there. */
  now?: Date;
  timeLimitMs?: number;
  sheetName?: string;
  timeZone?: string;
  /** Worker threads for concurrent executions (`execute`); 0 runs them in this thread. */
  workers?: number;
  /** MailApp's daily recipient quota (Apps Script's consumer accounts: 100). */
  mailQuota?: number;
  /** Deliver mail to this SMTP server (SMTP_URL); else each message becomes <data>/outbox/*.eml. */
  smtpUrl?: string;
  log?: (line: string) => void;
  /** The sheet's owner: as whom the web app runs, and who is at the keyboard unless told otherwise. */
  owner?: string;
  /** Open a journal damaged before its end, keeping what can be kept (`--repair`). */
  repair?: boolean;
  /** The store's fault-injection seam (tests). */
  io?: StoreIo;
  /** The scopes the user granted; the manifest's oauthScopes when not given. */
  grantedScopes?: string[];
}

/** The local sheet's owner when none is given. */
export const DEFAULT_OWNER = OWNER_EMAIL;
export type { ExecContext } from './host/host';

export interface Invocation {
  value: ExecValue;
  dialogs: ShownDialog[];
  /** Sheet cells this execution read and wrote (transferred) and scanned by server-side searches. */
  cells: CellUsage;
  logs: string[];
}

/** An error thrown by the bundle, with Apps Script's name and message. */
export class ScriptError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** What `call` returns: the function's value, with ContentService/HtmlService outputs as objects. */
export function unwrap(value: ExecValue): unknown {
  switch (value.kind) {
    case 'void':
      return undefined;
    case 'json':
      return value.value;
    default:
      return value;
  }
}

function scriptTimeZoneOf(codeFile: string): string {
  const manifest = join(dirname(codeFile), 'appsscript.json');
  if (!existsSync(manifest)) return 'America/New_York';
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { timeZone?: string }).timeZone ?? 'America/New_York';
}

function manifestScopesOf(codeFile: string): string[] {
  const manifest = join(dirname(codeFile), 'appsscript.json');
  if (!existsSync(manifest)) return [];
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { oauthScopes?: string[] }).oauthScopes ?? [];
}

let executions = 0;

export class Runtime {
  readonly store: WorkbookStore;
  readonly host: Host;
  readonly env: BundleEnv;
  readonly mail: MailHost;
  /** The bundle's clock, in epoch ms. */
  readonly now: () => number;
  webAppUrl: string | null;
  private pool: WorkerPool | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly options: RuntimeOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.webAppUrl = options.webAppUrl ?? null;
    this.store = new WorkbookStore({
      dataDir: options.dataDir,
      log: this.log,
      ...(options.sheetName ? { sheetName: options.sheetName } : {}),
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      ...(options.repair ? { repair: true } : {}),
      ...(options.io ? { io: options.io } : {}),
    });
    const clockOffsetMs = options.now ? options.now.getTime() - Date.now() : 0;
    this.env = {
      codeFile: options.codeFile,
      code: readFileSync(options.codeFile, 'utf8'),
      scriptTimeZone: scriptTimeZoneOf(options.codeFile),
      clockOffsetMs,
      timeLimitMs: options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
    };
    const now = () => Date.now() + clockOffsetMs;
    this.mail = new MailHost({
      dataDir: options.dataDir,
      dailyQuota: options.mailQuota ?? 100,
      now: () => new Date(now()),
      ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
      onError: (e) => this.log(`Mail delivery failed: ${String(e)}`),
    });
    this.host = new Host(this.store, {
      webAppUrl: () => this.webAppUrl,
      now,
      mail: this.mail,
      scriptTimeZone: this.env.scriptTimeZone,
      owner: options.owner ?? DEFAULT_OWNER,
      scopes: { required: manifestScopesOf(options.codeFile), granted: options.grantedScopes ?? manifestScopesOf(options.codeFile) },
    });
    this.now = now;
  }

  get data(): WorkbookData {
    return this.store.data;
  }

  get menus(): MenuRecord[] {
    return this.host.ui.menus;
  }

  /** The globals (top-level functions) the bundle exposes. */
  globals(): string[] {
    this.globalNames ??= globalsOf(this.env);
    return this.globalNames;
  }

  private globalNames: string[] | null = null;

  /** The sheet's owner. */
  get owner(): string {
    return this.host.owner;
  }

  /** A person at the keyboard of the sheet: a menu item, a dialog, the script editor's Run. */
  asUser(email: string = this.owner): ExecContext {
    return { mode: 'ui', activeUser: email, effectiveUser: email };
  }

  /** A request to the web app (or google.script.run from its page): as the owner, for an anonymous visitor. */
  get webApp(): ExecContext {
    return { mode: 'webapp', activeUser: '', effectiveUser: this.owner };
  }

  /** An installable trigger, as the user who created it. */
  asTrigger(owner: string): ExecContext {
    return { mode: 'trigger', activeUser: owner, effectiveUser: owner };
  }

  private settle(execId: string, result: ExecResult): Invocation {
    const { dialogs, cells } = this.host.end(execId);
    for (const line of result.logs) this.log(line);
    if (!result.ok) throw new ScriptError(result.error.name, result.error.message);
    return { value: result.value, dialogs, cells, logs: result.logs };
  }

  /** Runs a global in this thread, as one execution, and makes its writes durable before returning. */
  invoke(name: string, ...args: unknown[]): Invocation {
    return this.invokeAs(this.asUser(), name, args);
  }

  /** Runs a global in this thread as one execution started as `context` says (who, and from where). */
  invokeIn(context: ExecContext, name: string, ...args: unknown[]): Invocation {
    return this.invokeAs(context, name, args);
  }

  private invokeAs(context: ExecContext, name: string, args: unknown[], trigger?: TriggerSpec): Invocation {
    const execId = `local-${++executions}`;
    this.host.begin(execId, context);
    const channel: Channel = {
      call: (service, method, callArgs) => {
        const value = this.host.handle(execId, service, method, callArgs);
        // Nothing else runs in this thread, so a lock is free or held by a worker's execution.
        if (value instanceof Promise)
          throw new ScriptError('Exception', 'Lock timeout: another process was holding the lock for too long.');
        return value;
      },
    };
    let invocation: Invocation | undefined;
    let failure: { error: unknown } | null = null;
    try {
      invocation = this.settle(execId, execute(this.env, channel, name, args, trigger));
    } catch (error) {
      failure = { error };
    }
    let lost;
    try {
      this.store.commitSync();
    } finally {
      lost = this.store.takeLost(execId);
    }
    // A write refused during the execution: its result must not be taken as done.
    if (lost) throw lost;
    if (failure) throw failure.error;
    return invocation!;
  }

  /** `invoke`, returning the function's value. */
  call(name: string, ...args: unknown[]): unknown {
    return unwrap(this.invoke(name, ...args).value);
  }

  /** `invokeIn`, returning the function's value. */
  callIn(context: ExecContext, name: string, ...args: unknown[]): unknown {
    return unwrap(this.invokeIn(context, name, ...args).value);
  }

  /**
   * `call` with the bundle's clock reading `at` for this one execution (in this thread), then back to
   * the runtime's clock: the demo replays a quarter of coaching at the times it happened.
   */
  callAt(at: Date, name: string, ...args: unknown[]): unknown {
    return unwrap(this.invokeAt(this.asUser(), at, name, ...args).value);
  }

  /** `invokeIn` with the bundle's clock reading `at` for this one execution. */
  invokeAt(context: ExecContext, at: Date, name: string, ...args: unknown[]): Invocation {
    const clock = this.env.clockOffsetMs;
    this.env.clockOffsetMs = at.getTime() - Date.now();
    try {
      return this.invokeIn(context, name, ...args);
    } finally {
      this.env.clockOffsetMs = clock;
    }
  }

  /**
   * Runs a global in a worker thread, concurrently with other executions; resolves once its writes
   * are durable (journal fsync'ed), so an answer that reaches a client is never lost.
   */
  async execute(name: string, ...args: unknown[]): Promise<Invocation> {
    return this.executeAs(this.asUser(), name, args);
  }

  /** `execute`, started as `context` says. */
  async executeIn(context: ExecContext, name: string, ...args: unknown[]): Promise<Invocation> {
    return this.executeAs(context, name, args);
  }

  /**
   * A person's edit in the sheet host: once the edit is saved, the bundle's simple `onEdit(e)` trigger
   * (if it has one) runs as its own execution with Google's event object. Edits made by scripts fire
   * nothing ("Script executions and API requests do not cause triggers to run",
   * https://developers.google.com/apps-script/guides/triggers#restrictions). Null when there is no onEdit.
   */
  async fireEdit(edit: EditSpec, person: ExecContext = this.asUser()): Promise<Invocation | null> {
    if (!this.globals().includes('onEdit')) return null;
    return this.executeAs(person, 'onEdit', [], { kind: 'edit', edit });
  }

  private async executeAs(context: ExecContext, name: string, args: unknown[], trigger?: TriggerSpec): Promise<Invocation> {
    const workers = this.options.workers ?? 4;
    if (workers === 0) return this.invokeAs(context, name, args, trigger);
    this.pool ??= new WorkerPool(this.env, this.host, workers);
    const execId = `exec-${++executions}`;
    this.host.begin(execId, context);
    const result = await this.pool.run(name, args, execId, trigger);
    try {
      return this.settle(execId, result);
    } finally {
      // Rejects (StoreWriteError) when this execution's changes could not be written.
      await this.store.commit(execId);
    }
  }

  /**
   * Fires time-driven triggers when due (checked every second), each as its own execution, and
   * delivers spooled mail in the background; what `serve` runs. Returns a function that stops both.
   */
  startBackground(): () => void {
    const tick = () => {
      let due: ReturnType<TriggerHost['takeDue']>;
      try {
        // takeDue writes each trigger's next time; with writes refused (full disk) triggers wait.
        due = this.host.triggers.takeDue();
        if (!due.length) return;
        this.store.commitSync();
      } catch (err) {
        this.log(`Triggers wait: ${(err as Error).message}`);
        return;
      }
      for (const trigger of due) {
        this.executeIn(this.asTrigger(trigger.owner), trigger.handler, clockEvent(trigger, this.now())).catch((err: unknown) =>
          this.log(`Trigger ${trigger.handler} failed: ${(err as Error)?.message ?? String(err)}`),
        );
      }
    };
    const timer = setInterval(tick, 1000);
    timer.unref();
    const stopMail = this.mail.startDraining();
    this.stopBackground = () => {
      clearInterval(timer);
      stopMail();
    };
    return this.stopBackground;
  }

  private stopBackground: () => void = () => undefined;

  /** Makes everything durable, writes a snapshot, delivers spooled mail and stops the workers. */
  async close(): Promise<void> {
    this.stopBackground();
    await this.pool?.close();
    await this.mail.drain();
    this.pool = null;
    this.store.close();
  }
}
