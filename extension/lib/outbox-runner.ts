// Runs the outbox in the background: an alarm drives retries, a 'flushOutbox' message delivers at once,
// and the toolbar badge shows how many captures wait. Every step reads its state from storage, so the
// service worker may stop between steps; the alarm wakes it again.
import { browser } from 'wxt/browser';
import { FIRST_RETRY_MS } from './backoff';
import { describeEditRefusal, describeRefusal } from './errors';
import { onMessages } from './messaging';
import { delivered, flush, summarize, type OutboxSummary } from './outbox';
import { refreshServer } from './connect';
import { refreshSync } from './sync';
import { connectionItem, isEdit, outboxItem, type OutboxEntry } from './storage';

export const OUTBOX_ALARM = 'outbox';

/** The toolbar button's title when nothing needs the coach (the manifest's default_title). */
export const IDLE_TITLE = 'Open FollowThrough';
const REFUSED_COLOR = '#b42318';
const WAITING_COLOR = '#5b6470';

/** The badge and tooltip for the outbox: red with a count and the reason when the sheet refused a capture. */
export function toolbarState(entries: readonly OutboxEntry[]): { text: string; color: string; title: string } {
  const { waiting, failed } = summarize(entries);
  if (failed) {
    const first = entries.find((e) => e.state === 'failed');
    const reason =
      first && (isEdit(first) || first.op === 'updateClient')
        ? describeEditRefusal(first.lastError)
        : describeRefusal(first?.lastError, first?.request);
    const more = failed > 1 ? ` (and ${failed - 1} more)` : '';
    return {
      text: String(failed),
      color: REFUSED_COLOR,
      title: `FollowThrough: the sheet did not accept ${failed === 1 ? 'a capture' : `${failed} captures`} — ${reason}${more} Open the panel to edit, retry or discard.`,
    };
  }
  if (waiting)
    return {
      text: String(waiting),
      color: WAITING_COLOR,
      title: `FollowThrough: ${waiting === 1 ? '1 capture' : `${waiting} captures`} waiting to be delivered.`,
    };
  return { text: '', color: WAITING_COLOR, title: IDLE_TITLE };
}

async function showCount(entries: readonly OutboxEntry[]): Promise<void> {
  const state = toolbarState(entries);
  await browser.action.setBadgeBackgroundColor({ color: state.color });
  await browser.action.setBadgeText({ text: state.text });
  await browser.action.setTitle({ title: state.title });
}

/** Plans the next wake-up: the earliest retry, never sooner than Chrome's 30 s minimum. */
async function schedule(summary: OutboxSummary, connected: boolean): Promise<void> {
  if (summary.nextAttemptAt === null || !connected) {
    await browser.alarms.clear(OUTBOX_ALARM);
    return;
  }
  const when = Math.max(summary.nextAttemptAt, Date.now() + FIRST_RETRY_MS);
  const existing = await browser.alarms.get(OUTBOX_ALARM);
  if (existing && existing.scheduledTime >= when && existing.scheduledTime - when < 1000) return;
  await browser.alarms.create(OUTBOX_ALARM, { when });
}

/** Delivers what is due (when connected) and plans the next attempt. */
export async function runOutbox(): Promise<OutboxSummary> {
  const stored = await connectionItem.getValue();
  // A connection stored before the script said what it understands learns it before sending anything.
  const connection = stored && !stored.server ? await refreshServer(stored) : stored;
  if (connection && summarize(await outboxItem.getValue()).waiting > 0) {
    // A guard: should the service worker be stopped mid-delivery, this alarm wakes it to try again
    // (the web app dedupes by captureId, so the capture is still stored once).
    await browser.alarms.create(OUTBOX_ALARM, { when: Date.now() + FIRST_RETRY_MS });
  }
  const before = delivered();
  const summary = connection ? await flush(connection) : summarize(await outboxItem.getValue());
  await schedule(summary, connection !== null);
  // Something reached the sheet: refresh the cached clients, goals and open items right after.
  if (connection && delivered() > before) await refreshSync(connection).catch((e: unknown) => console.warn('FollowThrough: sync', e));
  return summary;
}

function runInBackground(): void {
  runOutbox().catch((error: unknown) => console.error('FollowThrough: outbox delivery failed', error));
}

/** Registers the outbox's listeners; call synchronously when the background starts. */
export function registerOutbox(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OUTBOX_ALARM) runInBackground();
  });
  onMessages({ flushOutbox: () => runOutbox() });
  outboxItem.watch((entries) => {
    void showCount(entries);
  });
  // Connecting (or reconnecting after a revoked token) sends what waited meanwhile.
  connectionItem.watch(() => runInBackground());
  void outboxItem.getValue().then(showCount);
  runInBackground();
}
