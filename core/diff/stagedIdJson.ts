import { valueJsonSql } from '../values/jsonSql.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import type { PreparedModel } from './diffSql.js';

/** The largest integer a JSON number carries exactly (2^53 - 1). */
const SAFE = '9007199254740991';

/**
 * Staging's `id_json` as a DuckDB first sync writes it: for an integer id JSON writes as a
 * number, null, and the reader makes it from `id` (stagedIdJsonRead). Writing a million digit
 * strings beside the ids cost the staging write ~0.4 of its ~2.6 CPU s (README.md, Session 9);
 * a column of nulls costs about nothing. Any other id is written as valueJsonSql renders it.
 */
export function stagedIdJsonWrite(adapter: WarehouseAdapter, model: PreparedModel): string {
  const json = valueJsonSql(adapter.dialect, 'ebb_key', model.idColumn.valueType);
  const kind = model.idColumn.valueType.kind;
  if (adapter.dialect !== 'duckdb' || (kind !== 'int' && kind !== 'bigint')) return json;
  return `(case when ebb_key between -${SAFE} and ${SAFE} then null else ${json} end)`;
}

/** Staging's id as JSON text, however it was written: `id_json`, or `id`'s digits where null. */
export const stagedIdJsonRead = (adapter: WarehouseAdapter): string =>
  adapter.dialect === 'duckdb' ? 'coalesce(id_json, id::varchar)' : 'id_json';
