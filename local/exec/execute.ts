// One execution of the bundle, as Apps Script runs one: a fresh global scope holding only ECMAScript
// built-ins and the Apps Script services (no process, require, fetch, setTimeout, TextEncoder…), the
// bundle evaluated into it, one global function called, its result made transferable.
import { dirname } from 'node:path';
import vm from 'node:vm';
import type { Channel } from './channel';
import { LocalHtmlOutput, makeHtmlService } from '../facade/html';
import { realmOf } from '../facade/realm';
import {
  ContentService,
  LocalTextOutput,
  makeCacheService,
  makeConsole,
  makeLockService,
  makeMailApp,
  makePropertiesService,
  makeScriptApp,
  makeSession,
  makeUtilities,
} from '../facade/services';
import { Charts } from '../facade/charts';
import { editEvent, makeSpreadsheetApp, type EditSpec, type SpreadsheetAppFacade } from '../facade/spreadsheet/app';

export interface BundleEnv {
  codeFile: string;
  code: string;
  /** appsscript.json's timeZone: Session.getScriptTimeZone(). */
  scriptTimeZone: string;
  /** FOLLOWTHROUGH_NOW, as an offset from the real clock (ms); 0 for the real time. */
  clockOffsetMs: number;
  /** Apps Script ends an execution after 6 minutes. */
  timeLimitMs: number;
}

export type ExecValue =
  | { kind: 'void' }
  | { kind: 'text'; content: string; mimeType: string; fileName?: string }
  | { kind: 'html'; content: string; title: string; metaTags: Array<{ name: string; content: string }> }
  | { kind: 'json'; value: unknown };

export type ExecResult =
  { ok: true; value: ExecValue; logs: string[] } | { ok: false; error: { name: string; message: string; stack?: string }; logs: string[] };

export const TIME_LIMIT_MESSAGE = 'Exceeded maximum execution time';

/**
 * A simple trigger fired by the sheet host for a person's action. Its event object holds Apps Script
 * objects (a Range, the Spreadsheet), so it is built inside the execution, never taken from arguments:
 * a call through google.script.run carries plain data only and cannot forge one.
 */
export type TriggerSpec = { kind: 'edit'; edit: EditSpec };

/**
 * Simple triggers "cannot run for longer than 30 seconds" and run in AuthMode.LIMITED
 * (https://developers.google.com/apps-script/guides/triggers#restrictions).
 */
export const SIMPLE_TRIGGER_LIMIT_MS = 30_000;

const scripts = new Map<string, vm.Script>();
function compiled(env: BundleEnv): vm.Script {
  let script = scripts.get(env.codeFile);
  if (!script) {
    script = new vm.Script(env.code, { filename: 'Code.js' });
    scripts.set(env.codeFile, script);
  }
  return script;
}

/** Replaces the bundle's Date so that `new Date()` and Date.now() run `offsetMs` ahead of the real clock. */
function shiftClock(context: vm.Context, offsetMs: number): void {
  vm.runInContext(
    `(() => {
      const RealDate = Date;
      const offset = ${offsetMs};
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

function describeError(err: unknown): { name: string; message: string; stack?: string } {
  // Errors thrown by the bundle belong to its realm: read them by shape.
  if (err && typeof err === 'object' && 'message' in err) {
    const e = err as { name?: unknown; message: unknown; stack?: unknown; code?: unknown };
    if (e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { name: 'Exception', message: TIME_LIMIT_MESSAGE };
    return { name: String(e.name ?? 'Error'), message: String(e.message), ...(e.stack ? { stack: String(e.stack) } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

function transferable(value: unknown): ExecValue {
  if (value === undefined) return { kind: 'void' };
  if (value instanceof LocalTextOutput) {
    const fileName = value.getFileName();
    return { kind: 'text', content: value.getContent(), mimeType: value.getMimeType(), ...(fileName !== null ? { fileName } : {}) };
  }
  if (value instanceof LocalHtmlOutput)
    return { kind: 'html', content: value.getContent(), title: value.getTitle(), metaTags: value.getMetaTags() };
  // A plain value of the bundle's realm: JSON is what google.script.run would hand over.
  return { kind: 'json', value: JSON.parse(JSON.stringify(value)) as unknown };
}

/** The globals of a fresh execution scope. */
function globalsFor(env: BundleEnv, channel: Channel, context: vm.Context, logs: string[]): Record<string, unknown> {
  const realm = realmOf(context);
  const scriptTimeZone = () => env.scriptTimeZone;
  const runInScope = (code: string) => vm.runInContext(code, context, { timeout: env.timeLimitMs });
  return {
    SpreadsheetApp: makeSpreadsheetApp(channel, realm),
    Charts,
    ContentService,
    HtmlService: makeHtmlService(dirname(env.codeFile), runInScope),
    MailApp: makeMailApp(channel),
    LockService: makeLockService(channel),
    PropertiesService: makePropertiesService(channel, realm),
    CacheService: makeCacheService(channel),
    ScriptApp: makeScriptApp(channel, realm),
    Utilities: makeUtilities(realm),
    Session: makeSession(scriptTimeZone, channel),
    console: makeConsole((line) => logs.push(line)),
    Logger: { log: (...args: unknown[]) => logs.push(args.map(String).join(' ')) },
  };
}

/** Runs global function `name` of the bundle with `args` (plain data), or as `trigger` fires it, in a fresh scope. */
export function execute(env: BundleEnv, channel: Channel, name: string, args: unknown[], trigger?: TriggerSpec): ExecResult {
  const logs: string[] = [];
  if (trigger) env = { ...env, timeLimitMs: Math.min(env.timeLimitMs, SIMPLE_TRIGGER_LIMIT_MS) };
  try {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`Script function not found: ${name}`);
    const context = vm.createContext({}, { name: 'apps-script' });
    if (env.clockOffsetMs) shiftClock(context, env.clockOffsetMs);
    Object.assign(context, globalsFor(env, channel, context, logs));
    compiled(env).runInContext(context, { timeout: env.timeLimitMs });
    if (typeof context[name] !== 'function') throw new Error(`Script function not found: ${name}`);
    let value: unknown;
    if (trigger) {
      const authMode = (context.ScriptApp as { AuthMode: Record<string, unknown> }).AuthMode.LIMITED;
      const event = editEvent(context.SpreadsheetApp as SpreadsheetAppFacade, authMode, trigger.edit);
      context.__ftEvent = event;
      value = vm.runInContext(`${name}(globalThis.__ftEvent)`, context, { timeout: env.timeLimitMs });
    } else {
      // Arguments arrive as plain data; JSON inside the realm makes them the bundle's own objects.
      context.__ftArgs = JSON.stringify(args ?? []);
      value = vm.runInContext(`${name}(...JSON.parse(globalThis.__ftArgs))`, context, { timeout: env.timeLimitMs });
    }
    return { ok: true, value: transferable(value), logs };
  } catch (err) {
    return { ok: false, error: describeError(err), logs };
  }
}

/** The global functions the bundle exposes (top-level function declarations). */
export function globalsOf(env: BundleEnv): string[] {
  const context = vm.createContext({});
  compiled(env).runInContext(context, { timeout: 10_000 });
  return Object.keys(context).filter((k) => typeof context[k] === 'function');
}
