// `npx followthrough serve | run | invite | coaches | revoke | export` (PRODUCT.md, "Local runtime"), plus `start`,
// which `npm start` uses: seed the demo program on first run, then serve.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildAppsScript } from '../../apps-script/build';
import { runCoachesAction, type CoachesAction, type CoachListing } from './coaches';
import { lockOrServer, tryLockDataDir, type DataLock, type LockInfo } from '../store/datalock';
import { DEMO_FILE, seedDemo, type DemoInfo } from './demo';
import { openDialog } from '../editor';
import { exportXlsx } from './export';
import { Runtime } from '../runtime';
import { WebAppServer } from '../web/server';
import { writeFileAtomic } from '../store/files';
import { DataFormatError, hasWorkbook, readWorkbook } from '../store/read';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CODE_FILE = join(ROOT, 'dist', 'apps-script', 'Code.js');
const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
const DEFAULT_PORT = 8787;
/** Where serve keeps the program's web app URL, for links made while it does not run. */
const PROGRAM_FILE = 'program.json';

/** The program's own web app URL: the one serve last ran at, else the one it would run at. */
function programUrl(dataDir: string, port: number): string {
  try {
    const { webAppUrl } = JSON.parse(readFileSync(join(dataDir, PROGRAM_FILE), 'utf8')) as { webAppUrl?: unknown };
    if (typeof webAppUrl === 'string' && /^http:\/\/127\.0\.0\.1:\d+\/exec$/.test(webAppUrl)) return webAppUrl;
  } catch {
    // never served: the URL serve would use
  }
  return `http://127.0.0.1:${port}/exec`;
}

const USAGE = `Usage: followthrough <command> [options]
Commands:
  serve [--port ${DEFAULT_PORT}] [--data ./data]      run the add-on as a web app on 127.0.0.1 (/exec) and the sheet host page (/)
  start [--port ${DEFAULT_PORT}] [--data ./data]      what npm start runs: seed the demo program on first run, then serve
  run <globalFunction> [--as EMAIL] [--data DIR]
                                              call one global of the bundle once, as the script editor's Run does,
                                              as the owner or the editor EMAIL (e.g. run runReminders)
  invite --name N --email E [--role coach|leader|admin] [--data DIR] [--port ${DEFAULT_PORT}]
                                              add a coach and print the connection code (alone on the last line)
  coaches [--data DIR]                        list the program's coaches (active and revoked)
  revoke <email> [--leave-clients] [--data DIR]
                                              revoke a coach: their connection code stops working at once
                                              (refused while they coach clients not closed, unless --leave-clients)
  export <file.xlsx> [--data DIR]             write the workbook as a .xlsx (also while serve runs)
  help                                        this text (also --help, -h)
Options:
  --port N    serve, start: the port on 127.0.0.1 (0 picks a free one); default ${DEFAULT_PORT}
  --as EMAIL  run: who is at the keyboard (an editor of the sheet); default the owner
  --data DIR  the data dir (workbook, journal, mail); default ./data
  --name N, --email E, --role R
              invite: the coach's name, email and role (coach, leader or admin; default coach)
  --repair    serve, start, run, invite, coaches, revoke: open a data dir whose journal is damaged before
              its end: keep every readable record, set the damaged bytes aside in
              <data>/journal.damaged-*.log (the journal as it was is kept too)
While serve runs, run, invite, coaches and revoke go through it; links and codes always use the web
app URL serve last ran at (kept in <data>/${PROGRAM_FILE}).
Environment:
  FOLLOWTHROUGH_NOW=<ISO time>  the bundle's clock for serve and run (refused by run while serve runs:
                                the running server keeps its own clock)
  SMTP_URL=smtp://host:port     send mail through this server; else <data>/outbox/*.eml`;

/** What `invite` and `run` do on the data dir: one global, as a person at the sheet. */
interface SheetCall {
  fn: string;
  args: unknown[];
  /** Who is at the keyboard; the owner when not given. */
  as?: string;
  /** A menu item that opens the dialog whose capability the call needs (e.g. showInviteDialog). */
  dialog?: string;
}

class UsageError extends Error {}

function clockFromEnv(): Date | undefined {
  const value = process.env.FOLLOWTHROUGH_NOW;
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`FOLLOWTHROUGH_NOW is not an ISO time: ${value}`);
  return date;
}

async function ensureBundle(): Promise<void> {
  if (!existsSync(CODE_FILE)) await buildAppsScript();
}

