import type { ValueType } from './valueType.js';

/** What snowflake-sdk says of a result column (Column.getType/getPrecision/getScale). */
export interface SnowflakeColumnMeta {
  /** The driver's type: fixed, real, text, boolean, binary, date, time, timestamp_*, variant… */
  type: string;
  precision: number;
  scale: number;
}

/**
 * A Snowflake column's SQL type name (usable in CAST and CREATE TABLE) and its neutral type.
 * Every integer type is NUMBER(p, 0); up to 9 digits it always fits a JSON number.
 * https://docs.snowflake.com/en/sql-reference/intro-summary-data-types
 */
export function snowflakeColumnType(meta: SnowflakeColumnMeta): {
  type: string;
  valueType: ValueType;
} {
  switch (meta.type.toLowerCase()) {
    case 'fixed': {
      const type = `NUMBER(${meta.precision},${meta.scale})`;
      if (meta.scale === 0)
        return { type, valueType: { kind: meta.precision <= 9 ? 'int' : 'bigint' } };
      return { type, valueType: { kind: 'decimal', precision: meta.precision, scale: meta.scale } };
    }
    case 'real':
      return { type: 'FLOAT', valueType: { kind: 'float' } };
    case 'text':
      return { type: 'VARCHAR', valueType: { kind: 'string' } };
    case 'boolean':
      return { type: 'BOOLEAN', valueType: { kind: 'boolean' } };
    case 'binary':
      return { type: 'BINARY', valueType: { kind: 'binary' } };
    case 'date':
      return { type: 'DATE', valueType: { kind: 'date' } };
    case 'time':
      return { type: 'TIME', valueType: { kind: 'time' } };
    case 'timestamp_ntz':
      return { type: 'TIMESTAMP_NTZ', valueType: { kind: 'timestamp' } };
    case 'timestamp_ltz':
      return { type: 'TIMESTAMP_LTZ', valueType: { kind: 'timestamptz' } };
    case 'timestamp_tz':
      return { type: 'TIMESTAMP_TZ', valueType: { kind: 'timestamptz' } };
    case 'variant':
      return { type: 'VARIANT', valueType: { kind: 'json' } };
    case 'object':
      return { type: 'OBJECT', valueType: { kind: 'json' } };
    case 'array':
      return { type: 'ARRAY', valueType: { kind: 'json' } };
    case 'map':
      return { type: 'VARIANT', valueType: { kind: 'json' } };
    default:
      return { type: 'VARCHAR', valueType: { kind: 'other' } };
  }
}
