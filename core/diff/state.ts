import { EbbError } from '../errors.js';
import { recordJsonSql } from '../values/jsonSql.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import { indexable, num, tableExists, type PreparedModel } from './diffSql.js';
import { stateTables, type SyncStateRef } from './stateTables.js';

export interface SyncMeta {
  fingerprintTag: string;
  idType: string;
  columns: string[];
}

export async function readMeta(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
): Promise<SyncMeta | undefined> {
  const tables = stateTables(ref, adapter.dialect);
  if (!(await tableExists(adapter, ref.stateSchema, 'ebb_sync_meta'))) return undefined;
  const [row] = await adapter.query(
    `select fingerprint_tag, id_type, columns_json from ${tables.meta}
      where state_table = ${sqlDialect(adapter.dialect).literal(tables.stateName)}`,
  );
  if (!row) return undefined;
  return {
    fingerprintTag: String(row.fingerprint_tag),
    idType: String(row.id_type),
    columns: JSON.parse(String(row.columns_json)) as string[],
  };
}

async function writeMeta(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  tag: string,
  stateRows: number | null,
) {
  const { meta, stateName } = model.tables;
  const { literal } = sqlDialect(adapter.dialect);
  await adapter.execute(`delete from ${meta} where state_table = ${literal(stateName)}`);
  await adapter.execute(
    `insert into ${meta} (state_table, fingerprint_tag, id_type, columns_json, state_rows, target) values (${literal(stateName)}, ${literal(tag)}, ${literal(model.idColumn.type)}, ${literal(JSON.stringify(model.columns.map((c) => c.name)))}, ${stateRows === null ? 'null' : Math.trunc(stateRows)}, ${model.target === undefined ? 'null' : literal(model.target)})`,
  );
}

/**
 * Whether the meta row keeps state's row count (PostgreSQL and MySQL, where count(*) over state reads the
 * whole table, about a quarter of a quiet diff; DuckDB counts from its metadata for free).
 * Kept by applyAcknowledged in the same transaction as state; null means unknown (counted again).
 */
export const keepsStateCount = (adapter: WarehouseAdapter) => adapter.dialect !== 'duckdb';

/**
 * Creates `ebb_sync_meta` when missing, and adds the columns a meta table made by an older Ebb
 * lacks (`state_rows`, `target`, DuckDB's `state_hash`).
 */
export async function ensureMetaTable(
  adapter: WarehouseAdapter,
  tables: ReturnType<typeof stateTables>,
) {
  const { meta } = tables;
  const { keyText, plainText, longText, bigint, primaryKey } = sqlDialect(adapter.dialect);
  // Only DuckDB keeps state's hash for its no-op check (StateHash, below).
  const hashColumn = keepsStateHash(adapter);
  await adapter.execute(
    `create table if not exists ${meta} (state_table ${keyText} not null, fingerprint_tag ${plainText} not null, id_type ${plainText} not null, columns_json ${longText} not null, state_rows ${bigint}, target ${plainText}${hashColumn ? `, state_hash ${plainText}` : ''}${primaryKey('state_table')})`,
  );
  const present = await adapter.query(
    `select column_name from information_schema.columns
      where table_schema = ${sqlDialect(adapter.dialect).literal(tables.schemaName)} and table_name = 'ebb_sync_meta'`,
  );
  // Snowflake names unquoted columns in upper case.
  const has = new Set(present.map((row) => String(row.column_name).toLowerCase()));
  for (const [column, type] of [
    ['state_rows', bigint],
    ['target', plainText],
    ...(hashColumn ? ([['state_hash', plainText]] as const) : []),
  ] as const) {
    if (!has.has(column)) await adapter.execute(`alter table ${meta} add column ${column} ${type}`);
  }
}

/**
 * Whether state describes another target than the sync's current one (another destination, or
 * another field mapping): then the destination does not hold what state says, and state must
 * start fresh. A meta row from before targets were kept adopts the current one.
 */
export async function stateTargetChanged(
  adapter: WarehouseAdapter,
  model: PreparedModel,
): Promise<boolean> {
  if (model.target === undefined) return false;
  const { meta, stateName, schemaName } = model.tables;
  if (!(await tableExists(adapter, schemaName, 'ebb_sync_meta'))) return false;
  const [row] = await adapter
    .query(
      `select target from ${meta} where state_table = ${sqlDialect(adapter.dialect).literal(stateName)}`,
    )
    .catch(() => []);
  if (!row || row.target === null || row.target === undefined) return false;
  return String(row.target) !== model.target;
}

