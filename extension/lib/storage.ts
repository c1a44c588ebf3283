// Everything the extension keeps, as typed storage items. All state lives here (not in memory), so the
// background service worker can stop at any time and pick up where it left off.
import { storage } from 'wxt/utils/storage';
import type * as v from 'valibot';
import type { ApiError, CaptureInput, EditSessionInput, HelloAnswer, SyncAnswer, UpdateClientRequestSchema } from '../../shared/api';
import type { Connection } from '../../shared/connection';
import type { ItemStatus, Owner, SessionKind, Source } from '../../shared/schema';
import type { CallReport, CallSource } from '../calls/protocol';
import type { ServerInfo } from './server';
import type { NoteKey } from './note-crypto';

/** The connection code's web app URL and token, plus what `hello` answered when the coach connected. */
export interface StoredConnection extends Connection {
  coach: HelloAnswer['coach'];
  sheet: HelloAnswer['sheet'];
  connectedAt: string;
  /** What the sheet's script understands, from the last `hello`; absent in a connection stored before 0.2. */
  server?: ServerInfo;
}

/** A capture as queued: the request fields without v/op/token (the token is added when sending). */
export type CaptureFields = Omit<CaptureInput, 'v' | 'op' | 'token'>;

/** A correction as queued: the editSession request fields without v/op/token. */
export type EditFields = Omit<EditSessionInput, 'v' | 'op' | 'token'>;

/** A change of a client's engagement as queued: `updateClient`'s fields without v/op/token. */
export type ClientUpdateFields = Omit<v.InferInput<typeof UpdateClientRequestSchema>, 'v' | 'op' | 'token'>;

interface OutboxEntryBase {
  /** The entry's id: for a capture also its captureId, which the web app dedupes by. */
  captureId: string;
  /** Who saved it (absent in entries queued before this was recorded): sent only while that coach is connected. */
  owner?: { url: string; coachId: string };
  /** Epoch ms. */
  createdAt: number;
  /** Delivery attempts that failed so far. */
  attempts: number;
  /** Epoch ms; the entry is not sent before this time. */
  nextAttemptAt: number;
  /** waiting: will be (re)sent automatically · failed: the web app refused it; waits for the coach. */
  state: 'waiting' | 'failed';
  /** `outdated`: held back because the sheet's script does not understand part of it (not sent). */
  lastError?: ApiError | { code: 'transport' | 'outdated'; message: string };
}

/** A capture (Save in the panel); entries queued before corrections existed have no `op`. */
export interface CaptureEntry extends OutboxEntryBase {
  op?: 'capture';
  request: CaptureFields;
  /** How many of the request's last items are a post-coaching plan, so Edit puts them back in the plan. */
  planItems?: number;
}

/**
 * A correction of a saved session (the client timeline): an `editSession` request. It sets values (never
 * adds to them), so sending it again after a lost answer changes nothing more; corrections of one session
 * are sent in the order they were made, each only after the one before it was accepted.
 */
export interface EditEntry extends OutboxEntryBase {
  op: 'editSession';
  request: EditFields;
  /** What the correction is about, for the panel's lists: the client and the session's start (ISO). */
  about: { clientId: string; startedAt: string };
}

/**
 * A change of a client's engagement made on the client card. Sent with `updateClient`, which is
 * harmless to repeat (ids made here, a stage equal to the stored one adds no history, a renewal's
 * package has an id derived from its dates); entries of one client are delivered in the order made.
 */
export interface ClientEntry extends OutboxEntryBase {
  op: 'updateClient';
  request: ClientUpdateFields;
}

export type OutboxEntry = CaptureEntry | EditEntry | ClientEntry;

/** True for a correction (editSession), false for a capture. */
export function isEdit(entry: OutboxEntry): entry is EditEntry {
  return entry.op === 'editSession';
}

export interface SyncCache extends SyncAnswer {
  /** Epoch ms of the answer. */
  fetchedAt: number;
}

/** An action-item row of the form; the key only tells rows apart. */
export interface ItemDraft {
  key: string;
  text: string;
  owner: Owner;
  /** YYYY-MM-DD or ''. */
  due: string;
  /** A goal of the client, or ''. */
  goalId: string;
  /**
   * The owner was chosen (the chip flipped, or `@client` / `@coach` written); until then it follows
   * the owner rule as the text is typed (shared/quick-capture.ts ownerOf).
   */
  ownerChosen?: boolean;
}

/** What the coach says about an open item of the client in the debrief. */
export interface DebriefDraft {
  /** dropped: the coach let it go (offered by the open-items guard). */
  status: Extract<ItemStatus, 'done' | 'in_progress' | 'derailed' | 'dropped'>;
  note: string;
}

export interface NewClientDraft {
  name: string;
  email: string;
  organization: string;
}

/** Where the capture came from when it did not start in the panel (a page's selection, the shortcut). */
export interface SourceDraft {
  source: Source;
  title: string;
  url: string;
}

/** The call a draft was filled in from, and the client it proposed (the panel preselects it). */
export interface DraftCall {
  /** Tells calls apart: the tab and the time the coach joined. */
  id: string;
  /** The client matched from the participants, or ''. */
  proposedClientId: string;
  /** The participant whose name or email matched, or ''. */
  participant: string;
  /** describeMatch's sentence, or ''. */
  reason: string;
  /** The coach removed the call as the source: the form no longer fills itself from it. */
  detached?: boolean;
  /** Participants other than the coach, each with the client their name or email matches on its own ('' for none). */
  others: { name: string; clientId: string }[];
}

