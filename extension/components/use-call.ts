// The call the panel follows (the active tab's, else the one in progress) and how it fills the form:
// source, times, and the proposed client, as the content script's reports come in.
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { draftCall, mayFill, panelCall, proposedClient, withCall } from '../calls/draft';
import { putDraft, switchClient } from '../lib/drafts';
import { callSitesItem, callsItem, type Draft, type SyncCache, type TabCall } from '../lib/storage';
import { useStored } from '../lib/use-stored';
import type { DraftsApi } from './use-drafts';

export interface CallState {
  call: TabCall | null;
  /** Caption quotes are turned on for the call's site. */
  quotes: boolean;
  /** Fills the form from the call now (when it holds another call's or a saved call's details). */
  take(): void;
}

function activeTabId(): Promise<number | undefined> {
  return browser.tabs.query({ active: true, lastFocusedWindow: true }).then(
    (tabs) => tabs[0]?.id,
    () => undefined,
  );
}

const same = (a: Draft, b: Draft) =>
  a.startedAt === b.startedAt && a.endedAt === b.endedAt && JSON.stringify([a.source, a.call]) === JSON.stringify([b.source, b.call]);

export function useCall(api: DraftsApi, cache: SyncCache | null, coachName: string): CallState {
  const calls = useStored(callsItem);
  const sites = useStored(callSitesItem);
  const [tabId, setTabId] = useState<number | undefined>(undefined);
  const busy = useRef(false);
  useEffect(() => {
    const read = () => void activeTabId().then(setTabId);
    read();
    browser.tabs.onActivated.addListener(read);
    return () => browser.tabs.onActivated.removeListener(read);
  }, []);
  const call = calls ? panelCall(calls, tabId) : null;
  const clients = cache?.clients ?? [];
  const { draft } = api;

  const apply = (force: boolean) => {
    if (!call || !call.startedAt || busy.current) return;
    const current = api.draft;
    if (!current || (!force && !mayFill(current, call))) return;
    const link = draftCall(call, clients, coachName);
    const base = force ? { ...current, call: null } : current;
    const pick = proposedClient(base, link);
    if (!pick && same(withCall(base, call, link), current)) return;
    busy.current = true;
    void api
      .run(async (now) => {
        const start = force ? { ...now, call: null } : now;
        const moved = pick ? await switchClient(start, pick) : start;
        const next = withCall(moved, call, link);
        await putDraft(next);
        return next;
      })
      .finally(() => {
        busy.current = false;
      });
  };

  useEffect(() => apply(false), [call, draft, cache, coachName]);
  const setting = call ? sites?.[call.source] : undefined;
  return { call, quotes: !!(setting?.on && setting.captions), take: () => apply(true) };
}