/**
 * Makes sure the sync's state table exists and is fingerprinted like the current model.
 *
 * The fingerprint is the warehouse's fastest row hash (DuckDB `hash()`, PostgreSQL md5 of the
 * row text), which is only guaranteed stable within one warehouse version. So state carries a
 * tag (algorithm, warehouse version, column names and types). When the tag differs, state is
 * re-baselined instead of resent: each stored record (the JSON the destination acknowledged) is
 * compared with the model's current JSON, equal ones take the new fingerprint, others get none
 * and so come out as updated. That pass renders every row as JSON once; ordinary diffs never do.
 */
export async function ensureState(adapter: WarehouseAdapter, model: PreparedModel): Promise<void> {
  const { meta, state, stateName, schemaName } = model.tables;
  await ensureMetaTable(adapter, model.tables);
  const [row] = await adapter.query(
    `select fingerprint_tag, id_type, target from ${meta} where state_table = ${sqlDialect(adapter.dialect).literal(stateName)}`,
  );
  const exists = await tableExists(adapter, schemaName, stateName);
  const idType = model.idColumn.type;
  const key =
    adapter.dialect === 'postgres'
      ? ', primary key (id)'
      : adapter.dialect === 'mysql'
        ? `, index ${MYSQL_STATE_INDEX} (${mysqlStateKey(model)})`
        : '';
  const { setColumnType, allRows, transactionalDdl } = sqlDialect(adapter.dialect);
  if (exists && adapter.dialect === 'mysql') await ensureMysqlStateIndex(adapter, model);
  if (!exists) {
    await adapter.execute(
      `create table ${state} (id ${idType}, fp ${model.fingerprint.sqlType}, record ${sqlDialect(adapter.dialect).longText}${key})`,
    );
    await writeMeta(adapter, model, model.tag, 0);
    return;
  }
  if (row && String(row.fingerprint_tag) === model.tag) {
    if (model.target !== undefined && row.target !== model.target) {
      await adapter.execute(
        `update ${meta} set target = ${sqlDialect(adapter.dialect).literal(model.target)} where state_table = ${sqlDialect(adapter.dialect).literal(stateName)}`,
      );
    }
    return;
  }
  const convertIds = async () => {
    if (!row || String(row.id_type) === idType) return;
    try {
      await adapter.execute(setColumnType(state, 'id', idType));
    } catch (error) {
      throw new EbbError(
        'WAREHOUSE_ERROR',
        `The id column's type changed to ${idType} and the stored ids do not convert: reset the sync's state (the next run then sends every record as new). ${(error as Error).message}`,
      );
    }
  };
  // Where DDL cannot sit in a transaction (BigQuery refuses it, Snowflake commits before it), the
  // ids are converted first: should the rest fail, the tag is unchanged and the next run redoes
  // both (converting to the type they already have changes nothing).
  if (!transactionalDdl) await convertIds();
  await adapter.transaction(async () => {
    if (transactionalDdl) await convertIds();
    await adapter.execute(`update ${state} set fp = null ${allRows}`);
    const current = `(select m.${sqlDialect(adapter.dialect).ident(model.idColumn.name)} as id, ${model.fingerprint.expression('m')} as fp,
                      ${recordJsonSql(adapter.dialect, model.columns, 'm')} as record
                 from (\n${model.query}\n) as m) as r`;
    await adapter.execute(
      adapter.dialect === 'mysql'
        ? `update ${state} as s join ${current} on s.id = r.id and s.record = r.record set s.fp = r.fp`
        : `update ${state} as s set fp = r.fp from ${current} where s.id = r.id and s.record = r.record`,
    );
    await writeMeta(adapter, model, model.tag, null);
  });
}

const MYSQL_STATE_INDEX = 'ebb_id_fp';

/**
 * MySQL state's index: (id, fp), so the diff's lookup of each model row's id finds the
 * fingerprint in the index itself (half the CPU of an index on id that then reads the row,
 * whose record is wide; core/diff/README.md). Text ids are indexed by their first 191 characters, which cannot cover.
 */
const mysqlStateKey = (model: PreparedModel) => {
  const id = indexable(model.idColumn, 'id');
  return id === 'id' ? 'id, fp' : id;
};

/** A state table made by an older Ebb (an index on id alone) gets the (id, fp) index, once. */
async function ensureMysqlStateIndex(adapter: WarehouseAdapter, model: PreparedModel) {
  const { schemaName, stateName, state } = model.tables;
  const { literal } = sqlDialect(adapter.dialect);
  const [row] = await adapter.query(
    `select count(*) as n from information_schema.statistics
      where table_schema = ${literal(schemaName)} and table_name = ${literal(stateName)}
        and index_name = ${literal(MYSQL_STATE_INDEX)}`,
  );
  if (num(row?.n) > 0) return;
  await adapter.execute(
    `alter table ${state} add index ${MYSQL_STATE_INDEX} (${mysqlStateKey(model)})`,
  );
}

