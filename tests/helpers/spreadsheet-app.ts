// The local SpreadsheetApp called directly over a runtime's host, as the bundle calls it in one execution,
// and the message a call to it throws (Sheets' own wording is what the tests compare).
import vm from 'node:vm';
import { realmOf } from '../../local/facade/realm';
import { makeSpreadsheetApp, type SpreadsheetAppFacade } from '../../local/facade/spreadsheet/app';
import type { Runtime } from '../../local/runtime';

/** SpreadsheetApp in a fresh vm realm, its calls counted under the execution `exec`. */
export function appOver(rt: Runtime, exec = 'test'): SpreadsheetAppFacade {
  const context = vm.createContext({});
  return makeSpreadsheetApp({ call: (service, method, args) => rt.host.handle(exec, service, method, args) }, realmOf(context));
}

/** The message `fn` throws; fails the test when it throws nothing. */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('did not throw');
}
