// `npm test`: builds the bundle and the extension, type-checks and lints every world, runs every test (unit, bundle, local runtime,
// extension, browser end to end) with vitest, and ends with the plain line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const report = join(root, 'test-results', 'vitest.json');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

if (!process.argv.includes('--no-build')) {
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('0 passed, 1 failed');
    console.error('The build failed; no test ran.');
    process.exit(1);
  }
}

// Strict TypeScript in every world (Node side, shared/, the add-on, the extension) is part of the test.
const typecheck = spawnSync(npm, ['run', '--silent', 'typecheck'], { cwd: root, stdio: 'inherit' });
const typeErrors = typecheck.status === 0 ? 0 : 1;
if (typeErrors) console.error('Type check failed.');

// ESLint: correctness rules and the import boundaries between the worlds (eslint.config.js); Prettier:
// one format for the whole tree (.prettierrc.json; HTML templates and Markdown are left as written).
const lint = spawnSync(npm, ['run', '--silent', 'lint'], { cwd: root, stdio: 'inherit' });
const lintErrors = lint.status === 0 ? 0 : 1;
if (lintErrors) console.error('Lint failed.');

mkdirSync(join(root, 'test-results'), { recursive: true });
rmSync(report, { force: true });
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const run = spawnSync(npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...filters], {
  cwd: root,
  stdio: 'inherit',
});

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTests: number;
    success: boolean;
  };
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  // A suite that failed to load has no failed test of its own: count it as one.
  if (!results.success && failed === 0) failed = 1;
} catch {
  failed = Math.max(failed, 1);
}
if (run.status !== 0 && failed === 0) failed = 1;
failed += typeErrors + lintErrors;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && run.status === 0 ? 0 : 1);
