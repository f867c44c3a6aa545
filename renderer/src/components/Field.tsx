import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * A labelled form field: the label above its control, then the error (once there is one) or else
 * a muted hint below.
 */
export function Field({
  label,
  hint,
  error,
  errorRole,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** `alert` when the error should be announced as it appears. */
  errorRole?: 'alert';
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className ? `field ${className}` : 'field'}>
      <span>{label}</span>
      {children}
      {error ? (
        <small className="field-error" role={errorRole}>
          {error}
        </small>
      ) : (
        hint && <small className="muted">{hint}</small>
      )}
    </label>
  );
}

/** One choice of a select: its value, its text, and whether it can be chosen. */
export interface Choice {
  value: string;
  label: ReactNode;
  disabled?: boolean;
}

/** A select in a Field: `onValue` gets the chosen value. */
export function SelectField({
  label,
  hint,
  value,
  onValue,
  choices,
  disabled,
  autoFocus,
}: {
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  onValue: (value: string) => void;
  choices: readonly Choice[];
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} hint={hint}>
      <select
        className="input"
        disabled={disabled}
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onValue(e.target.value)}
      >
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value} disabled={choice.disabled}>
            {choice.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * An input in a Field (text unless `type` says): `onValue` gets the typed text, `mono` writes it
 * in the code font, an `error` marks it invalid and stands in the hint's place. `className` is the
 * field's.
 */
export function InputField({
  label,
  hint,
  error,
  errorRole,
  className,
  mono,
  onValue,
  ...input
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  errorRole?: 'alert';
  className?: string;
  mono?: boolean;
  onValue: (text: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'className'>) {
  const inputClass = ['input', mono && 'mono', error && 'invalid'].filter(Boolean).join(' ');
  return (
    <Field label={label} hint={hint} error={error} errorRole={errorRole} className={className}>
      <input className={inputClass} {...input} onChange={(e) => onValue(e.target.value)} />
    </Field>
  );
}

/** Saved items (warehouses, destinations) as choices: chosen by id, shown by name. */
export const namedChoices = (items: readonly { id: string; name: string }[]): Choice[] =>
  items.map((item) => ({ value: item.id, label: item.name }));
