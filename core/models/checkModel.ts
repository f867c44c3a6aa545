import { EbbError } from '../errors.js';
import { RESERVED_FIELD_NAMES } from '../values/reservedFieldNames.js';
import { SqlError } from '../warehouse/modelSql.js';
import type { QueryColumn, WarehouseAdapter } from '../warehouse/types.js';
import {
  MAX_COLUMNS,
  MAX_COLUMN_NAME_LENGTH,
  MAX_ID_COLUMN_NAME_LENGTH,
  MAX_QUERY_LENGTH,
  MAX_TIMESTAMP_COLUMN_NAME_LENGTH,
} from './limits.js';

export type ModelProblemCode =
  | 'QUERY_TOO_LONG'
  | 'ID_COLUMN_NAME_TOO_LONG'
  | 'TIMESTAMP_COLUMN_NAME_TOO_LONG'
  | 'ID_COLUMN_MISSING'
  | 'TIMESTAMP_COLUMN_MISSING'
  | 'TOO_MANY_COLUMNS'
  | 'COLUMN_NAME_TOO_LONG'
  | 'RESERVED_COLUMN_NAME'
  /** Two result columns share a name: the record could not hold both (PostgreSQL refused the diff). */
  | 'DUPLICATE_COLUMN_NAME'
  | 'NOT_A_QUERY'
  | 'SQL_ERROR'
  /** A sync's stored ids would merge under the model's new id type (idCastMerges.ts). */
  | 'ID_CAST_MERGES_IDS';

export interface ModelProblem {
  code: ModelProblemCode;
  message: string;
  limit?: number;
  actual?: number;
  line?: number;
  column?: number;
}

export interface ModelConfig {
  sql: string;
  idColumn: string;
  timestampColumn?: string | null;
}

/** Problems visible from the configuration alone (the editor runs this on every keystroke). */
export function checkModelConfig(model: ModelConfig): ModelProblem[] {
  const problems: ModelProblem[] = [];
  if (model.sql.length > MAX_QUERY_LENGTH) {
    problems.push({
      code: 'QUERY_TOO_LONG',
      message: `The query is ${model.sql.length} characters long; the limit is ${MAX_QUERY_LENGTH}. Move logic into a view in the warehouse.`,
      limit: MAX_QUERY_LENGTH,
      actual: model.sql.length,
    });
  }
  if (model.idColumn.length > MAX_ID_COLUMN_NAME_LENGTH) {
    problems.push({
      code: 'ID_COLUMN_NAME_TOO_LONG',
      message: `The identifier column name is ${model.idColumn.length} characters long; the limit is ${MAX_ID_COLUMN_NAME_LENGTH}. Alias it to a shorter name.`,
      limit: MAX_ID_COLUMN_NAME_LENGTH,
      actual: model.idColumn.length,
    });
  }
  const ts = model.timestampColumn ?? '';
  if (ts.length > MAX_TIMESTAMP_COLUMN_NAME_LENGTH) {
    problems.push({
      code: 'TIMESTAMP_COLUMN_NAME_TOO_LONG',
      message: `The timestamp column name is ${ts.length} characters long; the limit is ${MAX_TIMESTAMP_COLUMN_NAME_LENGTH}. Alias it to a shorter name.`,
      limit: MAX_TIMESTAMP_COLUMN_NAME_LENGTH,
      actual: ts.length,
    });
  }
  return problems;
}

/** PostgreSQL keeps this many bytes of a name and drops the rest (NAMEDATALEN - 1). */
const POSTGRES_NAME_BYTES = 63;
const SHORTENED = `PostgreSQL keeps only the first ${POSTGRES_NAME_BYTES} bytes of a name`;
/** Whether a name is as long as PostgreSQL keeps (a character is never cut: 60-63 bytes). */
const fullLength = (name: string) => {
  const bytes = Buffer.byteLength(name);
  return bytes > POSTGRES_NAME_BYTES - 4 && bytes <= POSTGRES_NAME_BYTES;
};

