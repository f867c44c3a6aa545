import type { UsageCounts } from '../../../core/metering/usageReport';
import { countColumn, DataTable, type Column } from '../components/DataTable';

type Row = UsageCounts & { name: string };

const COUNT_COLUMNS: Column<Row>[] = [
  countColumn('processed', 'Processed'),
  countColumn('delivered', 'Delivered'),
  countColumn('failed', 'Failed', { cellClassName: (r) => (r.failed > 0 ? 'failed' : undefined) }),
];

const UNCONFIRMED = countColumn<Row>('unconfirmed', 'Unconfirmed', {
  title: 'Attempted by a run that ended without reporting the outcome',
});

/** Processed / delivered / failed per destination or per sync, with its share of the cycle. */
export function BreakdownTable({
  title,
  nameHeader,
  rows,
  used,
  empty,
}: {
  title: string;
  nameHeader: string;
  rows: Row[];
  used: number;
  empty: string;
}) {
  const id = `usage-${nameHeader.toLowerCase()}-title`;
  const share = (row: Row) => (used > 0 ? (row.processed / used) * 100 : 0);
  const columns: Column<Row>[] = [
    {
      key: 'name',
      header: nameHeader,
      value: (r) => r.name,
      rowHeader: true,
      className: 'name',
      render: (r) => (
        <span className="truncate" title={r.name}>
          {r.name}
        </span>
      ),
    },
    ...COUNT_COLUMNS,
    ...(rows.some((r) => r.unconfirmed > 0) ? [UNCONFIRMED] : []),
    {
      key: 'share',
      header: 'Share',
      className: 'share',
      value: share,
      render: (r) => (
        <span className="usage-share" aria-label={`${Math.round(share(r))}% of this cycle`}>
          <span style={{ width: `${Math.min(100, share(r))}%` }} />
        </span>
      ),
    },
  ];
  return (
    <section className="card usage-breakdown" aria-labelledby={id}>
      <div className="usage-card-head">
        <h2 id={id}>{title}</h2>
        <span className="muted small">
          {rows.length}{' '}
          {rows.length === 1 ? nameHeader.toLowerCase() : `${nameHeader.toLowerCase()}s`}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="muted usage-none">{empty}</p>
      ) : (
        <DataTable
          label={title}
          className="usage-table"
          columns={columns}
          rows={rows}
          rowKey={(r) => r.name}
          empty={{ title: empty }}
        />
      )}
    </section>
  );
}