/** A goal set in a breakthrough session; its id is made when the row is added, so a retry is harmless. */
export interface KindGoalDraft {
  goalId: string;
  title: string;
  successMeasure: string;
  baseline: string;
  /** YYYY-MM-DD or ''. */
  targetDate: string;
}

/** The fields a session's kind adds to the form (session-kinds.ts). */
export interface KindDraft {
  // outreach
  who: string;
  caresAbout: string;
  objections: string;
  nextStep: string;
  /** Saving moves a prospect to contacted. */
  toContacted: boolean;
  // breakthrough
  goals: KindGoalDraft[];
  challenges: string;
  readiness: string;
  /** How the session ends: a breakthrough's fit / not a fit; near the package's end, renew / close with a plan. */
  outcome: '' | 'fit' | 'not_fit' | 'renew' | 'close';
  /** YYYY-MM-DD: the package started by Fit or Renew. */
  packageStart: string;
  packageEnd: string;
  /** Not a fit: why (the stage note). */
  reason: string;
  /** Close: the post-coaching plan, one step a line. */
  plan: string;
}

/** The capture form while it is being filled in, so closing the panel loses nothing. */
export interface Draft {
  /** The chosen client, or '' (none yet, or a new client). */
  clientId: string;
  /** Set while the coach types in a new client instead of choosing one. */
  newClient: NewClientDraft | null;
  notes: string;
  items: ItemDraft[];
  /** Keyed by item_id of the client's open items. */
  debrief: Record<string, DebriefDraft>;
  kind: SessionKind;
  startedAt: string;
  /** '' while the timer runs. */
  endedAt: string;
  /** YYYY-MM-DD or ''. */
  nextSessionAt: string;
  confidential: boolean;
  /** As typed: "#win #math" or "win, math". */
  tags: string;
  source: SourceDraft | null;
  /** Set when the form was filled in from a call (Meet, Zoom, Teams); absent in older drafts. */
  call?: DraftCall | null;
  /** The kind's own fields (outreach, breakthrough, the package's end); absent in older drafts. */
  kindFields?: KindDraft;
  /** Links shared with the client (capture's `session.resources`); absent in older drafts. */
  resources?: ResourceDraft[];
  /** Email the client a recap on Save (capture's `session.sendRecap`). */
  sendRecap?: boolean;
}

/** A link in the form's Resources list; the key only tells rows apart. */
export interface ResourceDraft {
  key: string;
  title: string;
  url: string;
}

/** One draft per client, plus one for "no client yet" (key ''); `active` is the one in the form. */
export interface Drafts {
  active: string;
  byKey: Record<string, Draft>;
}

/** Text taken from a page (context menu) or a page opened with the shortcut, waiting for the panel. */
export interface Clip {
  id: string;
  /** note: add to the notes · item: add as an action item · page: only the page as the source. */
  kind: 'note' | 'item' | 'page';
  text: string;
  title: string;
  url: string;
  /** Epoch ms. */
  at: number;
}

/**
 * The coach's confidential-notes keys in this browser (never sent anywhere), for one connection.
 * `keys` may hold older keys imported from their recovery codes, to read notes saved with them.
 */
export interface NoteKeyring {
  url: string;
  coachId: string;
  keys: NoteKey[];
  /** Set when this browser made the key: the recovery code still waits to be confirmed as saved. */
  unsavedRecoveryKeyId?: string;
}

export const connectionItem = storage.defineItem<StoredConnection | null>('local:connection', { fallback: null });
export const outboxItem = storage.defineItem<OutboxEntry[]>('local:outbox', { fallback: [] });
export const syncCacheItem = storage.defineItem<SyncCache | null>('local:syncCache', { fallback: null });
export const draftsItem = storage.defineItem<Drafts>('local:drafts', { fallback: { active: '', byKey: {} } });
export const clipsItem = storage.defineItem<Clip[]>('local:clips', { fallback: [] });
export const noteKeysItem = storage.defineItem<NoteKeyring | null>('local:noteKeys', { fallback: null });

/** A call site the coach turned on in the options, and whether caption quotes are on for it. */
export interface CallSiteSetting {
  on: boolean;
  captions: boolean;
}
export type CallSiteSettings = Partial<Record<CallSource, CallSiteSetting>>;

/** A call as its tab's content script last reported it. */
export interface TabCall extends CallReport {
  tabId: number;
  /** Epoch ms of the last report. */
  updatedAt: number;
  /** Set once a capture was saved from this call: the form no longer fills itself from it. */
  saved?: boolean;
}

/**
 * A recap the add-on did not send (capture answer's `recap`: skipped, failed or over the day's email
 * quota), kept for the coach to read; `request` (failed, quota) lets the panel ask again with the same
 * captureId, which the web app answers as a duplicate and completes by sending the recap once.
 */
export interface RecapNotice {
  captureId: string;
  clientId: string;
  status: 'skipped' | 'failed' | 'quota';
  to: string;
  detail: string;
  /** Epoch ms. */
  at: number;
  request?: CaptureFields;
  owner?: { url: string; coachId: string };
}
export const recapNoticesItem = storage.defineItem<RecapNotice[]>('local:recapNotices', { fallback: [] });

export const callSitesItem = storage.defineItem<CallSiteSettings>('local:callSites', { fallback: {} });
/** Calls by tab id, for this browser session only (never written to disk). */
export const callsItem = storage.defineItem<Record<string, TabCall>>('session:calls', { fallback: {} });
