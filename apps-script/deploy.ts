// `npm run deploy`: the one way the program's sheet gets a new version of the add-on. The script is bound
// to the sheet (distributed as a template spreadsheet: File › Make a copy copies it), so this
//   1. bundles dist/apps-script/ (Code.js, the dialogs, appsscript.json),
//   2. `clasp push --force` sends it to the bound script (.clasp.json: scriptId, rootDir),
//   3. `clasp deploy --deploymentId <id>` updates the existing web-app deployment, so its /exec URL —
//      inside every connection code and email link — never changes (a new deployment would get a new
//      URL; the first run, with no id yet, creates the deployment and keeps its id in .deployment.json),
//   4. opens `<exec>?page=health` once, so the script learns its /exec address from a request that
//      reached it, and checks that the web app answers JSON and reaches the sheet.
// Needs your Google login (`npx clasp login`); never run in CI.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAppsScript } from './build';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLASP_FILE = join(root, '.clasp.json');
const DEPLOYMENT_FILE = join(root, '.deployment.json');

function clasp(args: string[]): string {
  const result = spawnSync('npx', ['clasp', ...args], { cwd: root, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`clasp ${args.join(' ')} failed:\n${output}`);
  return output;
}

/** The deployment id in clasp's answer ("Deployed AKfy… @12"). */
export function deploymentIdOf(output: string): string | null {
  return /Deployed\s+([A-Za-z0-9_-]{20,})/.exec(output)?.[1] ?? null;
}

export function execUrlFor(deploymentId: string): string {
  return `https://script.google.com/macros/s/${deploymentId}/exec`;
}

async function main(): Promise<void> {
  if (!existsSync(CLASP_FILE)) {
    throw new Error(
      'No .clasp.json: create it with the bound script\'s id, {"scriptId": "…", "rootDir": "dist/apps-script"} (README, "Put the add-on into a real Google Sheet").',
    );
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  await buildAppsScript();
  console.log(clasp(['push', '--force']).trim());
  const saved = existsSync(DEPLOYMENT_FILE) ? (JSON.parse(readFileSync(DEPLOYMENT_FILE, 'utf8')) as { deploymentId?: string }) : {};
  const description = `FollowThrough ${pkg.version}`;
  let deploymentId = saved.deploymentId;
  if (deploymentId) {
    console.log(clasp(['deploy', '--deploymentId', deploymentId, '--description', description]).trim());
  } else {
    const output = clasp(['deploy', '--description', description]);
    console.log(output.trim());
    deploymentId = deploymentIdOf(output) ?? undefined;
    if (!deploymentId)
      throw new Error(
        'clasp did not name the new deployment; find its id in Deploy › Manage deployments and put it in .deployment.json as {"deploymentId": "…"}.',
      );
    writeFileSync(DEPLOYMENT_FILE, `${JSON.stringify({ deploymentId }, null, 2)}\n`);
    console.log(`New web-app deployment ${deploymentId}, kept in .deployment.json: later deploys update it, so its URL stays.`);
  }
  const url = execUrlFor(deploymentId);
  const health = await fetch(`${url}?page=health`)
    .then((r) => r.json() as Promise<{ ok?: boolean; spreadsheet?: boolean; version?: string }>)
    .catch(() => null);
  if (!health?.ok) {
    console.log(
      `${url} did not answer with JSON. In the script editor, check Deploy › Manage deployments: the web app must execute as you, with access for Anyone. Then run npm run deploy again.`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(
    `Web app ${url} answers (version ${health.version})${health.spreadsheet ? ' and reaches the sheet' : ', but cannot reach the sheet: deploy from the script bound to it'}.`,
  );
  console.log('Open FollowThrough › Check deployment… in the sheet to check permissions, triggers and email addresses.');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
