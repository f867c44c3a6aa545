import type { SqlRow, TableInfo } from './types.js';

/** A driver's value as an engine row holds it: scalars kept, anything else as its text. */
export function sqlRowValue(value: unknown): SqlRow[string] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}

/** A row with its keys in lower case and each value through `value`. */
export function lowerCaseKeys(
  row: Record<string, unknown>,
  value: (v: unknown) => SqlRow[string],
): SqlRow {
  const out: SqlRow = {};
  for (const [key, v] of Object.entries(row)) out[key.toLowerCase()] = value(v);
  return out;
}

/** Tables with their columns in order, from rows of (s: schema, t: table, c: column, ty: type). */
export function tablesFromColumnRows(rows: readonly SqlRow[]): TableInfo[] {
  const tables = new Map<string, TableInfo>();
  for (const row of rows) {
    const schema = String(row.s);
    const name = String(row.t);
    const key = `${schema}.${name}`;
    let table = tables.get(key);
    if (!table) {
      table = { schema, name, columns: [] };
      tables.set(key, table);
    }
    table.columns.push({ name: String(row.c), type: String(row.ty) });
  }
  return [...tables.values()];
}
