import { valueJsonSql } from '../values/jsonSql.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { JsonRecord, JsonValue } from '../values/valueType.js';
import type { SqlRow, WarehouseAdapter } from '../warehouse/types.js';
import {
  buildChanges,
  type ClassCounts,
  classify,
  countsAndRejections,
  findDuplicates,
  dropWorkTables,
  isBulk,
  prepareModel,
  type PreparedModel,
  renderChanged,
  tableExists,
} from './diffSql.js';
import { oneLineJson } from './staged.js';
import { readMeta, stateRowCount, stateTargetChanged } from './state.js';
import type { ChangeOp, DiffModel, DiffPreview, PreviewSample, RejectedSample } from './types.js';

/**
 * The diff without its effects: counts and the first `limit` changes of each kind (by id) with
 * before, after
 * and the fields that differ. Writes nothing but temp tables, so it works without write access;
 * never sends anything.
 */
export async function previewDiff(
  adapter: WarehouseAdapter,
  options: DiffModel & { limit: number },
): Promise<DiffPreview> {
  const started = performance.now();
  const model = await prepareModel(adapter, options);
  const { schemaName, stateName, state } = model.tables;
  // State kept for another destination or mapping is ignored: the next run starts fresh.
  const exists =
    (await tableExists(adapter, schemaName, stateName)) &&
    !(await stateTargetChanged(adapter, model));
  const meta = exists ? await readMeta(adapter, options) : undefined;
  let relation = `(select cast(null as ${model.idColumn.type}) as id, cast(null as ${model.fingerprint.sqlType}) as fp, cast(null as ${sqlDialect(adapter.dialect).longText}) as record limit 0)`;
  if (exists) relation = state;
  else if (adapter.dialect === 'mysql') {
    // MySQL's CAST knows few type names, and an untyped null id would make every id text
    // (ordered 1, 10, 2): an empty temporary table declares the id's type exactly.
    await adapter.execute(sqlDialect(adapter.dialect).dropTemp('ebb_no_state'));
    await adapter.execute(
      `create temporary table ebb_no_state (id ${model.idColumn.type}, fp ${model.fingerprint.sqlType}, record longtext)`,
    );
    relation = 'ebb_no_state';
  }
  // State fingerprinted by another algorithm cannot be rewritten here: compare records instead.
  const compare = !exists || meta?.fingerprintTag === model.tag ? 'fingerprint' : 'record';
  const stateRows = exists ? await stateRowCount(adapter, model) : 0;
  await buildChanges(adapter, model, relation, compare, stateRows);
  const bulk = await isBulk(adapter);
  if (bulk) await adapter.setWorkMemory?.('bulk');
  let counts: ClassCounts;
  let rows: SqlRow[];
  let rejectedSamples: RejectedSample[];
  try {
    await findDuplicates(adapter, model, stateRows);
    await renderChanged(adapter, model);
    await classify(adapter);
    const classes = await countsAndRejections(
      adapter,
      model,
      Math.max(0, Math.floor(options.limit)),
    );
    counts = classes.counts;
    rejectedSamples = classes.samples;
    rows = await sampleRows(adapter, model, relation, options.limit);
  } finally {
    await dropWorkTables(adapter);
    if (bulk) await adapter.setWorkMemory?.('normal');
  }

  const samples = rows.map((row): PreviewSample => {
    const before =
      row.before_json === null ? null : (JSON.parse(String(row.before_json)) as JsonRecord);
    const op = String(row.op) as ChangeOp;
    const afterJson =
      op === 'deleted' || row.after_json === null ? null : oneLineJson(String(row.after_json));
    const after = afterJson === null ? null : (JSON.parse(afterJson) as JsonRecord);
    return {
      op,
      id: JSON.parse(String(row.id_json)) as JsonValue,
      before,
      after,
      afterJson,
      changedFields: changedFields(before, after),
    };
  });
  return {
    changes: { new: counts.new, updated: counts.updated, deleted: counts.deleted },
    rejected: counts.rejected,
    samples,
    rejectedSamples,
    warehouseMs: Math.round(performance.now() - started),
  };
}

/** Fields whose JSON differs between two records (all fields of the one present, if one is null). */
export function changedFields(before: JsonRecord | null, after: JsonRecord | null): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (!before || !after) return keys;
  return keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

function sampleRows(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  relation: string,
  limit: number,
) {
  return adapter.query(
    `select c.op, ${valueJsonSql(adapter.dialect, 'c.ebb_key', model.idColumn.valueType)} as id_json,
            r.record as after_json, s.record as before_json
       from (select * from (select k.*, row_number() over (partition by k.op order by k.ebb_key) as rn
                              from ebb_classified as k where k.op in ('new', 'updated', 'deleted')) as ranked
              where rn <= ${Math.max(0, Math.floor(limit))}) as c
       left join ebb_records as r on r.ebb_key = c.ebb_key
       left join ${relation} as s on s.id = c.ebb_key
      order by c.ebb_key`,
  );
}
