import type { ReactNode } from 'react';
import { ConfirmBar } from './ConfirmBar';
import { InUseNotice } from './InUseNotice';
import { useUndoableDelete } from './undoableDelete';

/**
 * Asks before deleting `item` (a `kind`: "model", "destination", "sync"); Delete starts a delete
 * that Undo takes back for a few seconds, then `onDeleted` runs (the screen moves off the item).
 * While syncs in `usedBy` use it, it says so instead ("Model in use") and offers no Delete.
 */
export function ConfirmDelete({
  kind,
  item,
  question,
  usedBy = [],
  orElse,
  remove,
  refreshes,
  onDeleted,
  onCancel,
}: {
  kind: string;
  item: { id: string; name: string };
  /** What it asks; by default "Delete the `kind` `name`? No sync uses it." */
  question?: ReactNode;
  /** The syncs that use it (the engine refuses to delete it while any do). */
  usedBy?: readonly { id: string; name: string }[];
  /** What else to do about them, as InUseNotice says it. */
  orElse?: (itOrThem: string) => string;
  /** The API call that deletes it. */
  remove: () => Promise<unknown>;
  /** The query read again once it is deleted (its list). */
  refreshes: string;
  onDeleted: () => void;
  onCancel: () => void;
}) {
  const startDelete = useUndoableDelete();
  if (usedBy.length > 0)
    return (
      <InUseNotice
        label={`${kind[0]!.toUpperCase()}${kind.slice(1)} in use`}
        name={item.name}
        usedBy={usedBy}
        orElse={orElse}
        onClose={onCancel}
      />
    );
  return (
    <ConfirmBar
      label="Confirm delete"
      question={
        question ?? (
          <>
            Delete the {kind} <strong>{item.name}</strong>? No sync uses it.
          </>
        )
      }
      confirmLabel={`Delete ${kind}`}
      onConfirm={() => {
        startDelete({
          id: item.id,
          what: `${kind} “${item.name}”`,
          remove,
          refreshes: [refreshes],
        });
        onDeleted();
      }}
      onCancel={onCancel}
    />
  );
}
