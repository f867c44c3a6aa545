import { useMemo, useState, type FormEvent } from 'react';
import type {
  DestinationSummary,
  FieldMapping,
  ModelSummary,
  SyncMode,
  SyncSummary,
} from '../../../core/api/types';
import { formatCount, parseWholeNumber } from '../components/wholeNumber';
import { useModelCheck } from '../models/queries';
import { shortcutLabel, useShortcut } from '../shell/shortcuts';
import { useDebounced } from '../shell/useDebounced';
import { useUnsavedChanges, useUnsavedGuard } from '../shell/unsavedChanges';
import { SyncOpsFields, syncOpsDraft, syncOpsError, syncOpsInput } from './SyncOpsFields';
import { DestinationFieldList, FieldTargetInput } from './FieldTargetInput';
import { useDestinationFields, useSaveSync } from './queries';
import { unmappedRequired } from './requiredFields';
import { TestRecordPanel } from './TestRecordPanel';
import { ConstantsEditor } from './ConstantsEditor';
import { constantProblem, constantRows, constantsOf } from './constantRows';
import { FormError } from '../components/FormError';
import { Button } from '../components/Button';
import { InputField, namedChoices, SelectField } from '../components/Field';

export const MODES: { mode: SyncMode; label: string; help: string }[] = [
  { mode: 'upsert', label: 'Upsert', help: 'Sends new and updated records.' },
  { mode: 'insert', label: 'Insert', help: 'Sends new records only.' },
  {
    mode: 'update',
    label: 'Update',
    help: 'Sends updated records only; the first run records the baseline.',
  },
  { mode: 'mirror', label: 'Mirror', help: 'Sends new, updated and deleted records.' },
];

const MAX_RECORDS = 150_000_000;

/** The engine's 15-minute rule for intervals, checked as the user types; cron is checked on save. */
export function scheduleProblem(spec: string): string | null {
  const text = spec.trim();
  if (!text) return null;
  const interval = /^(\d+)\s*(m|h|d)$/i.exec(text);
  if (interval) {
    const minutes =
      Number(interval[1]) * { m: 1, h: 60, d: 1440 }[interval[2]!.toLowerCase() as 'm'];
    if (minutes < 15)
      return `The schedule "${text}" can run ${minutes} minutes apart; syncs run at most every 15 minutes.`;
    return null;
  }
  if (text.split(/\s+/).length !== 5)
    return `"${text}" is not a schedule: use an interval (15m, 1h, 1d) or a 5-field cron expression.`;
  const minute = text.split(/\s+/)[0]!;
  if (minute === '*')
    return 'This cron expression runs every minute; syncs run at most every 15 minutes.';
  const step = /^\*\/(\d+)$/.exec(minute);
  if (step && Number(step[1]) < 15)
    return `This cron expression runs every ${step[1]} minutes; syncs run at most every 15 minutes.`;
  return null;
}

