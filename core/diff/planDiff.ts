import { EbbError } from '../api/errors.js';
import { valueJsonSql } from '../values/jsonSql.js';
import { quoteLiteral } from '../values/sqlLiteral.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import {
  buildChanges,
  classify,
  countsAndRejections,
  findDuplicates,
  num,
  prepareModel,
  renderChanged,
} from './diffSql.js';
import { ensureState, stateRowCount } from './state.js';
import type { ChangeOp, DiffPlan, PlanOptions } from './types.js';

const ALL_OPS: readonly ChangeOp[] = ['new', 'updated', 'deleted'];
const REJECTED_SAMPLES = 20;

/**
 * Diffs the model against the sync's state inside the warehouse and stages the changes (at most
 * `maxRecords`, ordered by id) in the sync's staging table for readStaged/commitAcknowledged.
 * Replaces the previous staging: commit a run's acknowledgements before planning the next.
 */
export async function planDiff(adapter: WarehouseAdapter, options: PlanOptions): Promise<DiffPlan> {
  if (!Number.isInteger(options.maxRecords) || options.maxRecords < 0) {
    throw new EbbError('INVALID_ARGUMENT', 'maxRecords must be a whole number ≥ 0.');
  }
  const started = performance.now();
  const model = await prepareModel(adapter, options);
  await adapter.ensureWritableSchema(options.stateSchema);
  await ensureState(adapter, model);
  const stateRows = await stateRowCount(adapter, model);
  await buildChanges(adapter, model, model.tables.state, 'fingerprint');
  await findDuplicates(adapter, model, stateRows);
  await renderChanged(adapter, model);
  await classify(adapter);
  const { counts, samples } = await countsAndRejections(adapter, model, REJECTED_SAMPLES);

  const ops = (options.modeOps ?? ALL_OPS).filter((op) => ALL_OPS.includes(op));
  const opList = ops.length ? ops.map(quoteLiteral).join(', ') : `''`;
  const { stage } = model.tables;
  const select = `select row_number() over (order by c.key) as seq, c.op, c.key as id,
                         ${valueJsonSql(adapter.dialect, 'c.key', model.idColumn.valueType)} as id_json,
                         r.fp, r.record
                    from (select key, op from ebb_classified where op in (${opList})
                          order by key limit ${options.maxRecords}) as c
                    left join ebb_records as r on r.key = c.key
                   order by seq`;
  await adapter.transaction(async () => {
    await adapter.execute(`drop table if exists ${stage}`);
    await adapter.execute(`create table ${stage} as ${select}`);
    if (adapter.dialect === 'postgres') await adapter.execute(`create index on ${stage} (seq)`);
  });
  const [row] = await adapter.query(`select count(*) as n from ${stage}`);
  const staged = num(row?.n);
  const wanted = ops.reduce((sum, op) => sum + counts[op], 0);
  return {
    new: counts.new,
    updated: counts.updated,
    deleted: counts.deleted,
    rejected: counts.rejected,
    pending: wanted - staged,
    staged,
    warehouseMs: Math.round(performance.now() - started),
    rejectedSamples: samples,
  };
}
