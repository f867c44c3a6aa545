import type { SettingSpec } from '../../../core/destinations/settings';
import type { DraftErrors, SettingsDraft } from './settingsDraft';
import { LinkButton } from './Button';

interface Props {
  spec: SettingSpec;
  draft: SettingsDraft;
  errors: DraftErrors;
  /** Whether the field's error shows yet (after blur, submit or test). */
  shown: (key: string) => boolean;
  editing: boolean;
  onChange: (patch: Partial<SettingsDraft>) => void;
  onBlur: (key: string) => void;
}

const CHOICE_LABEL: Record<string, string> = {
  jsonl: 'JSON Lines (.jsonl)',
  csv: 'CSV (.csv)',
};

/** One settings key as a form field, chosen by its kind; secrets are write-only. */
export function SettingField({ spec, draft, errors, shown, editing, onChange, onBlur }: Props) {
  if (spec.kind === 'map')
    return <MapField {...{ spec, draft, errors, shown, editing, onChange }} />;
  const value = draft.values[spec.key] ?? '';
  const error = shown(spec.key) ? errors[spec.key] : undefined;
  const set = (text: string) => onChange({ values: { ...draft.values, [spec.key]: text } });
  const hint =
    editing && spec.secret
      ? 'Stored and hidden: leave blank to keep it, or type a new one.'
      : spec.help;
  let input;
  if (spec.kind === 'choice' || spec.kind === 'boolean') {
    const choices = spec.choices ?? ['true', 'false'];
    input = (
      <select
        className="input"
        aria-label={spec.label}
        value={value}
        onChange={(e) => set(e.target.value)}
      >
        {!spec.required && spec.default === undefined && <option value="">—</option>}
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {CHOICE_LABEL[choice] ?? choice}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'json') {
    input = (
      <textarea
        className={`input mono${error ? ' invalid' : ''}`}
        aria-label={spec.label}
        rows={3}
        value={value}
        aria-invalid={!!error}
        onChange={(e) => set(e.target.value)}
        onBlur={() => onBlur(spec.key)}
      />
    );
  } else {
    input = (
      <input
        className={`input${spec.kind === 'url' || spec.secret || spec.kind === 'text' ? ' mono' : ''}${error ? ' invalid' : ''}`}
        type={
          spec.secret
            ? 'password'
            : spec.kind === 'integer' || spec.kind === 'number'
              ? 'number'
              : 'text'
        }
        aria-label={spec.label}
        autoComplete="off"
        placeholder={editing && spec.secret ? '•••• (kept)' : spec.placeholder}
        value={value}
        aria-invalid={!!error}
        onChange={(e) => set(e.target.value)}
        onBlur={() => onBlur(spec.key)}
      />
    );
  }
  return (
    <label className="field">
      <span>
        {spec.label}
        {spec.required && <span className="muted"> *</span>}
      </span>
      {input}
      {error ? (
        <small className="field-error">{error}</small>
      ) : (
        hint && <small className="muted">{hint}</small>
      )}
    </label>
  );
}

/** Name/value rows (HTTP headers): names shown, secret values write-only. */
function MapField({
  spec,
  draft,
  errors,
  shown,
  editing,
  onChange,
}: Pick<Props, 'spec' | 'draft' | 'errors' | 'shown' | 'editing' | 'onChange'>) {
  const rows = draft.maps[spec.key] ?? [];
  const setRows = (next: typeof rows) => onChange({ maps: { ...draft.maps, [spec.key]: next } });
  const setRow = (i: number, patch: Partial<(typeof rows)[number]>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const singular = spec.label.replace(/s$/, '');
  return (
    <div className="field">
      <span>{spec.label}</span>
      {rows.map((row, i) => (
        <div key={i} className="row-fields" role="group" aria-label={`${singular} ${i + 1}`}>
          <input
            className="input mono"
            placeholder={`${singular} name`}
            aria-label={`${singular} name`}
            value={row.key}
            onChange={(e) => setRow(i, { key: e.target.value })}
          />
          <input
            className="input mono"
            type={spec.secret ? 'password' : 'text'}
            autoComplete="off"
            placeholder={
              !spec.secret ? 'Value' : editing ? '•••• (blank keeps it)' : 'Value (write-only)'
            }
            aria-label={`${singular} value`}
            value={row.value}
            onChange={(e) => setRow(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${singular.toLowerCase()} ${i + 1}`}
            onClick={() => setRows(rows.filter((_, j) => j !== i))}
          >
            ×
          </button>
          {(shown(spec.key) || row.key) && errors[`${spec.key}.${i}`] && (
            <small className="field-error full">{errors[`${spec.key}.${i}`]}</small>
          )}
        </div>
      ))}
      <LinkButton onClick={() => setRows([...rows, { key: '', value: '' }])}>
        + Add {singular.toLowerCase()}
      </LinkButton>
      {spec.help && <small className="muted">{spec.help}</small>}
    </div>
  );
}
