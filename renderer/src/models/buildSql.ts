import type { TableInfo } from '../../../core/api/types';

export type FilterOp =
  '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'is null' | 'is not null';

export const FILTER_OPS: { op: FilterOp; label: string; takesValue: boolean }[] = [
  { op: '=', label: 'equals', takesValue: true },
  { op: '!=', label: 'is not', takesValue: true },
  { op: '<', label: '<', takesValue: true },
  { op: '<=', label: '≤', takesValue: true },
  { op: '>', label: '>', takesValue: true },
  { op: '>=', label: '≥', takesValue: true },
  { op: 'contains', label: 'contains', takesValue: true },
  { op: 'is null', label: 'is empty', takesValue: false },
  { op: 'is not null', label: 'is not empty', takesValue: false },
];

export interface BuilderFilter {
  column: string;
  op: FilterOp;
  value: string;
}

/** What the visual builder holds; the store keeps only the SQL generated from it. */
export interface BuilderState {
  table: { schema: string; name: string } | null;
  columns: string[];
  filters: BuilderFilter[];
  sort: { column: string; direction: 'asc' | 'desc' } | null;
  limit: number | null;
}

export const emptyBuilder: BuilderState = {
  table: null,
  columns: [],
  filters: [],
  sort: null,
  limit: null,
};

/** A SQL identifier, always double-quoted, embedded quotes doubled (DuckDB and PostgreSQL alike). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A SQL string literal: single-quoted, embedded quotes doubled, no backslash escapes. */
export const quoteString = (value: string) => `'${value.replace(/'/g, "''")}'`;

const NUMERIC = /^(u?(tiny|small|big|huge)?int(eger)?\d*|decimal|numeric|real|double|float\d*)\b/i;
const BOOLEAN = /^bool/i;

/** A literal for a column of `type`: numbers and booleans bare when they parse, else a string. */
export function literalFor(value: string, type: string | undefined): string {
  const text = value.trim();
  if (type && NUMERIC.test(type) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return text;
  if (type && BOOLEAN.test(type) && /^(true|false)$/i.test(text)) return text.toLowerCase();
  return quoteString(value);
}

function condition(filter: BuilderFilter, type: string | undefined): string {
  const column = quoteIdent(filter.column);
  switch (filter.op) {
    case 'is null':
      return `${column} IS NULL`;
    case 'is not null':
      return `${column} IS NOT NULL`;
    case 'contains':
      return `strpos(lower(CAST(${column} AS TEXT)), lower(${quoteString(filter.value)})) > 0`;
    default:
      return `${column} ${filter.op} ${literalFor(filter.value, type)}`;
  }
}

export function buildSql(state: BuilderState, tables: TableInfo[]): string {
  if (!state.table) return '';
  const table = tables.find(
    (t) => t.schema === state.table!.schema && t.name === state.table!.name,
  );
  const types = new Map(table?.columns.map((c) => [c.name, c.type]));
  const columns = state.columns.length > 0 ? state.columns.map(quoteIdent).join(',\n  ') : '*';
  const lines = [
    `SELECT\n  ${columns}`,
    `FROM ${quoteIdent(state.table.schema)}.${quoteIdent(state.table.name)}`,
  ];
  const filters = state.filters.filter((f) => f.column);
  if (filters.length > 0) {
    lines.push(`WHERE ${filters.map((f) => condition(f, types.get(f.column))).join('\n  AND ')}`);
  }
  if (state.sort?.column) {
    lines.push(`ORDER BY ${quoteIdent(state.sort.column)} ${state.sort.direction.toUpperCase()}`);
  }
  if (state.limit && state.limit > 0) lines.push(`LIMIT ${Math.floor(state.limit)}`);
  return lines.join('\n');
}
