import type { SqlDialectName } from '../values/jsonSql.js';

/**
 * The few spellings the engine's SQL needs that differ between warehouses. MySQL runs with
 * ANSI_QUOTES and PIPES_AS_CONCAT (mysqlAdapter.ts), so quoting and `||` are shared; what is
 * left is here.
 */
export const sqlDialect = (dialect: SqlDialectName) => ({
  /** `a IS DISTINCT FROM b`: null-safe inequality. */
  distinct: (a: string, b: string) =>
    dialect === 'mysql' ? `(not (${a} <=> ${b}))` : `(${a} is distinct from ${b})`,
  /** A value as text. */
  text: (expr: string) =>
    dialect === 'mysql' ? `cast(${expr} as char)` : `cast(${expr} as varchar)`,
  /** Concatenates texts of a group in order. */
  stringAgg: (expr: string, separator: string, orderBy: string) =>
    dialect === 'mysql'
      ? `group_concat(${expr} order by ${orderBy} separator ${separator})`
      : `string_agg(${expr}, ${separator} order by ${orderBy})`,
  /** A text column that holds a whole record (up to 512 KiB; MySQL's TEXT stops at 64 KiB). */
  longText: dialect === 'mysql' ? 'longtext' : 'text',
  /** A text column that is a key (MySQL cannot index unbounded TEXT). */
  keyText: dialect === 'mysql' ? 'varchar(191)' : 'text',
  /** Drops a temporary table by name. */
  dropTemp: (name: string) =>
    dialect === 'mysql'
      ? `drop temporary table if exists ${name}`
      : `drop table if exists ${dialect === 'duckdb' ? 'temp.main' : 'pg_temp'}.${name}`,
});
