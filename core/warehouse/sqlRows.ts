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

/** A driver's row as an engine row: each value through sqlRowValue, each key through `key`. */
export function sqlRow(
  row: Record<string, unknown>,
  key: (name: string) => string = (name) => name,
): SqlRow {
  const out: SqlRow = {};
  for (const [name, value] of Object.entries(row)) out[key(name)] = sqlRowValue(value);
  return out;
}

/**
 * The query tablesFromColumnRows reads: every column of `from` (an information_schema.columns
 * view) where `where` holds, in order, with the `type` column as its type.
 */
export const columnRowsSql = (type: string, from: string, where: string): string =>
  `select table_schema as s, table_name as t, column_name as c, ${type} as ty
     from ${from}
    where ${where}
    order by table_schema, table_name, ordinal_position`;

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