/**
 * Rows in state (0 when there is none yet): the count kept in the meta row when there is one,
 * else count(*), remembered in the meta row when `remember` (planDiff; previewDiff writes nothing).
 */
export async function stateRowCount(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  remember = false,
): Promise<number> {
  const { meta, state, stateName } = model.tables;
  if (keepsStateCount(adapter)) {
    // A meta table from before state_rows has no such column: count instead.
    const [kept] = await adapter
      .query(
        `select state_rows from ${meta} where state_table = ${sqlDialect(adapter.dialect).literal(stateName)}`,
      )
      .catch(() => []);
    if (kept && kept.state_rows !== null) return num(kept.state_rows);
  }
  const rows = await adapter.query(`select count(*) as n from ${state}`);
  const n = num(rows[0]?.n);
  if (remember && keepsStateCount(adapter)) {
    await adapter.execute(
      `update ${meta} set state_rows = ${n} where state_table = ${sqlDialect(adapter.dialect).literal(stateName)}`,
    );
  }
  return n;
}

/**
 * DuckDB: state's side of the no-op check (unchangedModel.ts), kept in the meta row's
 * `state_hash` so that a plan reads only the model: state's rows, its non-null fingerprints and
 * the sum of `hash(id, fp)` over every row. The sum is additive, so applyAcknowledged moves it
 * with state, in the same transaction (the rows of the ids it replaces out, the same ids' rows
 * after it in); every other change of state (a first sync renamed into state, rows in doubt, a
 * re-baseline, records unparked) forgets it in its own transaction, and a reset deletes the
 * meta row. Null means unknown: the next plan computes it from state and keeps it. A kept value
 * whose row count is not state's count(*) (state changed by something that did not move it) is
 * treated as unknown too.
 */
export interface StateHash {
  rows: bigint;
  fps: bigint;
  sum: bigint;
}

export const keepsStateHash = (adapter: WarehouseAdapter) => adapter.dialect === 'duckdb';

/** The state side's aggregate over `relation` (state, or its rows of some ids). */
export const stateHashSql = (relation: string) =>
  `select count(*) as n, count(fp) as n_fp, coalesce(sum(hash(id, fp)), 0)::varchar as h from ${relation}`;

export const stateHashOf = (row: Record<string, unknown> | undefined): StateHash => ({
  rows: BigInt(num(row?.n)),
  fps: BigInt(num(row?.n_fp)),
  sum: BigInt(String(row?.h ?? '0')),
});

const formatStateHash = (hash: StateHash) => `${hash.rows}:${hash.fps}:${hash.sum}`;

function parseStateHash(text: unknown): StateHash | undefined {
  const match = /^(\d+):(\d+):(-?\d+)$/.exec(String(text ?? ''));
  if (!match) return undefined;
  return { rows: BigInt(match[1]!), fps: BigInt(match[2]!), sum: BigInt(match[3]!) };
}

/** The kept state hash, or undefined when unknown (null, no meta row, no such column). */
export async function keptStateHash(
  adapter: WarehouseAdapter,
  tables: ReturnType<typeof stateTables>,
): Promise<StateHash | undefined> {
  const [row] = await adapter
    .query(
      `select state_hash from ${tables.meta} where state_table = ${sqlDialect(adapter.dialect).literal(tables.stateName)}`,
    )
    .catch(() => []);
  return parseStateHash(row?.state_hash);
}

/** Keeps `hash` (undefined: forgets it) in the meta row. */
export async function keepStateHash(
  adapter: WarehouseAdapter,
  tables: ReturnType<typeof stateTables>,
  hash: StateHash | undefined,
): Promise<void> {
  const { literal } = sqlDialect(adapter.dialect);
  await adapter.execute(
    `update ${tables.meta} set state_hash = ${hash ? literal(formatStateHash(hash)) : 'null'}
      where state_table = ${literal(tables.stateName)}`,
  );
}

/** Forgets the kept state hash (DuckDB), in the caller's transaction that changes state. */
export async function forgetStateHash(
  adapter: WarehouseAdapter,
  tables: ReturnType<typeof stateTables>,
): Promise<void> {
  if (keepsStateHash(adapter)) await keepStateHash(adapter, tables, undefined);
}
