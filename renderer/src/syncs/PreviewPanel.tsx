import { useState } from 'react';
import type { ChangeOp, Preview, PreviewSample, SyncSummary } from '../../../core/api/types';
import { formatCell, ResultGrid } from '../components/ResultGrid';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { formatColumn } from '../components/columnFormat';
import { count } from './format';
import { RecordErrorTable } from './RecordErrorTable';
import { usePreview } from './queries';
import { Button } from '../components/Button';
import { Tab, TabList } from '../components/Tab';

type ChangeTab = ChangeOp | 'rejected';
const TABS: { tab: ChangeTab; label: string }[] = [
  { tab: 'new', label: 'New' },
  { tab: 'updated', label: 'Updated' },
  { tab: 'deleted', label: 'Deleted' },
  { tab: 'rejected', label: 'Rejected' },
];

/** Samples of each kind (new, updated, deleted) and rejected records per preview: the API's maximum. */
const SAMPLE_LIMIT = 500;

function columnsOf(rows: Record<string, unknown>[]): { name: string; type: string }[] {
  const names = new Set<string>();
  for (const row of rows.slice(0, 20)) for (const key of Object.keys(row)) names.add(key);
  return [...names].map((name) => ({ name, type: '' }));
}

function UpdatedSample({ sample }: { sample: PreviewSample }) {
  const before = sample.before ?? {};
  const after = sample.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return (
    <table className="record-table diff" aria-label={`Changes of ${String(sample.id)}`}>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const changed = sample.changedFields.includes(key);
          return (
            <tr key={key} className={changed ? 'changed' : undefined}>
              <th scope="row" className="mono">
                {key}
              </th>
              <td className={changed ? 'mono before' : 'mono'}>{formatCell(before[key])}</td>
              <td className={changed ? 'mono after' : 'mono'}>
                {changed && <span className="sr-only">changed to </span>}
                {formatCell(after[key])}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A deleted record as last synced (state keeps what the destination acknowledged); else its id. */
const lastSynced = (sample: PreviewSample): Record<string, unknown> =>
  sample.before ?? { id: sample.id };

/** "2 deleted" or "5 updated, 2 deleted": the changes this mode records without sending. */
function recordOnlyParts(p: Preview): string {
  return (['new', 'updated', 'deleted'] as const)
    .map((op) => [op, p.changes[op] - p.willSend[op]] as const)
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${count(n)} ${op}`)
    .join(', ');
}

export function PreviewPanel({ sync }: { sync: SyncSummary }) {
  const preview = usePreview(sync.id, SAMPLE_LIMIT);
  const [tab, setTab] = useState<ChangeTab>('new');
  const [shown, setShown] = useState(50);
  if (preview.isPending) return <LoadingState label="Computing the diff in the warehouse…" />;
  if (preview.isError) {
    // The same reason already shows as the last run's error just above: say where, not it again.
    const sameAsLastRun =
      sync.lastRun?.status === 'failed' &&
      !!sync.lastRun.message?.includes(preview.error.message.slice(0, 60));
    return (
      <ErrorState
        title="Could not preview the sync"
        error={sameAsLastRun ? 'For the same reason as the last run above.' : preview.error}
        onRetry={() => void preview.refetch()}
      />
    );
  }
  const p = preview.data;
  const counts: Record<ChangeTab, number> = { ...p.changes, rejected: p.rejected };
  // The preview samples up to SAMPLE_LIMIT of each kind, so every tab with changes has samples.
  const samples = tab === 'rejected' ? [] : p.samples.filter((s) => s.op === tab);
  const total = p.changes.new + p.changes.updated + p.changes.deleted;
  const rows =
    tab === 'deleted' ? samples.map(lastSynced) : samples.map((sample) => sample.after ?? {});

  return (
    <div className="preview">
      <div className="preview-summary" aria-label="Preview summary" role="group">
        <span>
          Diff computed in the warehouse in{' '}
          <strong>{formatColumn(p.warehouseMs, 'duration')}</strong>,{' '}
          <time dateTime={new Date(preview.dataUpdatedAt).toISOString()}>
            at {new Date(preview.dataUpdatedAt).toLocaleTimeString()}
          </time>
          {preview.isFetching && <span className="muted"> (refreshing…)</span>}.
        </span>
        <span>
          <span className="badge">{sync.mode}</span> will send{' '}
          <strong>
            {count(p.willSend.new)} new, {count(p.willSend.updated)} updated,{' '}
            {count(p.willSend.deleted)} deleted
          </strong>
          {p.willRecordOnly > 0 && (
            <>
              ; {recordOnlyParts(p)} recorded as baseline only in {sync.mode} mode
            </>
          )}
          .
        </span>
        {p.capped.pending > 0 && (
          <span className="warn-text">
            Capped at {count(p.capped.maxRecords)} records per run: {count(p.capped.pending)} wait
            for the next run.
          </span>
        )}
      </div>
      <TabList label="Changes">
        {TABS.map(({ tab: t, label }) => (
          <Tab key={t} selected={tab === t} onClick={() => setTab(t)}>
            {label} <span className={`count count-${t}`}>{count(counts[t])}</span>
          </Tab>
        ))}
        <Button
          small
          className="tabs-end"
          disabled={preview.isFetching}
          onClick={() => void preview.refetch()}
          title="Compute the diff again"
        >
          {preview.isFetching ? 'Refreshing…' : 'Refresh'}
        </Button>
      </TabList>
      <div
        role="tabpanel"
        aria-label={`${TABS.find((t) => t.tab === tab)!.label} records`}
        className="tab-panel"
      >
        {counts[tab] === 0 ? (
          <EmptyState title={`No ${tab} records`}>
            {total === 0 && tab !== 'rejected'
              ? 'The destination is up to date with the model.'
              : 'Nothing in this category.'}
          </EmptyState>
        ) : tab === 'rejected' ? (
          <>
            <p className="muted small">
              Rejected records are never sent: fix them in the model.{' '}
              {p.rejectedSamples.length < p.rejected
                ? `The first ${count(p.rejectedSamples.length)} of ${count(p.rejected)}:`
                : `All ${count(p.rejected)}:`}
            </p>
            <RecordErrorTable label="Rejected records" errors={p.rejectedSamples} />
          </>
        ) : (
          <>
            <p className="muted small">
              {samples.length < counts[tab]
                ? `Showing the first ${count(samples.length)} of ${count(counts[tab])} by id.`
                : `Showing all ${count(samples.length)}.`}
            </p>
            {tab === 'updated' ? (
              <ul className="samples">
                {samples.slice(0, shown).map((sample) => (
                  <li key={String(sample.id)} className="sample card">
                    <div className="sample-head">
                      <span className="op op-updated">updated</span>
                      <span className="mono">id {String(sample.id)}</span>
                      <span className="muted small">
                        {sample.changedFields.length} changed: {sample.changedFields.join(', ')}
                      </span>
                    </div>
                    <UpdatedSample sample={sample} />
                  </li>
                ))}
                {samples.length > shown && (
                  <li>
                    <Button onClick={() => setShown((n) => n + 50)}>Show more</Button>
                  </li>
                )}
              </ul>
            ) : (
              <>
                {tab === 'deleted' && (
                  <p className="muted small">
                    {sync.mode === 'mirror' ? (
                      <>
                        {count(counts.deleted)} deleted: each reaches the destination as its id in{' '}
                        <code>__segment_id</code> and every field null. As last synced:
                      </>
                    ) : (
                      <>
                        {count(counts.deleted)} deleted, recorded as baseline only in {sync.mode}{' '}
                        mode (only mirror mode sends deletions). No longer in the model; as last
                        synced:
                      </>
                    )}
                  </p>
                )}
                <ResultGrid label={`${tab} records`} columns={columnsOf(rows)} rows={rows} />
              </>
            )}
          </>
        )}
      </div>
    </div>
  );
}
