// The web-app API (PRODUCT.md, "Web app API"): valibot schemas for every request, the types derived
// from them, and the answers. Used by the Apps Script add-on (validation) and the extension (types).
// Every request object is a strictObject: an unknown field is refused with `bad_request` naming it,
// never dropped, so an extension newer than the sheet's script cannot lose data silently. The ops and
// fields this script understands (`hello.server.capabilities`) are derived from these schemas
// (`capabilitiesOf`), so a new op or field appears there by being added here.
import * as v from 'valibot';
import { isIsoDate, MAX_YEAR, MIN_YEAR } from './dates';
import { isEmailAddress } from './email-address';
import { MAX_RESOURCES, resourceTitleProblem, resourceUrlProblem } from './resources';
import { asSheetText } from './text';
import { GOAL_STATUSES, ITEM_STATUSES, MILESTONE_STATUSES, OWNERS, SESSION_KINDS, SOURCES, STAGES, type WireRow } from './schema';
import { confidentialNotesOk, isKeyId } from './envelope';

export const API_VERSION = 1;
/** Largest request body the web app reads, in characters. A sheet cell holds at most 50,000. */
export const MAX_BODY_CHARS = 400_000;
export const MAX_CELL_CHARS = 50_000;
/**
 * The longest text a request may put into one cell: what fits after escaping. Every string the add-on
 * writes goes through asSheetText (a leading apostrophe, so it never becomes a formula), and that
 * apostrophe counts against the cell's 50,000 characters in the local runtime; Google documents no
 * exception for it, so the API's limit leaves room for it (notes of 50,000 characters used to fail with
 * `internal` after the client and items were written).
 */
export const MAX_CELL_TEXT = MAX_CELL_CHARS - (asSheetText('x').length - 1);

export const ERROR_CODES = ['bad_json', 'bad_request', 'unauthorized', 'too_large', 'busy', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface ApiError {
  code: ErrorCode;
  message: string;
  field?: string;
}

const isoDate = v.pipe(
  v.string(),
  v.check(
    isIsoDate,
    `Use an ISO 8601 date (2026-03-12) or date-time with offset (2026-03-12T15:00:00Z), in the years ${MIN_YEAR}–${MAX_YEAR}.`,
  ),
);
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max, `At most ${max} characters.`)));
const requiredText = (max: number) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, 'Required.'), v.maxLength(max, `At most ${max} characters.`));
const idText = v.pipe(v.string(), v.minLength(1, 'Required.'), v.maxLength(100, 'At most 100 characters.'));

const base = {
  v: v.literal(API_VERSION, `Unsupported API version; this server speaks v${API_VERSION}.`),
  token: v.pipe(v.string('Required.'), v.minLength(1, 'Required.'), v.maxLength(200)),
};

export const NewClientSchema = v.strictObject({
  name: requiredText(200),
  email: v.optional(
    v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.check(isEmailAddress, 'Not an email address.'), v.maxLength(254))]),
  ),
  organization: optionalText(200),
});

/** A titled link the coach shares with the client (shared/resources.ts: http/https only, one line each). */
export const ResourceSchema = v.strictObject(
  {
    title: v.pipe(
      v.string('Give the link a title.'),
      v.rawCheck(({ dataset, addIssue }) => {
        const problem = dataset.typed ? resourceTitleProblem(dataset.value) : null;
        if (problem) addIssue({ message: problem });
      }),
    ),
    url: v.pipe(
      v.string('Give the link’s address.'),
      v.rawCheck(({ dataset, addIssue }) => {
        const problem = dataset.typed ? resourceUrlProblem(dataset.value) : null;
        if (problem) addIssue({ message: problem });
      }),
    ),
  },
  'Required: each link has a title and a url.',
);

