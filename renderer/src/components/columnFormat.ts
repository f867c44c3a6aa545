import { formatValue, isNumericType } from './formatValue';

/**
 * What a table column holds, which says how its cells are written, aligned and sorted: counts and
 * times in the user's locale, durations in ms or s, a warehouse value by its SQL type.
 */
export type ColumnType = 'text' | 'id' | 'count' | 'datetime' | 'duration' | { sql: string };

/** A cell's raw value: formatted by its column's type, compared when sorting. */
export type CellValue = string | number | null | undefined;

/** "Nov 23, 23:37:13": an instant in the user's zone, short enough for a table. */
const shortDateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

export function formatColumn(value: CellValue, type: ColumnType = 'text'): string {
  if (typeof type === 'object') return formatValue(value, type.sql);
  if (value === null || value === undefined) return type === 'id' ? 'null' : '—';
  switch (type) {
    case 'count':
      return typeof value === 'number' ? value.toLocaleString() : value;
    case 'datetime':
      return typeof value === 'string' ? shortDateTime(value) : String(value);
    case 'duration':
      return typeof value !== 'number'
        ? value
        : value < 1000
          ? `${value} ms`
          : `${(value / 1000).toFixed(1)} s`;
    default:
      return String(value);
  }
}

/** Whether a column's cells line up on the right (numbers, durations). */
export const isNumericColumn = (type: ColumnType = 'text'): boolean =>
  typeof type === 'object' ? isNumericType(type.sql) : type === 'count' || type === 'duration';

/** Sort order: missing values last, numbers by value, text by the locale (digits as numbers). */
export function compareCells(a: CellValue, b: CellValue): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
