import type { ComponentChildren } from 'preact';

interface Props {
  /** The question's id: the box is labelled by it. */
  id: string;
  /** The question, and what the step does. */
  children: ComponentChildren;
  /** The step's button. */
  action: string;
  /** A step that removes or replaces something is `danger`; one that only shows something, `primary`. */
  tone: 'danger' | 'primary';
  busy?: boolean;
  /** Why the step failed, shown in the box (it stays open). */
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The settings page's question before a step the coach must mean (Disconnect…, Show recovery code…, Make a new key…): the step, or Cancel. */
export function ConfirmBox({ id, children, action, tone, busy, error, onConfirm, onCancel }: Props) {
  return (
    <div class="warning-box" role="alertdialog" aria-labelledby={id}>
      <p id={id}>{children}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" class={tone} disabled={busy} onClick={onConfirm}>
          {action}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
