import { valueJsonSql } from '../values/jsonSql.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import type { PreparedModel } from './diffSql.js';

/** The largest integer a JSON number carries exactly (2^53 - 1). */
const SAFE = '9007199254740991';

/** Whether a DuckDB expression is of type VARCHAR (a constant once the statement is bound). */
const IS_TEXT = (expr: string) => `typeof(${expr}) = 'VARCHAR'`;
/** A text between quotes: its JSON when nothing in it needs an escape. */
const QUOTED = (expr: string) => `concat('"', ${expr}, '"')`;

/**
 * Staging's `id_json` as a DuckDB first sync writes it: null wherever the reader can make it from
 * `id` (stagedIdJsonRead), else as valueJsonSql renders it. Null for an integer id JSON writes as
 * a number, and for a text id JSON writes without an escape (its text between quotes). Writing a
 * million digit strings beside the ids cost the staging write ~0.4 of its ~2.6 CPU s (README.md,
 * Session 9), a million quoted texts ~0.1 of ~1.35 (Session 12); a column of nulls costs about
 * nothing. Whether `id` is text is its column type (`typeof`, folded once per statement), the
 * same on both sides: staging's id is the model's id column as it came.
 */
export function stagedIdJsonWrite(adapter: WarehouseAdapter, model: PreparedModel): string {
  const json = valueJsonSql(adapter.dialect, 'ebb_key', model.idColumn.valueType);
  if (adapter.dialect !== 'duckdb') return json;
  const kind = model.idColumn.valueType.kind;
  if (kind === 'int' || kind === 'bigint')
    return `(case when ebb_key between -${SAFE} and ${SAFE} then null else ${json} end)`;
  if (kind === 'string')
    return `(case when ${IS_TEXT('ebb_key')} then nullif(${json}, ${QUOTED('ebb_key')}) else ${json} end)`;
  return json;
}

/**
 * Staging's id as JSON text, however it was written: `id_json`, or where null made from `id`
 * (a text between quotes, an integer's digits).
 */
export const stagedIdJsonRead = (adapter: WarehouseAdapter): string =>
  adapter.dialect === 'duckdb'
    ? `coalesce(id_json, case when ${IS_TEXT('id')} then ${QUOTED('id')} else id::varchar end)`
    : 'id_json';
