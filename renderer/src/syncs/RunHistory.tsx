import { useState } from 'react';
import type { RunSummary, SyncSummary } from '../../../core/api/types';
import { formatColumn } from '../components/columnFormat';
import { countColumn, DataTable, type Column } from '../components/DataTable';
import { QueryView } from '../components/States';
import { Section } from '../components/Section';
import { count, download, errorsCsv } from './format';
import { useRunErrors, useRuns } from './queries';
import { RecordErrorTable } from './RecordErrorTable';
import { RecordsSent } from './RecordsSent';
import { StatusBadge } from './StatusBadge';
import { Button, LinkButton } from '../components/Button';

/** The run whose detail is open below the table, and which one. */
type Panel = 'errors' | 'sent';
type Open = { runId: string; panel: Panel } | null;

function ErrorLog({ run }: { run: RunSummary }) {
  const errors = useRunErrors(run.runId);
  return (
    <QueryView
      query={errors}
      loadingLabel="Reading the error log…"
      errorTitle="Could not read the error log"
    >
      {({ errors: list }) => (
        <Section
          className="run-detail"
          label="Error log"
          badge={count(list.length)}
          actions={
            <Button
              small
              disabled={list.length === 0}
              onClick={() => download(`ebb-${run.sync}-${run.runId}-errors.csv`, errorsCsv(list))}
            >
              Download CSV
            </Button>
          }
        >
          {run.message && <p className="muted">{run.message}</p>}
          {list.length === 0 ? (
            <p className="muted small">No record errors in this run.</p>
          ) : (
            <RecordErrorTable label="Record errors" errors={list} limit={200} />
          )}
          {list.length > 200 && (
            <p className="muted small">
              The first 200 are shown; the CSV has all {count(list.length)}.
            </p>
          )}
        </Section>
      )}
    </QueryView>
  );
}

const RUN_COLUMNS: Column<RunSummary>[] = [
  {
    key: 'started',
    header: 'Started',
    type: 'datetime',
    value: (run) => run.startedAt,
    className: 'started',
    render: (run) => (
      <>
        {formatColumn(run.startedAt, 'datetime')}
        {run.trigger === 'schedule' && <span className="muted small"> · scheduled</span>}
      </>
    ),
  },
  {
    key: 'status',
    header: 'Status',
    value: (run) => run.status,
    render: (run) => <StatusBadge status={run.status} />,
  },
  {
    key: 'changes',
    header: 'Changes',
    render: (run) => (
      <div className="changes-cell">
        <span className="op-count op-new">{count(run.changes.new)} new</span>
        <span className="op-count op-updated">{count(run.changes.updated)} updated</span>
        <span className="op-count op-deleted">{count(run.changes.deleted)} deleted</span>
      </div>
    ),
  },
  countColumn('delivered', 'Delivered'),
  countColumn('failed', 'Failed'),
  countColumn('rejected', 'Rejected'),
  countColumn('pending', 'Pending'),
  {
    key: 'took',
    header: 'Took',
    type: 'duration',
    value: (run) => run.durationMs,
    className: 'muted',
  },
];

export function RunHistory({ sync }: { sync: SyncSummary }) {
  const runs = useRuns(sync.id);
  const [open, setOpen] = useState<Open>(null);
  const selected = runs.data?.find((r) => r.runId === open?.runId);
  /** Opens (or closes again) one run's error log or records sent below the table. */
  const detailLink = (runId: string, panel: Panel, label: string) => {
    const expanded = open?.runId === runId && open.panel === panel;
    return (
      <LinkButton
        aria-expanded={expanded}
        onClick={() => setOpen(expanded ? null : { runId, panel })}
      >
        {label}
      </LinkButton>
    );
  };
  const detailsColumn: Column<RunSummary> = {
    key: 'details',
    header: <span className="sr-only">Details</span>,
    render: (run) => (
      <div className="run-links">
        {run.delivered > 0 && detailLink(run.runId, 'sent', 'Records sent')}
        {/* Only a run with something to show has an error log. */}
        {run.failed + run.rejected > 0 || run.errors.length > 0 ? (
          detailLink(run.runId, 'errors', 'Error log')
        ) : (
          <span className="muted small">no errors</span>
        )}
      </div>
    ),
  };
  return (
    <div className="run-history">
      <DataTable
        label="Run history"
        className="runs-table"
        columns={[...RUN_COLUMNS, detailsColumn]}
        query={runs}
        rowKey={(run) => run.runId}
        rowClassName={(run) => (run.runId === open?.runId ? 'selected' : undefined)}
        errorTitle="Could not load the run history"
        empty={{
          title: 'No runs yet',
          body: 'Press Sync now to run this sync for the first time.',
        }}
      />
      {selected &&
        (open?.panel === 'sent' ? <RecordsSent run={selected} /> : <ErrorLog run={selected} />)}
    </div>
  );
}