export const SessionSchema = v.pipe(
  v.strictObject({
    clientId: v.optional(idText),
    newClient: v.optional(NewClientSchema),
    kind: v.optional(v.picklist(SESSION_KINDS), 'coaching'),
    startedAt: isoDate,
    endedAt: v.optional(isoDate),
    source: v.optional(v.picklist(SOURCES), 'manual'),
    sourceTitle: optionalText(500),
    sourceUrl: optionalText(2000),
    notes: optionalText(MAX_CELL_TEXT),
    confidential: v.optional(v.boolean(), false),
    tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(60))), v.maxLength(30)), []),
    nextSessionAt: v.optional(isoDate),
    /** A call participant's display name the coach matched to this client by hand: kept as an alias. */
    participantAlias: optionalText(200),
    /** Links shared with the client: kept in the Sessions.resources cell and sent in the recap. */
    resources: v.optional(v.pipe(v.array(ResourceSchema), v.maxLength(MAX_RESOURCES, `At most ${MAX_RESOURCES} links.`)), []),
    /** Email the client a recap of this session once its capture is stored (PRODUCT.md, `sendRecap`). */
    sendRecap: v.optional(v.boolean('A boolean.'), false),
  }),
  v.forward(
    v.check((s) => (s.clientId === undefined) !== (s.newClient === undefined), 'Give either clientId or newClient.'),
    ['clientId'],
  ),
  // PRODUCT.md "Confidential notes": the sheet holds only the envelope the coach's extension made.
  v.forward(
    v.check(
      (s) => confidentialNotesOk(s.confidential, s.notes),
      "A confidential session's notes must be encrypted by the extension (an ft-enc1. envelope); plain text is refused.",
    ),
    ['notes'],
  ),
);

export const ActionItemSchema = v.strictObject({
  text: requiredText(2000),
  owner: v.optional(v.picklist(OWNERS), 'client'),
  due: v.optional(isoDate),
  goalId: v.optional(idText),
});

export const DebriefSchema = v.strictObject({
  itemId: idText,
  status: v.picklist(ITEM_STATUSES),
  note: optionalText(1000),
});

/** Ids the extension makes for goals and milestones, so that a repeated request is harmless. */
export const CLIENT_MADE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const clientMadeId = v.pipe(v.string(), v.regex(CLIENT_MADE_ID, 'Use 1–64 characters of A-Za-z0-9_-.'));

const RenewSchema = v.strictObject({ packageStart: isoDate, packageEnd: isoDate });

/**
 * The engagement's client fields (capture `client`, updateClient `client`): every field optional;
 * only the fields given change. `coachId` (hand the client to another coach) is for admins only.
 */
export const ClientChangeSchema = v.strictObject({
  stage: v.optional(v.picklist(STAGES)),
  stageNote: optionalText(1000),
  packageStart: v.optional(isoDate),
  packageEnd: v.optional(isoDate),
  renew: v.optional(RenewSchema),
  cadenceDays: v.optional(
    v.pipe(v.number(), v.integer('A whole number of days.'), v.minValue(1, 'At least 1.'), v.maxValue(365, 'At most 365.')),
  ),
  nextSessionAt: v.optional(isoDate),
  email: v.optional(
    v.union(
      [v.literal(''), v.pipe(v.string(), v.trim(), v.check(isEmailAddress, 'Not an email address.'), v.maxLength(254))],
      'Not an email address.',
    ),
  ),
  reminders: v.optional(v.boolean()),
  coachId: v.optional(idText),
});

export const MilestoneChangeSchema = v.strictObject({
  milestoneId: clientMadeId,
  title: v.optional(requiredText(500)),
  due: v.optional(isoDate),
  status: v.optional(v.picklist(MILESTONE_STATUSES)),
});

/** A goal upserted by the id the extension made: created (title required) or updated with the fields given. */
export const GoalChangeSchema = v.strictObject({
  goalId: clientMadeId,
  title: v.optional(requiredText(500)),
  successMeasure: optionalText(2000),
  measureBaseline: optionalText(500),
  measureCurrent: optionalText(500),
  targetDate: v.optional(isoDate),
  status: v.optional(v.picklist(GOAL_STATUSES)),
  milestones: v.optional(v.pipe(v.array(MilestoneChangeSchema), v.maxLength(50)), []),
});
const GoalChangesSchema = v.optional(v.pipe(v.array(GoalChangeSchema), v.maxLength(50)), []);

