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

/** Problems of the model's result columns (the extract limits of DESIGN.md step 2). */
export function checkModelColumns(model: ModelConfig, columns: QueryColumn[]): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const names = new Set(columns.map((c) => c.name));
  if (!names.has(model.idColumn)) {
    problems.push({
      code: 'ID_COLUMN_MISSING',
      message: `The query has no column "${model.idColumn}" to use as the identifier. Columns: ${[...names].slice(0, 20).join(', ')}${names.size > 20 ? ', …' : ''}.`,
    });
  }
  if (model.timestampColumn && !names.has(model.timestampColumn)) {
    problems.push({
      code: 'TIMESTAMP_COLUMN_MISSING',
      message: `The query has no column "${model.timestampColumn}" to use as the timestamp.`,
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