/** Why a configured column is missing when the warehouse shortened its name (else ''). */
function shortenedHint(wanted: string, names: ReadonlySet<string>): string {
  const kept = [...names].find(
    (name) => name.length < wanted.length && wanted.startsWith(name) && fullLength(name),
  );
  return kept === undefined
    ? ''
    : ` The warehouse shortened it to "${kept}" (${SHORTENED}): alias the column to a shorter name and use that.`;
}

/** Problems of the model's result columns (the extract limits of DESIGN.md step 2). */
export function checkModelColumns(model: ModelConfig, columns: QueryColumn[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const names = new Set(columns.map((c) => c.name));
  if (!names.has(model.idColumn)) {
    problems.push({
      code: 'ID_COLUMN_MISSING',
      message: `The query has no column "${model.idColumn}" to use as the identifier. Columns: ${[...names].slice(0, 20).join(', ')}${names.size > 20 ? ', …' : ''}.${shortenedHint(model.idColumn, names)}`,
    });
  }
  if (model.timestampColumn && !names.has(model.timestampColumn)) {
    problems.push({
      code: 'TIMESTAMP_COLUMN_MISSING',
      message: `The query has no column "${model.timestampColumn}" to use as the timestamp.${shortenedHint(model.timestampColumn, names)}`,
    });
  }
  const seen = new Map<string, number>();
  for (const column of columns) seen.set(column.name, (seen.get(column.name) ?? 0) + 1);
  for (const [name, count] of seen) {
    if (count < 2) continue;
    problems.push({
      code: 'DUPLICATE_COLUMN_NAME',
      message: `Column "${name}" appears ${count} times in the query's result; a record holds one value a name. Give each its own alias.${fullLength(name) ? ` ${SHORTENED}: names that start alike may have become this one.` : ''}`,
    });
  }
  if (columns.length > MAX_COLUMNS) {
    problems.push({
      code: 'TOO_MANY_COLUMNS',
      message: `The query returns ${columns.length} columns; the limit is ${MAX_COLUMNS}. Select only the columns the destination needs.`,
      limit: MAX_COLUMNS,
      actual: columns.length,
    });
  }
  for (const column of columns) {
    const reserved = RESERVED_FIELD_NAMES.get(column.name);
    if (reserved) {
      problems.push({
        code: 'RESERVED_COLUMN_NAME',
        message: `Column "${column.name}" is reserved: ${reserved}. Alias it (as ${column.name.replace(/^_+|_+$/g, '')}, say).`,
      });
    }
    // The identifier and timestamp columns have their own, longer limit (checkModelConfig).
    const keyColumn = column.name === model.idColumn || column.name === model.timestampColumn;
    if (!keyColumn && column.name.length > MAX_COLUMN_NAME_LENGTH) {
      problems.push({
        code: 'COLUMN_NAME_TOO_LONG',
        message: `Column "${column.name.slice(0, 40)}…" has a ${column.name.length}-character name; the limit is ${MAX_COLUMN_NAME_LENGTH}. Alias it.`,
        limit: MAX_COLUMN_NAME_LENGTH,
        actual: column.name.length,
      });
    }
  }
  return problems;
}

/**
 * Every problem of a model: the configuration limits, then (when the query may run) the
 * warehouse's answer — not a query, SQL errors, missing columns, extract limits.
 */
export async function checkModel(
  adapter: WarehouseAdapter,
  model: ModelConfig,
): Promise<ModelProblem[]> {
  const problems = checkModelConfig(model);
  if (problems.some((p) => p.code === 'QUERY_TOO_LONG')) return problems;
  let columns: QueryColumn[];
  try {
    columns = await adapter.describeQuery(model.sql);
  } catch (error) {
    if (error instanceof SqlError) {
      problems.push({
        code: 'SQL_ERROR',
        message: error.message,
        ...(error.line !== undefined ? { line: error.line } : {}),
        ...(error.column !== undefined ? { column: error.column } : {}),
      });
      return problems;
    }
    if (error instanceof EbbError && error.code === 'NOT_A_QUERY') {
      problems.push({ code: 'NOT_A_QUERY', message: error.message });
      return problems;
    }
    throw error;
  }
  return [...problems, ...checkModelColumns(model, columns)];
}
