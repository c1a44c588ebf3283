// The web-app API (PRODUCT.md, "Web app API"): valibot schemas for every request, the types derived
// from them, and the answers. Used by the Apps Script add-on (validation) and the extension (types).
import * as v from 'valibot';
import { isIsoDate } from './dates';
import { ITEM_STATUSES, OWNERS, SESSION_KINDS, SOURCES, type WireRow } from './schema';

export const API_VERSION = 1;
/** Largest request body the web app reads, in characters. A sheet cell holds at most 50,000. */
export const MAX_BODY_CHARS = 400_000;
export const MAX_CELL_CHARS = 50_000;

export const ERROR_CODES = ['bad_json', 'bad_request', 'unauthorized', 'too_large', 'busy', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface ApiError {
  code: ErrorCode;
  message: string;
  field?: string;
}

const isoDate = v.pipe(v.string(), v.check(isIsoDate, 'Use an ISO 8601 date (2026-03-12) or date-time with offset (2026-03-12T15:00:00Z).'));
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max, `At most ${max} characters.`)));
const requiredText = (max: number) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, 'Required.'), v.maxLength(max, `At most ${max} characters.`));
const idText = v.pipe(v.string(), v.minLength(1, 'Required.'), v.maxLength(100, 'At most 100 characters.'));

const base = {
  v: v.literal(API_VERSION, `Unsupported API version; this server speaks v${API_VERSION}.`),
  token: v.pipe(v.string('Required.'), v.minLength(1, 'Required.'), v.maxLength(200)),
};

export const NewClientSchema = v.object({
  name: requiredText(200),
  email: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.email('Not an email address.'), v.maxLength(254))])),
  organization: optionalText(200),
});

export const SessionSchema = v.pipe(
  v.object({
    clientId: v.optional(idText),
    newClient: v.optional(NewClientSchema),
    kind: v.optional(v.picklist(SESSION_KINDS), 'coaching'),
    startedAt: isoDate,
    endedAt: v.optional(isoDate),
    source: v.optional(v.picklist(SOURCES), 'manual'),
    sourceTitle: optionalText(500),
    sourceUrl: optionalText(2000),
    notes: optionalText(MAX_CELL_CHARS),
    confidential: v.optional(v.boolean(), false),
    tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(60))), v.maxLength(30)), []),
    nextSessionAt: v.optional(isoDate),
    /** A call participant's display name the coach matched to this client by hand: kept as an alias. */
    participantAlias: optionalText(200),
  }),
  v.forward(
    v.check((s) => (s.clientId === undefined) !== (s.newClient === undefined), 'Give either clientId or newClient.'),
    ['clientId'],
  ),
);

export const ActionItemSchema = v.object({
  text: requiredText(2000),
  owner: v.optional(v.picklist(OWNERS), 'client'),
  due: v.optional(isoDate),
  goalId: v.optional(idText),
});

export const DebriefSchema = v.object({
  itemId: idText,
  status: v.picklist(ITEM_STATUSES),
  note: optionalText(1000),
});

export const HelloRequestSchema = v.object({ ...base, op: v.literal('hello') });
export const SyncRequestSchema = v.object({ ...base, op: v.literal('sync') });
export const CaptureRequestSchema = v.object({
  ...base,
  op: v.literal('capture'),
  captureId: idText,
  session: SessionSchema,
  actionItems: v.optional(v.pipe(v.array(ActionItemSchema), v.maxLength(100)), []),
  debrief: v.optional(v.pipe(v.array(DebriefSchema), v.maxLength(200)), []),
});
export const UpdateItemsRequestSchema = v.object({
  ...base,
  op: v.literal('updateItems'),
  updates: v.pipe(v.array(DebriefSchema), v.minLength(1), v.maxLength(200)),
});

/** The coach sends a client their progress summary (goals, what got done, what is next). */
export const ClientSummaryRequestSchema = v.object({ ...base, op: v.literal('clientSummary'), clientId: idText });

export const REQUEST_SCHEMAS = {
  hello: HelloRequestSchema,
  sync: SyncRequestSchema,
  capture: CaptureRequestSchema,
  updateItems: UpdateItemsRequestSchema,
  clientSummary: ClientSummaryRequestSchema,
} as const;
export type Op = keyof typeof REQUEST_SCHEMAS;
export const OPS = Object.keys(REQUEST_SCHEMAS) as Op[];

export type HelloRequest = v.InferOutput<typeof HelloRequestSchema>;
export type SyncRequest = v.InferOutput<typeof SyncRequestSchema>;
export type CaptureRequest = v.InferOutput<typeof CaptureRequestSchema>;
export type UpdateItemsRequest = v.InferOutput<typeof UpdateItemsRequestSchema>;
export type ClientSummaryRequest = v.InferOutput<typeof ClientSummaryRequestSchema>;
/** What a client sends: defaults may be left out. */
export type CaptureInput = v.InferInput<typeof CaptureRequestSchema>;
export type RequestOf<K extends Op> = v.InferOutput<(typeof REQUEST_SCHEMAS)[K]>;
export type AnyRequest = { [K in Op]: RequestOf<K> }[Op];

export interface HelloAnswer {
  coach: { coach_id: string; name: string; role: string };
  sheet: { name: string; timeZone: string };
  server: { version: string };
}
export interface SyncAnswer {
  clients: WireRow<'Clients'>[];
  goals: WireRow<'Goals'>[];
  openItems: WireRow<'ActionItems'>[];
  latestPrep: WireRow<'Prep'>[];
}
export interface CaptureAnswer {
  sessionId: string;
  itemIds: string[];
  clientId: string;
  duplicate: boolean;
}
export interface UpdateItemsAnswer {
  updated: number;
}
export interface ClientSummaryAnswer {
  sent: boolean;
  to: string;
}
export interface Answers {
  hello: HelloAnswer;
  sync: SyncAnswer;
  capture: CaptureAnswer;
  updateItems: UpdateItemsAnswer;
  clientSummary: ClientSummaryAnswer;
}

export type Ok<T> = { ok: true } & T;
export type Failure = { ok: false; error: ApiError };
export type Response<K extends Op> = Ok<Answers[K]> | Failure;

export type ParseResult = { ok: true; request: AnyRequest } | { ok: false; error: ApiError };

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
    const message = field ? `${field}: ${issue.message}` : issue.message;
    return { ok: false, error: field ? { code: 'bad_request', message, field } : { code: 'bad_request', message } };
  }
  return { ok: true, request: result.output as AnyRequest };
}
