// The recap part of the capture form (PRODUCT.md, capture `session.resources` and `sendRecap`): the
// links the coach shares with the client, checked by the web app's own rules (shared/resources.ts)
// before Save, and the preview of the email the add-on will send, made by the add-on's own renderer
// (shared/recap.ts) from the request the form would queue.
import { recapAddress, recapInputOfDraft, renderRecap, type RenderedRecap } from '../../shared/recap';
import { MAX_RESOURCE_TITLE, MAX_RESOURCES, resourceTitleProblem, resourceUrlProblem, type Resource } from '../../shared/resources';
import type { CaptureFields, Draft, ResourceDraft } from './storage';

let nextKey = 0;
export function blankResource(): ResourceDraft {
  nextKey += 1;
  return { key: `res-${Date.now().toString(36)}-${nextKey}`, title: '', url: '' };
}

const isBlankRow = (r: ResourceDraft) => !r.title.trim() && !r.url.trim();

/**
 * The request's resources: rows with something typed; a link without a title is titled by its address
 * (as the add-on reads a bare address typed in the sheet).
 */
export function resourcesOf(draft: Pick<Draft, 'resources'>): Resource[] {
  return (draft.resources ?? [])
    .filter((r) => !isBlankRow(r))
    .map((r) => ({ title: (r.title.trim() || r.url.trim()).slice(0, MAX_RESOURCE_TITLE), url: r.url.trim() }));
}

/** What is wrong with the links, keyed `resources.<row key>.url` / `.title`; the web app's rules. */
export function validateResources(draft: Pick<Draft, 'resources'>): Record<string, string> {
  const errors: Record<string, string> = {};
  const rows = (draft.resources ?? []).filter((r) => !isBlankRow(r));
  rows.forEach((r, i) => {
    if (i >= MAX_RESOURCES) {
      errors[`resources.${r.key}.url`] = `At most ${MAX_RESOURCES} links.`;
      return;
    }
    const url = resourceUrlProblem(r.url.trim());
    if (url) errors[`resources.${r.key}.url`] = url;
    const title = r.title.trim() ? resourceTitleProblem(r.title.trim()) : null;
    if (title) errors[`resources.${r.key}.title`] = title;
  });
  return errors;
}

/** The message when the sheet's script predates the recap (hello's capabilities lack `session.sendRecap`). */
export const RECAP_NOT_IN_SCRIPT = 'The program sheet’s script is older than the recap: ask your program admin to update it.';

/** Whether the sheet's script takes the recap and the links (unknown capabilities: assume it does). */
export function scriptTakesRecap(capabilities: { ops: Record<string, readonly string[]> } | undefined): boolean {
  const capture = capabilities?.ops.capture;
  return !capabilities || (!!capture && capture.includes('session.sendRecap') && capture.includes('session.resources'));
}

/** Who the recap would go to, or why it would not be sent: the add-on's own rule (shared/recap.ts recapAddress). */
export function recapRecipient(client: { name: string; email: unknown; reminders?: unknown } | null): { to: string } | { reason: string } {
  if (!client) return { reason: 'Choose a client first.' };
  const address = recapAddress(client);
  if ('to' in address) return address;
  return {
    reason:
      address.none === 'no_address' ? `${client.name || 'The client'} has no email address.` : `${client.name} has emails turned off.`,
  };
}

/**
 * The recap email the add-on would send for this capture, as the client would read it (without the signed
 * links): `sharedWords` are the words the client lets leaders read, as sync's latest answer has them
 * (the email then offers to stop sharing them; the preview shows where that link goes).
 */
export function previewRecap(
  fields: Omit<CaptureFields, 'captureId'>,
  about: { clientName: string; coachName: string; timeZone: string; signoff: string; sharedWords?: string | null },
): RenderedRecap {
  const s = fields.session;
  return renderRecap(
    recapInputOfDraft({
      ...about,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      nextSessionAt: s.nextSessionAt,
      actionItems: fields.actionItems ?? [],
      resources: s.resources ?? [],
    }),
  );
}
