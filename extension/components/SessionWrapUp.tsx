import { isBrightSpot } from '../../shared/tags';
import { allTags } from '../lib/capture';
import type { Draft } from '../lib/storage';
import { Field } from './Field';

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
      <Field
        id="next-session"
        label="Next session"
        type="date"
        value={draft.nextSessionAt}
        error={error}
        onValue={(nextSessionAt) => onChange({ ...draft, nextSessionAt })}
      />
      <Field
        id="tags"
        label="Tags"
        autoComplete="off"
        placeholder="#win #transitions"
        value={draft.tags}
        aria-describedby="tags-list"
        onValue={(tags) => onChange({ ...draft, tags })}
      />
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
