import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { num, type PreparedModel } from './diffSql.js';
import { startAcknowledgementLog } from './staged.js';
import {
  keepStateHash,
  keptStateHash,
  type StateHash,
  stateHashOf,
  stateHashSql,
} from './state.js';
import type { DiffPlan, PlanOptions } from './types.js';

/**
 * DuckDB: whether the model is exactly what state holds, the commonest scheduled run (nothing
 * changed since the last sync). Two narrow aggregates answer it, one over state's `(id, fp)` and
 * one over the model's ids and fingerprints: the row counts, the non-null ids and fingerprints,
 * and the sum of `hash(id, fingerprint)` over every row must all be equal. That costs about a
 * raw hashing scan of the model, where the general diff's full outer join with state costs 3-5×
 * as much (README.md).
 *
 * Any difference at all (a new, changed or deleted row, a null or duplicated id, a row in doubt,
 * whose fingerprint is null, or rows a capped run left pending) makes the sums or the counts
 * differ, and the general diff runs. Equal sums of different sets need two 64-bit hash sums to
 * collide: the fingerprint itself is already a 64-bit hash, so this adds no new kind of risk.
 *
 * `modelRows`: the model's row count when the model was read (the general diff counts its
 * unchanged rows from it).
 */
export async function modelEqualsState(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  stateRows: number,
): Promise<{ equal: boolean; modelRows?: number }> {
  if (adapter.dialect !== 'duckdb' || stateRows === 0) return { equal: false };
  const state = await stateHash(adapter, model, stateRows);
  if (state.fps !== BigInt(stateRows)) return { equal: false };
  const id = `m.${sqlDialect(adapter.dialect).ident(model.idColumn.name)}`;
  const [current] = await adapter.query(
    `select count(*) as n, count(${id}) as n_ids,
            coalesce(sum(hash(${id}, ${model.fingerprint.expression('m')})), 0)::varchar as h
       from (\n${model.query}\n) as m`,
  );
  return {
    equal:
      num(current?.n) === stateRows &&
      num(current?.n_ids) === stateRows &&
      BigInt(String(current?.h ?? '0')) === state.sum,
    modelRows: num(current?.n),
  };
}

/**
 * State's side of the check: the one kept in the meta row (state.ts, `StateHash`) when it is
 * known and counts state's rows, else computed from state and kept for the next plan (a plan
 * does not change state: nothing can move it in between).
 */
async function stateHash(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  stateRows: number,
): Promise<StateHash> {
  // `stateRows` is state's count(*) of this plan (DuckDB counts from its metadata).
  const kept = await keptStateHash(adapter, model.tables);
  if (kept && kept.rows === BigInt(stateRows)) return kept;
  const [row] = await adapter.query(stateHashSql(model.tables.state));
  const computed = stateHashOf(row);
  await keepStateHash(adapter, model.tables, computed);
  return computed;
}

/** The plan of a model equal to state: nothing staged (an empty staging table, a fresh log). */
export async function planNothing(
  adapter: WarehouseAdapter,
  options: PlanOptions,
  model: PreparedModel,
  started: number,
): Promise<DiffPlan> {
  const { stage, state } = model.tables;
  await adapter.execute(`drop table if exists ${stage}`);
  // The general path's columns and types: seq, op, id, id_json, fp, record.
  await adapter.execute(
    `create table ${stage} as
     select null::bigint as seq, 'new' as op, id, ''::varchar as id_json, fp, record
       from ${state} limit 0`,
  );
  await startAcknowledgementLog(adapter, options);
  return {
    new: 0,
    updated: 0,
    deleted: 0,
    rejected: 0,
    pending: 0,
    staged: 0,
    warehouseMs: Math.round(performance.now() - started),
    rejectedSamples: [],
  };
}
