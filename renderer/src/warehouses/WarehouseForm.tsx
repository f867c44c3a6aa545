import { useState, type FormEvent } from 'react';
import type { WarehouseStateMove, WarehouseSummary } from '../../../core/api/types';
import type { WarehouseKindInfo } from '../../../core/warehouse/kinds';
import { ConfirmSave } from '../components/ConfirmSave';
import { ConnectionCheckResult } from '../components/ConnectionCheckResult';
import { SettingField } from '../destinations/SettingField';
import {
  changedSettings,
  draftSettings,
  initialDraft,
  validateDraft,
  type SettingsDraft,
} from '../destinations/settingsDraft';
import {
  useAddWarehouse,
  useCheckWarehouse,
  useCheckWarehouseUpdate,
  useUpdateWarehouse,
  useWarehouseUpdateImpact,
} from './queries';
import type { WarehouseKind } from './warehouseKinds';

const DEFAULT_STATE_SCHEMA = '_ebb_reverse_etl';

interface Props {
  kinds: WarehouseKindInfo[];
  /** Editing a saved warehouse: its kind is fixed and its secrets stay unless re-entered. */
  existing?: { summary: WarehouseSummary; settings: Record<string, unknown> };
  onDone: (warehouse: WarehouseSummary) => void;
  onCancel: () => void;
}

/** What must be confirmed before saving: a failed test, or syncs that would start fresh. */
type Pending = { kind: 'failed-test' } | { kind: 'starts-fresh'; move: WarehouseStateMove };

/**
 * The add and edit form of every warehouse kind, generated from the kind's declared settings
 * (core/warehouse/kinds.ts): a new kind needs no code here.
 */
