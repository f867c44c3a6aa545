import { useMemo, useState } from 'react';
import type { TableInfo } from '../../../core/api/types';

/** Schemas, tables and their columns, filterable, each table expandable. */
export function TableBrowser({ tables }: { tables: TableInfo[] }) {
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<Set<string>>(
    () => new Set(tables[0] ? [`${tables[0].schema}.${tables[0].name}`] : []),
  );
  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return tables;
    return tables.filter(
      (t) =>
        `${t.schema}.${t.name}`.toLowerCase().includes(needle) ||
        t.columns.some((c) => c.name.toLowerCase().includes(needle)),
    );
  }, [tables, filter]);
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <div className="table-browser">
      <input
        type="search"
        className="input"
        placeholder="Filter tables and columns"
        aria-label="Filter tables and columns"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      <p className="muted small">
        {visible.length} of {tables.length} tables
      </p>
      <ul className="table-list" aria-label="Tables">
        {visible.map((table) => {
          const key = `${table.schema}.${table.name}`;
          const expanded = open.has(key);
          return (
            <li key={key} className="table-item">
              <button
                type="button"
                className="table-row"
                aria-expanded={expanded}
                aria-label={`${key}, ${table.columns.length} columns`}
                onClick={() => toggle(key)}
              >
                <span className="chevron" aria-hidden="true">
                  {expanded ? '▾' : '▸'}
                </span>
                <span className="table-schema">{table.schema}.</span>
                <span className="table-name">{table.name}</span>
                <span className="badge">{table.columns.length} columns</span>
              </button>
              {expanded && (
                <table className="columns">
                  <thead>
                    <tr>
                      <th scope="col">Column</th>
                      <th scope="col">Type</th>
                    </tr>
                  </thead>
                  <tbody>
                    {table.columns.map((column) => (
                      <tr key={column.name}>
                        <td className="mono">{column.name}</td>
                        <td className="mono muted">{column.type}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
