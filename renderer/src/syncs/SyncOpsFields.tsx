import type { CallInput } from '../../../core/api/contract';
import type { SyncSummary } from '../../../core/api/types';

/**
 * The sync form's operations fields (issue 14): the retry policy. The stored `logToWarehouse`
 * setting is carried through unchanged; no switch is shown until runs are written to the
 * warehouse.
 */
export interface SyncOpsDraft {
  logToWarehouse: boolean;
  retrySyncs: string;
  retryDays: string;
}

export const syncOpsDraft = (sync: SyncSummary | undefined): SyncOpsDraft => ({
  logToWarehouse: sync?.ops.logToWarehouse ?? false,
  retrySyncs: String(sync?.ops.retrySyncs ?? 5),
  retryDays: String(sync?.ops.retryDays ?? 14),
});

const wholeNumber = (text: string, max: number) =>
  /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= max;

export function syncOpsError(draft: SyncOpsDraft): string | null {
  if (!wholeNumber(draft.retrySyncs, 1000)) return 'Retry for 1 to 1000 syncs.';
  if (!wholeNumber(draft.retryDays, 3650)) return 'Retry for 1 to 3650 days.';
  return null;
}

export const syncOpsInput = (draft: SyncOpsDraft): CallInput<'syncs.add'>['ops'] => ({
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
  const error = showErrors ? syncOpsError(value) : null;
  return (
    <fieldset className="mapping sync-ops" aria-label="Operations">
      <legend>Operations</legend>
      <div className="row-fields">
        <label className="field">
          <span>Retry a refused record for</span>
          <input
            className={error?.includes('syncs') ? 'input invalid' : 'input'}
            type="number"
            min={1}
            aria-label="Retry syncs"
            value={value.retrySyncs}
            onChange={(e) => onChange({ ...value, retrySyncs: e.target.value })}
          />
          <small className="muted">syncs</small>
        </label>
        <label className="field">
          <span>or for</span>
          <input
            className={error?.includes('days') ? 'input invalid' : 'input'}
            type="number"
            min={1}
            aria-label="Retry days"
            value={value.retryDays}
            onChange={(e) => onChange({ ...value, retryDays: e.target.value })}
          />
          <small className="muted">days, whichever comes first; then it is quarantined</small>
        </label>
      </div>
      {error && <small className="field-error">{error}</small>}
    </fieldset>
  );
}
