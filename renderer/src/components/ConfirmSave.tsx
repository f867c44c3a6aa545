import type { ReactNode } from 'react';

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
      <button type="button" className="button" onClick={onBack}>
        Back
      </button>
      <button type="button" className="button primary" autoFocus onClick={onConfirm}>
        Save anyway
      </button>
    </div>
  );
}
