import type { SqlDialectName } from './dialectName.js';

/**
 * SQL joining texts none of which is NULL (literals, `coalesce(…)`), in order. DuckDB gets one
 * variadic `concat(…)`: a chain of `||` makes a new string at every link, each copying the
 * growing text, and a record of 7 columns rendered that way cost the first sync's staging
 * write 2.5-3.0 CPU s a million rows against 1.8-2.3 with concat, ~40,000 page faults against
 * ~5,000 (core/diff/README.md, "Session 9"). MySQL too: MariaDB nests a chain of `||` one
 * level a part, and a record of 512 columns (the limit) overran its thread stack ("Thread stack
 * overrun", 299,008 bytes by default). Others keep `||`: PostgreSQL's concat() turns
 * each argument to text through its type's output function, and the bench's record of 7
 * columns cost 3.1-3.7 s a million rows with it against 1.9-2.1 with `||` (EXPLAIN ANALYZE,
 * one backend); the rest were not measured.
 */
export function concatSql(dialect: SqlDialectName, parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  return dialect === 'duckdb' || dialect === 'mysql'
    ? `concat(${parts.join(', ')})`
    : parts.join(' || ');
}
