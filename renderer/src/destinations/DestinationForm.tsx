import { useState, type FormEvent } from 'react';
import type { CallInput } from '../../../core/api/contract';
import type { DestinationSummary } from '../../../core/api/types';
import { useAddDestination, useCheckDestination } from './queries';
import { ConnectionCheckResult } from '../components/ConnectionCheckResult';

type Kind = 'file' | 'webhook' | 'postgres';
type Config = CallInput<'destinations.add'>['config'];
type Errors = Partial<Record<string, string>>;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

interface Draft {
  name: string;
  path: string;
  format: 'jsonl' | 'csv';
  url: string;
  headers: { key: string; value: string }[];
  batchSize: string;
  concurrency: string;
  rate: string;
  pgUrl: string;
  table: string;
  schema: string;
}

const initial: Draft = {
  name: '',
  path: '',
  format: 'jsonl',
  url: '',
  headers: [],
  batchSize: '1000',
  concurrency: '4',
  rate: '',
  pgUrl: '',
  table: '',
  schema: 'public',
};

function intIn(text: string, min: number, max: number): string | undefined {
  if (!/^\d+$/.test(text.trim())) return 'a whole number';
  const n = Number(text);
  return n < min || n > max ? `between ${min} and ${max}` : undefined;
}

/** The same rules as core/destinations/config.ts, checked as the user types. */
export function validate(kind: Kind, d: Draft): Errors {
  const errors: Errors = {};
  if (!d.name.trim()) errors.name = 'A name is required.';
  if (kind === 'file') {
    if (!d.path.trim()) errors.path = 'A folder is required.';
  } else if (kind === 'webhook') {
    try {
      const url = new URL(d.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    } catch {
      errors.url = 'Must be an http:// or https:// URL.';
    }
    d.headers.forEach((h, i) => {
      if (!HEADER_NAME.test(h.key)) errors[`header${i}`] = 'Not a valid HTTP header name.';
      else if (/[\r\n\0]/.test(h.value))
        errors[`header${i}`] = 'Values cannot contain line breaks.';
    });
    const batch = intIn(d.batchSize, 1, 100_000);
    if (batch) errors.batchSize = `Batch size: ${batch}.`;
    const conc = intIn(d.concurrency, 1, 64);
    if (conc) errors.concurrency = `Concurrency: ${conc}.`;
    if (d.rate.trim() && !(Number(d.rate) > 0))
      errors.rate = 'A positive number of records per second.';
  } else {
    if (!/^postgres(ql)?:\/\//.test(d.pgUrl)) errors.pgUrl = 'Must be a postgres:// URL.';
    if (!d.table.trim()) errors.table = 'A table is required.';
    else if (d.table.length > 63) errors.table = 'At most 63 characters.';
    if (!d.schema.trim()) errors.schema = 'A schema is required.';
  }
  return errors;
}

function toConfig(kind: Kind, d: Draft): Config {
  if (kind === 'file') return { type: 'file', path: d.path.trim(), format: d.format };
  if (kind === 'webhook')
    return {
      type: 'webhook',
      url: d.url.trim(),
      headers: Object.fromEntries(d.headers.map((h) => [h.key, h.value])),
      batchSize: Number(d.batchSize),
      concurrency: Number(d.concurrency),
      ...(d.rate.trim() ? { ratePerSecond: Number(d.rate) } : {}),
    };
  return { type: 'postgres', url: d.pgUrl.trim(), table: d.table.trim(), schema: d.schema.trim() };
}

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'file', label: 'Files' },
  { kind: 'webhook', label: 'Webhook' },
  { kind: 'postgres', label: 'PostgreSQL' },
];

