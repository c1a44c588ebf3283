// The host: everything an execution of the bundle reaches through its channel, owned by one process.
// Each service exposes an explicit list of methods; a call names service, method and arguments.
import type { WorkbookStore } from '../store/store';
import { LockHost } from './lock';
import type { MailHost } from './mail';
import { TriggerHost } from './triggers';
import { CacheHost, PropertiesHost } from './properties';
import type { CellUsage } from './sheets/data';
import { SheetsHost } from './sheets/sheets';
import { SHEETS_METHOD_NAMES } from './sheets/api';
import { UiHost, type ShownDialog } from './ui';

type Handler = (execId: string, args: unknown[]) => unknown;

/**
 * How an execution was started, which decides what Google lets it do:
 * - `webapp`: doGet/doPost and google.script.run from a page the web app served. The manifest says
 *   `executeAs: USER_DEPLOYING`, so it runs as the owner for anyone; the visitor is anonymous (Session's
 *   active user is blank: "Session.getActiveUser()" reference — the address is not available "in a web
 *   app deployed to execute as me"), and there is no spreadsheet UI.
 * - `ui`: a menu item, a dialog's or sidebar's google.script.run, or a run from the script editor
 *   (`followthrough run`): as the person at the keyboard, with the spreadsheet's UI.
 * - `trigger`: an installable trigger, "always run under the account of the person who created them"
 *   (Installable Triggers guide, "Restrictions"); no UI.
 */
export type ExecMode = 'webapp' | 'ui' | 'trigger';
export interface ExecContext {
  mode: ExecMode;
  /** Session.getActiveUser().getEmail(): '' where Google withholds it. */
  activeUser: string;
  /** Session.getEffectiveUser().getEmail(): whose authority the script runs with. */
  effectiveUser: string;
}

export interface HostOptions {
  /** The web app's /exec URL while it is served; null when it is not deployed. */
  webAppUrl: () => string | null;
  /** The sheet's owner, as whom the web app runs. */
  owner: string;
  /** The manifest's oauthScopes, and those the user granted. */
  scopes: { required: string[]; granted: string[] };
  /** The bundle's clock (FOLLOWTHROUGH_NOW), in epoch ms. */
  now: () => number;
  /** MailApp's spool, quota and delivery. */
  mail: MailHost;
  /** appsscript.json's time zone: triggers' default. */
  scriptTimeZone: string;
}

function expose<T extends object>(target: T, methods: Array<keyof T & string>): Record<string, Handler> {
  const table: Record<string, Handler> = {};
  for (const name of methods) {
    const fn = target[name] as unknown as (...args: unknown[]) => unknown;
    table[name] = (_execId, args) => fn.apply(target, args);
  }
  return table;
}

export class Host {
  readonly sheets: SheetsHost;
  readonly locks = new LockHost();
  readonly ui = new UiHost();
  readonly properties: PropertiesHost;
  readonly cache: CacheHost;
  readonly triggers: TriggerHost;
  /** Calls per service.method, for the bench's count of sheet service calls. */
  readonly calls = new Map<string, number>();
  /** Cells moved and scanned by every execution so far (see CellUsage), for tests and the bench. */
  readonly cells: CellUsage = emptyUsage();
  /** The same, per running execution; `end` hands an execution's figures over. */
  private readonly usage = new Map<string, CellUsage>();
  private readonly services: Record<string, Record<string, Handler>>;
  private readonly contexts = new Map<string, ExecContext>();
  /** Executions that flushed since their last email: their writes become durable before the next one. */
  private readonly flushed = new Set<string>();

  constructor(
    readonly store: WorkbookStore,
    private readonly options: HostOptions,
  ) {
    this.sheets = new SheetsHost(store);
    this.properties = new PropertiesHost(store);
    this.cache = new CacheHost(options.now);
    this.triggers = new TriggerHost(store, options.now, options.scriptTimeZone, options.owner);
    const userOf = (execId: string) => this.contextOf(execId).effectiveUser;
    this.services = {
      sheets: {
        ...expose(this.sheets, SHEETS_METHOD_NAMES),
        // SpreadsheetApp.flush: the execution's writes so far are applied, so a crash after the flush
        // keeps them (Google: "Applies all pending Spreadsheet changes"). What the outside can see of an
        // execution after a flush is its mail and its answer; its answer already waits for the journal
        // fsync, so the fsync is due before its next email leaves (mail.send below). A process killed
        // between the flush and that email loses writes no one outside has seen the effect of — as if
        // it had died just before the flush — and flushes keep sharing group commits.
        flush: (execId) => {
          this.flushed.add(execId);
        },
      },
      lock: {
        acquire: (execId, [name, timeoutMs]) => this.locks.acquire(String(name), execId, Number(timeoutMs)),
        release: (execId, [name]) => this.locks.release(String(name), execId),
        has: (execId, [name]) => this.locks.hasLock(String(name), execId),
      },
      ui: {
        addMenu: (_execId, [menu]) => this.ui.addMenu(menu as Parameters<UiHost['addMenu']>[0]),
        showDialog: (execId, [dialog]) => this.ui.showDialog(execId, dialog as ShownDialog),
      },
      props: expose(this.properties, ['all', 'get', 'set', 'delete']),
      cache: expose(this.cache, ['get', 'put', 'remove']),
      script: {
        webAppUrl: (execId) => this.serviceUrl(execId),
        scopes: () => ({ required: this.options.scopes.required, granted: this.options.scopes.granted }),
      },
      session: {
        context: (execId) => ({ ...this.contextOf(execId) }),
      },
      mail: {
        send: (execId, [message]) => {
          if (this.flushed.delete(execId)) this.store.commitSync();
          return options.mail.send(message as Parameters<MailHost['send']>[0]);
        },
        remainingDailyQuota: () => options.mail.remainingDailyQuota(),
      },
      // "getProjectTriggers(): Gets all installable triggers associated with the current project and
      // current user" (ScriptApp reference): each user sees, creates and deletes only their own.
      triggers: {
        create: (execId, [handler, spec]) =>
          this.triggers.create(String(handler), spec as Parameters<TriggerHost['create']>[1], userOf(execId)),
        list: (execId) => this.triggers.list(userOf(execId)),
        delete: (execId, [uid]) => this.triggers.delete(String(uid), userOf(execId)),
      },
    };
  }

