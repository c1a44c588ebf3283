// Keeps the cached clients, goals and open items fresh for offline use: an alarm refreshes `sync`
// every 15 minutes in the background (the panel also refreshes when it opens).
import { browser } from 'wxt/browser';
import { refreshSync, type SyncResult } from './sync';
import { connectionItem } from './storage';

export const SYNC_ALARM = 'sync';
export const SYNC_PERIOD_MINUTES = 15;

/** Creates the periodic alarm unless it exists (alarms survive a service-worker restart). */
export async function ensureSyncAlarm(): Promise<void> {
  const existing = await browser.alarms.get(SYNC_ALARM);
  if (existing?.periodInMinutes === SYNC_PERIOD_MINUTES) return;
  await browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES, delayInMinutes: SYNC_PERIOD_MINUTES });
}

/** Refreshes the cache when connected. */
export async function runSync(): Promise<SyncResult | null> {
  const connection = await connectionItem.getValue();
  return connection ? refreshSync(connection) : null;
}

/** Registers the alarm's listener; call synchronously when the background starts. */
export function registerSyncRefresh(): void {
  const report = (error: unknown) => console.error('FollowThrough: sync', error);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void runSync().catch(report);
  });
  void ensureSyncAlarm().catch(report);
}