export function DestinationForm({
  onDone,
  onCancel,
}: {
  onDone: (destination: DestinationSummary) => void;
  onCancel: () => void;
}) {
  const [kind, setKind] = useState<Kind>('file');
  const [draft, setDraft] = useState<Draft>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [testing, setTesting] = useState(false);
  const add = useAddDestination();
  const check = useCheckDestination();
  const { reset: resetCheck } = check;
  const errors = validate(kind, draft);
  const configErrors = Object.keys(errors).filter((key) => key !== 'name');
  const shown = (field: string) =>
    submitted || touched.has(field) || (testing && field !== 'name') ? errors[field] : undefined;
  // A test result describes the values it tested: editing them clears it.
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (!('name' in patch)) resetCheck();
  };
  const touch = (field: string) => () => setTouched((t) => new Set(t).add(field));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    add.mutate({ name: draft.name.trim(), config: toConfig(kind, draft) }, { onSuccess: onDone });
  };

  /** Tests the unsaved settings (the name is not needed for that); nothing is stored. */
  const testConnection = () => {
    setTesting(true);
    if (configErrors.length > 0) return;
    check.mutate(toConfig(kind, draft));
  };

  const field = (
    key: keyof Draft & string,
    label: string,
    props: { type?: string; placeholder?: string; mono?: boolean; hint?: string } = {},
  ) => (
    <label className="field">
      <span>{label}</span>
      <input
        className={`input${props.mono ? ' mono' : ''}${shown(key) ? ' invalid' : ''}`}
        type={props.type ?? 'text'}
        aria-label={label}
        autoComplete="off"
        placeholder={props.placeholder}
        value={draft[key] as string}
        aria-invalid={!!shown(key)}
        onChange={(e) => set({ [key]: e.target.value } as Partial<Draft>)}
        onBlur={touch(key)}
      />
      {shown(key) ? (
        <small className="field-error">{shown(key)}</small>
      ) : (
        props.hint && <small className="muted">{props.hint}</small>
      )}
    </label>
  );

  return (
    <form className="card form" onSubmit={submit} aria-label="Add destination" noValidate>
      <h3>Add a destination</h3>
      <fieldset className="segmented">
        <legend className="sr-only">Destination type</legend>
        {KINDS.map(({ kind: value, label }) => (
          <label key={value} className={kind === value ? 'segment active' : 'segment'}>
            <input
              type="radio"
              name="kind"
              value={value}
              checked={kind === value}
              onChange={() => {
                setKind(value);
                resetCheck();
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {field('name', 'Name', { placeholder: 'e.g. CRM export' })}
      {kind === 'file' && (
        <>
          {field('path', 'Folder', {
            mono: true,
            placeholder: '/path/to/folder',
            hint: 'One file per run is written here.',
          })}
          <label className="field">
            <span>Format</span>
            <select
              className="input"
              value={draft.format}
              onChange={(e) => set({ format: e.target.value as 'jsonl' | 'csv' })}
            >
              <option value="jsonl">JSON Lines (.jsonl)</option>
              <option value="csv">CSV (.csv)</option>
            </select>
          </label>
        </>
      )}
      {kind === 'webhook' && (
        <>
          {field('url', 'URL', { mono: true, placeholder: 'https://example.com/hooks/ebb' })}
          <div className="field">
            <span>Headers</span>
            {draft.headers.map((header, i) => (
              <div key={i} className="row-fields" role="group" aria-label={`Header ${i + 1}`}>
                <input
                  className="input mono"
                  placeholder="Header name"
                  aria-label="Header name"
                  value={header.key}
                  onChange={(e) =>
                    set({
                      headers: draft.headers.map((h, j) =>
                        j === i ? { ...h, key: e.target.value } : h,
                      ),
                    })
                  }
                />
                <input
                  className="input mono"
                  type="password"
                  autoComplete="off"
                  placeholder="Value (write-only)"
                  aria-label="Header value"
                  value={header.value}
                  onChange={(e) =>
                    set({
                      headers: draft.headers.map((h, j) =>
                        j === i ? { ...h, value: e.target.value } : h,
                      ),
                    })
                  }
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove header ${i + 1}`}
                  onClick={() => set({ headers: draft.headers.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
                {(submitted || header.key) && errors[`header${i}`] && (
                  <small className="field-error full">{errors[`header${i}`]}</small>
                )}
              </div>
            ))}
            <button
              type="button"
              className="link-button"
              onClick={() => set({ headers: [...draft.headers, { key: '', value: '' }] })}
            >
              + Add header
            </button>
          </div>
          <div className="row-fields">
            {field('batchSize', 'Batch size', { type: 'number' })}
            {field('concurrency', 'Concurrency', { type: 'number' })}
            {field('rate', 'Rate (records/s)', { type: 'number', placeholder: 'No limit' })}
          </div>
        </>
      )}
      {kind === 'postgres' && (
        <>
          {field('pgUrl', 'Connection URL', {
            type: 'password',
            mono: true,
            placeholder: 'postgres://user:password@host:5432/db',
            hint: 'Write-only: Ebb never shows the password again.',
          })}
          <div className="row-fields">
            {field('schema', 'Schema')}
            {field('table', 'Table', { placeholder: 'e.g. crm_users' })}
          </div>
        </>
      )}
      <ConnectionCheckResult check={check} />
      {add.error && (
        <p className="form-error" role="alert">
          {add.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button"
          disabled={check.isPending}
          onClick={testConnection}
          title="Test the connection without saving the destination"
        >
          {check.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="button primary" disabled={add.isPending}>
          {add.isPending ? 'Saving…' : 'Save destination'}
        </button>
      </div>
    </form>
  );
}
