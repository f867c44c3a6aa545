import type { ReactNode } from 'react';
import { Button } from './Button';

/**
 * Asks in place before a destructive step (a reset, or a delete, which Undo takes back for a few
 * seconds after): the question, the step as a danger button, and Cancel.
 */
export function ConfirmBar({
  label,
  question,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
}: {
  /** The dialog's accessible name ("Confirm delete"). */
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** The step is under way: its button waits. */
  busy?: boolean;
}) {
  return (
    <div className="confirm" role="alertdialog" aria-label={label}>
      <span>{question}</span>
      <Button tone="danger" disabled={busy} onClick={onConfirm}>
        {confirmLabel}
      </Button>
      <Button onClick={onCancel}>Cancel</Button>
    </div>
  );
}