export function SyncForm({
  sync,
  models,
  destinations,
  onDone,
  onCancel,
}: {
  sync?: SyncSummary;
  models: ModelSummary[];
  destinations: DestinationSummary[];
  onDone: (sync: SyncSummary) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(sync?.name ?? '');
  const [modelId, setModelId] = useState(
    sync?.modelId ?? (models.find((m) => !m.problems?.length) ?? models[0])?.id ?? '',
  );
  const [destinationId, setDestinationId] = useState(
    sync?.destinationId ?? destinations[0]?.id ?? '',
  );
  const [mode, setMode] = useState<SyncMode>(sync?.mode ?? 'upsert');
  const [schedule, setSchedule] = useState(sync?.schedule ?? '');
  // A new sync's schedule starts off: nothing leaves by itself before the analyst previews it.
  const [scheduleOn, setScheduleOn] = useState(false);
  const [maxRecords, setMaxRecords] = useState(formatCount(sync?.maxRecords ?? MAX_RECORDS));
  const maxValue = parseWholeNumber(maxRecords);
  const initialFields = sync?.mapping?.fields;
  const [choose, setChoose] = useState(!!initialFields?.length);
  // A saved field list sends only the columns it names: a column it leaves out (or one the model
  // gained since) starts unticked, so saving other settings never adds it to the mapping.
  const sendsUnlisted = !initialFields?.length;
  const [fields, setFields] = useState<Record<string, { send: boolean; target: string }>>(() =>
    Object.fromEntries(
      (initialFields ?? []).map((f) => [f.source, { send: true, target: f.target }]),
    ),
  );
  const [constants, setConstants] = useState(() => constantRows(sync?.mapping?.constants));
  const [omitNulls, setOmitNulls] = useState(sync?.mapping?.omitNulls ?? false);
  const [submitted, setSubmitted] = useState(false);
  const [ops, setOps] = useState(() => syncOpsDraft(sync));
  const save = useSaveSync();

  const model = models.find((m) => m.id === modelId);
  const draft = useMemo(
    () =>
      model
        ? {
            warehouse: model.warehouseId,
            sql: model.sql,
            idColumn: model.idColumn,
            timestampColumn: model.timestampColumn,
          }
        : undefined,
    [model],
  );
  const check = useModelCheck(draft);
  const columns = check.data?.columns ?? [];
  const destinationFields = useDestinationFields(destinationId);
  const offered = destinationFields.data?.fields ?? null;
  const destinationName = destinations.find((d) => d.id === destinationId)?.name ?? '';

  const scheduleError =
    scheduleProblem(schedule) ??
    (save.error && /schedule|cron/i.test(save.error.message) ? save.error.message : null);
  const maxError =
    maxValue === null || maxValue < 1 || maxValue > MAX_RECORDS
      ? `A whole number from 1 to ${formatCount(MAX_RECORDS)}.`
      : null;
  const nameError = name.trim() ? null : 'A name is required.';
  const mappingError =
    save.error && /mapping/i.test(save.error.message) ? save.error.message : null;
  const otherError = save.error && !scheduleError && !mappingError ? save.error.message : null;

  const mapping = (): FieldMapping | null => {
    const chosen = choose
      ? columns
          .filter((c) => fields[c.name]?.send ?? sendsUnlisted)
          .map((c) => ({ source: c.name, target: fields[c.name]?.target || c.name }))
      : null;
    const consts = constantsOf(constants);
    if (!chosen && consts.length === 0 && !omitNulls) return null;
    return { fields: chosen, constants: consts, omitNulls };
  };

  const mappedTargets = [
    ...(choose
      ? columns
          .filter((c) => fields[c.name]?.send ?? sendsUnlisted)
          .map((c) => fields[c.name]?.target || c.name)
      : columns.map((c) => c.name)),
    ...constants.map((c) => c.target.trim()),
  ];
  const missingRequired = check.data ? unmappedRequired(offered, mappedTargets) : [];

  // State belongs to (destination, mapping): changing either starts the sync fresh (say so first).
  const startsFresh =
    !!sync &&
    (destinationId !== sync.destinationId ||
      JSON.stringify(mapping()?.fields ?? null) !== JSON.stringify(sync.mapping?.fields ?? null));

  // The test record follows the mapping being edited, once typing pauses.
  const [testing, setTesting] = useState(false);
  const testedMapping = useDebounced(JSON.stringify(mapping()), 400);

  /** Saves when the form is valid (else shows why); answers whether it saved. */
  const saveNow = async (): Promise<boolean> => {
    setSubmitted(true);
    if (nameError || maxError || scheduleProblem(schedule) || !modelId || !destinationId)
      return false;
    if (syncOpsError(ops) || constants.some((c) => constantProblem(c) !== null)) return false;
    const common = {
      name: name.trim(),
      model: modelId,
      destination: destinationId,
      mode,
      schedule: schedule.trim() || null,
      maxRecords: maxValue ?? MAX_RECORDS,
      mapping: mapping(),
      ops: syncOpsInput(ops),
    };
    try {
      onDone(
        await save.mutateAsync(
          sync
            ? { kind: 'update', input: { sync: sync.id, ...common } }
            : { kind: 'add', input: { ...common, paused: !!common.schedule && !scheduleOn } },
        ),
      );
      return true;
    } catch {
      return false; // shown in the form by save.error
    }
  };
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    void saveNow();
  };
  useShortcut('s', () => submit());
  // Leaving the form (another tab, sync or screen) with edits asks first; so does Escape.
  const typed = JSON.stringify([
    name,
    modelId,
    destinationId,
    mode,
    schedule,
    scheduleOn,
    maxRecords,
    choose,
    fields,
    constants,
    omitNulls,
    ops,
  ]);
  const [initial] = useState(typed);
  const dirty = typed !== initial;
  useUnsavedChanges(dirty, sync ? `The sync “${sync.name}”` : 'The new sync', saveNow);
  const guard = useUnsavedGuard();

  return (
    <form
      className="card form wide"
      onSubmit={submit}
      aria-label={sync ? 'Edit sync' : 'Create sync'}
      noValidate
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && guard.confirmLeave(onCancel)) onCancel();
      }}
    >
      <h3>{sync ? `Edit ${sync.name}` : 'Create a sync'}</h3>
      <InputField
        label="Name"
        value={name}
        placeholder="e.g. Users to CRM"
        autoFocus={!sync}
        onValue={setName}
        error={submitted && nameError}
      />
      <div className="row-fields">
        <SelectField
          label="Model"
          value={modelId}
          onValue={setModelId}
          choices={models.map((m) => ({
            value: m.id,
            label: m.problems?.length ? `${m.name} (has problems: fix it in Models)` : m.name,
            disabled: !!m.problems?.length,
          }))}
        />
        <SelectField
          label="Destination"
          value={destinationId}
          onValue={setDestinationId}
          choices={namedChoices(destinations)}
        />
      </div>
      <SelectField
        label="Mode"
        value={mode}
        onValue={(value) => setMode(value as SyncMode)}
        choices={MODES.map((m) => ({ value: m.mode, label: m.label }))}
        hint={MODES.find((m) => m.mode === mode)?.help}
      />
      <div className="row-fields">
        <InputField
          label="Schedule"
          mono
          value={schedule}
          placeholder="Manual only"
          aria-label="Schedule"
          aria-invalid={!!scheduleError}
          onValue={(text) => {
            setSchedule(text);
            if (save.error) save.reset();
          }}
          error={scheduleError}
          errorRole="alert"
          hint={'15m, 1h, 1d or cron ("0 * * * *"); at most every 15 minutes.'}
        />
        <InputField
          label="Record cap per run"
          inputMode="numeric"
          aria-label="Record cap per run"
          value={maxRecords}
          onValue={setMaxRecords}
          onBlur={() => maxValue !== null && setMaxRecords(formatCount(maxValue))}
          error={maxError}
          hint="The rest waits for the next run."
        />
      </div>
      {!sync && schedule.trim() !== '' && (
        <label className="check">
          <input
            type="checkbox"
            checked={scheduleOn}
            onChange={(e) => setScheduleOn(e.target.checked)}
          />
          Enable schedule{' '}
          <small className="muted">
            {scheduleOn
              ? '(the first run is the next slot after creation)'
              : '(created paused: preview it first, then Resume on its page)'}
          </small>
        </label>
      )}

      <SyncOpsFields value={ops} onChange={setOps} showErrors={submitted} />

      <fieldset className="mapping" aria-label="Field mapping">
        <legend>Field mapping</legend>
        <div className="segmented">
          <label className={!choose ? 'segment active' : 'segment'}>
            <input type="radio" name="fields" checked={!choose} onChange={() => setChoose(false)} />
            Every column as is
          </label>
          <label className={choose ? 'segment active' : 'segment'}>
            <input type="radio" name="fields" checked={choose} onChange={() => setChoose(true)} />
            Choose and rename
          </label>
        </div>
        {choose &&
          (check.isPending ? (
            <p className="muted small">Reading the model’s columns…</p>
          ) : check.isError ? (
            <p className="form-error">{check.error.message}</p>
          ) : (
            <table className="data-table mapping-table">
              <thead>
                <tr>
                  <th scope="col">Send</th>
                  <th scope="col">Model column</th>
                  <th scope="col">Destination field</th>
                </tr>
              </thead>
              <tbody>
                {columns.map((c) => {
                  const f = fields[c.name] ?? { send: sendsUnlisted, target: c.name };
                  const update = (patch: Partial<typeof f>) =>
                    setFields((all) => ({ ...all, [c.name]: { ...f, ...patch } }));
                  return (
                    <tr key={c.name}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Send ${c.name}`}
                          checked={f.send}
                          onChange={(e) => update({ send: e.target.checked })}
                        />
                      </td>
                      <td className="mono">
                        {c.name} <span className="muted small">{c.type}</span>
                      </td>
                      <td>
                        <FieldTargetInput
                          source={c.name}
                          value={f.target}
                          disabled={!f.send}
                          fields={offered}
                          listId="destination-fields"
                          onChange={(target) => update({ target })}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ))}
        {offered && <DestinationFieldList id="destination-fields" fields={offered} />}
        <p className="muted small" data-testid="destination-fields-status">
          {destinationFields.isPending
            ? `Asking ${destinationName} for its fields…`
            : destinationFields.isError
              ? `Could not list the fields of ${destinationName} (${destinationFields.error.message}); type field names.`
              : offered
                ? `${destinationName} lists ${offered.length} fields (${offered.filter((f) => f.required).length} required): the field names offer them; any other name is sent as is.`
                : `${destinationName} has no field list: type the field names.`}
        </p>
        {missingRequired.length > 0 && (
          <p className="warn-text" role="status" data-testid="required-unmapped">
            {destinationName} requires{' '}
            {missingRequired.map((f) => `${f.name} (${f.label})`).join(', ')}: map a column or add a
            constant, or records will be refused.
          </p>
        )}
        <ConstantsEditor
          rows={constants}
          onChange={setConstants}
          showErrors={submitted}
          listId={offered ? 'destination-fields' : undefined}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={omitNulls}
            onChange={(e) => setOmitNulls(e.target.checked)}
          />
          Leave nulls out (a null never overwrites a value in the destination)
        </label>
        <FormError error={mappingError} />
      </fieldset>

      {sync && (
        <details className="form-test-record" onToggle={(e) => setTesting(e.currentTarget.open)}>
          <summary>Test record with this mapping</summary>
          {testing && (
            <TestRecordPanel
              sync={sync}
              mapping={JSON.parse(testedMapping) as FieldMapping | null}
            />
          )}
        </details>
      )}

      {startsFresh && (
        <p className="warn-text" role="status" data-testid="starts-fresh">
          Saving points this sync at another destination or mapping: it starts fresh, and its next
          run sends every record of the model again.
        </p>
      )}
      <FormError error={otherError} />
      <div className="form-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          type="submit"
          tone="primary"
          disabled={save.isPending}
          title={`Save the sync (${shortcutLabel('S')})`}
        >
          {save.isPending
            ? 'Saving…'
            : startsFresh
              ? 'Save and start fresh'
              : sync
                ? 'Save changes'
                : 'Create sync'}
        </Button>
      </div>
    </form>
  );
}
