import type { SourceDraft } from '../lib/storage';

/** The page the capture came from (context menu or shortcut), with a way to drop it. */
export function SourceLine({ source, onRemove }: { source: SourceDraft; onRemove: () => void }) {
  let host = source.url;
  try {
    host = new URL(source.url).host;
  } catch {
    // Not a URL: shown as it is.
  }
  return (
    <div class="source">
      <p>
        <span class="muted">From </span>
        <span class="source-title" title={source.url}>
          {source.title || host}
        </span>
        {source.title && <span class="muted"> · {host}</span>}
      </p>
      <button type="button" class="icon" aria-label="Remove the page as source" title="Remove the page as source" onClick={onRemove}>
        ×
      </button>
    </div>
  );
}
