import { cloudDecimalJsonSql } from './cloudDecimalJsonSql.js';
import { quotedJsonSql, simpleScalarJsonSql } from './scalarJsonSql.js';
import type { ValueType } from './valueType.js';

const text = (e: string) => `cast(${e} as varchar)`;
const quoted = quotedJsonSql;

/** TO_CHAR format of a timestamp with 3 or 6 fraction digits and a literal T and Z. */
const iso = (digits: 3 | 6) => `'YYYY-MM-DD"T"HH24:MI:SS.FF${digits}"Z"'`;

/**
 * valueJsonSql for Snowflake. The session runs in UTC (snowflakeAdapter.ts); TIMESTAMP_LTZ and
 * TIMESTAMP_TZ values are converted to UTC explicitly all the same. VARIANT, OBJECT and ARRAY are
 * JSON already (TO_JSON); numbers are NUMBER(p, s): scale 0 is an integer.
 * https://docs.snowflake.com/en/sql-reference/functions/to_json
 * https://docs.snowflake.com/en/sql-reference/functions-conversion#label-date-time-format-conversion
 */
export function snowflakeValueJsonSql(expr: string, type: ValueType): string {
  if (type.kind === 'boolean' || type.kind === 'int' || type.kind === 'bigint') {
    return simpleScalarJsonSql(expr, type.kind, text);
  }
  switch (type.kind) {
    case 'float':
      return `(case when ${expr} = 'NaN'::float then '"NaN"' when ${expr} = 'inf'::float then '"Infinity"' when ${expr} = '-inf'::float then '"-Infinity"' else to_json(to_variant(${expr})) end)`;
    case 'decimal':
      return cloudDecimalJsonSql({ text, hasPoint: (t) => `contains(${t}, '.')` }, expr, type);
    case 'string':
    case 'other':
      return `to_json(to_variant(${text(expr)}))`;
    case 'uuid':
      return quoted(`lower(${text(expr)})`);
    case 'date':
      return quoted(`to_char(${expr}, 'YYYY-MM-DD')`);
    case 'time':
      return quoted(
        `(case when extract(nanosecond from ${expr}) = 0 then to_char(${expr}, 'HH24:MI:SS') else to_char(${expr}, 'HH24:MI:SS.FF6') end)`,
      );
    case 'timestamp':
    case 'timestamptz': {
      const utc =
        type.kind === 'timestamp' ? expr : `convert_timezone('UTC', ${expr})::timestamp_ntz`;
      return quoted(
        `(case when mod(extract(nanosecond from ${utc}), 1000000) = 0 then to_char(${utc}, ${iso(3)}) else to_char(${utc}, ${iso(6)}) end)`,
      );
    }
    case 'binary':
      // BASE64_ENCODE breaks no lines unless asked (max_line_length 0).
      return quoted(`base64_encode(${expr})`);
    case 'json':
    case 'list':
    case 'struct':
      return `to_json(${expr})`;
  }
}
