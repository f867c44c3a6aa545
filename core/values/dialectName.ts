/** The SQL dialects Ebb writes: one per warehouse engine (a folder warehouse speaks DuckDB). */
export type SqlDialectName = 'duckdb' | 'postgres' | 'mysql' | 'snowflake' | 'bigquery';
