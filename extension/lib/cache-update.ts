// Keeping the cached `sync` answer true after a Save, before the next `sync` arrives: what the coach
// said in the debrief applies at once (Save), the new items and a new client once the web app answers
// with their ids (delivery); a `sync` right after replaces the whole cache. Pure, plus one storage step.
import type { CaptureAnswer } from '../../shared/api';
import { isOpenItem } from '../../shared/items';
import { blankWireRow, type WireRow } from '../../shared/schema';
import { withClientChange } from './engagement';
import { withLock } from './lock';
import { syncCacheItem, type CaptureFields, type EditFields, type SyncCache } from './storage';

/**
 * The cache after a capture: debriefed items closed (done, derailed) leave the open items, items
 * marked in progress say so; with the web app's answer, the new items are open items of the client
 * and a new client is in the list.
 */
export function withCapture(
  cache: SyncCache,
  request: Omit<CaptureFields, 'captureId'>,
  answer?: Pick<CaptureAnswer, 'clientId' | 'itemIds'>,
  now = new Date(),
): SyncCache {
  const at = now.toISOString();
  const debrief = new Map((request.debrief ?? []).map((d) => [d.itemId, d]));
  let openItems = cache.openItems.flatMap((item) => {
    const d = debrief.get(item.item_id);
    if (!d) return [item];
    if (d.status !== 'open' && d.status !== 'in_progress') return [];
    return [{ ...item, status: d.status, ...(d.note !== undefined ? { status_note: d.note } : {}), updated_at: at }];
  });
  let clients = cache.clients;
  if (answer) {
    const { session } = request;
    const known = new Set(openItems.map((i) => i.item_id));
    const added = (request.actionItems ?? [])
      .map((item, i) => ({ item, id: answer.itemIds[i] }))
      .filter((x): x is { item: (typeof x)['item']; id: string } => !!x.id && !known.has(x.id))
      .map(({ item, id }) =>
        blankWireRow('ActionItems', {
          item_id: id,
          client_id: answer.clientId,
          goal_id: item.goalId ?? '',
          owner: item.owner ?? 'client',
          text: item.text,
          // A calendar day stays YYYY-MM-DD, as engagement.ts and timeline.ts keep them: dayOf reads it as that
          // day in the sheet's time zone (its own midnight there is only known to the web app).
          due_date: item.due ?? '',
          status: 'open',
          created_at: at,
          updated_at: at,
        } as Partial<WireRow<'ActionItems'>>),
      );
    openItems = [...openItems, ...added];
    if (session.newClient && !clients.some((c) => c.client_id === answer.clientId)) {
      clients = [
        ...clients,
        blankWireRow('Clients', {
          client_id: answer.clientId,
          name: session.newClient.name,
          email: session.newClient.email ?? '',
          organization: session.newClient.organization ?? '',
          created_at: at,
          updated_at: at,
        } as Partial<WireRow<'Clients'>>),
      ];
    }
  }
  return { ...cache, openItems, clients };
}

/** Applies a capture to the stored cache (no cache yet: nothing to correct). */
export function applyCaptureToCache(
  request: Omit<CaptureFields, 'captureId'>,
  answer?: Pick<CaptureAnswer, 'clientId' | 'itemIds'>,
): Promise<void> {
  return withLock('followthrough-sync-cache', async () => {
    const cache = await syncCacheItem.getValue();
    if (cache) await syncCacheItem.setValue(withCapture(cache, request, answer));
  });
}

/**
 * On Save: the capture, and the change of the client's engagement it carries (stage, package, goals),
 * true in the cache at once, in one write.
 */
export function applySavedCaptureToCache(request: Omit<CaptureFields, 'captureId'>): Promise<void> {
  return withLock('followthrough-sync-cache', async () => {
    const cache = await syncCacheItem.getValue();
    if (!cache) return;
    const { clientId } = request.session;
    const captured = withCapture(cache, request);
    const changed =
      clientId && (request.client || request.goals) ? withClientChange(captured, clientId, request.client, request.goals ?? []) : captured;
    await syncCacheItem.setValue(changed);
  });
}

/**
 * The cache after a correction of a saved session (editSession): a deleted session leaves the last
 * sessions and its items leave the open items; otherwise the session's notes, flag, kind and start and
 * its items' text, due date, owner and status change as corrected. An item closed by the correction
 * leaves the open items; one reopened comes back when its row is known (`known`, the timeline's rows).
 */
export function withEdit(
  cache: SyncCache,
  request: EditFields,
  known: readonly WireRow<'ActionItems'>[] = [],
  now = new Date(),
): SyncCache {
  const at = now.toISOString();
  if (request.delete) {
    return {
      ...cache,
      lastSessions: cache.lastSessions.filter((s) => s.session_id !== request.sessionId),
      openItems: cache.openItems.filter((i) => i.session_id !== request.sessionId),
    };
  }
  const edit = request.session;
  const lastSessions = edit
    ? cache.lastSessions.map((s) =>
        s.session_id !== request.sessionId
          ? s
          : {
              ...s,
              ...(edit.notes !== undefined ? { notes: edit.notes } : {}),
              ...(edit.confidential !== undefined ? { confidential: edit.confidential } : {}),
              ...(edit.kind !== undefined ? { kind: edit.kind } : {}),
              ...(edit.startedAt !== undefined ? { started_at: edit.startedAt } : {}),
            },
      )
    : cache.lastSessions;
  const changes = new Map((request.items ?? []).map((c) => [c.itemId, c]));
  const corrected = (item: WireRow<'ActionItems'>): WireRow<'ActionItems'> => {
    const c = changes.get(item.item_id)!;
    return {
      ...item,
      ...(c.text !== undefined ? { text: c.text } : {}),
      ...(c.due !== undefined ? { due_date: c.due } : {}),
      ...(c.owner !== undefined ? { owner: c.owner } : {}),
      ...(c.status !== undefined ? { status: c.status } : {}),
      updated_at: at,
    } as WireRow<'ActionItems'>;
  };
  const cached = new Set(cache.openItems.map((i) => i.item_id));
  const openItems = [
    ...cache.openItems.flatMap((item) => {
      if (!changes.has(item.item_id)) return [item];
      const next = corrected(item);
      return isOpenItem(next) ? [next] : [];
    }),
    ...known
      .filter((item) => changes.has(item.item_id) && !cached.has(item.item_id))
      .map(corrected)
      .filter((item) => isOpenItem(item)),
  ];
  return { ...cache, lastSessions, openItems };
}

/** Applies a correction to the stored cache (no cache yet: nothing to correct). */
export function applyEditToCache(request: EditFields, known: readonly WireRow<'ActionItems'>[] = []): Promise<void> {
  return withLock('followthrough-sync-cache', async () => {
    const cache = await syncCacheItem.getValue();
    if (cache) await syncCacheItem.setValue(withEdit(cache, request, known));
  });
}
