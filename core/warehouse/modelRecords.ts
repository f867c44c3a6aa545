import { recordJsonSql, type SqlDialectName } from '../values/jsonSql.js';
import type { JsonRecord } from '../values/valueType.js';
import { singleQuery } from './modelSql.js';
import type { QueryColumn } from './types.js';

/** The model's rows as JSON text, one a row in column `r` (the value rules of core/values). */
export const modelRecordsSql = (
  dialect: SqlDialectName,
  columns: readonly QueryColumn[],
  sql: string,
): string =>
  `select ${recordJsonSql(dialect, columns, 'm')} as r from (\n${singleQuery(sql)}\n) as m`;

/**
 * Rows read one at a time (each holding its record's JSON `text`), handed on as records
 * `chunkSize` at a time (at least one); the last chunk may be shorter.
 */
export async function* recordChunks<R>(
  rows: AsyncIterable<R>,
  chunkSize: number,
  text: (row: R) => string,
): AsyncIterable<JsonRecord[]> {
  const size = Math.max(1, Math.floor(chunkSize));
  let chunk: JsonRecord[] = [];
  for await (const row of rows) {
    chunk.push(JSON.parse(text(row)) as JsonRecord);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
