// Turning the capture form into the fields of a `capture` request (PRODUCT.md, "Web app API"), and back.
import * as v from 'valibot';
import { NewClientSchema } from '../../shared/api';
import { isIsoDate } from '../../shared/dates';
import { parseQuickCapture, withoutOwnerMarker, type DueParser } from '../../shared/quick-capture';
import { formatTags, mergeTags, parseTagList, tagsIn } from '../../shared/tags';
import { SESSION_KINDS, type SessionKind, type Stage } from '../../shared/schema';
import { participantAlias } from '../calls/draft';
import { blankResource, resourcesOf, validateResources } from './recap-draft';
import { kindCapture, kindDraftFromCapture, kindLines, validateKind } from './session-kinds';
import type { CaptureFields, Draft, ItemDraft } from './storage';

/** True when the kind's own fields hold something the coach typed or chose. */
function hasKindWords(draft: Draft): boolean {
  const k = draft.kindFields;
  return !!k && (!!kindLines({ kind: draft.kind, kindFields: k }) || k.goals.some((g) => g.title.trim()) || !!k.outcome || !!k.plan.trim());
}

export type ActionItemDraft = ItemDraft;

let nextKey = 0;
/** A blank action-item row; the key only tells rows apart in the form. */
export function blankItem(fields: Partial<Omit<ItemDraft, 'key'>> = {}): ItemDraft {
  nextKey += 1;
  // An empty row is the coach's (the owner rule); typing the client's name as subject makes it theirs.
  return { key: `item-${Date.now().toString(36)}-${nextKey}`, text: '', owner: 'coach', due: '', goalId: '', ...fields };
}

/** The program's defaults for a new session (`sync.settings`), followed by every blank draft. */
const sessionDefaults = { confidential: false };

/** Follows the program's settings from the latest `sync` (an older cache without them: the defaults). */
export function setSessionDefaults(settings: { confidentialByDefault?: boolean } | undefined): void {
  sessionDefaults.confidential = settings?.confidentialByDefault === true;
}

export function isConfidentialByDefault(): boolean {
  return sessionDefaults.confidential;
}

export function blankDraft(_now = new Date(), clientId = ''): Draft {
  return {
    clientId,
    newClient: null,
    notes: '',
    items: [blankItem()],
    debrief: {},
    kind: 'coaching',
    // Not started: the timer starts at the first of a client chosen, a keystroke, a call admitted.
    startedAt: '',
    endedAt: '',
    nextSessionAt: '',
    confidential: sessionDefaults.confidential,
    tags: '',
    source: null,
  };
}

/** A stored draft of any earlier shape, completed with today's defaults. */
export function normalizeDraft(stored: Partial<Draft> & { startedAt?: string }, now = new Date()): Draft {
  const blank = blankDraft(now);
  const items = (stored.items ?? []).map((item) => ({ ...blankItem(), ...item, goalId: item.goalId ?? '' }));
  return {
    ...blank,
    ...stored,
    kind: SESSION_KINDS.includes(stored.kind as SessionKind) ? (stored.kind as SessionKind) : 'coaching',
    items: items.length ? items : blank.items,
    debrief: stored.debrief ?? {},
  };
}

/**
 * The draft with its timer running from `now` unless it already started. Called when the coach
 * chooses a client or types; a call admitted sets the call's own start (call-draft.ts).
 */
export function started(draft: Draft, now = new Date()): Draft {
  return draft.startedAt ? draft : { ...draft, startedAt: now.toISOString(), endedAt: '' };
}

/** The key a draft is kept under: its client, or '' for no client yet (also a new client). */
export function draftKey(draft: Pick<Draft, 'clientId'>): string {
  return draft.clientId;
}

/** The tags typed in the Tags field: "#win #math", "win, math". */
export function typedTags(text: string): string[] {
  return parseTagList(text);
}

/** Every tag of the capture: the Tags field and #tags in the notes. */
export function allTags(draft: Pick<Draft, 'tags' | 'notes'>): string[] {
  return mergeTags(typedTags(draft.tags), tagsIn(draft.notes));
}

/** True when the form holds nothing the coach typed. */
export function isBlank(draft: Draft): boolean {
  return (
    !draft.clientId &&
    !draft.newClient &&
    !draft.notes.trim() &&
    !draft.tags.trim() &&
    !draft.nextSessionAt &&
    draft.confidential === sessionDefaults.confidential &&
    !draft.source &&
    Object.keys(draft.debrief).length === 0 &&
    !hasKindWords(draft) &&
    !draft.sendRecap &&
    resourcesOf(draft).length === 0 &&
    draft.items.every((item) => !item.text.trim() && !item.due)
  );
}

