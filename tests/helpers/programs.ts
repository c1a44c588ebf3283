// The programs a test file makes, closed after each test: `program()` a fresh one (runtime.ts's
// newProgram, quiet), `served()` the same with its web app on a local port, opened once so its /exec URL
// is the one in the links of its emails, `closeAfterTest` for a program made otherwise (seed.ts), and
// `closeNow` for a test that opens a program's data dir again.
import { afterEach } from 'vitest';
import type { RuntimeOptions } from '../../local/runtime';
import { WebAppServer } from '../../local/web/server';
import { newProgram, type TestProgram } from './runtime';

export interface ProgramsPerTest {
  program(options?: Partial<RuntimeOptions>): TestProgram;
  served(options?: Partial<RuntimeOptions>): Promise<{ p: TestProgram; server: WebAppServer }>;
  closeAfterTest<P extends TestProgram>(p: P): P;
  /** Closes a program and its server before the test ends (to open its data dir again). */
  closeNow(served: { p: TestProgram; server?: WebAppServer }): Promise<void>;
}

/** Call at the top of a test file: `defaults` are the options every program of the file starts from. */
export function programsPerTest(defaults: Partial<RuntimeOptions> = {}): ProgramsPerTest {
  const programs: TestProgram[] = [];
  const servers: WebAppServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    for (const p of programs.splice(0)) await p.rt.close();
  });
  const closeAfterTest = <P extends TestProgram>(p: P): P => {
    programs.push(p);
    return p;
  };
  const program = (options: Partial<RuntimeOptions> = {}) => closeAfterTest(newProgram({ log: () => {}, ...defaults, ...options }));
  const served = async (options: Partial<RuntimeOptions> = {}) => {
    const p = program(options);
    const server = new WebAppServer(p.rt, { port: 0, secret: 's', log: () => {} });
    await server.listen();
    await (await fetch(server.execUrl)).text(); // the deployment opened once: its /exec URL is known
    servers.push(server);
    return { p, server };
  };
  const closeNow = async ({ p, server }: { p: TestProgram; server?: WebAppServer }) => {
    if (server) {
      await server.close();
      servers.splice(servers.indexOf(server), 1);
    }
    await p.rt.close();
    programs.splice(programs.indexOf(p), 1);
  };
  return { program, served, closeAfterTest, closeNow };
}