export const HelloRequestSchema = v.strictObject({ ...base, op: v.literal('hello') });
export const SyncRequestSchema = v.strictObject({ ...base, op: v.literal('sync') });
export const CaptureRequestSchema = v.strictObject({
  ...base,
  op: v.literal('capture'),
  captureId: idText,
  session: SessionSchema,
  actionItems: v.optional(v.pipe(v.array(ActionItemSchema), v.maxLength(100)), []),
  debrief: v.optional(v.pipe(v.array(DebriefSchema), v.maxLength(200)), []),
  client: v.optional(ClientChangeSchema),
  goals: GoalChangesSchema,
});
export const UpdateItemsRequestSchema = v.strictObject({
  ...base,
  op: v.literal('updateItems'),
  updates: v.pipe(v.array(DebriefSchema), v.minLength(1), v.maxLength(200)),
});

/** The engagement of one client: stage, package, cadence, goals and milestones. */
export const UpdateClientRequestSchema = v.strictObject({
  ...base,
  op: v.literal('updateClient'),
  clientId: idText,
  client: v.optional(ClientChangeSchema),
  goals: GoalChangesSchema,
});

/** Records the id (never the key) of the coach's confidential-notes key; `replace` changes an existing one. */
export const SetNoteKeyRequestSchema = v.strictObject({
  ...base,
  op: v.literal('setNoteKey'),
  keyId: v.pipe(v.string('Required.'), v.check(isKeyId, 'A key id is 12 base64url characters.')),
  replace: v.optional(v.boolean(), false),
});

/**
 * The coach sends a client their progress summary (goals, what got done, what is next). With
 * `preview: true` the answer is the exact email (to, subject, html, text) and nothing is sent; a client
 * without an email address can be previewed (to print the report: `to` is empty) but not sent to.
 */
export const ClientSummaryRequestSchema = v.strictObject({
  ...base,
  op: v.literal('clientSummary'),
  clientId: idText,
  preview: v.optional(v.boolean('A boolean.'), false),
});

/** Every row about one client, by tab (a data-rights request: "what do you hold about me?"). */
export const ClientDataRequestSchema = v.strictObject({ ...base, op: v.literal('clientData'), clientId: idText });

/** Removes one client's rows from every tab (admins only); `confirmName` is the client's name, typed. */
export const DeleteClientRequestSchema = v.strictObject({
  ...base,
  op: v.literal('deleteClient'),
  clientId: idText,
  confirmName: requiredText(200),
});

/** A session corrected after Save: the fields given change; its items' text, due date, owner, status. */
export const SessionEditSchema = v.strictObject({
  notes: optionalText(MAX_CELL_TEXT),
  confidential: v.optional(v.boolean()),
  kind: v.optional(v.picklist(SESSION_KINDS)),
  startedAt: v.optional(isoDate),
  endedAt: v.optional(v.union([v.literal(''), isoDate], 'Use an ISO 8601 date or an empty string.')),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(60))), v.maxLength(30))),
  nextSessionAt: v.optional(v.union([v.literal(''), isoDate], 'Use an ISO 8601 date or an empty string.')),
});
export const ItemEditSchema = v.strictObject({
  itemId: idText,
  text: v.optional(requiredText(2000)),
  due: v.optional(v.union([v.literal(''), isoDate], 'Use an ISO 8601 date or an empty string.')),
  owner: v.optional(v.picklist(OWNERS)),
  status: v.optional(v.picklist(ITEM_STATUSES)),
});
export const EditSessionRequestSchema = v.strictObject({
  ...base,
  op: v.literal('editSession'),
  sessionId: idText,
  session: v.optional(SessionEditSchema),
  items: v.optional(v.pipe(v.array(ItemEditSchema), v.maxLength(200)), []),
  delete: v.optional(v.boolean(), false),
});

export const REQUEST_SCHEMAS = {
  hello: HelloRequestSchema,
  sync: SyncRequestSchema,
  capture: CaptureRequestSchema,
  updateItems: UpdateItemsRequestSchema,
  updateClient: UpdateClientRequestSchema,
  clientSummary: ClientSummaryRequestSchema,
  clientData: ClientDataRequestSchema,
  deleteClient: DeleteClientRequestSchema,
  editSession: EditSessionRequestSchema,
  setNoteKey: SetNoteKeyRequestSchema,
} as const;
export type Op = keyof typeof REQUEST_SCHEMAS;
export const OPS = Object.keys(REQUEST_SCHEMAS) as Op[];

