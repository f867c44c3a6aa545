import { mysqlValueJsonSql } from './mysqlJsonSql.js';
import { quoteIdent, quoteLiteral } from './sqlLiteral.js';
import { MAX_SAFE_INTEGER_TEXT, type ValueType } from './valueType.js';

export type SqlDialectName = 'duckdb' | 'postgres' | 'mysql';

/**
 * SQL that renders values as JSON text inside the warehouse, following the rules of
 * valueType.ts. Rendering in SQL (not in Node) lets the diff measure record sizes, store what
 * was sent and compare records without moving rows into the JS heap. Every expression yields SQL
 * NULL for a NULL value; the caller decides whether that becomes `null`.
 */
export function valueJsonSql(
  dialect: SqlDialectName,
  expr: string,
  type: ValueType,
  depth = 0,
): string {
  if (dialect === 'mysql') return mysqlValueJsonSql(expr, type);
  const duck = dialect === 'duckdb';
  const text = (e: string) => (duck ? `(${e})::varchar` : `(${e})::text`);
  const quoted = (e: string) => `('"' || ${e} || '"')`;
  const jsonString = (e: string) =>
    duck ? `to_json(${text(e)})::varchar` : `to_json(${text(e)})::text`;
  const safe = MAX_SAFE_INTEGER_TEXT;
  switch (type.kind) {
    case 'boolean':
      return `(case when ${expr} then 'true' when not ${expr} then 'false' end)`;
    case 'int':
      return text(expr);
    case 'bigint':
      return `(case when ${expr} between -${safe} and ${safe} then ${text(expr)} else ${quoted(text(expr))} end)`;
    case 'float':
      return duck
        ? `(case when isnan(${expr}) then '"NaN"' when isinf(${expr}) then (case when ${expr} > 0 then '"Infinity"' else '"-Infinity"' end) else ${text(expr)} end)`
        : `(case when ${text(expr)} in ('NaN', 'Infinity', '-Infinity') then ${quoted(text(expr))} else ${text(expr)} end)`;
    case 'decimal':
      return decimalJsonSql(dialect, expr, type, depth);
    case 'string':
      return jsonString(expr);
    case 'uuid':
      return quoted(text(expr));
    case 'date':
      return quoted(duck ? `strftime(${expr}, '%Y-%m-%d')` : `to_char(${expr}, 'YYYY-MM-DD')`);
    case 'time':
      return quoted(text(expr));
    case 'timestamp':
    case 'timestamptz': {
      const utc =
        type.kind === 'timestamp'
          ? duck
            ? `(${expr})::timestamp`
            : expr
          : duck
            ? `timezone('UTC', ${expr})`
            : `(${expr} at time zone 'UTC')`;
      return duck
        ? quoted(
            `(case when microsecond(${utc}) % 1000 = 0 then strftime(${utc}, '%Y-%m-%dT%H:%M:%S.%gZ') else strftime(${utc}, '%Y-%m-%dT%H:%M:%S.%fZ') end)`,
          )
        : quoted(
            `(case when extract(microseconds from ${utc})::bigint % 1000 = 0 then to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') else to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') end)`,
          );
    }
    case 'binary':
      return quoted(
        duck ? `to_base64(${expr})` : `translate(encode(${expr}, 'base64'), E'\\n', '')`,
      );
    case 'json':
      return text(expr);
    case 'list': {
      const e = `ebb_e${depth}`;
      const element = valueJsonSql(dialect, e, type.element, depth + 1);
      return duck
        ? `(case when ${expr} is not null then '[' || array_to_string(list_transform(${expr}, lambda ${e}: coalesce(${element}, 'null')), ',') || ']' end)`
        : `(case when ${expr} is not null then (select '[' || coalesce(string_agg(coalesce(${element}, 'null'), ',' order by ebb_o${depth}), '') || ']' from unnest(${expr}) with ordinality as ebb_u${depth}(${e}, ebb_o${depth})) end)`;
    }
    case 'struct': {
      const fields = type.fields.map((field) => ({
        name: field.name,
        expr: duck
          ? `struct_extract(${expr}, ${quoteLiteral(field.name)})`
          : `(${expr}).${quoteIdent(field.name)}`,
        type: field.type,
      }));
      return `(case when ${expr} is not null then ${objectJsonSql(dialect, fields, depth + 1)} end)`;
    }
    case 'other':
      return jsonString(expr);
  }
}

