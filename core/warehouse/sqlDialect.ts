import type { SqlDialectName } from '../values/jsonSql.js';
import { quoteIdentIn, quoteLiteralIn } from '../values/sqlLiteral.js';

/**
 * The spellings the engine's SQL needs that differ between warehouses. MySQL runs with
 * ANSI_QUOTES and PIPES_AS_CONCAT (mysqlAdapter.ts), so quoting and `||` are shared; what is
 * left is here. Snowflake and BigQuery read backslash escapes in literals and BigQuery quotes
 * names with backticks, so the engine quotes through `ident` and `literal`.
 */
export const sqlDialect = (dialect: SqlDialectName) => ({
  /** A quoted name. */
  ident: (name: string) => quoteIdentIn(dialect, name),
  /** A string literal. */
  literal: (text: string) => quoteLiteralIn(dialect, text),
  /** `a IS DISTINCT FROM b`: null-safe inequality. */
  distinct: (a: string, b: string) =>
    dialect === 'mysql' ? `(not (${a} <=> ${b}))` : `(${a} is distinct from ${b})`,
  /** A value as text. */
  text: (expr: string) =>
    dialect === 'mysql'
      ? `cast(${expr} as char)`
      : dialect === 'bigquery'
        ? `cast(${expr} as string)`
        : `cast(${expr} as varchar)`,
  /** Concatenates texts of a group in order. */
  stringAgg: (expr: string, separator: string, orderBy: string) =>
    dialect === 'mysql'
      ? `group_concat(${expr} order by ${orderBy} separator ${separator})`
      : dialect === 'snowflake'
        ? `listagg(${expr}, ${separator}) within group (order by ${orderBy})`
        : `string_agg(${expr}, ${separator} order by ${orderBy})`,
  /** Bytes of a text value. */
  byteLength: (expr: string) =>
    dialect === 'duckdb'
      ? `strlen(${expr})`
      : dialect === 'bigquery'
        ? `byte_length(${expr})`
        : `octet_length(${expr})`,
  /** A text column that holds a whole record (up to 512 KiB; MySQL's TEXT stops at 64 KiB). */
  longText:
    dialect === 'mysql'
      ? 'longtext'
      : dialect === 'bigquery'
        ? 'string'
        : dialect === 'snowflake'
          ? 'varchar'
          : 'text',
  /** A text column of a short value (names, tags). */
  plainText: dialect === 'bigquery' ? 'string' : 'text',
  /** A text column that is a key (MySQL cannot index unbounded TEXT). */
  keyText: dialect === 'mysql' ? 'varchar(191)' : dialect === 'bigquery' ? 'string' : 'text',
  /** A 64-bit integer column. */
  bigint: dialect === 'bigquery' ? 'int64' : 'bigint',
  /**
   * `, primary key (col)` (the end of a column list) where the warehouse enforces (and indexes)
   * one; Snowflake and BigQuery enforce none, and BigQuery refuses one not declared NOT ENFORCED.
   */
  primaryKey: (column: string) =>
    dialect === 'snowflake' || dialect === 'bigquery' ? '' : `, primary key (${column})`,
  /**
   * A filter that keeps every row, for UPDATE and DELETE of a whole table: BigQuery refuses
   * either without a WHERE clause.
   * https://cloud.google.com/bigquery/docs/reference/standard-sql/dml-syntax#delete_statement
   */
  allRows: 'where true',
  /** Creates (or replaces) temporary table `name` from a query. */
  createTemp: (name: string, select: string) =>
    dialect === 'duckdb' || dialect === 'snowflake'
      ? `create or replace temporary table ${name} as ${select}`
      : dialect === 'bigquery'
        ? `create or replace temp table ${name} as ${select}`
        : undefined,
  /** Drops a temporary table by name. */
  dropTemp: (name: string) =>
    dialect === 'mysql'
      ? `drop temporary table if exists ${name}`
      : dialect === 'snowflake'
        ? `drop table if exists ${name}`
        : dialect === 'bigquery'
          ? // Temporary tables live in the session's own dataset.
            // https://cloud.google.com/bigquery/docs/sessions-write-queries#use_temporary_tables_in_sessions
            `drop table if exists _SESSION.${name}`
          : `drop table if exists ${dialect === 'duckdb' ? 'temp.main' : 'pg_temp'}.${name}`,
  /**
   * What follows `create table X` of a table paged by `seq`: MySQL declares the index as it
   * copies; BigQuery clusters by seq, so a page reads only its blocks instead of the whole
   * table (billed by bytes read).
   * https://cloud.google.com/bigquery/docs/clustered-tables
   */
  seqOrdered:
    dialect === 'mysql' ? ' (index (seq))' : dialect === 'bigquery' ? ' cluster by seq' : '',
  /**
   * Whether DDL may run inside a transaction. Snowflake commits the open transaction before a
   * DDL statement; BigQuery refuses DDL on tables in a multi-statement transaction.
   * https://docs.snowflake.com/en/sql-reference/transactions#ddl
   * https://cloud.google.com/bigquery/docs/transactions#statements_supported_in_transactions
   */
  transactionalDdl: dialect !== 'snowflake' && dialect !== 'bigquery',
  /** Changes a column's type, converting the stored values. */
  setColumnType: (table: string, column: string, type: string) =>
    dialect === 'mysql'
      ? `alter table ${table} modify ${column} ${type}`
      : dialect === 'snowflake' || dialect === 'bigquery'
        ? `alter table ${table} alter column ${column} set data type ${type}`
        : `alter table ${table} alter column ${column} set data type ${type} using cast(${column} as ${type})`,
});
