// What the sheet's script understands (`hello.server`), and keeping the extension within it: a request
// never carries an op or field the script lacks (PRODUCT.md: an unknown field is refused, never
// ignored — and a script from before capabilities would have dropped it silently). The coach is told
// in plain words that the sheet's script needs updating.
import { capabilitiesOf, LEGACY_CAPABILITIES, unsupportedFields, type Capabilities, type HelloAnswer } from '../../shared/api';

/** What the stored connection knows about the script behind it. */
export interface ServerInfo {
  version: string;
  capabilities: Capabilities;
  /** Epoch ms of the `hello` that told it. */
  checkedAt: number;
}

/** The server part of a `hello` answer; a script that names no capabilities understands the first version's. */
export function serverInfo(answer: { server?: Partial<HelloAnswer['server']> }, now: number): ServerInfo {
  const server = answer.server;
  const capabilities =
    server?.capabilities && typeof server.capabilities === 'object' && server.capabilities.ops ? server.capabilities : LEGACY_CAPABILITIES;
  return { version: String(server?.version ?? 'unknown'), capabilities, checkedAt: now };
}

/** The ops and fields this extension can send that the script does not understand. */
export function missingFeatures(server: ServerInfo): string[] {
  const ours = capabilitiesOf();
  const missing: string[] = [];
  for (const [op, fields] of Object.entries(ours.ops)) {
    const theirs = server.capabilities.ops[op];
    if (!theirs) {
      missing.push(op);
      continue;
    }
    for (const field of fields) if (!theirs.includes(field)) missing.push(`${op}: ${field}`);
  }
  return missing;
}

/** The sentence the coach reads when the script is older than the extension. */
export function updateMessage(server: ServerInfo, missing: readonly string[]): string {
  return `The program sheet's FollowThrough script (version ${server.version}) is older than this extension and cannot save ${missing.join(', ')}. Ask your program admin to update the sheet's script; until then those are kept here and not sent.`;
}

/** A request held back because the script would not understand part of it. */
export class OutdatedScriptError extends Error {
  override readonly name = 'OutdatedScriptError';
  constructor(
    readonly server: ServerInfo,
    readonly fields: string[],
  ) {
    super(updateMessage(server, fields));
  }
}

export function isOutdatedScriptError(error: unknown): error is OutdatedScriptError {
  return error instanceof OutdatedScriptError;
}

/** Throws OutdatedScriptError when `fields` (a request to `op`, without v/op/token) holds something the script lacks. */
export function checkRequest(server: ServerInfo | undefined, op: string, fields: object): void {
  if (!server) return;
  const missing = unsupportedFields(server.capabilities, op, fields as Record<string, unknown>);
  if (missing.length)
    throw new OutdatedScriptError(
      server,
      missing.map((f) => (f === 'op' ? op : f)),
    );
}
