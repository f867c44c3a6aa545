import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CallOutput } from '../../../core/api/contract';
import type { SyncSummary } from '../../../core/api/types';
import { useApi } from '../api/ApiContext';
import { countColumn, DataTable, type Column } from '../components/DataTable';
import { EmptyState, LoadStateView, queryState } from '../components/States';
import { useToast } from '../components/Toasts';
import { useQuarantine } from './queries';
import { FormError } from '../components/FormError';
import { Button } from '../components/Button';

type Parked = CallOutput<'syncs.quarantine'>['records'][number];

const PARKED_COLUMNS: Column<Parked>[] = [
  { key: 'id', header: 'Record id', type: 'id', value: (r) => r.recordId },
  { key: 'op', header: 'Change', value: (r) => r.op },
  countColumn('attempts', 'Attempts'),
  { key: 'parked', header: 'Parked', type: 'datetime', value: (r) => r.quarantinedAt },
  { key: 'error', header: 'Last error', value: (r) => r.lastError },
];

/** Records the retry policy parked: shown with their last error, replayed one, all or by error. */
export function QuarantinePanel({ sync }: { sync: SyncSummary }) {
  const { call } = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const quarantine = useQuarantine(sync.id);
  const replay = useMutation({
    mutationFn: (arg: { ids?: string[]; error?: string }) =>
      call('syncs.replay', { sync: sync.id, ...arg }),
    onSuccess: (result) => {
      toast(
        {
          tone: result.run.status === 'succeeded' ? 'success' : 'info',
          title: `Replayed ${result.replayed} record(s): ${result.run.delivered} delivered, ${result.run.failed} failed`,
        },
        4000,
      );
      void queryClient.invalidateQueries({ queryKey: ['syncs'] });
    },
  });
  const [errorFilter, setErrorFilter] = useState('');

  if (!quarantine.data)
    return (
      <LoadStateView
        state={queryState(quarantine)}
        loadingLabel="Loading quarantine…"
        errorTitle="Could not load the quarantine"
      />
    );
  const { records, policy, retrying } = quarantine.data;
  const policyText = `A refused record is retried for ${policy.retrySyncs} syncs or ${policy.retryDays} days, whichever comes first, then parked here; parked records are not sent or counted against usage until replayed.`;
  if (records.length === 0)
    return (
      <EmptyState title="Nothing in quarantine">
        {policyText}
        {retrying > 0 ? ` ${retrying} refused record(s) are still being retried.` : ''}
      </EmptyState>
    );
  const errors = [...new Set(records.map((r) => r.lastError))];
  return (
    <section className="quarantine" aria-label="Quarantine">
      <p className="muted">
        {policyText}
        {retrying > 0 ? ` ${retrying} more are still being retried.` : ''}
      </p>
      <div className="button-row">
        <Button
          tone="primary"
          disabled={replay.isPending || sync.running}
          onClick={() => replay.mutate({})}
        >
          Replay all {records.length}
        </Button>
        <select
          className="input"
          aria-label="Replay by error"
          value={errorFilter}
          onChange={(e) => setErrorFilter(e.target.value)}
        >
          <option value="">Choose an error…</option>
          {errors.map((error) => (
            <option key={error} value={error}>
              {error}
            </option>
          ))}
        </select>
        <Button
          disabled={!errorFilter || replay.isPending || sync.running}
          onClick={() => replay.mutate({ error: errorFilter })}
        >
          Replay those
        </Button>
      </div>
      <FormError error={replay.error} />
      <DataTable
        label="Parked records"
        columns={[
          ...PARKED_COLUMNS,
          {
            key: 'replay',
            header: <span className="sr-only">Replay</span>,
            render: (record) => (
              <Button
                small
                disabled={replay.isPending || sync.running}
                onClick={() => replay.mutate({ ids: [record.recordId] })}
              >
                Replay
              </Button>
            ),
          },
        ]}
        rows={records}
        rowKey={(record) => record.recordId}
        empty={{ title: 'Nothing in quarantine' }}
      />
    </section>
  );
}
