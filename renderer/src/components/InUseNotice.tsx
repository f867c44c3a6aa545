import { Button } from './Button';

interface Props {
  /** "Model in use", "Destination in use": the notice's accessible name. */
  label: string;
  name: string;
  usedBy: readonly { id: string; name: string }[];
  /** What to do about them, after "Delete it/them on the Syncs screen": ", or point it …". */
  orElse?: (itOrThem: string) => string;
  onClose: () => void;
}

/** Why something cannot be deleted yet: the syncs that use it, by name, and what to do first. */
export function InUseNotice({ label, name, usedBy, orElse, onClose }: Props) {
  const itOrThem = usedBy.length === 1 ? 'it' : 'them';
  return (
    <div className="confirm warn" role="alertdialog" aria-label={label}>
      <span>
        <strong>{name}</strong> is used by{' '}
        {usedBy.length === 1 ? 'the sync' : `${usedBy.length} syncs:`}{' '}
        {usedBy.map((s, i) => (
          <span key={s.id}>
            {i > 0 && ', '}
            <strong>{s.name}</strong>
          </span>
        ))}
        . Delete {itOrThem} on the Syncs screen{orElse ? orElse(itOrThem) : ''} first.
      </span>
      <Button onClick={onClose}>OK</Button>
    </div>
  );
}
