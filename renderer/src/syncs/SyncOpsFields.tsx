import type { CallInput } from '../../../core/api/contract';
import type { SyncSummary } from '../../../core/api/types';

/** The sync form's operations fields (issue 14): warehouse logs and the retry policy. */
export interface SyncOpsDraft {
  logToWarehouse: boolean;
  logRetentionDays: string;
  retrySyncs: string;
  retryDays: string;
}

export const syncOpsDraft = (sync: SyncSummary | undefined): SyncOpsDraft => ({
  logToWarehouse: sync?.ops.logToWarehouse ?? false,
  logRetentionDays: String(sync?.ops.logRetentionDays ?? 30),
  retrySyncs: String(sync?.ops.retrySyncs ?? 5),
  retryDays: String(sync?.ops.retryDays ?? 14),
});

const wholeNumber = (text: string, max: number) =>
  /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= max;

type NumberKey = 'logRetentionDays' | 'retrySyncs' | 'retryDays';

/** The first operations field that is not a valid number, and why. */
function syncOpsProblem(draft: SyncOpsDraft): { field: NumberKey; message: string } | null {
  if (!wholeNumber(draft.retrySyncs, 1000))
    return { field: 'retrySyncs', message: 'Retry for 1 to 1000 syncs.' };
  if (!wholeNumber(draft.retryDays, 3650))
    return { field: 'retryDays', message: 'Retry for 1 to 3650 days.' };
  if (draft.logToWarehouse && !wholeNumber(draft.logRetentionDays, 3650))
    return { field: 'logRetentionDays', message: 'Keep the log for 1 to 3650 days.' };
  return null;
}

export const syncOpsError = (draft: SyncOpsDraft): string | null =>
  syncOpsProblem(draft)?.message ?? null;

export const syncOpsInput = (draft: SyncOpsDraft): CallInput<'syncs.add'>['ops'] => ({
  logToWarehouse: draft.logToWarehouse,
  ...(draft.logToWarehouse ? { logRetentionDays: Number(draft.logRetentionDays) } : {}),
  retrySyncs: Number(draft.retrySyncs),
  retryDays: Number(draft.retryDays),
});

export function SyncOpsFields({
  value,
  onChange,
  showErrors,
}: {
  value: SyncOpsDraft;
  onChange: (next: SyncOpsDraft) => void;
  showErrors: boolean;
}) {
  const problem = showErrors ? syncOpsProblem(value) : null;
  /** A whole-number field of the draft, with its label before and its unit after. */
  const numberField = (field: NumberKey, label: string, ariaLabel: string, unit: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        className={problem?.field === field ? 'input invalid' : 'input'}
        type="number"
        min={1}
        aria-label={ariaLabel}
        value={value[field]}
        onChange={(e) => onChange({ ...value, [field]: e.target.value })}
      />
      <small className="muted">{unit}</small>
    </label>
  );
  return (
    <fieldset className="mapping sync-ops" aria-label="Operations">
      <legend>Operations</legend>
      <div className="row-fields">
        <label className="check">
          <input
            type="checkbox"
            checked={value.logToWarehouse}
            onChange={(e) => onChange({ ...value, logToWarehouse: e.target.checked })}
          />
          <span className="nowrap">Log to warehouse</span>
          <small className="muted">
            (each run writes record_log and run_log in Ebb&apos;s state schema, to query with your
            data)
          </small>
        </label>
        {value.logToWarehouse &&
          numberField('logRetentionDays', 'Keep log rows for', 'Log retention days', 'days')}
      </div>
      <div className="row-fields">
        {numberField('retrySyncs', 'Retry a refused record for', 'Retry syncs', 'syncs')}
        {numberField(
          'retryDays',
          'or for',
          'Retry days',
          'days, whichever comes first; then it is quarantined',
        )}
      </div>
      {problem && <small className="field-error">{problem.message}</small>}
    </fieldset>
  );
}
