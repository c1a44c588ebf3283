// HTML escaping: the one home of how FollowThrough's own HTML (emails, link pages, dialogs built as
// strings, the local sheet host's pages and charts) turns text into markup that shows it as text.
//
// The five characters escaped are the ones that can end a text node or a quoted attribute value
// (& < > " '), so the result is safe in element content and in single- or double-quoted attributes.
// Not for: unquoted attributes, URLs in href (build those from parts), script or style content.
//
// Not this rule: the local runtime's HtmlService template escaper (local/facade/html-template.ts)
// imitates Google's `<?= ?>` and stays with that imitation.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
