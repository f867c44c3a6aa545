import { useState, type FormEvent } from 'react';
import { useAddWarehouse, useCheckWarehouse } from './queries';
import { ConnectionCheckResult } from '../components/ConnectionCheckResult';
import {
  WAREHOUSE_KINDS,
  locationArg,
  locationProblem,
  warehouseKindForm,
  type WarehouseKind,
} from './warehouseKinds';

/** Adds a warehouse of any kind; the engine validates and answers with a fixable error. */
export function AddWarehouseForm({ onDone }: { onDone: (id: string) => void }) {
  const [kind, setKind] = useState<WarehouseKind>('duckdb');
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const add = useAddWarehouse();
  const check = useCheckWarehouse();
  const form = warehouseKindForm(kind);
  const locationError = locationProblem(kind, location);
  const nameError = name.trim() ? null : 'A name is required.';
  const [testedLocation, setTestedLocation] = useState(false);
  const { reset: resetCheck } = check;
  const changeLocation = (next: { kind?: WarehouseKind; location?: string }) => {
    if (next.kind !== undefined) setKind(next.kind);
    if (next.location !== undefined) setLocation(next.location);
    // A result describes the values it tested: editing them clears it.
    resetCheck();
  };

  /** Tests the unsaved values; only the location has to be valid, not the name. */
  const testConnection = () => {
    setTestedLocation(true);
    if (locationError) return;
    check.mutate(locationArg(kind, location));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (locationError || nameError) return;
    add.mutate(
      { ...locationArg(kind, location), name },
      { onSuccess: (warehouse) => onDone(warehouse.id) },
    );
  };

  return (
    <form className="card form" onSubmit={submit} aria-label="Add warehouse" noValidate>
      <h3>Add a warehouse</h3>
      <fieldset className="segmented">
        <legend className="sr-only">Warehouse type</legend>
        {WAREHOUSE_KINDS.map(({ kind: value, label }) => (
          <label key={value} className={kind === value ? 'segment active' : 'segment'}>
            <input
              type="radio"
              name="kind"
              value={value}
              checked={kind === value}
              onChange={() => changeLocation({ kind: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>Name</span>
        <input
          className="input"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoFocus
        />
        {submitted && nameError && <small className="field-error">{nameError}</small>}
      </label>
      <label className="field">
        <span>{form.field}</span>
        <input
          className="input mono"
          required
          value={location}
          type={form.secret ? 'password' : 'text'}
          autoComplete="off"
          placeholder={form.placeholder}
          onChange={(e) => changeLocation({ location: e.target.value })}
        />
        {(submitted || testedLocation || (form.secret && location.length > 10)) &&
          locationError && <small className="field-error">{locationError}</small>}
        {form.secret && !locationError && (
          <small className="muted">Write-only: Ebb masks the password from now on.</small>
        )}
      </label>
      {form.hint && <small className="muted">{form.hint}</small>}
      <ConnectionCheckResult check={check} />
      {add.error && (
        <p className="form-error" role="alert">
          {add.error.message}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={check.isPending}
          onClick={testConnection}
          title="Test the connection without saving it"
        >
          {check.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add warehouse'}
        </button>
      </div>
    </form>
  );
}
