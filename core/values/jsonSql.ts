import { bigqueryValueJsonSql } from './bigqueryJsonSql.js';
import { concatSql } from './concatSql.js';
import { decimalJsonSql } from './decimalJsonSql.js';
import type { SqlDialectName } from './dialectName.js';
import { mysqlValueJsonSql } from './mysqlJsonSql.js';
import { snowflakeValueJsonSql } from './snowflakeJsonSql.js';
import { quoteIdent, quoteIdentIn, quoteLiteral, quoteLiteralIn } from './sqlLiteral.js';
import { bigintJsonSql, booleanJsonSql, quotedJsonSql } from './scalarJsonSql.js';
import type { ValueType } from './valueType.js';

export type { SqlDialectName } from './dialectName.js';

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
  if (dialect === 'snowflake') return snowflakeValueJsonSql(expr, type);
  if (dialect === 'bigquery') return bigqueryValueJsonSql(expr, type, depth);
  const duck = dialect === 'duckdb';
  const text = (e: string) => (duck ? `(${e})::varchar` : `(${e})::text`);
  const quoted = quotedJsonSql;
  const jsonString = (e: string) =>
    duck ? `to_json(${text(e)})::varchar` : `to_json(${text(e)})::text`;
  switch (type.kind) {
    case 'boolean':
      return booleanJsonSql(expr);
    case 'int':
      return text(expr);
    case 'bigint':
      return bigintJsonSql(expr, text);
    case 'float':
      return duck
        ? `(case when isnan(${expr}) then '"NaN"' when isinf(${expr}) then (case when ${expr} > 0 then '"Infinity"' else '"-Infinity"' end) else ${text(expr)} end)`
        : // Compared as floats (float4 and float8 are the only ones): a float's text is made once,
          // not twice (~0.2 CPU s a million rows, core/diff/README.md, PostgreSQL first sync).
          `(case when ${expr} in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) then ${quoted(text(expr))} else ${text(expr)} end)`;
    case 'decimal':
      return decimalJsonSql(dialect, expr, type, depth);
    case 'string':
      return jsonString(expr);
    case 'uuid':
      return quoted(text(expr));
    case 'date':
      return duck
        ? quoted(`strftime(${expr}, '%Y-%m-%d')`)
        : finitePg(expr, quoted(`to_char(${expr}, 'YYYY-MM-DD')`));
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
        : finitePg(
            expr,
            quoted(
              `(case when extract(microseconds from ${utc})::bigint % 1000 = 0 then to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') else to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') end)`,
            ),
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
 * PostgreSQL's `infinity` and `-infinity` dates and timestamps ("valid until forever") as their
 * text, as DuckDB's strftime gives them: to_char() answers NULL for them, so they went out as
 * `null`, a missing value, and only from PostgreSQL.
 */
const finitePg = (expr: string, json: string) =>
  `(case when isfinite(${expr}) then ${json} else ${quotedJsonSql(`(${expr})::text`)} end)`;

/** A JSON object built by concatenation: keeps column order and has no argument-count limit. */
export function objectJsonSql(
  dialect: SqlDialectName,
  fields: readonly { name: string; expr: string; type: ValueType }[],
  depth = 0,
): string {
  if (fields.length === 0) return `'{}'`;
  const parts = fields.flatMap((field, index) => [
    quoteLiteralIn(dialect, `${index === 0 ? '{' : ','}${JSON.stringify(field.name)}:`),
    `coalesce(${valueJsonSql(dialect, field.expr, field.type, depth)}, 'null')`,
  ]);
  return `(${concatSql(dialect, [...parts, `'}'`])})`;
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
      expr: `${alias}.${quoteIdentIn(dialect, column.name)}`,
      type: column.valueType,
    })),
  );
}
