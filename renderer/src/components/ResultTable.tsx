import type { ReactNode } from 'react';
import { FormError } from './FormError';

/**
 * What an action (an import, an export) answered: its error, or a plain table of its result with
 * the rows `children` draws, and `empty` as a muted row across the table when it says there is
 * nothing.
 */
export function ResultTable<T>({
  action,
  label,
  headers,
  empty,
  children,
}: {
  action: { error: Error | null; data?: T };
  label: string;
  headers: readonly string[];
  empty: (result: T) => ReactNode;
  children: (result: T) => ReactNode;
}) {
  if (action.data === undefined) return <FormError error={action.error} />;
  const nothing = empty(action.data);
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
        {children(action.data)}
        {nothing && (
          <tr>
            <td colSpan={headers.length} className="muted">
              {nothing}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
