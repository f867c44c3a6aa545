/**
 * Warehouse type names (DuckDB or PostgreSQL spelling) to PostgreSQL column types. Values arrive
 * as JSON (CLI.md): nested values become jsonb, binary arrives as base64 text, and anything
 * unknown is kept as text rather than guessed.
 */
const SIMPLE: Record<string, string> = {
  boolean: 'boolean',
  bool: 'boolean',
  logical: 'boolean',
  tinyint: 'smallint',
  int1: 'smallint',
  utinyint: 'smallint',
  smallint: 'smallint',
  int2: 'smallint',
  short: 'smallint',
  usmallint: 'integer',
  integer: 'integer',
  int: 'integer',
  int4: 'integer',
  signed: 'integer',
  uinteger: 'bigint',
  bigint: 'bigint',
  int8: 'bigint',
  long: 'bigint',
  ubigint: 'numeric',
  hugeint: 'numeric',
  int128: 'numeric',
  uhugeint: 'numeric',
  varint: 'numeric',
  bignum: 'numeric',
  real: 'real',
  float4: 'real',
  float: 'double precision',
  double: 'double precision',
  float8: 'double precision',
  'double precision': 'double precision',
  decimal: 'numeric',
  numeric: 'numeric',
  money: 'numeric',
  varchar: 'text',
  'character varying': 'text',
  char: 'text',
  character: 'text',
  bpchar: 'text',
  text: 'text',
  string: 'text',
  name: 'text',
  citext: 'text',
  date: 'date',
  time: 'time',
  'time without time zone': 'time',
  timetz: 'timetz',
  'time with time zone': 'timetz',
  timestamp: 'timestamp',
  datetime: 'timestamp',
  'timestamp without time zone': 'timestamp',
  timestamp_s: 'timestamp',
  timestamp_ms: 'timestamp',
  timestamp_ns: 'timestamp',
  timestamp_us: 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  uuid: 'uuid',
  json: 'jsonb',
  jsonb: 'jsonb',
  blob: 'text',
  bytea: 'text',
  binary: 'text',
  varbinary: 'text',
  interval: 'text',
  bit: 'text',
  bitstring: 'text',
  inet: 'text',
  enum: 'text',
};

export function pgColumnType(warehouseType: string): string {
  const type = warehouseType.trim().toLowerCase().replace(/\s+/g, ' ');
  // Lists, arrays, structs, maps, unions: JSON arrays and objects.
  if (/\[\d*\]$/.test(type) || /^(struct|map|union|list|array|row)\b/.test(type)) return 'jsonb';
  const decimal = /^(decimal|numeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(type);
  if (decimal) {
    const precision = Number(decimal[2]);
    const scale = Number(decimal[3] ?? 0);
    return precision >= 1 && precision <= 1000 && scale <= precision
      ? `numeric(${precision},${scale})`
      : 'numeric';
  }
  // Length or precision suffixes (varchar(20), timestamp(3) with time zone) do not change the kind.
  const base = type.replace(/\s*\(\s*\d+(\s*,\s*\d+)?\s*\)/, '');
  return SIMPLE[base] ?? 'text';
}

/** A column type from a JSON value, for runs that did not declare their columns. */
export function pgTypeOfValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'double precision';
  if (typeof value === 'object') return 'jsonb';
  return 'text';
}

/** A quoted identifier: embedded quotes doubled, so any name is just a name. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('identifiers cannot contain NUL characters');
  return `"${name.replace(/"/g, '""')}"`;
}

/** PostgreSQL silently cuts identifiers past 63 bytes, which would make two names collide. */
export function identifierProblem(name: string): string | undefined {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\0')) return `"${name}" contains a NUL character`;
  if (Buffer.byteLength(name, 'utf8') > 63) {
    return `"${name.slice(0, 40)}…" is longer than PostgreSQL's 63-byte limit for names`;
  }
  return undefined;
}
