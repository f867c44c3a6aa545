import { useState, type FormEvent } from 'react';
import type { DestinationSummary } from '../../../core/api/types';
import type { DestinationTypeInfo } from '../../../core/destinations/definition';
import { ApiError } from '../api/client';
import { ConfirmSave } from '../components/ConfirmSave';
import { ConnectionCheckResult } from '../components/ConnectionCheckResult';
import {
  useAddDestination,
  useCheckDestination,
  useCheckDestinationUpdate,
  useCreateFolder,
  useUpdateDestination,
} from './queries';
import { SettingField } from './SettingField';
import {
  changedSettings,
  draftSettings,
  initialDraft,
  validateDraft,
  type SettingsDraft,
} from './settingsDraft';

interface Props {
  types: DestinationTypeInfo[];
  /** Editing a saved destination: its type is fixed and its secrets stay unless re-entered. */
  existing?: DestinationSummary;
  onDone: (destination: DestinationSummary) => void;
  onCancel: () => void;
}

/**
 * The add and edit form of every destination type, generated from the type's declared settings:
 * a new type needs no code here.
 */
export function DestinationForm({ types, existing, onDone, onCancel }: Props) {
  const editing = existing !== undefined;
  const [type, setType] = useState(existing?.type ?? types[0]?.type ?? '');
  const info = types.find((t) => t.type === type);
  const specs = info?.settings ?? [];
  const [name, setName] = useState(existing?.name ?? '');
  const [initial, setInitial] = useState<SettingsDraft>(() =>
    initialDraft(specs, existing?.settings),
  );
  const [draft, setDraft] = useState<SettingsDraft>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [testing, setTesting] = useState(false);
  /** Saving after a failed test waits for "Save anyway". */
  const [confirming, setConfirming] = useState(false);
  const add = useAddDestination();
  const createFolder = useCreateFolder();
  const update = useUpdateDestination();
  const check = useCheckDestination();
  const checkUpdate = useCheckDestinationUpdate();
  const tester = editing ? checkUpdate : check;
  const save = editing ? update : add;
  const { reset: resetCheck } = tester;

  const errors = validateDraft(specs, draft, editing);
  const nameError = name.trim() ? undefined : 'A name is required.';
  const shown = (key: string) => submitted || testing || touched.has(key);

  const change = (patch: Partial<SettingsDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A test result describes the values it tested: editing them clears it.
    resetCheck();
    createFolder.reset();
    setConfirming(false);
  };
  const pickType = (next: string) => {
    setType(next);
    const fresh = initialDraft(types.find((t) => t.type === next)?.settings ?? []);
    setInitial(fresh);
    setDraft(fresh);
    setTouched(new Set());
    setTesting(false);
    setConfirming(false);
    resetCheck();
  };

  const store = () => {
    setConfirming(false);
    if (existing) {
      update.mutate(
        {
          destination: existing.id,
          name: name.trim() === existing.name ? undefined : name.trim(),
          settings: changedSettings(specs, initial, draft),
        },
        { onSuccess: onDone },
      );
    } else {
      add.mutate(
        { name: name.trim(), config: { ...draftSettings(specs, draft), type } },
        { onSuccess: onDone },
      );
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (nameError || Object.keys(errors).length > 0) return;
    if (tester.isError) setConfirming(true);
    else store();
  };

  /** Tests the values in the form (the name is not needed); nothing is stored. */
  const testConnection = () => {
    setTesting(true);
    setConfirming(false);
    if (Object.keys(errors).length > 0) return;
    if (existing) {
      checkUpdate.mutate({
        destination: existing.id,
        settings: changedSettings(specs, initial, draft),
      });
    } else {
      check.mutate({ ...draftSettings(specs, draft), type });
    }
  };

  const field = (spec: (typeof specs)[number]) => (
    <SettingField
      key={`${type}.${spec.key}`}
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
  const folderMissing = tester.error instanceof ApiError && tester.error.code === 'FOLDER_MISSING';
  const folder = draft.values.path ?? '';

  return (
    <form
      className="card form"
      onSubmit={submit}
      aria-label={editing ? 'Edit destination' : 'Add destination'}
      noValidate
    >
      <h3>{editing ? `Edit ${existing.name}` : 'Add a destination'}</h3>
      {editing ? (
        <p className="muted small">
          <span className="badge">{info?.label ?? type}</span> {info?.description}
        </p>
      ) : (
        <fieldset className="segmented wrap">
          <legend className="sr-only">Destination type</legend>
          {types.map((t) => (
            <label key={t.type} className={type === t.type ? 'segment active' : 'segment'}>
              <input
                type="radio"
                name="kind"
                value={t.type}
                checked={type === t.type}
                onChange={() => pickType(t.type)}
              />
              {t.label}
            </label>
          ))}
        </fieldset>
      )}
      {!editing && info && <p className="muted small">{info.description}</p>}
      <label className="field">
        <span>Name</span>
        <input
          className={`input${(submitted || touched.has('name')) && nameError ? ' invalid' : ''}`}
          aria-label="Name"
          autoComplete="off"
          placeholder="e.g. CRM export"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched((t) => new Set(t).add('name'))}
        />
        {(submitted || touched.has('name')) && nameError && (
          <small className="field-error">{nameError}</small>
        )}
      </label>
      {specs.filter((s) => !s.advanced).map(field)}
      {advanced.length > 0 && (
        <details className="advanced-settings">
          <summary>Advanced</summary>
          {advanced.map(field)}
        </details>
      )}
      <ConnectionCheckResult
        check={tester}
        fix={
          folderMissing && (
            <button
              type="button"
              className="button small"
              disabled={createFolder.isPending}
              onClick={() => createFolder.mutate(folder, { onSuccess: testConnection })}
            >
              {createFolder.isPending ? 'Creating…' : 'Create folder'}
            </button>
          )
        }
      />
      {createFolder.error && (
        <p className="form-error" role="alert">
          {createFolder.error.message}
        </p>
      )}
      {confirming && (
        <ConfirmSave onBack={() => setConfirming(false)} onConfirm={store}>
          {folderMissing
            ? 'The folder does not exist yet. Save anyway? The first run creates it, readable by you only.'
            : 'The connection test failed. Save these settings anyway?'}
        </ConfirmSave>
      )}
      {save.error && (
        <p className="form-error" role="alert">
          {save.error.message}
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
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save changes' : 'Save destination'}
        </button>
      </div>
    </form>
  );
}
