// Small pure helpers the site readers share: text of elements, names in ARIA labels, and the label
// tables used where a translated label is the only anchor.

/** Text of an element, trimmed and with runs of white space made one. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The display name at the start of an ARIA label such as "Ann Lee (Host, me), video off": up to the first comma outside parentheses. */
export function nameInLabel(label: string): string {
  return (/^(?:[^,(]|\([^)]*\))*/.exec(label)?.[0] ?? '').trim();
}

/** The UI languages whose labels every table holds (issue 17: at least these six). */
export type Lang = 'en' | 'es' | 'fr' | 'de' | 'pt' | 'it';

/**
 * One label in the UI languages, where no language-independent anchor exists. Each site file keeps
 * its tables next to its selectors, every entry with its source or marked assumed.
 */
export type Labels = Readonly<Record<Lang, readonly string[]>>;

/**
 * How Meet and Teams name the coach: the speaker of their own captions ("You") and the "(You)" after
 * their name in the participant list. en, Meet: Live-Captions-Saver (Brandon-Haney)
 * teams-captions-saver/platformConfig.js (speaker "You", the "(You)" indicator); en, Teams, and every
 * other language: assumed. Zoom says "(Me)" instead (sites/zoom.ts).
 */
export const YOU: Labels = {
  en: ['You'],
  es: ['Tú', 'Usted'],
  fr: ['Vous', 'Moi'],
  de: ['Sie', 'Du', 'Ich'],
  pt: ['Você', 'Eu'],
  it: ['Tu', 'Io'],
};

/** Folds case and accents, so "Tú" and "tu" compare equal. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The table's labels, folded, for look-ups. */
export function labelSet(table: Labels): ReadonlySet<string> {
  return new Set(Object.values(table).flat().map(fold));
}

/** A trailing "(You)" / "(Host, me)" style decoration naming the coach, in any of the table's languages. */
export function selfSuffix(name: string, self: ReadonlySet<string>): { name: string; self: boolean } {
  const m = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(name);
  if (!m) return { name, self: false };
  const parts = m[2]!.split(',').map(fold);
  return parts.some((p) => self.has(p)) ? { name: m[1]!.trim(), self: true } : { name, self: false };
}

/** The element's text shows "(You)" / "(Host, me)" style decorations naming the coach. */
export function marksSelf(text: string, self: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(/\(([^)]+)\)/g)) if (m[1]!.split(',').some((p) => self.has(fold(p)))) return true;
  return false;
}