/**
 * A decimal as a JSON number when that number reads back exactly, else as a string of its exact
 * decimal text (CLI.md). "Reads back exactly": a JSON reader turns the number into the nearest
 * double, and that double's shortest text (what JavaScript prints) is the same value.
 *
 * - Up to 15 significant digits always read back (a double holds 15 decimal digits): those go
 *   out as the warehouse's text at the cost of one comparison when the type's precision or
 *   scale bounds them (DECIMAL(10,2), or |x| < 10^(15 − scale)), else after counting digits.
 * - Longer values make the round trip in the warehouse, whose text → double parse is correctly
 *   rounded and whose double → text is the shortest form, as in JavaScript. The two texts are the
 *   same value when their significant digits are the same: they lie within one double's width
 *   of each other, so they cannot differ by a power of ten.
 * - Integral values beyond 2^53 − 1 are strings whatever the round trip says, like integers; so
 *   are values no double holds (PostgreSQL's NaN, ±Infinity, beyond ±1e300).
 */
function decimalJsonSql(
  dialect: SqlDialectName,
  expr: string,
  type: Extract<ValueType, { kind: 'decimal' }>,
  depth: number,
): string {
  const duck = dialect === 'duckdb';
  const text = duck ? `(${expr})::varchar` : `(${expr})::text`;
  const orNaN = duck
    ? ''
    : ` when ${text} in ('NaN', 'Infinity', '-Infinity') then ${exactDecimalSql(text)}`;
  if (type.precision !== undefined && type.precision <= 15) {
    return orNaN ? `(case${orNaN} else ${text} end)` : text;
  }
  // |x| < 10^(15 − scale) means at most 15 digits: an exact decimal literal, so no rounding.
  const bounded =
    type.scale !== undefined && type.scale <= 15
      ? ` when abs(${expr}) < 1${'0'.repeat(15 - type.scale)} then ${text}`
      : '';
  // The digits without sign, point, exponent, leading or trailing zeros: '-0.0120' → '12'
  // (both warehouses write a double's exponent with a lower-case e: '1.2345678901234568e+17').
  const digits = (t: string, exponent: boolean) => {
    const mantissa = `replace(${exponent ? `split_part(${t}, 'e', 1)` : t}, '.', '')`;
    return duck ? `trim(${mantissa}, '-0')` : `trim(both '-0' from ${mantissa})`;
  };
  const outOfDouble = duck
    ? ''
    : ` when abs(${expr}) >= 1e300 or (${expr} <> 0 and abs(${expr}) <= 1e-300) then ${exactDecimalSql(text)}`;
  // CASE keeps the order: PostgreSQL only reaches the cast to float8 for values it can hold.
  const rule = (t: string) => `case${outOfDouble}
     when ${expr} = trunc(${expr}) and abs(${expr}) > ${MAX_SAFE_INTEGER_TEXT} then ${exactDecimalSql(t)}
     when length(${digits(t, false)}) <= 15 then ${t}
     when ${digits(t, false)} = ${digits(duck ? `${t}::double::varchar` : `${t}::float8::text`, true)} then ${t}
     else ${exactDecimalSql(t)} end`;
  if (!duck) return `(case${orNaN}${bounded} else ${rule(text)} end)`;
  // DuckDB's text of a wide decimal is slow (µs) and it computes each mention anew: a lambda
  // makes it once. DECIMAL(38,20) then takes about 1.5× the time of the old, lossy rendering
  // (2.5× without); DECIMAL(10,2) and DECIMAL(18,3) take less than before (bounded above).
  const t = `ebb_t${depth}`;
  const once = `list_transform([${text}], lambda ${t}: ${rule(t)})[1]`;
  return bounded ? `(case${bounded} else ${once} end)` : once;
}

/** A decimal's text as a JSON string, without the scale's trailing zeros: 1.500 → "1.5". */
const exactDecimalSql = (text: string) =>
  `('"' || (case when strpos(${text}, '.') > 0 then rtrim(rtrim(${text}, '0'), '.') else ${text} end) || '"')`;

/** A JSON object built by concatenation: keeps column order and has no argument-count limit. */
export function objectJsonSql(
  dialect: SqlDialectName,
  fields: readonly { name: string; expr: string; type: ValueType }[],
  depth = 0,
): string {
  if (fields.length === 0) return `'{}'`;
  const parts = fields.map(
    (field, index) =>
      `${quoteLiteral(`${index === 0 ? '{' : ','}${JSON.stringify(field.name)}:`)} || coalesce(${valueJsonSql(dialect, field.expr, field.type, depth)}, 'null')`,
  );
  return `(${parts.join(' || ')} || '}')`;
}

/** The JSON text of one model row whose columns are reachable as `alias."name"`. */
export function recordJsonSql(
  dialect: SqlDialectName,
  columns: readonly { name: string; valueType: ValueType }[],
  alias: string,
): string {
  return objectJsonSql(
    dialect,
    columns.map((column) => ({
      name: column.name,
      expr: `${alias}.${quoteIdent(column.name)}`,
      type: column.valueType,
    })),
  );
}
