// The lint rules that encode the architecture: each world imports only what it may. Lints small
// sources as if they sat in each world's folder (ESLint's API with the project's eslint.config.js).
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<[file: string, importPath: string, allowed: boolean]> = [
  ['shared/x.ts', './schema', true],
  ['shared/x.ts', 'valibot', true],
  ['shared/x.ts', '../local/web/server', false],
  ['shared/x.ts', '../apps-script/src/sheet', false],
  ['shared/x.ts', '../extension/lib/storage', false],
  ['shared/x.ts', '../tests/helpers/rows', false],
  ['shared/x.ts', 'node:fs', false],
  ['shared/x.ts', 'wxt/browser', false],
  ['apps-script/src/x.ts', '../../shared/schema', true],
  ['apps-script/src/ops/x.ts', '../sheet', true],
  ['apps-script/src/x.ts', '../../extension/lib/storage', false],
  ['apps-script/src/x.ts', '../../local/host/mail', false],
  ['apps-script/src/x.ts', 'node:crypto', false],
  ['extension/lib/x.ts', '../../shared/api', true],
  ['extension/lib/x.ts', '../../apps-script/src/webapp', false],
  ['extension/components/X.tsx', '../../apps-script/src/sheet', false],
  ['extension/lib/x.ts', '../../local/runtime', false],
  ['local/x.ts', '../shared/schema', true],
  ['local/x.ts', '../apps-script/build', true],
  ['local/host/x.ts', '../../apps-script/src/sheet', false],
  ['local/x.ts', '../extension/lib/storage', false],
  ['local/x.ts', '../extension/lib/note-crypto', false],
  // The one allowance: the demo seals its confidential session with the extension's own crypto.
  ['local/cli/demo.ts', '../../extension/lib/note-crypto', true],
  ['local/cli/demo.ts', '../../extension/lib/storage', false],
  ['local/cli/demo.ts', '../../extension/lib/note-crypto-extra', false],
  ['local/cli/demo.ts', '../../apps-script/src/sheet', false],
  ['local/cli/demo.ts', '../../tests/helpers/rows', false],
  ['tests/local/x.test.ts', '../../apps-script/src/sheet', true],
];

describe('one way to lock and to send in the add-on', () => {
  const restricted = async (file: string, source: string) => {
    const [result] = await eslint.lintText(source, { filePath: join(root, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-properties').length;
  };
  it('refuses a raw script lock or MailApp.sendEmail outside services.ts', async () => {
    expect(await restricted('apps-script/src/x.ts', 'export const l = LockService.getScriptLock();\n')).toBe(1);
    expect(await restricted('apps-script/src/ops/x.ts', "MailApp.sendEmail({ to: 'a@b.co', subject: 's', body: 'b' });\n")).toBe(1);
    expect(await restricted('apps-script/src/services.ts', 'export const l = LockService.getScriptLock();\n')).toBe(0);
    expect(await restricted('apps-script/src/x.ts', 'export const q = MailApp.getRemainingDailyQuota();\n')).toBe(0);
  });
});

describe('import boundaries between the worlds', () => {
  for (const [file, importPath, allowed] of cases) {
    it(`${file} ${allowed ? 'may' : 'may not'} import ${importPath}`, async () => {
      const errors = await importErrors(file, `import { x } from '${importPath}';\nexport const y = x;\n`);
      if (allowed) expect(errors).toEqual([]);
      else expect(errors.length).toBe(1);
    });
  }
});
