// Runs dist/apps-script/Code.js — the file `clasp push` sends — in a Node vm context that holds only
// ECMAScript built-ins and local Apps Script services. Nothing of Node (process, require, fetch,
// setTimeout, TextEncoder…) is reachable from the bundle.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import vm from 'node:vm';
import { LocalSpreadsheetApp, type MenuRecord } from './gas/spreadsheet';
import { makeHtmlService } from './gas/html';
import { realmOf } from './gas/realm';
import { ContentService, makeConsole, makeLockService, makeScriptApp, makeSession, makeUtilities } from './gas/services';
import { loadWorkbook, newWorkbook, saveWorkbook, type WorkbookData } from './workbook';

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
  log?: (line: string) => void;
}

export class Runtime {
  readonly data: WorkbookData;
  readonly spreadsheetApp: LocalSpreadsheetApp;
  private readonly context: vm.Context;
  private dirty = false;
  webAppUrl: string | null;

  constructor(private readonly options: RuntimeOptions) {
    this.webAppUrl = options.webAppUrl ?? null;
    const existing = loadWorkbook(options.dataDir);
    this.data = existing ?? newWorkbook(options.sheetName ?? 'FollowThrough program', options.timeZone ?? 'America/New_York');
    if (!existing) this.dirty = true;

    this.context = vm.createContext({}, { name: 'apps-script', codeGeneration: { strings: false, wasm: false } });
    if (options.now) shiftClock(this.context, options.now);
    const realm = realmOf(this.context);
    const timeZone = () => this.data.timeZone;
    this.spreadsheetApp = new LocalSpreadsheetApp(this.data, realm, () => {
      this.dirty = true;
    });
    const services: Record<string, unknown> = {
      SpreadsheetApp: this.spreadsheetApp,
      ContentService,
      HtmlService: makeHtmlService(dirname(options.codeFile)),
      LockService: makeLockService(),
      Utilities: makeUtilities(realm, timeZone),
      ScriptApp: makeScriptApp(() => this.webAppUrl),
      Session: makeSession(timeZone),
      console: makeConsole(options.log ?? ((line) => process.stderr.write(`${line}\n`))),
    };
    Object.assign(this.context, services);
    vm.runInContext(readFileSync(options.codeFile, 'utf8'), this.context, { filename: 'Code.js', timeout: 10_000 });
  }

  /** The globals (top-level functions) the bundle exposes. */
  globals(): string[] {
    return vm.runInContext('Object.keys(globalThis).filter((k) => typeof globalThis[k] === "function")', this.context) as string[];
  }

  get menus(): MenuRecord[] {
    return this.spreadsheetApp.menus;
  }

  /**
   * Calls one global by name, as a trigger, a menu or the web app would, and saves the workbook if the
   * call changed it. An execution that runs past the time limit ends with Apps Script's error.
   */
  call(name: string, ...args: unknown[]): unknown {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || !this.globals().includes(name)) {
      throw new Error(`Script function not found: ${name}`);
    }
    this.context.__ftArgs = args;
    try {
      return vm.runInContext(`${name}(...globalThis.__ftArgs)`, this.context, {
        timeout: this.options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS,
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new Error('Exceeded maximum execution time');
      }
      throw err;
    } finally {
      delete this.context.__ftArgs;
      this.save();
    }
  }

  save(): void {
    if (!this.dirty) return;
    saveWorkbook(this.options.dataDir, this.data);
    this.dirty = false;
  }
}

/** Replaces the bundle's Date so that `new Date()` and Date.now() start at `now` and keep running. */
function shiftClock(context: vm.Context, now: Date): void {
  vm.runInContext(
    `(() => {
      const RealDate = Date;
      const offset = ${now.getTime()} - RealDate.now();
      function FtDate(...args) {
        if (!new.target) return new RealDate(RealDate.now() + offset).toString();
        return args.length === 0 ? new RealDate(RealDate.now() + offset) : new RealDate(...args);
      }
      FtDate.prototype = RealDate.prototype;
      FtDate.now = () => RealDate.now() + offset;
      FtDate.parse = RealDate.parse;
      FtDate.UTC = RealDate.UTC;
      Object.defineProperty(RealDate.prototype, 'constructor', { value: FtDate, writable: true, configurable: true });
      globalThis.Date = FtDate;
    })()`,
    context,
  );
}
