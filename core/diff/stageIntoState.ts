import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { num } from './diffSql.js';
import type { stateTables } from './stateTables.js';

type Tables = ReturnType<typeof stateTables>;

/**
 * DuckDB, a first sync acknowledged whole: state is empty and the acknowledged ranges cover
 * every staged change (all new), so state becomes the staging table itself, renamed, instead of
 * a copy of every record (about 1 s a million rows, README.md). What stays under the staging
 * table's name is its `seq, op, id` only: the run log (core/ops/runLogWriter.ts) joins its
 * outcome ranges with them after the commit, and a table without `record` reads as a plan
 * already in state (`isCommittedStage`), so applying the same acknowledgements again after a
 * crash changes nothing. One transaction with the acknowledgement log's reset.
 *
 * Answers false (nothing done) anywhere else: the general copy then runs.
 */
export async function stageBecomesState(
  adapter: WarehouseAdapter,
  tables: Tables,
  ranges: readonly [number, number][],
): Promise<boolean> {
  if (adapter.dialect !== 'duckdb' || ranges.length !== 1 || ranges[0]![0] !== 1) return false;
  const { stage, state, ack, stateName } = tables;
  const [counts] = await adapter.query(
    `select (select count(*) from ${state}) as state_rows,
            (select count(*) from ${stage} where seq is not null) as staged,
            (select count(*) from ${stage} where seq is null or op <> 'new') as other,
            (select coalesce(max(seq), 0) from ${stage}) as last`,
  );
  const staged = num(counts?.staged);
  const covered =
    num(counts?.state_rows) === 0 &&
    num(counts?.other) === 0 &&
    staged > 0 &&
    num(counts?.last) === staged &&
    ranges[0]![1] >= staged;
  if (!covered) return false;
  const { ident, allRows } = sqlDialect(adapter.dialect);
  await adapter.transaction(async () => {
    await adapter.execute(`drop table ${state}`);
    await adapter.execute(`alter table ${stage} rename to ${ident(stateName)}`);
    await adapter.execute(`create table ${stage} as select seq, op, id from ${state}`);
    for (const column of ['seq', 'op', 'id_json']) {
      await adapter.execute(`alter table ${state} drop column ${column}`);
    }
    await adapter.execute(`delete from ${ack} ${allRows}`);
  });
  return true;
}

/** Whether staging is what stageBecomesState left: its changes are in state already. */
export async function isCommittedStage(
  adapter: WarehouseAdapter,
  tables: Tables,
): Promise<boolean> {
  if (adapter.dialect !== 'duckdb') return false;
  const { literal } = sqlDialect(adapter.dialect);
  const [row] = await adapter.query(
    `select count(*) as n from information_schema.columns
      where table_schema = ${literal(tables.schemaName)}
        and table_name = ${literal(tables.stageName)} and column_name = 'record'`,
  );
  return num(row?.n) === 0;
}
