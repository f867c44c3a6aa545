import type { DestinationField } from '../../../core/api/types';

/**
 * Required destination fields nothing in the mapping fills: not a target of a sent column or a
 * constant, and not filled from the record's id by the destination itself.
 */
export function unmappedRequired(
  fields: readonly DestinationField[] | null | undefined,
  targets: readonly string[],
): DestinationField[] {
  if (!fields) return [];
  const mapped = new Set(targets);
  return fields.filter((f) => f.required && !f.fromId && !mapped.has(f.name));
}
