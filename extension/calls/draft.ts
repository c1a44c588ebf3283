// How a call fills the capture form: which call the panel shows, the client its participants propose
// (the coach's own name left out), the session fields it sets, and the alias a manual choice teaches.
// Pure.
import { describeMatch, matchClient, normalizeName, type ClientMatch, type MatchableClient } from '../../shared/client-match';
import type { Draft, DraftCall, TabCall } from '../lib/storage';
import type { CallParticipant } from './protocol';

/** The call for the panel: the active tab's, else the latest one in progress, else the latest ended. */
export function panelCall(calls: Record<string, TabCall>, activeTabId: number | undefined): TabCall | null {
  const own = activeTabId === undefined ? undefined : calls[activeTabId];
  if (own && own.phase !== 'waiting') return own;
  const all = Object.values(calls)
    .filter((c) => c.phase !== 'waiting')
    .sort((a, b) => b.updatedAt - a.updatedAt);
  return all.find((c) => c.phase === 'live' || c.phase === 'unavailable') ?? all.find((c) => c.phase === 'ended') ?? null;
}

/** The participants other than the coach: not marked as the coach by the page, and not the coach's name. */
export function othersOnCall(call: Pick<TabCall, 'participants'>, coachName: string): CallParticipant[] {
  const me = normalizeName(coachName);
  return call.participants.filter((p) => !p.self && normalizeName(p.name) !== me);
}

/** The client the call proposes, or null. */
export function callMatch(call: Pick<TabCall, 'participants'>, clients: readonly MatchableClient[], coachName: string): ClientMatch | null {
  return matchClient(othersOnCall(call, coachName), clients);
}

/** Tells calls apart: the tab and the time the coach joined. */
export function callId(call: Pick<TabCall, 'tabId' | 'startedAt'>): string {
  return `${call.tabId}@${call.startedAt}`;
}

/** The call's link for the draft: proposal, reason and each participant's own match. */
export function draftCall(call: TabCall, clients: readonly MatchableClient[], coachName: string): DraftCall {
  const match = callMatch(call, clients, coachName);
  return {
    id: callId(call),
    proposedClientId: match?.clientId ?? '',
    participant: match?.participant ?? '',
    reason: match ? describeMatch(match) : '',
    others: othersOnCall(call, coachName).map((p) => ({ name: p.name, clientId: matchClient([p], clients)?.clientId ?? '' })),
  };
}

/** True when the call may fill this draft by itself (no other call's notes in it). */
export function mayFill(draft: Draft, call: TabCall): boolean {
  return draft.call ? draft.call.id === callId(call) && !draft.call.detached : !call.saved;
}

/** The draft with the call's source, times and link (the client is chosen separately, see proposedClient). */
export function withCall(draft: Draft, call: TabCall, link: DraftCall): Draft {
  const fresh = draft.call?.id !== link.id;
  return {
    ...draft,
    source: { source: call.source, title: call.title || call.code, url: call.url },
    startedAt: fresh && call.startedAt ? call.startedAt : draft.startedAt,
    endedAt: call.endedAt && (fresh || !draft.endedAt) ? call.endedAt : fresh ? '' : draft.endedAt,
    call: link,
  };
}

/** The client to preselect now: a new proposal while the form has no client, else null. */
export function proposedClient(draft: Draft, link: DraftCall): string | null {
  if (!link.proposedClientId || draft.clientId || draft.newClient) return null;
  return draft.call?.proposedClientId === link.proposedClientId && draft.call.id === link.id ? null : link.proposedClientId;
}

/**
 * The participant name to keep as an alias of the chosen client: when the coach chose a client the
 * call did not propose and no participant's name matches that client, the one participant left
 * unexplained (matching nobody, or only the proposal the coach turned down).
 */
export function participantAlias(draft: Pick<Draft, 'call' | 'clientId' | 'newClient'>): string | undefined {
  const call = draft.call;
  if (!call || call.detached || !draft.clientId || draft.newClient || draft.clientId === call.proposedClientId) return undefined;
  if (call.others.some((o) => o.clientId === draft.clientId)) return undefined;
  const candidates = call.others.filter((o) => !o.clientId || o.clientId === call.proposedClientId);
  return candidates.length === 1 ? candidates[0]!.name.slice(0, 200) : undefined;
}
