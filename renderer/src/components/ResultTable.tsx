import type { ReactNode } from 'react';

/**
 * A plain table of what an action did (an import, an export): its headers, the rows as given, and
 * `empty` as a muted row across the table when it says there is nothing.
 */
export function ResultTable({
  label,
  headers,
  empty,
  children,
}: {
  label: string;
  headers: readonly string[];
  empty?: ReactNode;
  children: ReactNode;
}) {
  return (
    <table className="data-table" aria-label={label}>
      <thead>
        <tr>
          {headers.map((header) => (
            <th key={header}>{header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {children}
        {empty && (
          <tr>
            <td colSpan={headers.length} className="muted">
              {empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
