// Helpers for the extension's unit tests: a scripted web app behind a stubbed fetch, and a call's report.
import { vi } from 'vitest';
import type { CallReport } from '../calls/protocol';
import type { StoredConnection } from '../lib/storage';

export const connection: StoredConnection = {
  url: 'https://script.google.com/macros/s/TEST/exec',
  token: 'secret-token',
  coach: { coach_id: 'C1', name: 'Ada Coach', role: 'coach', note_key_id: '' },
  sheet: { name: 'Program 2026', timeZone: 'Europe/Berlin' },
  connectedAt: '2026-03-01T09:00:00.000Z',
};

export interface SentRequest {
  url: string;
  init: RequestInit;
  body: Record<string, unknown>;
}

type Reply = unknown | Error | ((request: SentRequest) => unknown | Error | Promise<unknown | Error>);

/** Stubs fetch: each reply is a JSON answer, an Error (a network failure) or a function of the request. */
export function stubWebApp(...replies: Reply[]): SentRequest[] {
  const sent: SentRequest[] = [];
  const queue = [...replies];
  const fallback = queue.length ? queue[queue.length - 1] : { ok: true };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const request: SentRequest = { url, init, body: JSON.parse(String(init.body)) as Record<string, unknown> };
      sent.push(request);
      const next = queue.length ? queue.shift() : fallback;
      const reply = typeof next === 'function' ? await (next as (r: SentRequest) => unknown)(request) : next;
      if (reply instanceof Error) throw new TypeError('Failed to fetch');
      return new Response(typeof reply === 'string' ? reply : JSON.stringify(reply), { status: 200 });
    }),
  );
  return sent;
}

export const captureOk = (request: SentRequest) => ({
  ok: true,
  sessionId: `S-${String(request.body.captureId)}`,
  itemIds: [],
  clientId: 'K1',
  duplicate: false,
});

/** A Meet call as its reader reports it: live, the coach admitted, the participant list read, captions off. */
export function meetReport(fields: Partial<CallReport> = {}): CallReport {
  return {
    source: 'meet',
    phase: 'live',
    admitted: true,
    roster: 'list',
    reason: '',
    title: 'Weekly',
    code: 'abc-defg-hij',
    url: 'https://meet.google.com/abc-defg-hij',
    participants: [{ name: 'Ana Rivera (You)' }, { name: 'Maya Thompson' }],
    startedAt: '2026-03-12T15:00:00.000Z',
    endedAt: '',
    captions: false,
    ...fields,
  };
}
