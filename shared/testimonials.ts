// Testimonials: the one home of whose words leaders may read. A client writes a sentence on the
// preparation form and ticks the consent box (Prep.testimonial, Prep.share_consent — PRODUCT.md: shown
// to leaders only when share_consent is TRUE). Each client's latest answer decides: a later answer
// without consent withdraws it, and so does the withdrawal link in the client's next email (which
// sets share_consent FALSE on the client's answers).
import type { Row } from './schema';

export type PrepAnswer = Pick<Row<'Prep'>, 'client_id' | 'submitted_at' | 'testimonial' | 'share_consent'>;

/** Each client's latest answer (by submitted_at), among the answers `counts` keeps. */
export function latestAnswers<P extends PrepAnswer>(prep: readonly P[], counts: (p: P) => boolean = () => true): Map<string, P> {
  const latest = new Map<string, P>();
  for (const p of prep) {
    if (!(p.submitted_at instanceof Date) || !counts(p)) continue;
    const seen = latest.get(p.client_id);
    if (!seen || p.submitted_at.getTime() > (seen.submitted_at as Date).getTime()) latest.set(p.client_id, p);
  }
  return latest;
}

/** The words an answer shares with leaders: its testimonial when it carries consent, else null. */
export function sharedWords(answer: Pick<PrepAnswer, 'testimonial' | 'share_consent'> | undefined | null): string | null {
  const text = String(answer?.testimonial ?? '').trim();
  return answer && answer.share_consent === true && text ? text : null;
}

/** The words one client lets leaders read now (their latest answer decides), or null. */
export function wordsSharedBy(prep: readonly PrepAnswer[], clientId: string): string | null {
  return sharedWords(latestAnswers(prep.filter((p) => p.client_id === clientId)).get(clientId));
}

/** Clients whose words leaders may read now, with those words (each client's latest answer decides). */
export function sharingClients(prep: readonly PrepAnswer[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [clientId, answer] of latestAnswers(prep)) {
    const words = sharedWords(answer);
    if (words) out.set(clientId, words);
  }
  return out;
}

/** The longest testimonial the form takes: a sentence or two. */
export const TESTIMONIAL_MAX = 500;