export type HelloRequest = v.InferOutput<typeof HelloRequestSchema>;
export type SyncRequest = v.InferOutput<typeof SyncRequestSchema>;
export type CaptureRequest = v.InferOutput<typeof CaptureRequestSchema>;
export type UpdateItemsRequest = v.InferOutput<typeof UpdateItemsRequestSchema>;
export type UpdateClientRequest = v.InferOutput<typeof UpdateClientRequestSchema>;
export type ClientChange = v.InferOutput<typeof ClientChangeSchema>;
export type GoalChange = v.InferOutput<typeof GoalChangeSchema>;
export type MilestoneChange = v.InferOutput<typeof MilestoneChangeSchema>;
export type ClientSummaryRequest = v.InferOutput<typeof ClientSummaryRequestSchema>;
export type ClientDataRequest = v.InferOutput<typeof ClientDataRequestSchema>;
export type DeleteClientRequest = v.InferOutput<typeof DeleteClientRequestSchema>;
export type EditSessionRequest = v.InferOutput<typeof EditSessionRequestSchema>;
export type SetNoteKeyRequest = v.InferOutput<typeof SetNoteKeyRequestSchema>;
/** What a client sends: defaults may be left out. */
export type CaptureInput = v.InferInput<typeof CaptureRequestSchema>;
export type EditSessionInput = v.InferInput<typeof EditSessionRequestSchema>;
export type RequestOf<K extends Op> = v.InferOutput<(typeof REQUEST_SCHEMAS)[K]>;
export type AnyRequest = { [K in Op]: RequestOf<K> }[Op];

/**
 * What a server understands: for each op, the request fields it reads, as dot paths from the request
 * (`session.newClient.name`; an array's items add no step: `actionItems.text`). `v`, `op` and `token`
 * are part of every request and not listed.
 */
export interface Capabilities {
  ops: Record<string, string[]>;
}

export interface HelloAnswer {
  /** note_key_id: the id of the coach's confidential-notes key, '' when none was made yet. */
  coach: { coach_id: string; name: string; role: string; note_key_id: string };
  sheet: { name: string; timeZone: string };
  /** `capabilities` is missing in an answer from a script older than 0.2 (see LEGACY_CAPABILITIES). */
  server: { version: string; capabilities: Capabilities };
}
/** Program settings the panel follows (Settings tab). */
export interface SyncSettings {
  /** New sessions start confidential. */
  confidentialByDefault: boolean;
  /** How many open action items a client should carry at most; the panel warns past it. */
  maxOpenItems: number;
  /**
   * The last line of a client's emails (Settings' client_signoff), so that the panel's recap preview is
   * the email (shared/recap.ts). Missing from a script older than the recap.
   */
  clientSignoff?: string;
}
export interface SyncAnswer {
  clients: WireRow<'Clients'>[];
  goals: WireRow<'Goals'>[];
  milestones: WireRow<'Milestones'>[];
  packages: WireRow<'Packages'>[];
  openItems: WireRow<'ActionItems'>[];
  latestPrep: WireRow<'Prep'>[];
  /** Each visible client's latest sessions written by the caller (whatever the caller's role), newest first. */
  lastSessions: LastSession[];
  settings: SyncSettings;
}
/**
 * What became of a capture's recap (only in the answer of a capture with `sendRecap: true`): `sent`;
 * `already` (sent, or being sent, for an earlier delivery of this captureId: nothing new); `skipped` (no
 * email address, reminders off, or nothing to recap — `detail` says which; logged); `failed` (the send
 * failed, logged; the capture itself is stored); `quota` (the day's email quota is spent; not logged, a
 * retry of the capture tries again).
 */
