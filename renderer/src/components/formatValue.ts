/**
 * A warehouse value as an analyst reads it, by its column type. Values arrive as JSON the same way
 * from every warehouse (CLI.md): timestamps as ISO 8601 UTC, dates as YYYY-MM-DD, decimals as a
 * number (or their exact text past what a number holds).
 */
export function formatValue(value: unknown, type = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  const t = type.toUpperCase();
  if (/^TIMESTAMP|^DATETIME/.test(t) && typeof value === 'string') {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return value;
    // dateStyle/timeStyle cannot be combined with timeZoneName (a TypeError), hence the suffix.
    return `${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })} UTC`;
  }
  if (t === 'DATE' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(`${value}T00:00:00Z`).toLocaleDateString(undefined, {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
  }
  const decimal = /^(?:DECIMAL|NUMERIC)\s*\(\s*\d+\s*,\s*(\d+)\s*\)/.exec(t);
  if (decimal) return fixedScale(value, Number(decimal[1]));
  return String(value);
}

/** Whether a column holds numbers (the grid right-aligns them). */
export const isNumericType = (type: string): boolean =>
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL|NUMERIC|INT2|INT4|INT8|FLOAT4|FLOAT8)\b/i.test(
    type.trim(),
  );

/** A decimal with exactly its column's scale ("99.70" for DECIMAL(10,2)), digits never rounded away. */
function fixedScale(value: unknown, scale: number): string {
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > scale) return text;
  const padded = scale > 0 ? `.${fraction.padEnd(scale, '0')}` : '';
  return `${sign}${whole}${padded}`;
}
