import { recordJsonSql, valueJsonSql } from '../values/jsonSql.js';
import type { JsonValue } from '../values/valueType.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { describeModel } from './diffSql.js';
import { oneLineJson } from './staged.js';

/**
 * The model's first row with an id, rendered to JSON text by the same SQL as the diff renders the
 * records it stages (values/jsonSql.ts): what a sync would send for that row. Null when the
 * model has no row.
 */
export async function firstModelRecord(
  adapter: WarehouseAdapter,
  model: { sql: string; idColumn: string },
): Promise<{ id: JsonValue; recordJson: string } | null> {
  const { query, columns, idColumn } = await describeModel(adapter, model);
  const id = `m.${sqlDialect(adapter.dialect).ident(idColumn.name)}`;
  const [row] = await adapter.query(
    `select ${valueJsonSql(adapter.dialect, id, idColumn.valueType)} as id_json,
            ${recordJsonSql(adapter.dialect, columns, 'm')} as record_json
       from (\n${query}\n) as m
      where ${id} is not null
      limit 1`,
  );
  if (!row) return null;
  return {
    id: JSON.parse(String(row.id_json)) as JsonValue,
    recordJson: oneLineJson(String(row.record_json)),
  };
}
