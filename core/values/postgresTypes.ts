import type { ValueType } from './valueType.js';

/** What pg_type says about a column type: its name, category and (for arrays) element type. */
export interface PgTypeInfo {
  oid: number;
  name: string;
  category: string;
  element?: PgTypeInfo;
}

const byName: Record<string, ValueType['kind']> = {
  bool: 'boolean',
  int2: 'int',
  int4: 'int',
  oid: 'int',
  int8: 'bigint',
  float4: 'float',
  float8: 'float',
  numeric: 'decimal',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  name: 'string',
  char: 'string',
  citext: 'string',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  uuid: 'uuid',
  bytea: 'binary',
  json: 'json',
  jsonb: 'json',
};

/**
 * Maps a PostgreSQL column type to the neutral ValueType. `typmod` is the column's type modifier
 * (-1 when none): for numeric(p,s) it holds ((p << 16) | s) + 4, s possibly negative (PG 15+).
 */
export function postgresValueType(info: PgTypeInfo, typmod = -1): ValueType {
  if (info.category === 'A' && info.element) {
    return { kind: 'list', element: postgresValueType(info.element, typmod) };
  }
  if (info.category === 'E') return { kind: 'string' };
  const kind = byName[info.name] ?? 'other';
  if (kind === 'decimal' && typmod >= 4) {
    const precision = ((typmod - 4) >> 16) & 0xffff;
    const scale = ((((typmod - 4) & 0x7ff) ^ 0x400) - 0x400) as number;
    return { kind, precision, scale };
  }
  return { kind } as ValueType;
}
