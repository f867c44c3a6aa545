import { decimalJsonSql } from './decimalJsonSql.js';
import { mysqlFloat32JsonSql } from './mysqlFloat32JsonSql.js';
import { MAX_SAFE_INTEGER_TEXT, type ValueType } from './valueType.js';

/**
 * valueJsonSql for MySQL and MariaDB. The session runs with ANSI_QUOTES, PIPES_AS_CONCAT and
 * NO_BACKSLASH_ESCAPES (mysqlAdapter.ts), so `||` concatenates and literals are standard SQL;
 * the time zone is UTC, so TIMESTAMP columns read as UTC. MySQL has no lists, structs, NaN or
 * infinities, so those rules never apply here.
 */
export function mysqlValueJsonSql(expr: string, type: ValueType): string {
  const text = (e: string) => `cast(${e} as char)`;
  const quoted = (e: string) => `('"' || ${e} || '"')`;
  const safe = MAX_SAFE_INTEGER_TEXT;
  switch (type.kind) {
    case 'boolean':
      return `(case when ${expr} then 'true' when not ${expr} then 'false' end)`;
    case 'int':
      return text(expr);
    case 'float':
      return type.single ? mysqlFloat32JsonSql(expr) : text(expr);
    case 'bigint':
      return `(case when ${expr} between -${safe} and ${safe} then ${text(expr)} else ${quoted(text(expr))} end)`;
    case 'decimal':
      return decimalJsonSql('mysql', expr, type, 0);
    case 'date':
      return quoted(`date_format(${expr}, '%Y-%m-%d')`);
    case 'time':
    case 'uuid':
      return quoted(text(expr));
    case 'timestamp':
    case 'timestamptz':
      // Whole milliseconds keep three digits, like the other warehouses.
      return quoted(
        `(case when microsecond(${expr}) % 1000 = 0 then date_format(${expr}, '%Y-%m-%dT%H:%i:%s.') || lpad(microsecond(${expr}) div 1000, 3, '0') || 'Z' else date_format(${expr}, '%Y-%m-%dT%H:%i:%s.%fZ') end)`,
      );
    case 'binary':
      // to_base64 breaks lines every 76 characters; JSON wants one line.
      return quoted(`replace(to_base64(${expr}), char(10), '')`);
    case 'json':
      return text(expr);
    case 'other':
      // A BIT's own text is its bytes ("\u0005"); its digits ("0101") are what others send.
      return type.bits === undefined
        ? `json_quote(${text(expr)})`
        : quoted(`lpad(bin(${expr}), ${type.bits}, '0')`);
    case 'string':
    case 'list':
    case 'struct':
      return `json_quote(${text(expr)})`;
  }
}
