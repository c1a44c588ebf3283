#!/usr/bin/env node
// The `followthrough` command of the root package: the local runtime's CLI (local/cli/cli.ts), run
// through tsx so that it needs no separate compile step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../local/cli/cli.ts');
runCli(process.argv.slice(2));
