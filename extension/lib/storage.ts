// Everything the extension keeps, as typed storage items. All state lives here (not in memory), so the
// background service worker can stop at any time and pick up where it left off.
import { storage } from 'wxt/utils/storage';
import type { ApiError, CaptureInput, HelloAnswer, SyncAnswer } from '../../shared/api';
import type { Connection } from '../../shared/connection';
import type { Owner } from '../../shared/schema';

/** The connection code's web app URL and token, plus what `hello` answered when the coach connected. */
export interface StoredConnection extends Connection {
  coach: HelloAnswer['coach'];
  sheet: HelloAnswer['sheet'];
  connectedAt: string;
}

/** A capture as queued: the request fields without v/op/token (the token is added when sending). */
export type CaptureFields = Omit<CaptureInput, 'v' | 'op' | 'token'>;

export interface OutboxEntry {
  captureId: string;
  request: CaptureFields;
  /** Epoch ms. */
  createdAt: number;
  /** Delivery attempts that failed so far. */
  attempts: number;
  /** Epoch ms; the entry is not sent before this time. */
  nextAttemptAt: number;
  /** waiting: will be (re)sent automatically · failed: the web app refused it; waits for the coach. */
  state: 'waiting' | 'failed';
  lastError?: ApiError | { code: 'transport'; message: string };
}

export interface SyncCache extends SyncAnswer {
  /** Epoch ms of the answer. */
  fetchedAt: number;
}

/** The capture form while it is being filled in, so closing the panel loses nothing. */
export interface Draft {
  clientId: string;
  notes: string;
  items: { key: string; text: string; owner: Owner; due: string }[];
  startedAt: string;
}

export const connectionItem = storage.defineItem<StoredConnection | null>('local:connection', { fallback: null });
export const outboxItem = storage.defineItem<OutboxEntry[]>('local:outbox', { fallback: [] });
export const syncCacheItem = storage.defineItem<SyncCache | null>('local:syncCache', { fallback: null });
export const draftItem = storage.defineItem<Draft | null>('local:draft', { fallback: null });
