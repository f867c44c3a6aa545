import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { num } from './diffSql.js';
import { ensureMetaTable, forgetStateHash } from './state.js';
import type { stateTables } from './stateTables.js';

type Tables = ReturnType<typeof stateTables>;

/**
 * DuckDB and PostgreSQL, a first sync acknowledged whole: state is empty and the acknowledged
 * ranges cover every staged change (all new), so state becomes the staging table itself,
 * renamed, instead of a copy of every record (DuckDB about 1 s a million rows, PostgreSQL ~5 s of
 * the server's CPU with state's key: README.md). What stays under the staging table's name is
 * its `seq, op, id` only: the run log (core/ops/runLogWriter.ts) joins its outcome ranges with
 * them after the commit, and a table without `record` reads as a plan already in state
 * (`isCommittedStage`), so applying the same acknowledgements again after a crash changes
 * nothing. One transaction with the acknowledgement log's reset (PostgreSQL's DDL is
 * transactional: a crash leaves the old staging and the empty state, or the new state whole).
 *
 * `keepStagedIds` false (a run not logged to the warehouse): the narrow table is left empty, as
 * nothing will join with it (1M rows: 0.13-0.15 s; 10M: 2.1 s).
 *
 * Answers false (nothing done) anywhere else: the general copy then runs.
 */
export async function stageBecomesState(
  adapter: WarehouseAdapter,
  tables: Tables,
  ranges: readonly [number, number][],
  keepStagedIds = true,
): Promise<boolean> {
  if (!renames(adapter) || ranges.length !== 1 || ranges[0]![0] !== 1) return false;
  const { stage, state, ack, stateName } = tables;
  // One scan of staging (three subqueries were three).
  const [counts] = await adapter.query(
    `select (select count(*) from ${state}) as state_rows, count(seq) as staged,
            coalesce(sum(case when seq is null or op <> 'new' then 1 else 0 end), 0) as other,
            coalesce(max(seq), 0) as last
       from ${stage}`,
  );
  const staged = num(counts?.staged);
  const covered =
    num(counts?.state_rows) === 0 &&
    num(counts?.other) === 0 &&
    staged > 0 &&
    num(counts?.last) === staged &&
    ranges[0]![1] >= staged;
  if (!covered) return false;
  const stagedIds = `create table ${stage} as select seq, op, id from ${state}${keepStagedIds ? '' : ' limit 0'}`;
  if (adapter.dialect === 'postgres')
    return postgresStageBecomesState(adapter, tables, staged, stagedIds);
  const { ident, allRows } = sqlDialect(adapter.dialect);
  await ensureMetaTable(adapter, tables);
  await adapter.transaction(async () => {
    // State is now staging's rows: DuckDB's kept state hash is unknown until the next plan.
    await forgetStateHash(adapter, tables);
    await adapter.execute(`drop table ${state}`);
    await adapter.execute(`alter table ${stage} rename to ${ident(stateName)}`);
    await adapter.execute(stagedIds);
    for (const column of ['seq', 'op', 'id_json']) {
      await adapter.execute(`alter table ${state} drop column ${column}`);
    }
    await adapter.execute(`delete from ${ack} ${allRows}`);
  });
  return true;
}

const renames = (adapter: WarehouseAdapter) =>
  adapter.dialect === 'duckdb' || adapter.dialect === 'postgres';

/**
 * PostgreSQL: as DuckDB, plus what state and staging carry there: state's primary key on id
 * (built once from the ids, already in order, instead of maintained row by row), staging's index
 * on seq (the run log looks its ranges up in it) and state's row count in the meta row. The
 * dropped columns cost nothing now (PostgreSQL only marks them dropped; their bytes stay in each
 * row until it is rewritten). Only when staging's id, fp and record have state's types, else the
 * copy runs (a state made by another model's types would otherwise change type here).
 */
async function postgresStageBecomesState(
  adapter: WarehouseAdapter,
  tables: Tables,
  staged: number,
  stagedIds: string,
): Promise<boolean> {
  const { stage, state, ack, meta, stateName, stageName, schemaName } = tables;
  const { ident, literal } = sqlDialect(adapter.dialect);
  const types = await adapter.query(
    `select c.relname as tbl, a.attname as col, format_type(a.atttypid, a.atttypmod) as type
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${literal(schemaName)}
        and c.relname in (${literal(stateName)}, ${literal(stageName)})
        and a.attname in ('id', 'fp', 'record') and a.attnum > 0 and not a.attisdropped`,
  );
  const typeOf = (table: string, column: string) =>
    types.find((t) => t.tbl === table && t.col === column)?.type;
  const same = ['id', 'fp', 'record'].every(
    (column) =>
      typeOf(stateName, column) !== undefined &&
      typeOf(stateName, column) === typeOf(stageName, column),
  );
  if (!same) return false;
  await ensureMetaTable(adapter, tables);
  await adapter.transaction(async () => {
    await adapter.execute(`drop table ${state}`);
    await adapter.execute(`alter table ${stage} rename to ${ident(stateName)}`);
    await adapter.execute(stagedIds);
    // Dropping seq drops the index on it too; staging's own is built after, under its name.
    await adapter.execute(
      `alter table ${state} drop column seq, drop column op, drop column id_json`,
    );
    await adapter.execute(`create index on ${stage} (seq)`);
    await adapter.execute(`alter table ${state} add primary key (id)`);
    await adapter.execute(
      `update ${meta} set state_rows = ${Math.trunc(staged)} where state_table = ${literal(stateName)}`,
    );
    await adapter.execute(`delete from ${ack}`);
  });
  return true;
}

/** Whether staging is what stageBecomesState left: its changes are in state already. */
export async function isCommittedStage(
  adapter: WarehouseAdapter,
  tables: Tables,
): Promise<boolean> {
  if (!renames(adapter)) return false;
  const { literal } = sqlDialect(adapter.dialect);
  const [row] = await adapter.query(
    `select count(*) as n from information_schema.columns
      where table_schema = ${literal(tables.schemaName)}
        and table_name = ${literal(tables.stageName)} and column_name = 'record'`,
  );
  return num(row?.n) === 0;
}
