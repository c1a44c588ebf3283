// What became of the recaps the coach asked for (capture answer's `recap`, PRODUCT.md `sendRecap`): one
// that was not sent is kept as a notice in the panel — skipped (no address, emails off, nothing to
// recap: the detail says which), failed (the send failed) or quota (the sheet's email quota for the day
// is spent). A failed or quota recap can be asked for again: the same capture, same captureId, which
// the web app answers as a duplicate (nothing new written) and completes by sending the recap, once.
import type { CaptureAnswer, RecapOutcome } from '../../shared/api';
import type { Connection } from '../../shared/connection';
import { callWebApp } from './api';
import { withLock } from './lock';
import { recapNoticesItem, type CaptureFields, type RecapNotice } from './storage';

const LOCK = 'followthrough-recap-notices';

function update(change: (notices: RecapNotice[]) => RecapNotice[]): Promise<void> {
  return withLock(LOCK, async () => recapNoticesItem.setValue(change(await recapNoticesItem.getValue())));
}

/** Records the recap part of a capture's answer: a notice when it was not sent, none once it was. */
export async function noteRecap(
  request: CaptureFields,
  answer: Pick<CaptureAnswer, 'clientId' | 'recap'>,
  owner?: RecapNotice['owner'],
  now = Date.now(),
): Promise<void> {
  const outcome = answer.recap;
  if (!request.session.sendRecap || !outcome) return;
  const others = (notices: RecapNotice[]) => notices.filter((n) => n.captureId !== request.captureId);
  if (outcome.status === 'sent' || outcome.status === 'already') return update(others);
  const notice: RecapNotice = {
    captureId: request.captureId,
    clientId: answer.clientId,
    status: outcome.status,
    to: outcome.to,
    detail: outcome.detail ?? (outcome.status === 'quota' ? 'The sheet’s email quota for today is spent.' : ''),
    at: now,
    ...(outcome.status === 'skipped' ? {} : { request }),
    ...(owner ? { owner } : {}),
  };
  await update((notices) => [...others(notices), notice]);
}

export function dismissRecapNotice(captureId: string): Promise<void> {
  return update((notices) => notices.filter((n) => n.captureId !== captureId));
}

/** Asks the web app again for a recap not sent (failed, quota): the same capture, answered as a duplicate. */
export async function retryRecap(connection: Connection, notice: RecapNotice): Promise<RecapOutcome | null> {
  if (!notice.request) return null;
  const answer = await callWebApp(connection, 'capture', notice.request);
  if (!answer.ok) throw new Error(answer.error.message);
  await noteRecap(notice.request, answer, notice.owner);
  return answer.recap ?? null;
}

/** The notice in words: "The recap to maya@… was not sent: …". */
export function recapNoticeWords(notice: RecapNotice, clientName: string): string {
  const to = notice.to ? `${clientName} (${notice.to})` : clientName;
  // The add-on passes on what the mail service said ("Error: Invalid email: …"): the words only.
  const detail = notice.detail.replace(/^\s*(?:[A-Za-z]*Error|Exception):\s*/, '');
  const why = detail ? ` ${detail}` : '';
  if (notice.status === 'skipped') return `No recap went to ${to}:${why || ' nothing to send.'}`;
  if (notice.status === 'quota') return `The recap to ${to} waits:${why} Send it again tomorrow.`;
  return `The recap to ${to} could not be sent:${why || ' the send failed.'}`;
}