export interface RecapOutcome {
  status: 'sent' | 'already' | 'skipped' | 'failed' | 'quota';
  to: string;
  detail?: string;
}
/** A session as `sync.lastSessions` carries it: confidential notes stay the envelope the coach's extension made. */
export type LastSession = Pick<WireRow<'Sessions'>, 'session_id' | 'client_id' | 'started_at' | 'kind' | 'notes' | 'confidential'>;
export interface SetNoteKeyAnswer {
  note_key_id: string;
}
export interface CaptureAnswer {
  sessionId: string;
  itemIds: string[];
  clientId: string;
  /** The ids of the request's goals and milestones, in request order (they are the extension's own). */
  goalIds: string[];
  milestoneIds: string[];
  duplicate: boolean;
  recap?: RecapOutcome;
}
export interface UpdateClientAnswer {
  clientId: string;
  /** Whether the stage changed (a StageHistory row was appended). */
  stageChanged: boolean;
  goalIds: string[];
  milestoneIds: string[];
  /** The client's active package after the change; '' when there is none. */
  packageId: string;
}
export interface UpdateItemsAnswer {
  updated: number;
}
/** Sent: `{sent: true, to}`. Preview: `{sent: false, to, subject, html, text}` — the email as it would go (`to` empty: no address). */
export interface ClientSummaryAnswer {
  sent: boolean;
  to: string;
  subject?: string;
  html?: string;
  text?: string;
}
/** The tabs that hold rows about one client (EmailLog: the emails sent to the client's address). */
export const CLIENT_DATA_TABS = [
  'Clients',
  'Goals',
  'Milestones',
  'Packages',
  'StageHistory',
  'Sessions',
  'ActionItems',
  'Prep',
  'EmailLog',
] as const;
export type ClientDataTab = (typeof CLIENT_DATA_TABS)[number];
export interface ClientDataAnswer {
  clientId: string;
  /** Every row about the client, by tab, keyed by the sheet's column names; confidential notes stay envelopes. */
  tabs: { [T in ClientDataTab]: WireRow<T>[] };
}
export interface DeleteClientAnswer {
  clientId: string;
  /** Rows removed, by tab; for EmailLog, the rows whose address was blanked (they stay as the log). */
  deleted: { [T in ClientDataTab]: number };
}
export interface EditSessionAnswer {
  sessionId: string;
  /** Rows changed: the session and its items (0 when the request repeats what is stored). */
  updated: number;
}
export interface Answers {
  hello: HelloAnswer;
  sync: SyncAnswer;
  capture: CaptureAnswer;
  updateItems: UpdateItemsAnswer;
  updateClient: UpdateClientAnswer;
  clientSummary: ClientSummaryAnswer;
  clientData: ClientDataAnswer;
  deleteClient: DeleteClientAnswer;
  editSession: EditSessionAnswer;
  setNoteKey: SetNoteKeyAnswer;
}

export type Ok<T> = { ok: true } & T;
export type Failure = { ok: false; error: ApiError };
export type Response<K extends Op> = Ok<Answers[K]> | Failure;

export type ParseResult = { ok: true; request: AnyRequest } | { ok: false; error: ApiError };

type AnySchema = v.GenericSchema & {
  entries?: Record<string, AnySchema>;
  wrapped?: AnySchema;
  item?: AnySchema;
  options?: AnySchema[];
};

/** Walks a schema and reports every object schema met and every field path it accepts. */
function walkSchema(
  schema: AnySchema,
  prefix: string,
  onField: (path: string) => void,
  onObject: (type: string, path: string) => void,
): void {
  if (schema.entries) {
    onObject(schema.type, prefix);
    for (const [key, entry] of Object.entries(schema.entries)) {
      const path = prefix ? `${prefix}.${key}` : key;
      onField(path);
      walkSchema(entry, path, onField, onObject);
    }
    return;
  }
  if (schema.wrapped) return walkSchema(schema.wrapped, prefix, onField, onObject);
  if (schema.item) return walkSchema(schema.item, prefix, onField, onObject);
  for (const option of schema.options ?? []) walkSchema(option, prefix, onField, onObject);
}

const ENVELOPE = new Set(['v', 'op', 'token']);

/**
 * What a script from before `server.capabilities` existed (version 0.1.x) understood. Such a script
 * drops fields it does not know instead of refusing them, so an extension must send it nothing else.
 * Frozen: never edit this list when adding ops or fields.
 */
