/** The constant fields of a sync's mapping as the form edits them: rows of text, checked. */
import type { FieldMapping } from '../../../core/api/types';

export type ConstantType = 'text' | 'number' | 'true' | 'false' | 'null';
export interface ConstantRow {
  target: string;
  type: ConstantType;
  value: string;
}
type Constant = NonNullable<FieldMapping['constants']>[number];

const typeOf = (value: Constant['value']): ConstantType =>
  value === null
    ? 'null'
    : value === true
      ? 'true'
      : value === false
        ? 'false'
        : typeof value === 'number'
          ? 'number'
          : 'text';

/** A saved mapping's constants as rows of the form. */
export const constantRows = (constants: readonly Constant[] | undefined): ConstantRow[] =>
  (constants ?? []).map((c) => ({
    target: c.target,
    type: typeOf(c.value),
    value: c.value === null || typeof c.value === 'boolean' ? '' : String(c.value),
  }));

/** A row never touched (no field, text, no value): left out rather than refused. */
const blank = (row: ConstantRow) => !row.target.trim() && row.type === 'text' && !row.value;

/**
 * What is wrong with a row, or null. A number that is not one would be sent as null (JSON has no
 * NaN) and an empty one as 0; a value with no field name would be dropped: all refused instead.
 */
export function constantProblem(row: ConstantRow): string | null {
  if (blank(row)) return null;
  if (!row.target.trim()) return 'Name the destination field this value goes to.';
  if (row.type === 'number') {
    const text = row.value.trim();
    if (!text) return 'Type a number, or choose another type.';
    if (!Number.isFinite(Number(text)))
      return `“${text}” is not a number: type digits (e.g. 42 or 3.5), or choose Text.`;
  }
  return null;
}

/** The rows as the mapping's constants (blank rows left out); call only when none has a problem. */
export const constantsOf = (rows: readonly ConstantRow[]): Constant[] =>
  rows
    .filter((row) => !blank(row))
    .map((row) => ({
      target: row.target.trim(),
      value:
        row.type === 'null'
          ? null
          : row.type === 'true'
            ? true
            : row.type === 'false'
              ? false
              : row.type === 'number'
                ? Number(row.value.trim())
                : row.value,
    }));
