// The background's side of call awareness: the call each tab's content script reports, kept in
// storage.session (this browser session only) keyed by tab id for the panel; caption quotes fetched
// from the tab on the panel's request. Caption lines are never stored: they pass through to the panel.
import { browser } from 'wxt/browser';
import { onMessages, type Sender } from '../../lib/messaging';
import { withLock } from '../../lib/lock';
import { callSitesItem, callsItem, type TabCall } from '../../lib/storage';
import { callId } from '../draft';
import {
  cleanUrl,
  type CallParticipant,
  type CallReport,
  type CaptionLine,
  type Envelope,
  type ReportAnswer,
  type RosterSource,
} from '../protocol';

const LOCK = 'followthrough-calls';
/** Ended calls are forgotten after this long. */
const KEEP_ENDED_MS = 3 * 3600_000;
const SOURCES = new Set(['meet', 'zoom', 'teams']);
const PHASES = new Set(['waiting', 'live', 'ended', 'unavailable']);
const ROSTERS = new Set(['list', 'tiles', 'none']);

const str = (value: unknown, max: number): string => (typeof value === 'string' ? value.slice(0, max) : '');

/** The report as the background keeps it: known values only, lengths capped (the page is not trusted). */
export function cleanReport(raw: unknown): CallReport | null {
  const r = raw as Partial<CallReport> | null;
  if (!r || !SOURCES.has(String(r.source)) || !PHASES.has(String(r.phase))) return null;
  const participants: CallParticipant[] = (Array.isArray(r.participants) ? r.participants : []).slice(0, 100).flatMap((p) => {
    const name = str((p as Partial<CallParticipant>)?.name, 200).trim();
    const email = str((p as Partial<CallParticipant>)?.email, 254).trim();
    const self = (p as Partial<CallParticipant>)?.self === true;
    return name ? [{ name, ...(email ? { email } : {}), ...(self ? { self } : {}) }] : [];
  });
  return {
    source: r.source!,
    phase: r.phase!,
    admitted: r.admitted === true,
    title: str(r.title, 500),
    code: str(r.code, 200),
    url: str(r.url, 2000),
    participants,
    startedAt: str(r.startedAt, 40),
    endedAt: str(r.endedAt, 40),
    roster: ROSTERS.has(String(r.roster)) ? (r.roster as RosterSource) : 'none',
    captions: r.captions === true,
    reason: /^[a-z]+\.[a-z-]+$/.test(String(r.reason)) ? String(r.reason) : '',
  };
}

function change(task: (calls: Record<string, TabCall>, now: number) => Record<string, TabCall>): Promise<void> {
  return withLock(LOCK, async () => {
    const now = Date.now();
    const next = task({ ...(await callsItem.getValue()) }, now);
    for (const [key, call] of Object.entries(next)) if (call.phase === 'ended' && now - call.updatedAt > KEEP_ENDED_MS) delete next[key];
    await callsItem.setValue(next);
  });
}

/** Keeps a tab's report; answers whether the content script should keep caption lines. */
export async function storeReport(raw: unknown, sender: Sender): Promise<ReportAnswer> {
  const tabId = sender.tab?.id;
  const report = cleanReport(raw);
  if (tabId === undefined || !report) throw new Error('Not a call report from a tab.');
  await change((calls, now) => {
    const known = calls[tabId];
    const saved = known?.saved && known.startedAt === report.startedAt ? { saved: true } : {};
    return { ...calls, [tabId]: { ...report, tabId, updatedAt: now, ...saved } };
  });
  const setting = (await callSitesItem.getValue())[report.source];
  return { captions: !!(setting?.on && setting.captions) };
}

/** A tab that loads another page (not the call's, whose query may change) ends its live call. */
export function tabNavigated(tabId: number, url: string | undefined): Promise<void> {
  return change((calls, now) => {
    const call = calls[tabId];
    if (!call || call.phase !== 'live' || (url !== undefined && cleanUrl(url) === call.url)) return calls;
    return { ...calls, [tabId]: { ...call, phase: 'ended', endedAt: new Date(now).toISOString(), captions: false, updatedAt: now } };
  });
}

/** A closed tab ends its call. */
export function tabClosed(tabId: number): Promise<void> {
  return change((calls, now) => {
    const call = calls[tabId];
    if (!call) return calls;
    if (call.phase !== 'live') {
      delete calls[tabId];
      return calls;
    }
    return { ...calls, [tabId]: { ...call, phase: 'ended', endedAt: new Date(now).toISOString(), captions: false, updatedAt: now } };
  });
}

/** A capture from the call was saved (panel): a cleared form does not fill itself from it again. */
export function markCallSaved(id: string): Promise<void> {
  return change((calls) => {
    const call = Object.values(calls).find((c) => callId(c) === id);
    return call ? { ...calls, [call.tabId]: { ...call, saved: true } } : calls;
  });
}

/** Asks the tab's content script for its caption lines (the last two minutes, from memory). */
export async function captionLines(tabId: number): Promise<CaptionLine[]> {
  const envelope: Envelope = { ft: 1, name: 'callQuotes', arg: null };
  const reply = (await browser.tabs.sendMessage(tabId, envelope).catch(() => undefined)) as { ok?: boolean; value?: unknown } | undefined;
  if (!reply?.ok || !Array.isArray(reply.value))
    throw new Error('The call page did not answer — reload it, or check that the site is still turned on.');
  return (reply.value as CaptionLine[]).slice(-400).map((l) => ({
    speaker: str(l.speaker, 200),
    text: str(l.text, 2000),
    at: Number(l.at) || 0,
    ...(l.self === true ? { self: true } : {}),
  }));
}

/** Registers the listeners; call synchronously when the background starts. */
export function registerCalls(): void {
  onMessages({
    callReport: (report, sender) => storeReport(report, sender),
    callQuotes: ({ tabId }) => captionLines(tabId),
  });
  const failed = (error: unknown) => console.error('FollowThrough: calls', error);
  browser.tabs.onRemoved.addListener((tabId) => void tabClosed(tabId).catch(failed));
  // A page load in the call's tab (in-page history changes do not report "loading"); the URL is known
  // only on the call sites' origins (their host permission), elsewhere it is another page anyway.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void tabNavigated(tabId, change.url).catch(failed);
  });
}
