import { useMemo, useState, type ReactNode } from 'react';
import {
  compareCells,
  formatColumn,
  isNumericColumn,
  type CellValue,
  type ColumnType,
} from './columnFormat';
import { EmptyState, isSettled, LoadStateView, queryState, type LoadState } from './States';

/** One column: its header, what it holds, and how a row gives its value or draws its cell. */
export interface Column<Row> {
  key: string;
  header: ReactNode;
  /** Writes, aligns and sorts the cells (default text). */
  type?: ColumnType;
  /** The raw value: written by the type and compared when sorting; none means not sortable. */
  value?: (row: Row) => CellValue;
  /** A cell the screen draws itself (badges, buttons); sorting still uses `value`. */
  render?: (row: Row) => ReactNode;
  /** The header's tooltip. */
  title?: string;
  /** Extra classes of the column's header and cells, or of one cell. */
  className?: string;
  cellClassName?: (row: Row) => string | undefined;
  /** The cell names its row (a row header, as screen readers announce it). */
  rowHeader?: boolean;
}

/** The fields of a row that hold numbers. */
type NumberKey<Row> = { [K in keyof Row]: Row[K] extends number ? K : never }[keyof Row] & string;

/** A sortable column of counts, reading the row's number of the same name; `more` adds to it. */
export const countColumn = <Row,>(
  key: NumberKey<Row>,
  header: string,
  more?: Partial<Column<Row>>,
): Column<Row> => ({ key, header, type: 'count', value: (row) => row[key] as number, ...more });

type Sort = { key: string; descending: boolean };

const classes = (...names: (string | false | undefined)[]) =>
  names.filter(Boolean).join(' ') || undefined;

/**
 * A table of records (run history, usage breakdowns, quarantine, error logs): headers sort by a
 * click, counts and times are written in the user's locale by column type, and the loading, error
 * and empty states stand in the table's place.
 */
export function DataTable<Row>({
  label,
  columns,
  rows: givenRows,
  query,
  rowKey,
  state: givenState = {},
  loadingLabel = `Loading ${label.toLowerCase()}…`,
  errorTitle = `Could not load ${label.toLowerCase()}`,
  empty,
  rowClassName,
  limit,
  className,
}: {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<Row>[];
  /** The rows, or the `query` that reads them (its loading and error states are then the table's). */
  rows?: readonly Row[];
  query?: { data?: readonly Row[]; isPending: boolean; error: unknown; refetch: () => unknown };
  rowKey: (row: Row, index: number) => string;
  state?: LoadState;
  loadingLabel?: string;
  errorTitle?: string;
  empty: { title: string; body?: ReactNode };
  rowClassName?: (row: Row) => string | undefined;
  /** At most this many rows are drawn (after sorting). */
  limit?: number;
  className?: string;
}) {
  const rows = givenRows ?? query?.data ?? [];
  const state = query ? queryState(query) : givenState;
  const [sort, setSort] = useState<Sort | null>(null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (!sort || !column?.value) return rows;
    const value = column.value;
    const order = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => order * compareCells(value(a), value(b)));
  }, [rows, columns, sort]);

  if (!isSettled(state))
    return <LoadStateView state={state} loadingLabel={loadingLabel} errorTitle={errorTitle} />;
  if (rows.length === 0) return <EmptyState title={empty.title}>{empty.body}</EmptyState>;

  const toggle = (key: string) =>
    setSort((s) =>
      s?.key === key ? { key, descending: !s.descending } : { key, descending: false },
    );
  const shown = limit === undefined ? sorted : sorted.slice(0, limit);
  return (
    <div className="table-scroll">
      <table className={classes('data-table', className)} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  title={column.title}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                  className={classes(isNumericColumn(column.type) && 'num', column.className)}
                >
                  {column.value ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => toggle(column.key)}
                    >
                      {column.header}
                      {/* Only the sorted column has a mark: the others keep their width. */}
                      {active && (
                        <span className="sort-mark" aria-hidden="true">
                          {sort.descending ? '▾' : '▴'}
                        </span>
                      )}
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => (
            <tr key={rowKey(row, index)} className={rowClassName?.(row)}>
              {columns.map((column) => {
                const Cell = column.rowHeader ? 'th' : 'td';
                return (
                  <Cell
                    key={column.key}
                    scope={column.rowHeader ? 'row' : undefined}
                    className={classes(
                      isNumericColumn(column.type) && 'num',
                      column.type === 'id' && 'mono',
                      column.className,
                      column.cellClassName?.(row),
                    )}
                  >
                    {column.render
                      ? column.render(row)
                      : formatColumn(column.value?.(row), column.type)}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
