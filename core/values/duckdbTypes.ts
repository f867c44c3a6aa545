import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';
import type { ValueType } from './valueType.js';

type ScalarKind = Exclude<ValueType['kind'], 'decimal' | 'list' | 'struct'>;

/**
 * DuckDB types whose value type takes nothing from the type's parameters. Built on first use:
 * reading `DuckDBTypeId` at module load would load DuckDB's driver (a 50 MB native library) at
 * every CLI start, even for `ebb warehouse list` (electron/build/bundleNode.mjs, LAZY).
 */
const kinds = (): Partial<Record<DuckDBTypeId, ScalarKind>> => ({
  [DuckDBTypeId.BOOLEAN]: 'boolean',
  [DuckDBTypeId.TINYINT]: 'int',
  [DuckDBTypeId.SMALLINT]: 'int',
  [DuckDBTypeId.INTEGER]: 'int',
  [DuckDBTypeId.UTINYINT]: 'int',
  [DuckDBTypeId.USMALLINT]: 'int',
  [DuckDBTypeId.UINTEGER]: 'int',
  [DuckDBTypeId.BIGINT]: 'bigint',
  [DuckDBTypeId.UBIGINT]: 'bigint',
  [DuckDBTypeId.HUGEINT]: 'bigint',
  [DuckDBTypeId.UHUGEINT]: 'bigint',
  [DuckDBTypeId.FLOAT]: 'float',
  [DuckDBTypeId.DOUBLE]: 'float',
  [DuckDBTypeId.ENUM]: 'string',
  [DuckDBTypeId.DATE]: 'date',
  [DuckDBTypeId.TIME]: 'time',
  [DuckDBTypeId.TIMESTAMP]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_S]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_MS]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_NS]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'timestamptz',
  [DuckDBTypeId.UUID]: 'uuid',
  [DuckDBTypeId.BLOB]: 'binary',
});
let KINDS: Partial<Record<DuckDBTypeId, ScalarKind>> | undefined;

/** Maps a DuckDB column type (as the node API describes it) to the neutral ValueType. */
export function duckDbValueType(type: DuckDBType): ValueType {
  switch (type.typeId) {
    case DuckDBTypeId.DECIMAL:
      return { kind: 'decimal', precision: type.width, scale: type.scale };
    case DuckDBTypeId.VARCHAR:
      return type.alias?.toUpperCase() === 'JSON' ? { kind: 'json' } : { kind: 'string' };
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
      KINDS ??= kinds();
      return { kind: KINDS[type.typeId] ?? 'other' };
  }
}
