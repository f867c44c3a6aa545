import { EbbError } from '../errors.js';
import type { ChangeOp, FieldMapping } from '../types.js';
import { RESERVED_FIELD_NAMES } from '../values/reservedFieldNames.js';

export type RecordMapper = (
  op: ChangeOp,
  record: Record<string, unknown>,
) => Record<string, unknown>;

/** The destination field names a mapping produces, in order, for the model's columns. */
export function mappedFieldNames(
  mapping: FieldMapping | null,
  columns: readonly string[],
): string[] {
  const fields = mapping?.fields?.length ? mapping.fields.map((f) => f.target) : [...columns];
  return [...fields, ...(mapping?.constants ?? []).map((c) => c.target)];
}

/**
 * The destination's columns for a run: the mapped field names, each typed as the model column
 * it comes from (a constant is text).
 */
export function mappedColumns(
  mapping: FieldMapping | null,
  columns: readonly { name: string; type: string }[],
): { name: string; type: string }[] {
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const sourceOf = new Map((mapping?.fields ?? []).map((f) => [f.target, f.source]));
  return mappedFieldNames(
    mapping,
    columns.map((c) => c.name),
  ).map((name) => ({ name, type: typeOf.get(sourceOf.get(name) ?? name) ?? 'VARCHAR' }));
}

/** Checks a mapping against the model's columns: sources exist, targets are unique and not reserved. */
export function validateMapping(mapping: FieldMapping | null, columns: readonly string[]): void {
  if (!mapping) return;
  const known = new Set(columns);
  for (const field of mapping.fields ?? []) {
    if (!known.has(field.source)) {
      throw new EbbError(
        'INVALID_ARGUMENT',
        `The mapping uses column "${field.source}", which the model does not return. Its columns: ${columns.join(', ')}.`,
      );
    }
  }
  const targets = mappedFieldNames(mapping, columns);
  for (const target of targets) {
    const reserved = RESERVED_FIELD_NAMES.get(target);
    if (reserved) {
      throw new EbbError(
        'RESERVED_FIELD_NAME',
        `The mapping sends a field named "${target}", and "${target}" is reserved: ${reserved}. Choose another name.`,
      );
    }
  }
  const duplicate = targets.find((name, i) => targets.indexOf(name) !== i);
  if (duplicate) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `The mapping sends two fields named "${duplicate}"; rename one.`,
    );
  }
}

/** Whether a mapping leaves every record as the model rendered it. */
export function mapsNothing(mapping: FieldMapping | null): boolean {
  return !mapping || (!mapping.fields?.length && !mapping.constants?.length && !mapping.omitNulls);
}

/**
 * Applies a mapping to a model row: chooses and renames fields, adds constants, and leaves nulls
 * out of new/updated records when asked. A deleted record keeps `__segment_id` and every mapped
 * field as null, so existing mappings downstream keep working.
 */
export function createRecordMapper(mapping: FieldMapping | null): RecordMapper {
  if (mapsNothing(mapping)) return (_op, record) => record;
  if (!mapping) return (_op, record) => record;
  const fields = mapping.fields?.length ? mapping.fields : null;
  const constants = mapping.constants ?? [];
  return (op, record) => {
    const out: Record<string, unknown> = {};
    if (op === 'deleted' && '__segment_id' in record) out.__segment_id = record.__segment_id;
    if (fields) {
      for (const { source, target } of fields) out[target] = record[source] ?? null;
    } else {
      for (const [key, value] of Object.entries(record)) out[key] = value;
    }
    for (const { target, value } of constants) out[target] = op === 'deleted' ? null : value;
    if (mapping.omitNulls && op !== 'deleted') {
      for (const key of Object.keys(out)) if (out[key] === null) delete out[key];
    }
    return out;
  };
}
