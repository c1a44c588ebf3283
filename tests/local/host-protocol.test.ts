// The facade↔host seam: one table (local/host/sheets/api.ts) names every sheet method an execution may
// call. These tests check the table against the host class and that the host refuses anything else —
// the host's own helpers for the sheet host page (a person's edit) are not reachable from the bundle.
import { afterEach, describe, expect, it } from 'vitest';
import { SheetsHost } from '../../local/host/sheets/sheets';
import { SHEETS_METHOD_NAMES, SHEETS_METHODS } from '../../local/host/sheets/api';
import { newProgram, type TestProgram } from '../helpers/runtime';

let p: TestProgram | undefined;
afterEach(async () => {
  await p?.rt.close();
  p = undefined;
});

describe('sheet host protocol', () => {
  it('lists only methods the sheet host has, each with its kind', () => {
    for (const name of SHEETS_METHOD_NAMES) {
      expect(typeof (SheetsHost.prototype as unknown as Record<string, unknown>)[name], name).toBe('function');
      expect(['read', 'write', 'grid']).toContain(SHEETS_METHODS[name]);
    }
  });

  it('refuses a sheet method outside the table, such as the host page’s edit of a cell', () => {
    p = newProgram();
    expect(() => p!.rt.host.handle('exec-test', 'sheets', 'userEdit', [1, 2, 1, 'x', 'someone@example.com', true])).toThrow(
      /No host service sheets\.userEdit/,
    );
    expect(() => p!.rt.host.handle('exec-test', 'sheets', 'constructor', [])).toThrow(/No host service/);
    expect(p.rt.host.handle('exec-test', 'sheets', 'spreadsheet', [])).toMatchObject({ timeZone: expect.any(String) });
  });
});