  /** The owner at the keyboard: what a run without a context (tests, the CLI) is. */
  get ownerContext(): ExecContext {
    return { mode: 'ui', activeUser: this.options.owner, effectiveUser: this.options.owner };
  }

  get owner(): string {
    return this.options.owner;
  }

  /** An execution starts: how it was started decides its users, its UI and its URL. */
  begin(execId: string, context: ExecContext): void {
    this.contexts.set(execId, context);
  }

  contextOf(execId: string): ExecContext {
    return this.contexts.get(execId) ?? this.ownerContext;
  }

  /**
   * ScriptApp.getService().getUrl(): "If you are running the development mode web app, this returns the
   * development mode url" (Service reference). Inside a request to /exec it is the /exec URL; from a
   * menu, the editor or a trigger Google may answer the /dev URL (which only editors can open), so the
   * local runtime always does there.
   */
  private serviceUrl(execId: string): string | null {
    const url = this.options.webAppUrl();
    if (!url) return null;
    return this.contextOf(execId).mode === 'webapp' ? url : url.replace(/\/exec$/, '/dev');
  }

  /** Serves one call of an execution; may answer with a promise (a lock being waited for). */
  handle(execId: string, service: string, method: string, args: unknown[]): unknown {
    const handler = Object.prototype.hasOwnProperty.call(this.services, service) ? this.services[service]![method] : undefined;
    if (!handler || !Object.prototype.hasOwnProperty.call(this.services[service], method)) {
      throw new Error(`No host service ${service}.${method}`);
    }
    const key = `${service}.${method}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    // The ops this call applies belong to this execution: if their write fails, its answer fails too.
    this.store.writer = execId;
    try {
      if (service !== 'sheets') return handler(execId, args);
      let usage = this.usage.get(execId);
      if (!usage) this.usage.set(execId, (usage = emptyUsage()));
      const before = { ...usage };
      this.sheets.meter = usage;
      try {
        const value = handler(execId, args);
        countTransfer(usage, method, args, value);
        return value;
      } finally {
        this.sheets.meter = null;
        this.cells.read += usage.read - before.read;
        this.cells.written += usage.written - before.written;
        this.cells.scanned += usage.scanned - before.scanned;
      }
    } finally {
      this.store.writer = null;
    }
  }

  /** The cells an execution has moved and scanned so far. */
  usageOf(execId: string): CellUsage {
    return { ...(this.usage.get(execId) ?? emptyUsage()) };
  }

  /** An execution ended (returned, threw or was stopped): its locks go, its dialogs and cell figures are handed over. */
  end(execId: string): { dialogs: ShownDialog[]; cells: CellUsage } {
    this.flushed.delete(execId);
    this.locks.releaseAll(execId);
    this.contexts.delete(execId);
    const cells = this.usageOf(execId);
    this.usage.delete(execId);
    return { dialogs: this.ui.takeDialogs(execId), cells };
  }
}

function emptyUsage(): CellUsage {
  return { read: 0, written: 0, scanned: 0 };
}

function gridSize(grid: unknown): number {
  return Array.isArray(grid) ? grid.reduce((n: number, line: unknown) => n + (Array.isArray(line) ? line.length : 0), 0) : 0;
}

/**
 * Cells transferred between the sheet and the script by one sheet call: what a read hands to the
 * script cell by cell (values, display values, formats, validations, styles) and what a write sends
 * cell by cell. Calls that move no cells (a sheet's size, a range's check, one format over a range)
 * count nothing; server-side searches count their scanned cells (SheetsHost.findText).
 * Why it matters: the Sheets API and Apps Script move every cell of a range in each read and write —
 * "using batch operations" (one getValues of the cells a job needs) is Google's first rule:
 * https://developers.google.com/apps-script/guides/support/best-practices#use_batch_operations
 */
function countTransfer(usage: CellUsage, method: string, args: unknown[], value: unknown): void {
  switch (method) {
    case 'getCells':
    case 'getDisplayValues':
    case 'getFormats':
    case 'getValidations':
    case 'getStyles':
      usage.read += gridSize(value);
      break;
    case 'dataRange':
      usage.read += gridSize((value as { cells?: unknown }).cells);
      break;
    case 'setValues':
    case 'setNumberFormats':
      usage.written += gridSize(args[3]);
      break;
    case 'appendRow':
      usage.written += Array.isArray(args[1]) ? args[1].length : 0;
      break;
    default:
      break;
  }
}
