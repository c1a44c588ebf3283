// Drafts in storage.local: one per client, plus one for "no client yet" (key ''). The form shows the
// active one; every change is written (debounced by the panel), so closing the panel, the tab or the
// browser loses nothing. Saving a capture clears its draft.
import { blankDraft, draftKey, isBlank, isEmptyForm, mergeDrafts, normalizeDraft, started } from './capture';
import { withLock } from './lock';
import { onMessages } from './messaging';
import { draftsItem, type Draft, type Drafts } from './storage';

const LOCK = 'followthrough-drafts';

function change<T>(task: (drafts: Drafts) => { drafts: Drafts; result: T }): Promise<T> {
  return withLock(LOCK, async () => {
    const { drafts, result } = task(await draftsItem.getValue());
    await draftsItem.setValue(drafts);
    return result;
  });
}

function stored(drafts: Drafts, key: string, now: Date): Draft | null {
  const found = drafts.byKey[key];
  return found && !isBlank(normalizeDraft(found, now)) ? normalizeDraft(found, now) : null;
}

function withDraft(drafts: Drafts, key: string, draft: Draft | null): Drafts {
  const { [key]: _, ...rest } = drafts.byKey;
  return { ...drafts, byKey: draft && !isBlank(draft) ? { ...rest, [key]: draft } : rest };
}

/** The draft the form opens with: the active one, else the one without a client, else a blank form. */
export async function activeDraft(now = new Date()): Promise<Draft> {
  const drafts = await draftsItem.getValue();
  return stored(drafts, drafts.active, now) ?? stored(drafts, '', now) ?? blankDraft(now);
}

/** The drafts with the form's draft under its key (a blank one is removed), made the active one. */
export function withActive(drafts: Drafts, draft: Draft): Drafts {
  const key = draftKey(draft);
  return { ...withDraft(drafts, key, draft), active: key };
}

/** Writes the form's draft under its key (a blank one is removed) and makes it the active one. */
export function putDraft(draft: Draft): Promise<void> {
  return change((drafts) => ({ drafts: withActive(drafts, draft), result: undefined }));
}

/** Keeps a draft under its own key without opening it (the panel lists it among the other drafts). */
export function putAside(draft: Draft): Promise<void> {
  return change((drafts) => ({ drafts: withDraft(drafts, draftKey(draft), draft), result: undefined }));
}

/**
 * The background's side of a closing panel's last write (message keepDraft): the panel posts its draft
 * in one synchronous step as it is hidden, and the background, which outlives the page, writes it.
 */
export function registerDraftKeeper(): void {
  onMessages({ keepDraft: (draft) => putDraft(normalizeDraft(draft)) });
}

/**
 * The coach picks another client (or none: ''). When that client has a draft, the form switches to it.
 * Otherwise a form without a client (or with nothing typed yet) simply takes the client; a form with
 * another client's notes stays that client's draft and the new client starts a blank form.
 */
export function switchClient(current: Draft, clientId: string, now = new Date()): Promise<Draft> {
  const from = draftKey(current);
  return change((drafts) => {
    if (clientId === from) return { drafts, result: current };
    // Choosing a client starts the session's timer (unless typing or a call started it before).
    const found = stored(drafts, clientId, now);
    const target = found && clientId ? started(found, now) : found;
    const keepCurrent = from !== '' && !isEmptyForm(current);
    const kept = withDraft(drafts, from, keepCurrent ? current : null);
    if (target) return { drafts: { ...withDraft(kept, clientId, target), active: clientId }, result: target };
    const moved: Draft = keepCurrent
      ? blankDraft(now, clientId)
      : {
          ...current,
          clientId,
          newClient: clientId ? null : current.newClient,
          // Open items and goals belong to the previous client.
          debrief: {},
          items: current.items.map((item) => ({ ...item, goalId: '' })),
        };
    const next = clientId ? started(moved, now) : moved;
    return { drafts: { ...withDraft(kept, clientId, next), active: clientId }, result: next };
  });
}

/**
 * Moves the words of another draft (`fromKey`) into the form's draft and removes that draft: what a
 * coach wants after typing before switching to the right client. The debrief and goals stay behind
 * (they belong to the other client's items); notes and items come along.
 */
export function moveDraftTo(current: Draft, fromKey: string, now = new Date()): Promise<Draft> {
  const key = draftKey(current);
  return change((drafts) => {
    const from = stored(drafts, fromKey, now);
    if (!from || fromKey === key) return { drafts, result: current };
    const moving: Draft = {
      ...from,
      clientId: current.clientId,
      newClient: current.newClient,
      debrief: {},
      items: from.items.map((item) => ({ ...item, goalId: '' })),
      call: null,
    };
    const merged = started(mergeDrafts(current, moving), now);
    return { drafts: { ...withDraft(withDraft(drafts, fromKey, null), key, merged), active: key }, result: merged };
  });
}

/** Opens another stored draft; the current one stays under its key. */
export function openDraft(current: Draft, key: string, now = new Date()): Promise<Draft> {
  return change((drafts) => {
    const target = stored(drafts, key, now) ?? blankDraft(now, key);
    return { drafts: { ...withDraft(drafts, draftKey(current), current), active: key }, result: target };
  });
}

/**
 * After a Save: removes the saved draft. The form goes on with the draft without a client when there
 * is one, else a blank form starting now.
 */
export function clearDraft(saved: Draft, now = new Date()): Promise<Draft> {
  return change((drafts) => {
    const next = withDraft(drafts, draftKey(saved), null);
    return { drafts: { ...next, active: '' }, result: stored(next, '', now) ?? blankDraft(now) };
  });
}

/** Brings a draft back into the form (Edit of a refused capture), merged with what is stored for its client. */
export function restoreDraft(current: Draft, incoming: Draft, now = new Date()): Promise<Draft> {
  const key = draftKey(incoming);
  return change((drafts) => {
    const kept = draftKey(current) === key ? drafts : withDraft(drafts, draftKey(current), current);
    const base = draftKey(current) === key ? current : (stored(kept, key, now) ?? blankDraft(now, key));
    const merged = mergeDrafts(base, incoming);
    return { drafts: { ...withDraft(kept, key, merged), active: key }, result: merged };
  });
}

/** Drafts other than the one in the form, newest first. */
export function otherDrafts(drafts: Drafts, currentKey: string, now = new Date()): Draft[] {
  return Object.keys(drafts.byKey)
    .filter((key) => key !== currentKey)
    .map((key) => stored(drafts, key, now))
    .filter((d): d is Draft => d !== null)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
