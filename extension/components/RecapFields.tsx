import { useEffect, useState } from 'preact/hooks';
import type { RenderedRecap } from '../../shared/recap';
import { blankResource } from '../lib/recap-draft';
import type { Draft, ResourceDraft } from '../lib/storage';
import { errorMarks, FieldError, Fields, type FieldRow } from './Field';

export type PreviewResult = { ok: true; to: string; recap: RenderedRecap } | { ok: false; message: string };

type LinkPart = 'url' | 'title';
const LINK_PARTS: readonly LinkPart[] = ['url', 'title'];
/** A link's fields on one line: its address and its title; their errors under both. */
const linkFields = (i: number): FieldRow<LinkPart>[] => [
  { field: 'url', id: 'url', label: `Link ${i + 1} address`, type: 'url', inputMode: 'url', maxLength: 2000, placeholder: 'https://…' },
  { field: 'title', id: 'title', label: `Link ${i + 1} title`, maxLength: 200, placeholder: 'Title' },
];

interface Props {
  draft: Draft;
  /** The client's first name, or '' before one is chosen. */
  firstName: string;
  /** Why no recap can be sent to this client (no address, emails off, an older script), or null. */
  blocked: string | null;
  /** False when the sheet's script would refuse links (older than the recap). */
  canLink: boolean;
  errors: Record<string, string>;
  onChange: (draft: Draft) => void;
  /** The email the add-on would send for the form as it is now. */
  onPreview: () => Promise<PreviewResult>;
}

/**
 * After the session, for the client: *Send … a recap* (an email) on Save (their items with due dates, these
 * links, the next session with add-to-calendar links — never the notes), the links themselves, and a
 * preview of that email on demand. One line until links are added or the preview is opened.
 */
export function RecapFields({ draft, firstName, blocked, canLink, errors, onChange, onPreview }: Props) {
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = draft.resources ?? [];
  const setRows = (resources: ResourceDraft[]) => onChange({ ...draft, resources });
  const setRow = (key: string, fields: Partial<ResourceDraft>) => setRows(rows.map((r) => (r.key === key ? { ...r, ...fields } : r)));
  const add = () => {
    const row = blankResource();
    setRows([...rows, row]);
    setTimeout(() => document.getElementById(`${row.key}-url`)?.focus(), 0);
  };
  const showPreview = async () => {
    if (preview) return setPreview(null);
    setBusy(true);
    try {
      setPreview(await onPreview());
    } finally {
      setBusy(false);
    }
  };
  // An open preview follows the form: it is the email as it would go if Save were pressed now.
  useEffect(() => {
    if (!preview) return;
    let live = true;
    void onPreview().then((next) => live && setPreview(next));
    return () => {
      live = false;
    };
  }, [draft]);
  const who = firstName || 'the client';
  return (
    <section class="recap" aria-label="Recap for the client">
      <div class="recap-line">
        <label
          class="check"
          title={blocked ?? 'An email on Save: their items with due dates, these links and the next session — never the notes.'}
        >
          <input
            id="send-recap"
            type="checkbox"
            checked={!!draft.sendRecap && !blocked}
            disabled={!!blocked}
            aria-describedby={blocked && firstName ? 'recap-blocked' : undefined}
            onChange={(e) => onChange({ ...draft, sendRecap: e.currentTarget.checked })}
          />{' '}
          Send {who} a recap
        </label>
        {canLink && (
          <button type="button" class="link" onClick={add}>
            + Link
          </button>
        )}
        <button
          type="button"
          class="link"
          aria-expanded={!!preview}
          aria-controls="recap-preview"
          disabled={busy}
          onClick={() => void showPreview()}
        >
          {preview ? 'Close preview' : 'Preview'}
        </button>
      </div>
      {blocked && firstName && (
        <p id="recap-blocked" class="hint">
          {blocked}
        </p>
      )}
      {rows.length > 0 && (
        <ul class="resources" aria-label="Links for the client">
          {rows.map((r, i) => {
            const errorOf = (field: LinkPart) => errors[`resources.${r.key}.${field}`];
            return (
              <li key={r.key} class="resource">
                <Fields
                  inline
                  labelClass="sr-only"
                  autoComplete="off"
                  idPrefix={`${r.key}-`}
                  rows={linkFields(i)}
                  values={r}
                  more={(field) => errorMarks(`${r.key}-${field}`, errorOf(field))}
                  onChange={(field, value) => setRow(r.key, { [field]: value })}
                />
                <button
                  type="button"
                  class="quiet remove"
                  aria-label={`Remove link ${i + 1}`}
                  onClick={() => setRows(rows.filter((x) => x.key !== r.key))}
                >
                  ×
                </button>
                {LINK_PARTS.map((field) => (
                  <FieldError key={field} id={`${r.key}-${field}-error`} error={errorOf(field)} />
                ))}
              </li>
            );
          })}
        </ul>
      )}
      {preview && (
        <div id="recap-preview" class="recap-preview" role="region" aria-label="Recap preview">
          {preview.ok ? (
            <>
              <p class="hint">
                To {preview.to} · <strong>{preview.recap.subject}</strong>
              </p>
              {/* The add-on's own HTML, shown as the client's mail app would: sandboxed, no scripts. */}
              <iframe title="The recap email" sandbox="" srcDoc={preview.recap.html} />
              <p class="hint">
                The .ics link, the unsubscribe link and the link to stop sharing words with leaders are signed when the email is sent.
              </p>
            </>
          ) : (
            <p class="error">{preview.message}</p>
          )}
        </div>
      )}
    </section>
  );
}
