import { MAX_SAFE_INTEGER_TEXT } from './valueType.js';

/** A decimal's text, and the test of whether a text has a decimal point. */
export interface DecimalSpelling {
  /** The exact decimal text of a value (no exponent). */
  text: (expr: string) => string;
  hasPoint: (text: string) => string;
}

/**
 * The decimal rule of valueType.ts for Snowflake and BigQuery, without the double round trip:
 * up to 15 significant digits always read back exactly (a number), integral values beyond
 * 2^53 − 1 and anything longer go out as the exact decimal text (a string). The round trip that
 * DuckDB, PostgreSQL and MySQL make for 16–17 digits relies on the warehouse printing a double
 * as its shortest text, which neither of these documents; a string is exact, never lossy.
 */
export function cloudDecimalJsonSql(
  sql: DecimalSpelling,
  expr: string,
  type: { precision?: number; scale?: number },
): string {
  const text = sql.text(expr);
  // Without the scale's trailing zeros; its significant digits, sign and point and zeros off.
  const trimmed = `(case when ${sql.hasPoint(text)} then rtrim(rtrim(${text}, '0'), '.') else ${text} end)`;
  const digits = `trim(replace(replace(${text}, '-', ''), '.', ''), '0')`;
  const exact = `('"' || ${trimmed} || '"')`;
  if (type.precision !== undefined && type.precision <= 15) return trimmed;
  return `(case when ${expr} = trunc(${expr}) and abs(${expr}) > ${MAX_SAFE_INTEGER_TEXT} then ${exact}
     when length(${digits}) <= 15 then ${trimmed}
     else ${exact} end)`;
}
