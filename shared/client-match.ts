// Which client is on the call: participants' display names (and emails, where the call page shows
// them) matched against Clients (name, email, aliases), case- and accent-insensitive and tolerant of
// decorations such as "Dr. Ann Lee (she/her)" or "Ann Lee (Guest)". Pure.

export interface Participant {
  name: string;
  email?: string;
}

export interface MatchableClient {
  client_id: string;
  name: string;
  email: string;
  aliases: string;
}

export type MatchReason = 'email' | 'name' | 'alias' | 'first and last name' | 'alias (first and last name)';

export interface ClientMatch {
  clientId: string;
  participant: string;
  reason: MatchReason;
  /** 0–1; higher is surer. */
  score: number;
}

const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'mx', 'miss', 'prof', 'professor', 'sir', 'dame', 'rev', 'coach']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq']);

/** Lower case, no accents, no decorations: "Dr. Ána Lee-Smith (she/her) [Guest]" → "ana lee smith". */
export function normalizeName(raw: string): string {
  const plain = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|<[^>]*>/g, ' ') // (she/her), (Guest), [External], <email>
    .replace(/\b(guest|external|host|co-host|presenter|organizer|you|me)\b/g, ' ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ');
  const words = plain.split(/\s+/).filter(Boolean);
  while (words.length > 1 && TITLES.has(words[0]!)) words.shift();
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

function firstAndLast(name: string): string {
  const words = name.split(' ');
  return words.length > 2 ? `${words[0]} ${words[words.length - 1]}` : name;
}

/** Aliases are kept in one cell, separated by commas or semicolons. */
export function aliasesOf(cell: string): string[] {
  return String(cell ?? '')
    .split(/[;,\n]/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/** Adds a participant's display name to a client's aliases cell (no duplicates, by normal form). */
export function withAlias(cell: string, alias: string): string {
  const list = aliasesOf(cell);
  const normal = normalizeName(alias);
  if (!normal || list.some((a) => normalizeName(a) === normal)) return list.join(', ');
  return [...list, alias.trim()].join(', ');
}

/**
 * The best client for the participants, or null. The coach's own name should be left out of
 * `participants` by the caller. Exact email beats exact name beats alias beats first-and-last name.
 */
export function matchClient(participants: readonly Participant[], clients: readonly MatchableClient[]): ClientMatch | null {
  const byEmail = new Map<string, MatchableClient>();
  const byName = new Map<string, MatchableClient>();
  const byAlias = new Map<string, MatchableClient>();
  const byShortName = new Map<string, MatchableClient>();
  const byShortAlias = new Map<string, MatchableClient>();
  for (const c of clients) {
    if (c.email) byEmail.set(c.email.trim().toLowerCase(), c);
    const name = normalizeName(c.name);
    if (name) {
      byName.set(name, c);
      byShortName.set(firstAndLast(name), c);
    }
    for (const alias of aliasesOf(c.aliases)) {
      const a = normalizeName(alias);
      if (!a) continue;
      byAlias.set(a, c);
      byShortAlias.set(firstAndLast(a), c);
    }
  }
  let best: ClientMatch | null = null;
  const offer = (client: MatchableClient | undefined, participant: string, reason: MatchReason, score: number) => {
    if (client && (!best || score > best.score)) best = { clientId: client.client_id, participant, reason, score };
  };
  for (const p of participants) {
    const email = p.email?.trim().toLowerCase();
    if (email) offer(byEmail.get(email), p.name || p.email!, 'email', 1);
    const name = normalizeName(p.name);
    if (!name) continue;
    offer(byName.get(name), p.name, 'name', 0.9);
    offer(byAlias.get(name), p.name, 'alias', 0.85);
    offer(byShortName.get(firstAndLast(name)), p.name, 'first and last name', 0.7);
    offer(byShortAlias.get(firstAndLast(name)), p.name, 'alias (first and last name)', 0.65);
  }
  return best;
}

/** Says why a client was proposed, for the panel. */
export function describeMatch(match: ClientMatch): string {
  switch (match.reason) {
    case 'email':
      return `${match.participant}'s email matches`;
    case 'name':
      return `“${match.participant}” is on the call`;
    case 'alias':
      return `“${match.participant}” is a saved alias`;
    default:
      return `“${match.participant}” matches by first and last name`;
  }
}
