/**
 * Field names a record cannot carry as data. `__segment_id` is the id of a deleted record (its
 * other fields are null): a model column of that name made deletes carry `"__segment_id": null`.
 * `__proto__` is not an own property when assigned in JavaScript, so the field silently
 * vanished. Both are refused where they are chosen (model check, mapping), with the reason.
 */
export const RESERVED_FIELD_NAMES: ReadonlyMap<string, string> = new Map([
  ['__segment_id', 'deleted records carry their id under that name'],
  ['__proto__', 'JavaScript cannot carry a field of that name'],
]);
