import type { ReactNode } from 'react';
import { Button } from './Button';

/**
 * Asks before saving what the user may not mean (a failed connection test, syncs that start
 * fresh): Back keeps the form as it is, Save anyway goes on. Enter confirms (focused first).
 */
export function ConfirmSave({
  children,
  onBack,
  onConfirm,
}: {
  children: ReactNode;
  onBack: () => void;
  onConfirm: () => void;
}) {
  return (
    <div className="confirm warn" role="alertdialog" aria-label="Confirm save">
      <span>{children}</span>
      <Button onClick={onBack}>Back</Button>
      <Button tone="primary" autoFocus onClick={onConfirm}>
        Save anyway
      </Button>
    </div>
  );
}
