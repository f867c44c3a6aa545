import { EbbError } from '../errors.js';
import { valueJsonSql } from '../values/jsonSql.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import {
  buildChanges,
  classify,
  countsAndRejections,
  createTempTable,
  findDuplicates,
  num,
  dropWorkTables,
  isBulk,
  prepareModel,
  type PreparedModel,
  renderChanged,
} from './diffSql.js';
import { planFirstSync, takesFirstSyncPath } from './firstSync.js';
import { applyAcknowledged, startAcknowledgementLog } from './staged.js';
import { resetState } from './resetState.js';
import { ensureState, stateRowCount, stateTargetChanged } from './state.js';
import type { ChangeOp, DiffPlan, PlanOptions } from './types.js';
import { modelEqualsState, planNothing } from './unchangedModel.js';

const ALL_OPS: readonly ChangeOp[] = ['new', 'updated', 'deleted'];
const REJECTED_SAMPLES = 20;

/**
 * Diffs the model against the sync's state inside the warehouse and stages the changes (at most
 * `maxRecords`, ordered by id) in the sync's staging table for readStaged/recordAcknowledged. Acknowledgements a
 * previous run recorded but did not apply are applied first.
 */
export async function planDiff(adapter: WarehouseAdapter, options: PlanOptions): Promise<DiffPlan> {
  if (!Number.isInteger(options.maxRecords) || options.maxRecords < 0) {
    throw new EbbError('INVALID_ARGUMENT', 'maxRecords must be a whole number ≥ 0.');
  }
  const started = performance.now();
  const model = await prepareModel(adapter, options);
  await adapter.ensureWritableSchema(options.stateSchema);
  // A run that died after the destination acknowledged changes finishes its commit first.
  await applyAcknowledged(adapter, options);
  // State delivered to another destination (or through another mapping) says nothing of what
  // the current one holds: start fresh, so every record is sent to it.
  if (await stateTargetChanged(adapter, model)) await resetState(adapter, options);
  await ensureState(adapter, model);
  const stateRows = await stateRowCount(adapter, model, true);
  if (takesFirstSyncPath(adapter, options, stateRows)) {
    try {
      const plan = await planFirstSync(adapter, options, model, started);
      if (plan) return plan;
    } finally {
      await dropWorkTables(adapter);
    }
  }
  const unchanged = await modelEqualsState(adapter, model, stateRows);
  if (unchanged.equal) return planNothing(adapter, options, model, started);
  await buildChanges(
    adapter,
    model,
    model.tables.state,
    'fingerprint',
    stateRows,
    unchanged.modelRows,
  );
  const bulk = await isBulk(adapter);
  if (bulk) await adapter.setWorkMemory?.('bulk');
  try {
    return await stageChanges(adapter, options, model, stateRows, started);
  } finally {
    await dropWorkTables(adapter);
    if (bulk) await adapter.setWorkMemory?.('normal');
  }
}

async function stageChanges(
  adapter: WarehouseAdapter,
  options: PlanOptions,
  model: PreparedModel,
  stateRows: number,
  started: number,
): Promise<DiffPlan> {
  await findDuplicates(adapter, model, stateRows);
  await renderChanged(adapter, model);
  await classify(adapter);
  const { counts, samples } = await countsAndRejections(adapter, model, REJECTED_SAMPLES);

  const ops = (options.modeOps ?? ALL_OPS).filter((op) => ALL_OPS.includes(op));
  const { literal, seqOrdered, dropTemp } = sqlDialect(adapter.dialect);
  const opList = ops.length ? ops.map(literal).join(', ') : `''`;
  const { stage } = model.tables;
  const chosen = `select ebb_key, op from ebb_classified where op in (${opList})
                   order by ebb_key limit ${options.maxRecords}`;
  const idJson = (expr: string) => valueJsonSql(adapter.dialect, expr, model.idColumn.valueType);
  await adapter.execute(`drop table if exists ${stage}`);
  if (adapter.dialect === 'duckdb') {
    // Written sorted by id in one statement and numbered by position (a sorted insert keeps its
    // order in the row ids, as in firstSync.ts): the window, the joined copy and the sort of
    // that copy below cost DuckDB a write of every staged record each (README.md, profile).
    // A crash before the numbering leaves seq null, which reads as nothing staged.
    await adapter.execute(
      `create table ${stage} as
       select null::bigint as seq, c.op, c.ebb_key as id, ${idJson('c.ebb_key')} as id_json,
              r.fp, r.record
         from (${chosen}) as c left join ebb_records as r on r.ebb_key = c.ebb_key
        order by c.ebb_key`,
    );
    await adapter.execute(`update ${stage} set seq = rowid + 1`);
  } else {
    // Numbered narrow first (ids only), then joined with the records: a window over wide JSON
    // rows is what runs out of memory on a first sync of millions.
    await createTempTable(
      adapter,
      'ebb_order',
      `select row_number() over (order by ebb_key) as seq, ebb_key, op from (${chosen}) as c`,
    );
    // Joined, then sorted, in two statements. Not one transaction either: a crash in between
    // leaves no staging table, which reads as nothing staged.
    await createTempTable(
      adapter,
      'ebb_stage_rows',
      `select o.seq, o.op, o.ebb_key as id, ${idJson('o.ebb_key')} as id_json, r.fp, r.record
         from ebb_order as o left join ebb_records as r on r.ebb_key = o.ebb_key`,
    );
    // MySQL declares the index as it copies (an ALTER afterwards rebuilds the table).
    await adapter.execute(
      `create table ${stage}${seqOrdered} as select * from ebb_stage_rows order by seq`,
    );
    await adapter.execute(dropTemp('ebb_stage_rows'));
    if (adapter.dialect === 'postgres') await adapter.execute(`create index on ${stage} (seq)`);
  }
  await startAcknowledgementLog(adapter, options);
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
