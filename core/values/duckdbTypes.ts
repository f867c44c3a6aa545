import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import type { ValueType } from './valueType.js';

/** Maps a DuckDB column type (as the node API describes it) to the neutral ValueType. */
export function duckDbValueType(type: DuckDBType): ValueType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { kind: 'boolean' };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
      return { kind: 'int' };
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return { kind: 'bigint' };
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return { kind: 'float' };
    case DuckDBTypeId.DECIMAL:
      return { kind: 'decimal', precision: type.width, scale: type.scale };
    case DuckDBTypeId.VARCHAR:
      return type.alias?.toUpperCase() === 'JSON' ? { kind: 'json' } : { kind: 'string' };
    case DuckDBTypeId.ENUM:
      return { kind: 'string' };
    case DuckDBTypeId.DATE:
      return { kind: 'date' };
    case DuckDBTypeId.TIME:
      return { kind: 'time' };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { kind: 'timestamp' };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { kind: 'timestamptz' };
    case DuckDBTypeId.UUID:
      return { kind: 'uuid' };
    case DuckDBTypeId.BLOB:
      return { kind: 'binary' };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { kind: 'list', element: duckDbValueType(type.valueType) };
    case DuckDBTypeId.STRUCT:
      return {
        kind: 'struct',
        fields: type.entryNames.map((name, index) => ({
          name,
          type: duckDbValueType(type.entryTypes[index] as DuckDBType),
        })),
      };
    default:
      return { kind: 'other' };
  }
}