/** True when nothing but the client was chosen: switching client may simply move such a draft. */
export function isEmptyForm(draft: Draft): boolean {
  // A call's details alone (its page as the source) are not typed: they go along with the client.
  return isBlank({ ...draft, clientId: '', source: draft.call ? null : draft.source });
}

/**
 * What the form's fields say is wrong, in plain words, keyed by field: `clientId`, `newClient.name`,
 * `newClient.email`, `nextSessionAt`, `endedAt`, `items.<row key>.text`, `items.<row key>.due`. The
 * same rules as the web app's (shared/api.ts), checked before Save so nothing is refused later.
 */
export type FieldErrors = Record<string, string>;

/** The client's engagement as the form needs it: current stage ('' for none or a new client), package ending soon. */
export interface EngagementContext {
  stage: Stage | '';
  renewalDue: boolean;
}
const NO_ENGAGEMENT: EngagementContext = { stage: '', renewalDue: false };

export function validateDraft(draft: Draft, engagement: EngagementContext = NO_ENGAGEMENT): FieldErrors {
  const errors: FieldErrors = { ...validateKind(draft, engagement.renewalDue), ...validateResources(draft) };
  if (draft.newClient) {
    if (!draft.newClient.name.trim()) errors['newClient.name'] = 'Give the new client’s name.';
    const email = draft.newClient.email.trim();
    if (email && !v.is(NewClientSchema.entries.email, email))
      errors['newClient.email'] = `“${email}” is not an email address (like name@school.org).`;
  } else if (!draft.clientId) {
    errors.clientId = 'Choose a client before saving.';
  }
  if (draft.nextSessionAt && !isIsoDate(draft.nextSessionAt)) errors.nextSessionAt = 'This is not a date.';
  if (draft.startedAt && draft.endedAt && Date.parse(draft.endedAt) < Date.parse(draft.startedAt))
    errors.endedAt = 'The end is before the start.';
  for (const item of draft.items) {
    if (item.due && !isIsoDate(item.due)) errors[`items.${item.key}.due`] = 'This is not a date.';
    else if (item.due && !withoutOwnerMarker(item.text).trim())
      errors[`items.${item.key}.text`] = 'Write the action item, or clear its date.';
  }
  return errors;
}

export type CaptureCheck =
  { ok: true; fields: Omit<CaptureFields, 'captureId'> } | { ok: false; field: string; message: string; errors: FieldErrors };

/**
 * Validates the form and builds the request. Item lines still in the notes become action items
 * (quick capture, dates in `timeZone`); rows without text are left out.
 */
export function buildCapture(
  draft: Draft,
  extractDue: DueParser,
  now = new Date(),
  timeZone = 'UTC',
  clientNames: readonly string[] = [],
  engagement: EngagementContext = NO_ENGAGEMENT,
): CaptureCheck {
  const errors = validateDraft(draft, engagement);
  const first = Object.keys(errors)[0];
  if (first) return { ok: false, field: first, message: errors[first]!, errors };
  const quick = parseQuickCapture(draft.notes, now, timeZone, extractDue, clientNames);
  // An item row's `@client` / `@coach` set its owner chip; the words sent (and emailed in a recap) are the item's.
  const rows = draft.items
    .map((item) => ({
      ...item,
      text: withoutOwnerMarker(item.text)
        .replace(/\s{2,}/g, ' ')
        .trim(),
    }))
    .filter((item) => item.text !== '')
    .map((item) => ({
      text: item.text,
      owner: item.owner,
      ...(item.due ? { due: item.due } : {}),
      ...(item.goalId && !draft.newClient ? { goalId: item.goalId } : {}),
    }));
  const debrief = Object.entries(draft.debrief).map(([itemId, d]) => ({
    itemId,
    status: d.status,
    ...(d.note.trim() ? { note: d.note.trim() } : {}),
  }));
  const newClient = draft.newClient
    ? {
        name: draft.newClient.name.trim(),
        ...(draft.newClient.email.trim() ? { email: draft.newClient.email.trim() } : {}),
        ...(draft.newClient.organization.trim() ? { organization: draft.newClient.organization.trim() } : {}),
      }
    : null;
  const alias = participantAlias(draft);
  // The kind's words lead the notes; its stage move, package and goals go with the capture.
  const lines = kindLines(draft);
  const notes = lines ? (quick.notes.trim() ? `${lines}\n\n${quick.notes}` : lines) : quick.notes;
  const kind = kindCapture(draft, engagement.stage, engagement.renewalDue);
  const resources = resourcesOf(draft);
  return {
    ok: true,
    fields: {
      session: {
        ...(newClient ? { newClient } : { clientId: draft.clientId }),
        kind: draft.kind,
        startedAt: draft.startedAt || now.toISOString(),
        endedAt: draft.endedAt || now.toISOString(),
        source: draft.source?.source ?? 'manual',
        ...(draft.source?.title ? { sourceTitle: draft.source.title.slice(0, 500) } : {}),
        ...(draft.source?.url ? { sourceUrl: draft.source.url.slice(0, 2000) } : {}),
        notes,
        confidential: draft.confidential,
        tags: mergeTags(typedTags(draft.tags), quick.tags).slice(0, 30),
        ...(draft.nextSessionAt ? { nextSessionAt: draft.nextSessionAt } : {}),
        ...(alias ? { participantAlias: alias } : {}),
        // Sent only when there is something, so a script older than the recap still takes a plain capture.
        ...(resources.length ? { resources } : {}),
        ...(draft.sendRecap ? { sendRecap: true } : {}),
      },
      actionItems: [...rows, ...quick.items, ...kind.planItems],
      ...(debrief.length ? { debrief } : {}),
      ...(kind.client ? { client: kind.client } : {}),
      ...(kind.goals ? { goals: kind.goals } : {}),
    },
  };
}

