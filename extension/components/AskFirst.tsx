import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

interface Props {
  /** The button that asks first (its words end in "…"). */
  opener: string;
  /** The question's id: the box is labelled by it. */
  id: string;
  /** The question, and what the step does. */
  children: ComponentChildren;
  /** The step's button in the box. */
  action: string;
  /** A step that removes or replaces something is `danger`; one that only shows something, `primary`. */
  tone: 'danger' | 'primary';
  /** The step. When it says why it failed, the box shows it and stays open; else the box closes. */
  onConfirm: () => Promise<string | void> | void;
}

/**
 * A settings step the coach must mean (Disconnect…, Show recovery code…, Make a new key…): a button
 * that opens a question in a warning box, with the step's button (disabled while the step runs) and Cancel.
 */
export function AskFirst({ opener, id, children, action, tone, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!asking) {
    return (
      <button type="button" class="secondary" onClick={() => setAsking(true)}>
        {opener}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    let failed: string | void;
    try {
      failed = await onConfirm();
    } finally {
      setBusy(false);
    }
    setError(failed ?? null);
    if (!failed) setAsking(false);
  };
  return (
    <div class="warning-box" role="alertdialog" aria-labelledby={id}>
      <p id={id}>{children}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" class={tone} disabled={busy} onClick={() => void confirm()}>
          {action}
        </button>
        <button type="button" class="secondary" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