export function WarehouseForm({ kinds, existing, onDone, onCancel }: Props) {
  const editing = existing !== undefined;
  const [kind, setKind] = useState<WarehouseKind>(
    existing?.summary.kind ?? kinds[0]?.kind ?? 'duckdb',
  );
  const info = kinds.find((k) => k.kind === kind);
  const specs = info?.settings ?? [];
  const [name, setName] = useState(existing?.summary.name ?? '');
  const initialSchema = existing?.summary.stateSchema ?? DEFAULT_STATE_SCHEMA;
  const [stateSchema, setStateSchema] = useState(initialSchema);
  const [initial, setInitial] = useState<SettingsDraft>(() =>
    initialDraft(specs, existing?.settings),
  );
  const [draft, setDraft] = useState<SettingsDraft>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [testing, setTesting] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const add = useAddWarehouse();
  const update = useUpdateWarehouse();
  const check = useCheckWarehouse();
  const checkUpdate = useCheckWarehouseUpdate();
  const impact = useWarehouseUpdateImpact();
  const tester = editing ? checkUpdate : check;
  const save = editing ? update : add;
  const { reset: resetCheck } = tester;

  const errors = validateDraft(specs, draft, editing);
  const nameError = name.trim() ? undefined : 'A name is required.';
  const schemaError = stateSchema.trim() ? undefined : 'A state schema is required.';
  const shown = (key: string) => submitted || testing || touched.has(key);
  const schemaArg = stateSchema.trim() === initialSchema ? undefined : stateSchema.trim();

  const change = (patch: Partial<SettingsDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A test result describes the values it tested: editing them clears it.
    resetCheck();
    setPending(null);
  };
  const pickKind = (next: WarehouseKind) => {
    setKind(next);
    const fresh = initialDraft(kinds.find((k) => k.kind === next)?.settings ?? []);
    setInitial(fresh);
    setDraft(fresh);
    setTouched(new Set());
    setTesting(false);
    setPending(null);
    resetCheck();
  };

  const edit = () => ({
    warehouse: existing!.summary.id,
    settings: changedSettings(specs, initial, draft),
    stateSchema: schemaArg,
  });

  const store = () => {
    setPending(null);
    if (existing) {
      update.mutate(
        { ...edit(), name: name.trim() === existing.summary.name ? undefined : name.trim() },
        { onSuccess: (result) => onDone(result.warehouse) },
      );
    } else {
      add.mutate(
        {
          kind,
          name: name.trim(),
          settings: draftSettings(specs, draft),
          stateSchema: schemaArg,
        },
        { onSuccess: onDone },
      );
    }
  };

  /** Asks before saving what the user may not mean: then each confirmation moves one step on. */
  const saveAfterChecks = (confirmed: Pending['kind'][] = []) => {
    if (tester.isError && !confirmed.includes('failed-test')) {
      setPending({ kind: 'failed-test' });
      return;
    }
    if (existing && !confirmed.includes('starts-fresh')) {
      impact.mutate(edit(), {
        onSuccess: ({ startsFresh }) => {
          if (startsFresh) setPending({ kind: 'starts-fresh', move: startsFresh });
          else store();
        },
      });
      return;
    }
    store();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (nameError || schemaError || Object.keys(errors).length > 0) return;
    saveAfterChecks();
  };

  /** Tests the values in the form (the name is not needed); nothing is stored. */
  const testConnection = () => {
    setTesting(true);
    setPending(null);
    if (schemaError || Object.keys(errors).length > 0) return;
    if (existing) checkUpdate.mutate(edit());
    else {
      check.mutate({
        kind,
        settings: draftSettings(specs, draft),
        stateSchema: schemaArg,
      });
    }
  };

  const field = (spec: (typeof specs)[number]) => (
    <SettingField
      key={`${kind}.${spec.key}`}
      spec={spec}
      draft={draft}
      errors={errors}
      shown={shown}
      editing={editing}
      onChange={change}
      onBlur={(key) => setTouched((t) => new Set(t).add(key))}
    />
  );
  const advanced = specs.filter((s) => s.advanced);
  const label = editing ? 'Edit warehouse' : 'Add warehouse';

  return (
    <form
      className="card form"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      aria-label={label}
      noValidate
    >
      <h3>{editing ? `Edit ${existing.summary.name}` : 'Add a warehouse'}</h3>
      {editing ? (
        <p className="muted small">
          <span className="badge">{info?.label ?? kind}</span> {info?.description}
        </p>
      ) : (
        <>
          <fieldset className="segmented wrap">
            <legend className="sr-only">Warehouse type</legend>
            {kinds.map((k) => (
              <label key={k.kind} className={kind === k.kind ? 'segment active' : 'segment'}>
                <input
                  type="radio"
                  name="kind"
                  value={k.kind}
                  checked={kind === k.kind}
                  onChange={() => pickKind(k.kind)}
                />
                {k.label}
              </label>
            ))}
          </fieldset>
          {info && <p className="muted small">{info.description}</p>}
        </>
      )}
      <label className="field">
        <span>Name</span>
        <input
          className={`input${submitted && nameError ? ' invalid' : ''}`}
          aria-label="Name"
          autoComplete="off"
          autoFocus={!editing}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {/* Only on save: shown on blur, it would move the buttons under the pointer. */}
        {submitted && nameError && <small className="field-error">{nameError}</small>}
      </label>
      {specs.filter((s) => !s.advanced).map(field)}
      <details className="advanced-settings" open={editing && schemaArg !== undefined}>
        <summary>Advanced</summary>
        {advanced.map(field)}
        <label className="field">
          <span>State schema</span>
          <input
            className={`input mono${schemaError ? ' invalid' : ''}`}
            aria-label="State schema"
            autoComplete="off"
            value={stateSchema}
            onChange={(e) => {
              setStateSchema(e.target.value);
              resetCheck();
              setPending(null);
            }}
          />
          {schemaError ? (
            <small className="field-error">{schemaError}</small>
          ) : (
            <small className="muted">
              Where Ebb keeps what each sync delivered{kind === 'mysql' ? ' (a database)' : ''}; Ebb
              needs to create tables there.
            </small>
          )}
        </label>
      </details>
      <ConnectionCheckResult check={tester} />
      {pending && (
        <ConfirmSave
          onBack={() => setPending(null)}
          onConfirm={() =>
            saveAfterChecks(
              pending.kind === 'failed-test' ? ['failed-test'] : ['failed-test', 'starts-fresh'],
            )
          }
        >
          {pending.kind === 'failed-test'
            ? 'The connection test failed. Save these settings anyway?'
            : `Syncs start fresh: ${pending.move.reason}. ${
                pending.move.syncs.length > 0
                  ? `The next run of ${pending.move.syncs.map((s) => `"${s}"`).join(', ')} sends every record again as new.`
                  : 'No sync uses this warehouse yet.'
              }`}
        </ConfirmSave>
      )}
      {(save.error ?? impact.error) && (
        <p className="form-error" role="alert">
          {(save.error ?? impact.error)!.message}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button"
          disabled={tester.isPending}
          onClick={testConnection}
          title="Test the connection with the values in the form, without saving"
        >
          {tester.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button
          type="submit"
          className="button primary"
          disabled={save.isPending || impact.isPending}
        >
          {save.isPending ? 'Saving…' : editing ? 'Save changes' : 'Add warehouse'}
        </button>
      </div>
    </form>
  );
}
