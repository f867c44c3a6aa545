import { MAX_SAFE_INTEGER_TEXT } from './valueType.js';

/** A text in JSON double quotes (for texts that need no escaping: dates, numbers, base64). */
export const quotedJsonSql = (text: string) => `('"' || ${text} || '"')`;

/** A boolean as JSON `true`/`false` (SQL NULL stays NULL). */
export const booleanJsonSql = (expr: string) =>
  `(case when ${expr} then 'true' when not ${expr} then 'false' end)`;

/** A 64-bit integer: a JSON number while it is a safe integer, its decimal text beyond. */
export const bigintJsonSql = (expr: string, text: (e: string) => string) =>
  `(case when ${expr} between -${MAX_SAFE_INTEGER_TEXT} and ${MAX_SAFE_INTEGER_TEXT} then ${text(expr)} else ${quotedJsonSql(text(expr))} end)`;

/** The rules every warehouse spells alike: booleans, integers and 64-bit integers. */
export function simpleScalarJsonSql(
  expr: string,
  kind: 'boolean' | 'int' | 'bigint',
  text: (e: string) => string,
): string {
  if (kind === 'boolean') return booleanJsonSql(expr);
  return kind === 'int' ? text(expr) : bigintJsonSql(expr, text);
}
