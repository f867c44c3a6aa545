import { cloudDecimalJsonSql } from './cloudDecimalJsonSql.js';
import { quoteIdentIn, quoteLiteralIn } from './sqlLiteral.js';
import { quotedJsonSql, simpleScalarJsonSql } from './scalarJsonSql.js';
import type { ValueType } from './valueType.js';

const text = (e: string) => `cast(${e} as string)`;
const quoted = quotedJsonSql;

/** FORMAT_* pattern of an ISO instant with 3 or 6 fraction digits. */
const iso = (digits: 3 | 6) => `'%Y-%m-%dT%H:%M:%E${digits}SZ'`;

/**
 * valueJsonSql for BigQuery (GoogleSQL). DATETIME is a timestamp without zone (read as UTC),
 * TIMESTAMP an instant (printed in UTC); INT64 is the only integer type; a REPEATED field is an
 * ARRAY (never NULL, possibly empty) and a RECORD a STRUCT.
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/format-elements
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#to_json_string
 */
export function bigqueryValueJsonSql(expr: string, type: ValueType, depth = 0): string {
  if (type.kind === 'boolean' || type.kind === 'int' || type.kind === 'bigint') {
    return simpleScalarJsonSql(expr, type.kind, text);
  }
  switch (type.kind) {
    case 'float':
      return `(case when is_nan(${expr}) then '"NaN"' when is_inf(${expr}) then (case when ${expr} > 0 then '"Infinity"' else '"-Infinity"' end) else to_json_string(${expr}) end)`;
    case 'decimal':
      return cloudDecimalJsonSql({ text, hasPoint: (t) => `strpos(${t}, '.') > 0` }, expr, type);
    case 'string':
    case 'other':
      return `to_json_string(${text(expr)})`;
    case 'uuid':
      return quoted(`lower(${text(expr)})`);
    case 'date':
      return quoted(`format_date('%Y-%m-%d', ${expr})`);
    case 'time':
      return quoted(text(expr));
    case 'timestamp':
      return quoted(
        `(case when mod(extract(microsecond from ${expr}), 1000) = 0 then format_datetime(${iso(3)}, ${expr}) else format_datetime(${iso(6)}, ${expr}) end)`,
      );
    case 'timestamptz':
      return quoted(
        `(case when mod(extract(microsecond from ${expr}), 1000) = 0 then format_timestamp(${iso(3)}, ${expr}, 'UTC') else format_timestamp(${iso(6)}, ${expr}, 'UTC') end)`,
      );
    case 'binary':
      return quoted(`to_base64(${expr})`);
    case 'json':
      return `to_json_string(${expr})`;
    case 'list': {
      const e = `ebb_e${depth}`;
      const o = `ebb_o${depth}`;
      const element = bigqueryValueJsonSql(e, type.element, depth + 1);
      return `(case when ${expr} is not null then '[' || array_to_string(array(select coalesce(${element}, 'null') from unnest(${expr}) as ${e} with offset as ${o} order by ${o}), ',') || ']' end)`;
    }
    case 'struct': {
      if (type.fields.length === 0) return `(case when ${expr} is not null then '{}' end)`;
      const parts = type.fields.map(
        (field, index) =>
          `${quoteLiteralIn('bigquery', `${index === 0 ? '{' : ','}${JSON.stringify(field.name)}:`)} || coalesce(${bigqueryValueJsonSql(`${expr}.${quoteIdentIn('bigquery', field.name)}`, field.type, depth + 1)}, 'null')`,
      );
      return `(case when ${expr} is not null then ${parts.join(' || ')} || '}' end)`;
    }
  }
}
