import { useState } from 'react';

/**
 * What a list-and-detail screen (Warehouses, Destinations, Syncs) remembers: the selected row, whether
 * the add form is open, which row is being edited. Selecting a row ends adding and editing.
 */
export function useListDetail() {
  const [selected, setSelected] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | undefined>();
  return {
    selected,
    setSelected,
    adding,
    setAdding,
    editing,
    setEditing,
    select: (id: string) => {
      setSelected(id);
      setAdding(false);
      setEditing(undefined);
    },
  };
}

/** A connection's line in a list pane: its kind as a badge, then where it points. */
export function kindAndPlace(kind: string, place: string) {
  return (
    <>
      <span className="badge">{kind}</span>
      <span className="mono truncate" title={place}>
        {place}
      </span>
    </>
  );
}
