import { MAX_SAFE_INTEGER_TEXT, type ValueType } from './valueType.js';

/** The warehouses' SQL dialects (jsonSql.ts's SqlDialectName, which imports this file). */
type Dialect = 'duckdb' | 'postgres' | 'mysql';

/** The spellings the decimal rule needs, per warehouse. */
const SPELLING = {
  duckdb: {
    text: (e: string) => `(${e})::varchar`,
    double: (t: string) => `${t}::double::varchar`,
    trunc: (e: string) => `trunc(${e})`,
    // Sign, point and zeros off both ends: '-0.0120' → '12'.
    digits: (mantissa: string) => `trim(replace(${mantissa}, '.', ''), '-0')`,
    mantissa: (t: string) => `split_part(${t}, 'e', 1)`,
    length: (t: string) => `length(${t})`,
    trimmed: (t: string) =>
      `(case when strpos(${t}, '.') > 0 then rtrim(rtrim(${t}, '0'), '.') else ${t} end)`,
  },
  postgres: {
    text: (e: string) => `(${e})::text`,
    double: (t: string) => `${t}::float8::text`,
    trunc: (e: string) => `trunc(${e})`,
    digits: (mantissa: string) => `trim(both '-0' from replace(${mantissa}, '.', ''))`,
    mantissa: (t: string) => `split_part(${t}, 'e', 1)`,
    length: (t: string) => `length(${t})`,
    trimmed: (t: string) =>
      `(case when strpos(${t}, '.') > 0 then rtrim(rtrim(${t}, '0'), '.') else ${t} end)`,
  },
  // MySQL's TRIM removes one string (not a set of characters), hence the replace of the sign.
  mysql: {
    text: (e: string) => `cast(${e} as char)`,
    double: (t: string) => `cast(cast(${t} as double) as char)`,
    trunc: (e: string) => `truncate(${e}, 0)`,
    digits: (mantissa: string) =>
      `trim(both '0' from replace(replace(${mantissa}, '-', ''), '.', ''))`,
    mantissa: (t: string) => `substring_index(${t}, 'e', 1)`,
    length: (t: string) => `char_length(${t})`,
    trimmed: (t: string) =>
      `(case when locate('.', ${t}) > 0 then trim(trailing '.' from trim(trailing '0' from ${t})) else ${t} end)`,
  },
} satisfies Record<Dialect, Record<string, (e: string) => string>>;

/**
 * A decimal as a JSON number when that number reads back exactly, else as a string of its exact
 * decimal text (CLI.md). "Reads back exactly": a JSON reader turns the number into the nearest
 * double, and that double's shortest text (what JavaScript prints) is the same value.
 *
 * - Up to 15 significant digits always read back (a double holds 15 decimal digits): those go
 *   out as the warehouse's text at the cost of one comparison when the type's precision or
 *   scale bounds them (DECIMAL(10,2), or |x| < 10^(15 − scale)), else after counting digits.
 * - Longer values make the round trip in the warehouse, whose text → double parse is correctly
 *   rounded and whose double → text is the shortest form, as in JavaScript (all three write the
 *   exponent with a lower-case e). The two texts are the same value when their significant
 *   digits are the same: they lie within one double's width of each other, so they cannot
 *   differ by a power of ten.
 * - Integral values beyond 2^53 − 1 are strings whatever the round trip says, like integers; so
 *   are values no double holds (PostgreSQL's NaN, ±Infinity, beyond ±1e300).
 */
export function decimalJsonSql(
  dialect: Dialect,
  expr: string,
  type: Extract<ValueType, { kind: 'decimal' }>,
  depth: number,
): string {
  const sql = SPELLING[dialect];
  const text = sql.text(expr);
  const exact = (t: string) => `('"' || ${sql.trimmed(t)} || '"')`;
  const orNaN =
    dialect === 'postgres'
      ? ` when ${text} in ('NaN', 'Infinity', '-Infinity') then ${exact(text)}`
      : '';
  if (type.precision !== undefined && type.precision <= 15) {
    return orNaN ? `(case${orNaN} else ${text} end)` : text;
  }
  // |x| < 10^(15 − scale) means at most 15 digits: an exact decimal literal, so no rounding.
  // DuckDB writes a decimal wider than 18 digits (a 128-bit integer inside) by dividing bit by
  // bit, ~0.3 µs a value; the same value as DECIMAL(18, scale), which holds it exactly under the
  // bound, has the same text at a fifth of the cost (core/diff/README.md, session 10).
  const boundedText =
    dialect === 'duckdb' && (type.precision === undefined || type.precision > 18)
      ? sql.text(`(${expr})::decimal(18, ${type.scale})`)
      : text;
  const bounded =
    type.scale !== undefined && type.scale <= 15
      ? ` when abs(${expr}) < 1${'0'.repeat(15 - type.scale)} then ${boundedText}`
      : '';
  const outOfDouble =
    dialect === 'postgres'
      ? ` when abs(${expr}) >= 1e300 or (${expr} <> 0 and abs(${expr}) <= 1e-300) then ${exact(text)}`
      : '';
  // CASE keeps the order: PostgreSQL only reaches the cast to float8 for values it can hold.
  const rule = (t: string) => `case${outOfDouble}
     when ${expr} = ${sql.trunc(expr)} and abs(${expr}) > ${MAX_SAFE_INTEGER_TEXT} then ${exact(t)}
     when ${sql.length(sql.digits(t))} <= 15 then ${t}
     when ${sql.digits(t)} = ${sql.digits(sql.mantissa(sql.double(t)))} then ${t}
     else ${exact(t)} end`;
  if (dialect !== 'duckdb') {
    return orNaN || bounded ? `(case${orNaN}${bounded} else ${rule(text)} end)` : `(${rule(text)})`;
  }
  // DuckDB's text of a wide decimal is slow (µs) and it computes each mention anew: a lambda
  // makes it once. DECIMAL(38,20) then takes about 1.5× the time of the old, lossy rendering
  // (2.5× without); DECIMAL(10,2) and DECIMAL(18,3) take less than before (bounded above).
  const t = `ebb_t${depth}`;
  const once = `list_transform([${text}], lambda ${t}: ${rule(t)})[1]`;
  return bounded ? `(case${bounded} else ${once} end)` : once;
}
