import type { SqlDialectName } from './dialectName.js';

/** Quotes an identifier for DuckDB and PostgreSQL alike: any name, however hostile, stays a name. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A standard SQL string literal (both warehouses treat backslashes literally inside it). */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('A SQL literal cannot contain a NUL character.');
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * An identifier in `dialect`. BigQuery quotes names with backticks (a double-quoted text is a
 * string there) and reads backslash escapes inside them; the others take standard quoting
 * (MySQL's session runs with ANSI_QUOTES).
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#quoted_identifiers
 */
export function quoteIdentIn(dialect: SqlDialectName, name: string): string {
  if (dialect !== 'bigquery') return quoteIdent(name);
  return '`' + escapeBackslashed(name, '`') + '`';
}

/**
 * A string literal in `dialect`. Snowflake and BigQuery read backslash escapes inside single
 * quotes (`'a\nb'` is a line break), so a backslash must be doubled there; BigQuery has no `''`
 * either, and no raw line breaks in a single-quoted literal.
 * https://docs.snowflake.com/en/sql-reference/data-types-text#escape-sequences-in-single-quoted-string-constants
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical#string_and_bytes_literals
 */
export function quoteLiteralIn(dialect: SqlDialectName, text: string): string {
  if (dialect === 'snowflake') {
    if (text.includes('\0')) throw new Error('A SQL literal cannot contain a NUL character.');
    return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }
  if (dialect === 'bigquery') {
    if (text.includes('\0')) throw new Error('A SQL literal cannot contain a NUL character.');
    return `'${escapeBackslashed(text, "'")}'`;
  }
  return quoteLiteral(text);
}

/** Backslash escapes for a BigQuery quoted text: the backslash, the quote and control characters. */
function escapeBackslashed(text: string, quote: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out;
}
