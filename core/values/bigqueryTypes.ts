import type { ValueType } from './valueType.js';

/** A field of a BigQuery schema (TableFieldSchema), as a dry run answers it. */
export interface BigQueryField {
  name: string;
  type: string;
  mode?: string | null;
  precision?: string | null;
  scale?: string | null;
  fields?: BigQueryField[] | null;
}

/**
 * A BigQuery field's GoogleSQL type name (usable in CAST and CREATE TABLE) and its neutral type.
 * The API still answers legacy names (INTEGER, FLOAT, BOOLEAN, RECORD); REPEATED is an ARRAY.
 * https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#TableFieldSchema
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types
 */
export function bigqueryColumnType(field: BigQueryField): { type: string; valueType: ValueType } {
  const scalar = bigqueryScalarType(field);
  if (field.mode?.toUpperCase() !== 'REPEATED') return scalar;
  return {
    type: `ARRAY<${scalar.type}>`,
    valueType: { kind: 'list', element: scalar.valueType },
  };
}

function bigqueryScalarType(field: BigQueryField): { type: string; valueType: ValueType } {
  const name = field.type.toUpperCase();
  const param = (base: string) =>
    field.precision ? `${base}(${field.precision}${field.scale ? `, ${field.scale}` : ''})` : base;
  switch (name) {
    case 'INTEGER':
    case 'INT64':
      return { type: 'INT64', valueType: { kind: 'bigint' } };
    case 'FLOAT':
    case 'FLOAT64':
      return { type: 'FLOAT64', valueType: { kind: 'float' } };
    case 'NUMERIC':
    case 'BIGNUMERIC': {
      // Unparameterized NUMERIC is (38, 9) and BIGNUMERIC (76.76, 38): more than 15 digits.
      const precision = field.precision ? Number(field.precision) : undefined;
      const scale = field.precision ? Number(field.scale ?? 0) : name === 'NUMERIC' ? 9 : 38;
      return {
        type: param(name),
        valueType: { kind: 'decimal', ...(precision === undefined ? {} : { precision }), scale },
      };
    }
    case 'BOOLEAN':
    case 'BOOL':
      return { type: 'BOOL', valueType: { kind: 'boolean' } };
    case 'STRING':
      return { type: 'STRING', valueType: { kind: 'string' } };
    case 'BYTES':
      return { type: 'BYTES', valueType: { kind: 'binary' } };
    case 'DATE':
      return { type: 'DATE', valueType: { kind: 'date' } };
    case 'TIME':
      return { type: 'TIME', valueType: { kind: 'time' } };
    case 'DATETIME':
      return { type: 'DATETIME', valueType: { kind: 'timestamp' } };
    case 'TIMESTAMP':
      return { type: 'TIMESTAMP', valueType: { kind: 'timestamptz' } };
    case 'JSON':
      return { type: 'JSON', valueType: { kind: 'json' } };
    case 'RECORD':
    case 'STRUCT': {
      const fields = (field.fields ?? []).map((f) => ({ name: f.name, ...bigqueryColumnType(f) }));
      return {
        type: `STRUCT<${fields.map((f) => `\`${f.name.replace(/[`\\]/g, '\\$&')}\` ${f.type}`).join(', ')}>`,
        valueType: {
          kind: 'struct',
          fields: fields.map((f) => ({ name: f.name, type: f.valueType })),
        },
      };
    }
    default:
      // GEOGRAPHY, INTERVAL, RANGE: their text.
      return { type: name, valueType: { kind: 'other' } };
  }
}