function portOf(value: string | undefined): number {
  const port = Number(value ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Not a port: ${value}`);
  return port;
}

let repair = false;

function openRuntime(dataDir: string, webAppUrl: string): Runtime {
  const now = clockFromEnv();
  const smtpUrl = process.env.SMTP_URL;
  try {
    return new Runtime({
      dataDir,
      codeFile: CODE_FILE,
      webAppUrl,
      ...(now ? { now } : {}),
      ...(smtpUrl ? { smtpUrl } : {}),
      ...(repair ? { repair } : {}),
    });
  } catch (err) {
    // A newer data format, a damaged snapshot or journal: the message says what to do.
    throw err instanceof DataFormatError ? new UsageError(err.message) : err;
  }
}

/** Calls a global through the server that owns the data dir. */
async function callServer(owner: LockInfo, call: SheetCall | CoachesAction): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${owner.port}/__host/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-followthrough-secret': owner.secret ?? '' },
    body: JSON.stringify(call),
  });
  const answer = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
  if (!answer.ok) throw new Error(answer.error);
  return answer.result;
}

/** Runs one global on the data dir: through its server if one runs, else in this process. */
async function callOnDataDir(dataDir: string, port: number, call: SheetCall): Promise<unknown> {
  await ensureBundle();
  if (call.fn.endsWith('_')) throw new UsageError(`${call.fn} is private (its name ends in "_"): only the add-on's own code calls it.`);
  const owner = await lockOrServer(dataDir);
  if (!('release' in owner)) {
    if (process.env.FOLLOWTHROUGH_NOW) {
      throw new UsageError(
        `FOLLOWTHROUGH_NOW is set, but ${dataDir} is served by process ${owner.pid}, whose clock is its own: the call was not made. ` +
          'Stop serve to run with FOLLOWTHROUGH_NOW, or start serve with it.',
      );
    }
    return callServer(owner, call);
  }
  let runtime: Runtime | null = null;
  try {
    const fresh = !hasWorkbook(dataDir);
    runtime = openRuntime(dataDir, programUrl(dataDir, port));
    const person = runtime.asUser(call.as ?? runtime.owner);
    if (fresh) runtime.callIn(runtime.asUser(), 'setupSheet');
    const capability = call.dialog ? [openDialog(runtime, call.dialog, person)] : [];
    return runtime.callIn(person, call.fn, ...capability, ...call.args);
  } finally {
    await runtime?.close();
    owner.release();
  }
}

/** `coaches` and `revoke` on the data dir: through its server if one runs, else in this process. */
async function coachesOnDataDir(dataDir: string, port: number, action: CoachesAction): Promise<unknown> {
  await ensureBundle();
  const owner = await lockOrServer(dataDir);
  if (!('release' in owner)) return callServer(owner, action);
  let runtime: Runtime | null = null;
  try {
    if (!hasWorkbook(dataDir)) throw new UsageError(`No workbook in ${dataDir}: run serve or start first.`);
    runtime = openRuntime(dataDir, programUrl(dataDir, port));
    return runCoachesAction(runtime, action);
  } finally {
    await runtime?.close();
    owner.release();
  }
}

async function serve(dataDir: string, port: number, seed: boolean): Promise<void> {
  await ensureBundle();
  const lock = tryLockDataDir(dataDir);
  if (!('release' in lock)) {
    throw new UsageError(
      `${dataDir} is already being served by process ${lock.pid}${lock.port ? ` at http://127.0.0.1:${lock.port}/` : ''}.`,
    );
  }
  const fresh = !hasWorkbook(dataDir);
  let runtime: Runtime;
  try {
    runtime = openRuntime(dataDir, `http://127.0.0.1:${port}/exec`);
  } catch (err) {
    lock.release();
    throw err;
  }
  const server = new WebAppServer(runtime, { port, secret: lock.info.secret! });
  try {
    await server.listen();
  } catch (err) {
    lock.release();
    throw new UsageError(`Cannot listen on 127.0.0.1:${port}: ${(err as Error).message}. Use --port.`);
  }
  lock.update({ port: server.port });
  // As `npm run deploy` does on Google: open the deployment's /exec URL once, so the add-on knows the
  // address it puts into connection codes and links (a request that reaches /exec shows it).
  await fetch(server.execUrl)
    .then((res) => res.text())
    .catch((err: unknown) => console.error(`Could not open ${server.execUrl}: ${String(err)}`));
  // Links and codes made while serve does not run use this URL (0600, as every file of the data dir).
  writeFileAtomic(join(dataDir, PROGRAM_FILE), JSON.stringify({ webAppUrl: server.execUrl }));
  let demo: DemoInfo | null = null;
  if (seed && fresh) demo = await seedDemo(runtime, dataDir);
  else if (fresh) runtime.call('setupSheet');
  if (seed && !demo && existsSync(join(dataDir, DEMO_FILE))) demo = JSON.parse(readFileSync(join(dataDir, DEMO_FILE), 'utf8')) as DemoInfo;
  runtime.startBackground();
  stopOnSignals(server, runtime, lock);

  console.log(`FollowThrough local runtime (data: ${dataDir})`);
  console.log(`  Sheet host (tabs, add-on menu): ${server.hostUrl}`);
  console.log(`  Web app (capture endpoint):     ${server.execUrl}`);
  if (seed) {
    console.log(`  Unpacked extension to load:     ${EXTENSION_DIR}`);
    if (demo) {
      console.log('  Demo program: a quarter of coaching — 3 coaches and a leader, 24 clients, 12 weeks of sessions;');
      console.log(`  open ${server.hostUrl}?tab=Dashboard to see what a leader sees.`);
      console.log(`  Demo leader Lee Park's connection code: ${demo.leaderCode}`);
      if (demo.coachRecoveryCode) {
        console.log(
          `  Ana's confidential-notes recovery code (options › Confidential notes key › Import, to read her confidential session):`,
        );
        console.log(`  ${demo.coachRecoveryCode}`);
      }
      console.log(`  Demo coach Ana Rivera — paste this connection code into the extension's options:`);
      console.log(demo.coachCode);
    }
  }
  console.log('Press Ctrl+C to stop.');
}

function stopOnSignals(server: WebAppServer, runtime: Runtime, lock: DataLock): void {
  const stop = () => {
    void server
      .close()
      .then(() => runtime.close())
      .finally(() => {
        lock.release();
        process.exit(0);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (
    command === undefined ||
    command === 'help' ||
    command === '--help' ||
    command === '-h' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    console.log(USAGE);
    return;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        as: { type: 'string' },
        repair: { type: 'boolean' },
        'leave-clients': { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  repair = values.repair ?? false;
  const dataDir = resolve(values.data ?? 'data');
  const port = portOf(values.port);
  switch (command) {
    case 'serve':
      return serve(dataDir, port, false);
    case 'start':
      return serve(dataDir, port, true);
    case 'run': {
      const fn = positionals[0];
      if (!fn) throw new UsageError('run needs the name of a global function, e.g. run setupSheet');
      const result = await callOnDataDir(dataDir, port, { fn, args: [], ...(values.as ? { as: values.as } : {}) });
      if (result !== undefined && result !== null) console.log(JSON.stringify(result, null, 2));
      return;
    }
    case 'invite': {
      if (!values.name || !values.email) throw new UsageError('invite needs --name and --email');
      const invitation = (await callOnDataDir(dataDir, port, {
        fn: 'inviteCoach',
        dialog: 'showInviteDialog',
        args: [values.name, values.email, values.role ?? 'coach'],
      })) as {
        coachId: string;
        code: string;
      };
      console.log(`Invited ${values.name} <${values.email}> as ${values.role ?? 'coach'} (${invitation.coachId}).`);
      console.log('Connection code (paste it into the extension’s options):');
      console.log(invitation.code);
      return;
    }
    case 'coaches': {
      const coaches = (await coachesOnDataDir(dataDir, port, { action: 'coaches' })) as CoachListing[];
      if (!coaches.length) {
        console.log('No coaches yet: add one with followthrough invite --name N --email E.');
        return;
      }
      const rows = [
        ['name', 'email', 'role', 'status', 'since', 'id'],
        ...coaches.map((c) => [c.name, c.email, c.role, c.active ? 'active' : 'revoked', c.created_at.slice(0, 10), c.coach_id]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows)
        console.log(
          r
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        );
      return;
    }
    case 'revoke': {
      const email = positionals[0];
      if (!email) throw new UsageError('revoke needs the coach’s email, e.g. revoke ana@example.org');
      const wanted = email.trim().toLowerCase();
      const coaches = ((await coachesOnDataDir(dataDir, port, { action: 'coaches' })) as CoachListing[]).filter(
        (c) => c.email.trim().toLowerCase() === wanted,
      );
      if (!coaches.length) throw new UsageError(`No coach has the email ${email}.`);
      const active = coaches.filter((c) => c.active);
      if (!active.length) throw new UsageError(`${email} is already revoked.`);
      for (const coach of active) {
        // The add-on's own call behind "Hand over clients or revoke a coach…", as an admin at the sheet.
        const result = (await callOnDataDir(dataDir, port, {
          fn: 'revokeCoach',
          dialog: 'showHandoverDialog',
          args: [coach.coach_id, values['leave-clients'] === true],
        })) as {
          revoked: boolean;
          name: string;
          clients: Array<{ label: string }>;
        };
        if (!result.revoked) {
          throw new UsageError(
            `${result.name} still coaches ${result.clients.length} ${result.clients.length === 1 ? 'client' : 'clients'} not closed (${result.clients.map((c) => c.label).join(', ')}): ` +
              'hand them over first (the sheet’s menu: Hand over clients or revoke a coach…), or revoke with --leave-clients. Nothing was changed.',
          );
        }
        console.log(`Revoked ${result.name} <${coach.email}> (${coach.coach_id}): their connection code no longer works.`);
      }
      return;
    }
    case 'export': {
      const file = positionals[0];
      if (!file) throw new UsageError('export needs a file name, e.g. export program.xlsx');
      if (!hasWorkbook(dataDir)) throw new UsageError(`No workbook in ${dataDir}: run serve or start first.`);
      const data = readWorkbook(dataDir);
      await exportXlsx(data, resolve(file));
      console.log(`Wrote ${resolve(file)} (${data.sheets.length} tabs).`);
      return;
    }
    default:
      throw new UsageError(command ? `Unknown command: ${command}\n\n${USAGE}` : USAGE);
  }
}

/** Runs the CLI; exits 2 on a usage error, 1 on any other failure. */
export function runCli(argv: string[]): void {
  main(argv).catch((err: unknown) => {
    console.error(err instanceof UsageError ? err.message : ((err as Error)?.stack ?? String(err)));
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) runCli(process.argv.slice(2));
