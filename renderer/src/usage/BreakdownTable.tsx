import type { UsageCounts } from '../../../core/metering/usageReport';
import { records } from './format';

type Row = UsageCounts & { name: string };

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
  const showUnconfirmed = rows.some((r) => r.unconfirmed > 0);
  const id = `usage-${nameHeader.toLowerCase()}-title`;
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
        <div className="usage-table-wrap">
          <table className="usage-table" aria-labelledby={id}>
            <thead>
              <tr>
                <th scope="col">{nameHeader}</th>
                <th scope="col" className="num">
                  Processed
                </th>
                <th scope="col" className="num">
                  Delivered
                </th>
                <th scope="col" className="num">
                  Failed
                </th>
                {showUnconfirmed && (
                  <th
                    scope="col"
                    className="num"
                    title="Attempted by a run that ended without reporting the outcome"
                  >
                    Unconfirmed
                  </th>
                )}
                <th scope="col" className="share">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const share = used > 0 ? (row.processed / used) * 100 : 0;
                return (
                  <tr key={row.name}>
                    <th scope="row" className="name">
                      <span className="truncate" title={row.name}>
                        {row.name}
                      </span>
                    </th>
                    <td className="num">{records(row.processed)}</td>
                    <td className="num">{records(row.delivered)}</td>
                    <td className={`num${row.failed > 0 ? ' failed' : ''}`}>
                      {records(row.failed)}
                    </td>
                    {showUnconfirmed && <td className="num">{records(row.unconfirmed)}</td>}
                    <td className="share">
                      <span
                        className="usage-share"
                        aria-label={`${Math.round(share)}% of this cycle`}
                      >
                        <span style={{ width: `${Math.min(100, share)}%` }} />
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
