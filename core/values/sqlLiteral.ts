/** Quotes an identifier for DuckDB and PostgreSQL alike: any name, however hostile, stays a name. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A standard SQL string literal (both warehouses treat backslashes literally inside it). */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('A SQL literal cannot contain a NUL character.');
  return `'${text.replace(/'/g, "''")}'`;
}