/**
 * A queued capture back in the form (Edit of a capture the web app refused). `planItems`: how many of
 * its last items were a post-coaching plan (CaptureEntry.planItems).
 */
export function draftFromCapture(request: Omit<CaptureFields, 'captureId'>, planItems = 0): Draft {
  const s = request.session;
  const kind = kindDraftFromCapture(request, planItems);
  const newClient = s.newClient
    ? { name: s.newClient.name, email: s.newClient.email ?? '', organization: s.newClient.organization ?? '' }
    : null;
  const debrief: Draft['debrief'] = {};
  for (const d of request.debrief ?? []) {
    if (d.status === 'done' || d.status === 'in_progress' || d.status === 'derailed' || d.status === 'dropped')
      debrief[d.itemId] = { status: d.status, note: d.note ?? '' };
  }
  const items = kind.actionItems.map((item) =>
    blankItem({
      text: item.text,
      owner: item.owner ?? 'client',
      due: item.due?.slice(0, 10) ?? '',
      goalId: item.goalId ?? '',
      ownerChosen: true,
    }),
  );
  return {
    clientId: s.clientId ?? '',
    newClient,
    notes: s.notes ?? '',
    items: items.length ? items : [blankItem()],
    debrief,
    kind: s.kind ?? 'coaching',
    startedAt: s.startedAt,
    endedAt: s.endedAt ?? '',
    nextSessionAt: s.nextSessionAt?.slice(0, 10) ?? '',
    confidential: s.confidential ?? false,
    tags: formatTags(s.tags ?? []),
    source: s.source && s.source !== 'manual' ? { source: s.source, title: s.sourceTitle ?? '', url: s.sourceUrl ?? '' } : null,
    ...(s.resources?.length ? { resources: s.resources.map((r) => ({ ...blankResource(), title: r.title, url: r.url })) } : {}),
    ...(s.sendRecap ? { sendRecap: true } : {}),
    ...(kind.kindFields ? { kindFields: kind.kindFields } : {}),
  };
}

/** Both drafts in one, losing nothing: notes one after the other, items and tags together. */
export function mergeDrafts(base: Draft, added: Draft): Draft {
  if (isBlank(base)) return added;
  const items = [...base.items, ...added.items].filter((item) => item.text.trim() || item.due);
  const starts = [base.startedAt, added.startedAt].filter(Boolean).sort();
  const startedAt = starts[0] ?? '';
  return {
    ...base,
    clientId: base.clientId || added.clientId,
    newClient: base.newClient ?? added.newClient,
    notes: [base.notes.trim(), added.notes.trim()].filter(Boolean).join('\n\n'),
    items: items.length ? items : [blankItem()],
    debrief: { ...added.debrief, ...base.debrief },
    startedAt,
    nextSessionAt: base.nextSessionAt || added.nextSessionAt,
    confidential: base.confidential || added.confidential,
    tags: formatTags(mergeTags(typedTags(base.tags), typedTags(added.tags))),
    source: base.source ?? added.source,
    call: base.call ?? added.call ?? null,
    ...((base.kindFields ?? added.kindFields) ? { kindFields: base.kindFields ?? added.kindFields } : {}),
    ...(base.resources?.length || added.resources?.length ? { resources: [...(base.resources ?? []), ...(added.resources ?? [])] } : {}),
    ...(base.sendRecap || added.sendRecap ? { sendRecap: true } : {}),
  };
}