export const LEGACY_CAPABILITIES: Capabilities = {
  ops: {
    hello: [],
    sync: [],
    capture: [
      'actionItems',
      'actionItems.due',
      'actionItems.goalId',
      'actionItems.owner',
      'actionItems.text',
      'captureId',
      'debrief',
      'debrief.itemId',
      'debrief.note',
      'debrief.status',
      'session',
      'session.clientId',
      'session.confidential',
      'session.endedAt',
      'session.kind',
      'session.newClient',
      'session.newClient.email',
      'session.newClient.name',
      'session.newClient.organization',
      'session.nextSessionAt',
      'session.notes',
      'session.participantAlias',
      'session.source',
      'session.sourceTitle',
      'session.sourceUrl',
      'session.startedAt',
      'session.tags',
    ],
    updateItems: ['updates', 'updates.itemId', 'updates.note', 'updates.status'],
    clientSummary: ['clientId'],
  },
};

/** The ops and fields the schemas accept: what `hello` answers as `server.capabilities`. */
export function capabilitiesOf(schemas: Record<string, v.GenericSchema> = REQUEST_SCHEMAS): Capabilities {
  const ops: Record<string, string[]> = {};
  for (const [op, schema] of Object.entries(schemas)) {
    const fields = new Set<string>();
    walkSchema(
      schema as AnySchema,
      '',
      (path) => {
        if (!ENVELOPE.has(path)) fields.add(path);
      },
      () => undefined,
    );
    ops[op] = [...fields].sort();
  }
  return { ops };
}

/** Every object schema of every request, with its valibot type: all must be `strict_object`. */
export function objectSchemasOf(
  schemas: Record<string, v.GenericSchema> = REQUEST_SCHEMAS,
): Array<{ op: string; path: string; type: string }> {
  const found: Array<{ op: string; path: string; type: string }> = [];
  for (const [op, schema] of Object.entries(schemas))
    walkSchema(
      schema as AnySchema,
      '',
      () => undefined,
      (type, path) => found.push({ op, path, type }),
    );
  return found;
}

/**
 * The fields of `request` (an object about to be sent as `op`) that `capabilities` does not list, as
 * dot paths; `op` itself when the server lacks the op. Empty when the server understands everything.
 */
export function unsupportedFields(capabilities: Capabilities, op: string, request: Record<string, unknown>): string[] {
  const known = capabilities.ops[op];
  if (!known) return ['op'];
  const allowed = new Set(known);
  const missing = new Set<string>();
  const visit = (value: unknown, prefix: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, prefix));
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (inner === undefined) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (!prefix && ENVELOPE.has(key)) continue;
      if (!allowed.has(path)) {
        missing.add(path);
        continue;
      }
      visit(inner, path);
    }
  };
  visit(request, '');
  return [...missing].sort();
}

function fieldOf(issue: v.BaseIssue<unknown>): string | undefined {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  return keys.length ? keys.join('.') : undefined;
}

/** Parses a request body (the text of a text/plain POST). Never throws. */
export function parseRequest(body: string): ParseResult {
  if (body.length > MAX_BODY_CHARS) {
    return { ok: false, error: { code: 'too_large', message: `The request is larger than ${MAX_BODY_CHARS} characters.` } };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: { code: 'bad_json', message: 'The request body is not JSON.' } };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: { code: 'bad_json', message: 'The request body must be a JSON object.' } };
  }
  const op = (json as { op?: unknown }).op;
  if (typeof op !== 'string' || !Object.prototype.hasOwnProperty.call(REQUEST_SCHEMAS, op)) {
    return {
      ok: false,
      error: { code: 'bad_request', field: 'op', message: `Unknown op ${JSON.stringify(op)}; expected one of ${OPS.join(', ')}.` },
    };
  }
  const result = v.safeParse(REQUEST_SCHEMAS[op as Op], json);
  if (!result.success) {
    const issue = result.issues[0];
    const field = fieldOf(issue);
    if (field === 'token') return { ok: false, error: { code: 'unauthorized', message: 'A coach token is required.' } };
    // A strictObject reports a field it does not know as a key that was expected to be `never`.
    const unknown = issue.kind === 'schema' && issue.expected === 'never';
    const text = unknown
      ? `This script does not understand the field ${JSON.stringify(field)} of ${op}; the sheet's script may be older than the extension and need updating.`
      : issue.message;
    const message = field && !unknown ? `${field}: ${text}` : text;
    return { ok: false, error: field ? { code: 'bad_request', message, field } : { code: 'bad_request', message } };
  }
  return { ok: true, request: result.output as AnyRequest };
}
