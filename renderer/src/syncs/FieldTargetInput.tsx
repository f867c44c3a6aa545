import type { DestinationField } from '../../../core/api/types';

/**
 * The target side of one field mapping: free text, offering the destination's own fields (a
 * native combobox: `<datalist>` suggestions, any other name still accepted). Says whether the
 * name typed is one of the destination's fields and whether it is required.
 */
export function FieldTargetInput({
  source,
  value,
  disabled,
  fields,
  listId,
  onChange,
}: {
  source: string;
  value: string;
  disabled: boolean;
  fields: readonly DestinationField[] | null;
  /** The id of the form's one `<DestinationFieldList>`. */
  listId: string;
  onChange: (value: string) => void;
}) {
  const known = fields?.find((f) => f.name === value);
  return (
    <div className="field-target">
      <input
        className="input mono"
        aria-label={`Field name for ${source}`}
        list={fields ? listId : undefined}
        disabled={disabled}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {fields && !disabled && value && (
        <span
          className={known ? (known.required ? 'badge warn' : 'badge ok') : 'badge'}
          data-testid={`target-kind-${source}`}
          title={known ? known.label : 'Not one of the fields the destination lists'}
        >
          {known ? (known.required ? 'required field' : known.type) : 'custom'}
        </span>
      )}
    </div>
  );
}

/** The destination's fields as suggestions for every target input of the form. */
export function DestinationFieldList({
  id,
  fields,
}: {
  id: string;
  fields: readonly DestinationField[];
}) {
  return (
    <datalist id={id}>
      {fields.map((f) => (
        <option key={f.name} value={f.name}>
          {`${f.label}${f.required ? ' · required' : ''}${f.fromId ? ' (gets the record id)' : ''}`}
        </option>
      ))}
    </datalist>
  );
}
