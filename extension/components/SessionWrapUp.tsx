import { isBrightSpot } from '../../shared/tags';
import { allTags } from '../lib/capture';
import type { Draft } from '../lib/storage';

interface Props {
  draft: Draft;
  error: string | null;
  onChange: (draft: Draft) => void;
}

/** Next session date and tags (typed here or as #tags in the notes). */
export function SessionWrapUp({ draft, error, onChange }: Props) {
  const tags = allTags(draft);
  return (
    <div class="wrap-up">
      <div class="field">
        <label for="next-session">Next session</label>
        <input
          id="next-session"
          type="date"
          value={draft.nextSessionAt}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'next-session-error' : undefined}
          onInput={(e) => onChange({ ...draft, nextSessionAt: e.currentTarget.value })}
        />
        {error && (
          <p id="next-session-error" class="error field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div class="field">
        <label for="tags">Tags</label>
        <input
          id="tags"
          type="text"
          autoComplete="off"
          placeholder="#win #transitions"
          value={draft.tags}
          aria-describedby="tags-list"
          onInput={(e) => onChange({ ...draft, tags: e.currentTarget.value })}
        />
      </div>
      <p id="tags-list" class="tags">
        {tags.length === 0 && <span class="hint">No tags.</span>}
        {isBrightSpot(tags) && <span class="tag win">★ Bright spot</span>}
        {tags.map((tag) => (
          <span key={tag} class="tag">
            #{tag}
          </span>
        ))}
      </p>
    </div>
  );
}
