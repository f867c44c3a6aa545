import type { ValueType } from './valueType.js';

/** What the MySQL protocol says of one result column (a subset of mysql2's FieldPacket). */
export interface MysqlField {
  columnType?: number;
  columnLength?: number;
  decimals: number;
  flags: number | string[];
  characterSet?: number;
  /** MariaDB extended metadata: `uuid`, `inet6`, … */
  extendedTypeName?: string;
  /** MariaDB extended metadata: `json` for JSON columns (which MariaDB stores as LONGTEXT). */
  extendedFormat?: string;
}

/** A collation by id: its name, its character set and that set's bytes per character. */
export interface MysqlCollation {
  name: string;
  charset: string;
  maxBytes: number;
}

const BINARY_COLLATION = 63;
const UNSIGNED_FLAG = 32;

/** Protocol column type codes (MySQL's enum_field_types). */
const T = {
  DECIMAL: 0,
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  NULL: 6,
  TIMESTAMP: 7,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  TIME: 11,
  DATETIME: 12,
  YEAR: 13,
  NEWDATE: 14,
  VARCHAR: 15,
  BIT: 16,
  JSON: 245,
  NEWDECIMAL: 246,
  ENUM: 247,
  SET: 248,
  TINY_BLOB: 249,
  MEDIUM_BLOB: 250,
  LONG_BLOB: 251,
  BLOB: 252,
  VAR_STRING: 253,
  STRING: 254,
  GEOMETRY: 255,
} as const;

type PlainKind = Exclude<ValueType['kind'], 'decimal' | 'list' | 'struct'>;
type Fixed = [name: string, kind: PlainKind, suffix?: 'unsigned' | 'fsp'];

/**
 * Types named by their code alone: the DDL name, the value kind, and what follows the name
 * (`unsigned` when the column is, or the fractional seconds `(fsp)`).
 */
const FIXED: Partial<Record<number, Fixed>> = {
  [T.SHORT]: ['smallint', 'int', 'unsigned'],
  [T.INT24]: ['mediumint', 'int', 'unsigned'],
  [T.LONG]: ['int', 'int', 'unsigned'],
  [T.YEAR]: ['year', 'int'],
  [T.LONGLONG]: ['bigint', 'bigint', 'unsigned'],
  [T.DOUBLE]: ['double', 'float'],
  [T.TIMESTAMP]: ['timestamp', 'timestamptz', 'fsp'],
  [T.DATETIME]: ['datetime', 'timestamp', 'fsp'],
  [T.DATE]: ['date', 'date'],
  [T.NEWDATE]: ['date', 'date'],
  [T.TIME]: ['time', 'time', 'fsp'],
  [T.JSON]: ['json', 'json'],
  [T.GEOMETRY]: ['geometry', 'other'],
};

const blobSize = (bytes: number) =>
  bytes <= 255 ? 'tiny' : bytes <= 65_535 ? '' : bytes <= 16_777_215 ? 'medium' : 'long';

/**
 * A result column's type as MySQL DDL (so state tables can declare the id column exactly like
 * the model's, collation included: ids then compare the way the model's own GROUP BY does) and
 * its neutral value type. TINYINT(1) is MySQL's BOOLEAN. TIMESTAMP is stored in UTC (timestamptz);
 * DATETIME has no zone (timestamp, read as UTC).
 */
export function mysqlColumnType(
  field: MysqlField,
  collations: ReadonlyMap<number, MysqlCollation>,
): { type: string; valueType: ValueType } {
  const code = field.columnType ?? T.VAR_STRING;
  const flags = typeof field.flags === 'number' ? field.flags : 0;
  const unsigned = flags & UNSIGNED_FLAG ? ' unsigned' : '';
  const length = field.columnLength ?? 0;
  const fsp = field.decimals > 0 && field.decimals <= 6 ? `(${field.decimals})` : '';
  const binary = field.characterSet === BINARY_COLLATION;
  const collation = field.characterSet ? collations.get(field.characterSet) : undefined;
  const collate = collation ? ` character set ${collation.charset} collate ${collation.name}` : '';
  if (field.extendedFormat === 'json') return { type: 'json', valueType: { kind: 'json' } };
  if (field.extendedTypeName === 'uuid') return { type: 'uuid', valueType: { kind: 'uuid' } };
  if (code === T.FLOAT) return { type: 'float', valueType: { kind: 'float', single: true } };
  const fixed = FIXED[code];
  if (fixed) {
    const [name, kind, suffix] = fixed;
    const after = suffix === 'unsigned' ? unsigned : suffix === 'fsp' ? fsp : '';
    return { type: `${name}${after}`, valueType: { kind } };
  }
  switch (code) {
    case T.DECIMAL:
    case T.NEWDECIMAL: {
      const scale = Math.min(field.decimals, 30);
      const precision = Math.max(1, length - (scale > 0 ? 1 : 0) - (unsigned ? 0 : 1));
      return {
        type: `decimal(${precision},${scale})${unsigned}`,
        valueType: { kind: 'decimal', scale },
      };
    }
    case T.TINY:
      return length === 1
        ? { type: 'tinyint(1)', valueType: { kind: 'boolean' } }
        : { type: `tinyint${unsigned}`, valueType: { kind: 'int' } };
    case T.BIT:
      return {
        type: `bit(${Math.max(1, length)})`,
        valueType: { kind: 'other', bits: Math.max(1, length) },
      };
    case T.TINY_BLOB:
    case T.MEDIUM_BLOB:
    case T.LONG_BLOB:
    case T.BLOB:
      return binary
        ? { type: `${blobSize(length)}blob`, valueType: { kind: 'binary' } }
        : { type: `${blobSize(length)}text${collate}`, valueType: { kind: 'string' } };
    case T.NULL:
      return { type: `text${collate}`, valueType: { kind: 'string' } };
    default: {
      const chars = Math.ceil(length / (collation?.maxBytes ?? 1));
      if (binary) {
        return {
          type: length > 65_532 ? 'longblob' : `varbinary(${Math.max(1, length)})`,
          valueType: { kind: 'binary' },
        };
      }
      return {
        type: chars > 16_383 ? `longtext${collate}` : `varchar(${Math.max(1, chars)})${collate}`,
        valueType: { kind: 'string' },
      };
    }
  }
}
