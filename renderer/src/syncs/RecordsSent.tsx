import type { RunSummary, SentRecord } from '../../../core/api/types';
import { DataTable, type Column } from '../components/DataTable';
import { Section } from '../components/Section';
import { queryState } from '../components/States';
import { count } from './format';
import { useRunSent } from './queries';

const COLUMNS: Column<SentRecord>[] = [
  { key: 'id', header: 'Id', type: 'id', value: (r) => r.id },
  {
    key: 'op',
    header: 'Change',
    value: (r) => r.op,
    render: (r) => <span className={`op-count op-${r.op}`}>{r.op}</span>,
  },
  {
    key: 'record',
    header: 'Record',
    className: 'mono sent-record',
    render: (r) => (
      <span title={r.record}>
        {r.record}
        {r.cut && <span className="muted"> … (cut)</span>}
      </span>
    ),
  },
];

/** What a run delivered: its first records with their ids, as the destination got them. */
export function RecordsSent({ run }: { run: RunSummary }) {
  const sent = useRunSent(run.runId);
  const records = sent.data?.records ?? [];
  return (
    <Section className="run-detail" label="Records sent" badge={count(run.delivered)}>
      {sent.data && records.length > 0 && (
        <p className="muted small">
          {records.length < run.delivered
            ? `The first ${count(records.length)} of ${count(run.delivered)} delivered, as the destination got them.`
            : 'Every record delivered, as the destination got it.'}
        </p>
      )}
      <DataTable
        label="Records sent"
        className="sent-table"
        columns={COLUMNS}
        rows={records}
        rowKey={(_, i) => String(i)}
        state={queryState(sent)}
        loadingLabel="Reading the records sent…"
        errorTitle="Could not read the records sent"
        empty={{ title: 'No sample kept', body: 'This run kept no sample of its records.' }}
      />
    </Section>
  );
}
