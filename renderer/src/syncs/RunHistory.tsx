import { useState } from 'react';
import type { RunSummary, SyncSummary } from '../../../core/api/types';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { count, download, duration, errorsCsv, shortWhen } from './format';
import { useRunErrors, useRuns } from './queries';
import { StatusBadge } from './StatusBadge';

function ErrorLog({ run }: { run: RunSummary }) {
  const errors = useRunErrors(run.runId);
  if (errors.isPending) return <LoadingState label="Reading the error log…" />;
  if (errors.isError)
    return (
      <ErrorState
        title="Could not read the error log"
        error={errors.error}
        onRetry={() => void errors.refetch()}
      />
    );
  const list = errors.data.errors;
  return (
    <div className="error-log" aria-label="Error log" role="region">
      <div className="section-head">
        <h3 className="section-title">
          Error log <span className="badge">{count(list.length)}</span>
        </h3>
        <button
          type="button"
          className="button small"
          disabled={list.length === 0}
          onClick={() => download(`ebb-${run.sync}-${run.runId}-errors.csv`, errorsCsv(list))}
        >
          Download CSV
        </button>
      </div>
      {run.message && <p className="muted">{run.message}</p>}
      {list.length === 0 ? (
        <p className="muted small">No record errors in this run.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {list.slice(0, 200).map((e, i) => (
              <tr key={i}>
                <td className="mono">{e.id ?? 'null'}</td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length > 200 && (
        <p className="muted small">
          The first 200 are shown; the CSV has all {count(list.length)}.
        </p>
      )}
    </div>
  );
}

export function RunHistory({ sync }: { sync: SyncSummary }) {
  const runs = useRuns(sync.id);
  const [open, setOpen] = useState<string | null>(null);
  if (runs.isPending) return <LoadingState label="Loading run history…" />;
  if (runs.isError)
    return (
      <ErrorState
        title="Could not load the run history"
        error={runs.error}
        onRetry={() => void runs.refetch()}
      />
    );
  if (runs.data.length === 0)
    return (
      <EmptyState title="No runs yet">
        Press Sync now to run this sync for the first time.
      </EmptyState>
    );
  const selected = runs.data.find((r) => r.runId === open);
  return (
    <div className="run-history">
      <div className="table-scroll">
        <table className="data-table runs-table" aria-label="Run history">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
              <th scope="col">Changes</th>
              <th scope="col" className="num">
                Delivered
              </th>
              <th scope="col" className="num">
                Failed
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col" className="num">
                Pending
              </th>
              <th scope="col" className="num">
                Took
              </th>
              <th scope="col">
                <span className="sr-only">Errors</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((run) => (
              <tr key={run.runId} className={run.runId === open ? 'selected' : undefined}>
                <td className="started">
                  {shortWhen(run.startedAt)}
                  {run.trigger === 'schedule' && <span className="muted small"> · scheduled</span>}
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td>
                  <div className="changes-cell">
                    <span className="op-count op-new">{count(run.changes.new)} new</span>
                    <span className="op-count op-updated">
                      {count(run.changes.updated)} updated
                    </span>
                    <span className="op-count op-deleted">
                      {count(run.changes.deleted)} deleted
                    </span>
                  </div>
                </td>
                <td className="num">{count(run.delivered)}</td>
                <td className="num">{count(run.failed)}</td>
                <td className="num">{count(run.rejected)}</td>
                <td className="num">{count(run.pending)}</td>
                <td className="num muted">{duration(run.durationMs)}</td>
                <td>
                  {/* Only a run with something to show has an error log. */}
                  {run.failed + run.rejected > 0 || run.errors.length > 0 ? (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setOpen(open === run.runId ? null : run.runId)}
                    >
                      {open === run.runId ? 'Hide log' : 'Error log'}
                    </button>
                  ) : (
                    <span className="muted small">no errors</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && <ErrorLog run={selected} />}
    </div>
  );
}
