import { useState, type FormEvent } from 'react';
import { useAddWarehouse, useCheckWarehouse } from './queries';
import { ConnectionCheckResult } from '../components/ConnectionCheckResult';

/** Adds a DuckDB file or a PostgreSQL URL; the engine validates and answers with a fixable error. */
export function AddWarehouseForm({ onDone }: { onDone: (id: string) => void }) {
  const [kind, setKind] = useState<'duckdb' | 'postgres'>('duckdb');
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const add = useAddWarehouse();
  const check = useCheckWarehouse();
  const locationError = !location.trim()
    ? kind === 'duckdb'
      ? 'A DuckDB file path is required.'
      : 'A connection URL is required.'
    : kind === 'postgres' && !/^postgres(ql)?:\/\//.test(location)
      ? 'A PostgreSQL URL starts with postgres://'
      : null;
  const nameError = name.trim() ? null : 'A name is required.';
  const [testedLocation, setTestedLocation] = useState(false);
  const { reset: resetCheck } = check;
  const changeLocation = (next: { kind?: 'duckdb' | 'postgres'; location?: string }) => {
    if (next.kind !== undefined) setKind(next.kind);
    if (next.location !== undefined) setLocation(next.location);
    // A result describes the values it tested: editing them clears it.
    resetCheck();
  };

  /** Tests the unsaved values; only the location has to be valid, not the name. */
  const testConnection = () => {
    setTestedLocation(true);
    if (locationError) return;
    check.mutate(kind === 'duckdb' ? { kind, path: location } : { kind, url: location });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (locationError || nameError) return;
    add.mutate(kind === 'duckdb' ? { kind, name, path: location } : { kind, name, url: location }, {
      onSuccess: (warehouse) => onDone(warehouse.id),
    });
  };

  return (
    <form className="card form" onSubmit={submit} aria-label="Add warehouse" noValidate>
      <h3>Add a warehouse</h3>
      <fieldset className="segmented">
        <legend className="sr-only">Warehouse type</legend>
        {(['duckdb', 'postgres'] as const).map((value) => (
          <label key={value} className={kind === value ? 'segment active' : 'segment'}>
            <input
              type="radio"
              name="kind"
              value={value}
              checked={kind === value}
              onChange={() => changeLocation({ kind: value })}
            />
            {value === 'duckdb' ? 'DuckDB file' : 'PostgreSQL'}
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
        <span>{kind === 'duckdb' ? 'File path' : 'Connection URL'}</span>
        <input
          className="input mono"
          required
          value={location}
          type={kind === 'postgres' ? 'password' : 'text'}
          autoComplete="off"
          placeholder={
            kind === 'duckdb'
              ? '/path/to/warehouse.duckdb'
              : 'postgres://user:password@host:5432/db'
          }
          onChange={(e) => changeLocation({ location: e.target.value })}
        />
        {(submitted || testedLocation || (kind === 'postgres' && location.length > 10)) &&
          locationError && <small className="field-error">{locationError}</small>}
        {kind === 'postgres' && !locationError && (
          <small className="muted">Write-only: Ebb masks the password from now on.</small>
        )}
      </label>
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
