import { createHash } from 'node:crypto';
import { EbbError } from '../errors.js';
import { MAX_COLUMN_JSON_BYTES, MAX_RECORD_JSON_BYTES } from '../models/limits.js';
import { concatSql } from '../values/concatSql.js';
import { recordJsonSql, valueJsonSql } from '../values/jsonSql.js';
import type { JsonValue } from '../values/valueType.js';
import { singleQuery } from '../warehouse/modelSql.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { QueryColumn, WarehouseAdapter } from '../warehouse/types.js';
import { stateTables } from './stateTables.js';
import type { DiffModel, RejectedSample } from './types.js';

export const num = (value: unknown): number => (value === null ? 0 : Number(value));

/** The model as the diff sees it: its columns, its id column and the current fingerprint. */
export interface PreparedModel {
  query: string;
  columns: QueryColumn[];
  idColumn: QueryColumn;
  fingerprint: { expression: (alias: string) => string; sqlType: string; tag: string };
  /** The fingerprint tag plus a hash of the column names and types: what state must match. */
  tag: string;
  /** What the destination holding state is (DiffModel.target). */
  target?: string;
  tables: ReturnType<typeof stateTables>;
}

/** The model as one query, its columns and its id column (ID_COLUMN_MISSING without one). */
export async function describeModel(
  adapter: WarehouseAdapter,
  model: { sql: string; idColumn: string },
): Promise<{ query: string; columns: QueryColumn[]; idColumn: QueryColumn }> {
  const query = singleQuery(model.sql);
  const columns = await adapter.describeQuery(query);
  const idColumn = columns.find((column) => column.name === model.idColumn);
  if (!idColumn) {
    throw new EbbError(
      'ID_COLUMN_MISSING',
      `The model has no column "${model.idColumn}" to use as the identifier.`,
    );
  }
  return { query, columns, idColumn };
}

export async function prepareModel(
  adapter: WarehouseAdapter,
  model: DiffModel,
): Promise<PreparedModel> {
  const { query, columns, idColumn } = await describeModel(adapter, model);
  const fingerprint = await adapter.fingerprint(columns);
  const shape = createHash('sha256')
    .update(JSON.stringify(columns.map((column) => [column.name, column.type])))
    .digest('hex')
    .slice(0, 16);
  return {
    query,
    columns,
    idColumn,
    fingerprint,
    tag: `${fingerprint.tag}|shape:${shape}`,
    target: model.target,
    tables: stateTables(model, adapter.dialect),
  };
}

export const byteLength = (adapter: WarehouseAdapter, expr: string) =>
  sqlDialect(adapter.dialect).byteLength(expr);

/**
 * Creates temp table `name` from `select`. `keys` (MySQL only) are the columns later statements
 * look rows up by: MariaDB joins by index, and without one falls back to a block nested loop
 * that reads the other table once per join buffer (the other warehouses hash-join instead).
 * Declared as the table is filled: an ALTER afterwards rebuilds it.
 */
export async function createTempTable(
  adapter: WarehouseAdapter,
  name: string,
  select: string,
  keys: readonly string[] = [],
) {
  const { createTemp, dropTemp } = sqlDialect(adapter.dialect);
  const replace = createTemp(name, select);
  if (replace) {
    await adapter.execute(replace);
    return;
  }
  const indexes =
    adapter.dialect === 'mysql' && keys.length > 0
      ? ` (${keys.map((key) => `index (${key})`).join(', ')})`
      : '';
  await adapter.execute(dropTemp(name));
  await adapter.execute(`create temporary table ${name}${indexes} as ${select}`);
}

export async function tableExists(adapter: WarehouseAdapter, schema: string, table: string) {
  if (adapter.tableExists) return adapter.tableExists(schema, table);
  const { literal } = sqlDialect(adapter.dialect);
  const rows = await adapter.query(
    `select count(*) as n from information_schema.tables
      where table_schema = ${literal(schema)} and table_name = ${literal(table)}`,
  );
  return num(rows[0]?.n) > 0;
}

const WORK_TABLES = [
  'ebb_model',
  'ebb_state_side',
  'ebb_no_state',
  'ebb_changes',
  'ebb_dups',
  'ebb_wanted',
  'ebb_records',
  'ebb_classified',
  'ebb_order',
  'ebb_stage_rows',
  'ebb_id_groups',
];

/** Frees the diff's temp tables (a first sync's records can be gigabytes of temp storage). */
export async function dropWorkTables(adapter: WarehouseAdapter): Promise<void> {
  for (const table of WORK_TABLES) {
    await adapter.execute(sqlDialect(adapter.dialect).dropTemp(table)).catch(() => undefined);
  }
}

/** More changed rows than this and the diff asks the warehouse for its bulk memory. */
export const BULK_CHANGED_ROWS = 1_000_000;

export async function isBulk(adapter: WarehouseAdapter): Promise<boolean> {
  const [row] = await adapter.query(
    `select count(*) as n from ebb_changes where changed and n_model > 0`,
  );
  return num(row?.n) > BULK_CHANGED_ROWS;
}

/**
 * Pass 1, temp table `ebb_changes`: the model's (id, fingerprint) full-outer-joined with state on
 * the id, aggregated so that every unchanged row falls into one bucket (only counted) and every
 * changed id gets one row with its counts. The join carries nothing but ids and fingerprints:
 * carrying the model's columns through a 10M-row join costs several times more than rendering
 * the few changed rows again in pass 2 (renderChanged).
 *
 * `compare`: 'fingerprint' normally; 'record' compares the rendered JSON with the stored one
 * (used when state was fingerprinted by another algorithm and cannot be rewritten).
 * `stateRows` (the relation's row count, when known): MySQL skips the state side when it is 0.
 * `modelRows` (the model's row count, when a read just before counted it): DuckDB counts the
 * unchanged rows from it.
 */
export async function buildChanges(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  stateRelation: string,
  compare: 'fingerprint' | 'record',
  stateRows?: number,
  modelRows?: number,
): Promise<void> {
  const byRecord = compare === 'record';
  const { distinct, ident } = sqlDialect(adapter.dialect);
  const changed = byRecord
    ? `(ebb__id is null or ebb__sid is null or ${distinct('ebb__rec', 'ebb__srec')})`
    : // A state row with no fingerprint (re-baselined, or in doubt) and no model row is a delete:
      // `null is distinct from null` alone would hide it.
      `(ebb__id is null or ebb__sid is null or ${distinct('ebb__fp', 'ebb__sfp')})`;
  const oneRead = readsOnce(adapter);
  // One read (PostgreSQL): the model's columns ride through the join and the changed rows are
  // rendered as JSON right there (a CASE renders nothing for unchanged rows).
  const carried = oneRead
    ? model.columns.map((column, i) => `, m.${ident(column.name)} as ebb__c${i}`).join('')
    : '';
  // PostgreSQL inlines these CTEs, copying a column's expression into each use: a guard here
  // put a copy of ebb__changed, and so of the fingerprint's whole-row expression over every
  // column, into each column's JSON, which the record and big_col aggregates each use again
  // (planning grew with columns squared: 5.7-8 s for a 3-row model of 512 columns). Those
  // aggregates' own CASE already renders changed rows only, so PostgreSQL goes unguarded.
  const guard = adapter.dialect === 'postgres' ? '' : 'ebb__changed and ebb__id is not null';
  const rendered = oneRead
    ? model.columns
        .map((column, i) => {
          const json = valueJsonSql(adapter.dialect, `k.ebb__c${i}`, column.valueType);
          return `, ${guard ? `case when ${guard} then ${json} end` : json} as ebb__j${i}`;
        })
        .join('')
    : '';
  const renderedAggregates = oneRead
    ? `,
            min(case when ebb__changed then ebb__fp end) as fp,
            min(case when ebb__changed and ebb__id is not null then ${recordFromParts(adapter, model)} end) as record,
            min(case when ebb__changed and ebb__id is not null then ${bigColumnFromParts(adapter, model)} end) as big_col`
    : '';
  const aggregate = (source: string) =>
    `select case when ebb__changed then coalesce(ebb__id, ebb__sid) end as ebb_key,
            ebb__changed as changed,
            (ebb__id is null and ebb__sid is null) as null_id,
            count(ebb__fp) as n_model,
            count(ebb__sid) as n_state,
            count(case when ebb__fp is not null and ebb__sid is not null then 1 end) as n_both${renderedAggregates}
       from ${source}
      group by 1, 2, 3`;
  const modelColumns = `m.${ident(model.idColumn.name)} as ebb__id, ${model.fingerprint.expression('m')} as ebb__fp${byRecord ? `, ${recordJsonSql(adapter.dialect, model.columns, 'm')} as ebb__rec` : ''}`;
  const stateColumns = `s.id as ebb__sid, s.fp as ebb__sfp${byRecord ? ', s.record as ebb__srec' : ''}`;
  if (adapter.dialect === 'mysql') {
    await buildChangesMysql(adapter, model, stateRelation, stateRows, {
      modelColumns,
      stateColumns,
      // Compared as bytes: the model's fingerprint (the connection's character set) and state's
      // (ascii) cannot be compared as text in one statement, and a record's text is its bytes.
      changed: `(ebb__id is null or ebb__sid is null or ${distinct(`cast(${byRecord ? 'ebb__rec' : 'ebb__fp'} as binary)`, `cast(${byRecord ? 'ebb__srec' : 'ebb__sfp'} as binary)`)})`,
    });
    return;
  }
  // DuckDB groups only the join's changed rows, and adds the unchanged bucket after
  // (addUnchangedBucket): nearly all of a 10M-row model's rows skip the hash aggregate.
  const onlyChanged = adapter.dialect === 'duckdb';
  await createTempTable(
    adapter,
    'ebb_changes',
    `with m as (
       select ${modelColumns}${carried} from (\n${model.query}\n) as m
     ), j as (
       select m.*, ${stateColumns}
         from m full outer join ${stateRelation} as s on m.ebb__id = s.id
     ), k as (
       select j.*, ${onlyChanged ? `true as ebb__changed from j where ${changed}` : `${changed} as ebb__changed from j`}
     ), r as (
       select k.*${rendered} from k
     )
     ${aggregate('r')}`,
  );
  if (onlyChanged) await addUnchangedBucket(adapter, model, modelRows);
}

/**
 * DuckDB: the unchanged rows' bucket (`changed` false) of ebb_changes, added with its count
 * after only the changed rows were grouped. Every model row is in exactly one row of the join
 * (state has one row per id), so the unchanged rows are the model's rows less the changed
 * groups' model rows, and each has a state row (`n_both`), which is what findDuplicates compares
 * with state's row count to find a duplicate hiding behind an unchanged row. Like pass 2, this
 * relies on the model reading the same rows twice.
 */
async function addUnchangedBucket(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  modelRows: number | undefined,
): Promise<void> {
  const rows =
    modelRows ??
    num((await adapter.query(`select count(*) as n from (\n${model.query}\n) as m`))[0]?.n);
  await adapter.execute(
    `insert into ebb_changes (ebb_key, changed, null_id, n_model, n_state, n_both)
     select null, false, false, u, u, u
       from (select ${rows} - coalesce(sum(n_model), 0) as u from ebb_changes) as t
      where u > 0`,
  );
}

/**
 * MySQL has no FULL OUTER JOIN, and MariaDB joins by index (its hash join costs it as much per
 * row as a lookup, core/diff/README.md), so the diff is two passes of lookups:
 *
 * 1. each model row's id is looked up in state's (id, fp) index (the stored fingerprint comes from
 *    the index itself, never from the wide row with its `record`); only the changed rows are
 *    kept, grouped per id, into `ebb_changes`: nothing is written for an unchanged row;
 * 2. each state id is looked up among the model's ids (`ebb_state_side`: the ids no model row has,
 *    which are deletes, and the ids more than one model row has, which are duplicates even when
 *    every copy is unchanged).
 */
async function buildChangesMysql(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  stateRelation: string,
  stateRows: number | undefined,
  sql: { modelColumns: string; stateColumns: string; changed: string },
) {
  const { ident } = sqlDialect(adapter.dialect);
  // Only the WHERE reads the fingerprint, so MariaDB computes it once per row (a second
  // reference in a merged query computes it again).
  await createTempTable(
    adapter,
    'ebb_changes',
    `select ebb__id as ebb_key, true as changed, (ebb__id is null) as null_id,
            count(*) as n_model, count(ebb__sid) as n_state, count(ebb__sid) as n_both
       from (select ${sql.modelColumns}, ${sql.stateColumns}
               from (\n${model.query}\n) as m
               left join ${stateRelation} as s on s.id = m.${ident(model.idColumn.name)}) as j
      where ${sql.changed}
      group by 1, 2, 3`,
  );
  if (stateRows === 0) return;
  await createTempTable(
    adapter,
    'ebb_state_side',
    stateSideSql(stateRelation, await modelIdsForLookup(adapter, model, stateRelation)),
  );
  // State ids no model row has: deleted (and ids in doubt the model no longer has).
  await adapter.execute(
    `insert into ebb_changes (ebb_key, changed, null_id, n_model, n_state, n_both)
     select ebb_key, true, false, 0, n_join, 0 from ebb_state_side where n_model = 0`,
  );
  // State ids several model rows have: duplicates, with every copy counted (a copy that did not
  // change is not in ebb_changes yet), so findDuplicates finds them all in ebb_changes.
  const [dups] = await adapter.query(`select count(*) as n from ebb_state_side where n_model > 1`);
  if (num(dups?.n) === 0) return;
  await adapter.execute(
    `update ebb_state_side as d join ebb_changes as c on c.ebb_key = d.ebb_key and not c.null_id
        set c.n_model = d.n_model, c.n_state = d.n_model, c.n_both = d.n_model, d.n_join = 0
      where d.n_model > 1`,
  );
  await adapter.execute(
    `insert into ebb_changes (ebb_key, changed, null_id, n_model, n_state, n_both)
     select ebb_key, true, false, n_model, n_model, n_model from ebb_state_side
      where n_model > 1 and n_join > 0`,
  );
}

/** Per state id that does not have exactly one model row: its state rows and model rows. */
const stateSideSql = (stateRelation: string, modelIds: string) =>
  `select ebb_s.id as ebb_key, count(*) as n_join, count(m.ebb__id) as n_model
     from ${stateRelation} as ebb_s left join ${modelIds} as m on m.ebb__id = ebb_s.id
    group by ebb_s.id
   having count(m.ebb__id) <> 1`;

/**
 * The model's ids as the state side looks them up: the model itself when MariaDB answers each
 * lookup from an index of the model's own tables (a table keyed on the id, joined by keys), else
 * temp table `ebb_model` (the ids, indexed as it is filled). A model MariaDB would materialize
 * (grouped, limited, a union) is looked up far slower through its derived table's own key.
 */
async function modelIdsForLookup(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  stateRelation: string,
): Promise<string> {
  const id = `m.${sqlDialect(adapter.dialect).ident(model.idColumn.name)}`;
  const direct = `(select ${id} as ebb__id from (\n${model.query}\n) as m)`;
  const plan = await adapter
    .query(`explain ${stateSideSql(stateRelation, direct)}`)
    .catch(() => []);
  const byIndex =
    plan.length > 1 &&
    plan.every(
      (row) =>
        String(row.select_type) === 'SIMPLE' &&
        (row.table === 'ebb_s' ||
          (['eq_ref', 'ref'].includes(String(row.type)) &&
            !/join buffer/i.test(String(row.Extra ?? '')))),
    );
  if (byIndex) return direct;
  await createTempTable(
    adapter,
    'ebb_model',
    `select ${id} as ebb__id from (\n${model.query}\n) as m`,
    [indexable(model.idColumn, 'ebb__id')],
  );
  return 'ebb_model';
}

/** An index over a column of the model's id type (MySQL indexes long text by its first 191). */
export const indexable = (idColumn: QueryColumn, name: string) =>
  /text|blob/i.test(idColumn.type) ? `${name}(191)` : name;

/**
 * Whether the diff reads the model once, carrying its columns through the join (PostgreSQL:
 * about half the time of two reads), or twice (DuckDB: carrying the columns through a 10M-row
 * join spills under its memory limit and costs more than reading the few changed rows again).
 * Snowflake and BigQuery bill each read of the model (credits, bytes scanned): once.
 */
export const readsOnce = (adapter: WarehouseAdapter) =>
  adapter.dialect === 'postgres' || billsPerRead(adapter);

/** Warehouses that bill every read of the model (Snowflake in credits, BigQuery in bytes). */
export const billsPerRead = (adapter: WarehouseAdapter) =>
  adapter.dialect === 'snowflake' || adapter.dialect === 'bigquery';

/** The record JSON assembled from per-column JSON `ebb__j<i>`. */
export function recordFromParts(adapter: WarehouseAdapter, model: PreparedModel): string {
  const { literal } = sqlDialect(adapter.dialect);
  if (model.columns.length === 0) return `'{}'`;
  const parts = model.columns.flatMap((column, i) => [
    literal(`${i === 0 ? '{' : ','}${JSON.stringify(column.name)}:`),
    `coalesce(ebb__j${i}, 'null')`,
  ]);
  return concatSql(adapter.dialect, [...parts, `'}'`]);
}

/** `["column", bytes]` for the first column whose JSON `ebb__j<i>` is over the column limit. */
export function bigColumnFromParts(adapter: WarehouseAdapter, model: PreparedModel): string {
  const len = (expr: string) => byteLength(adapter, expr);
  const { literal, text } = sqlDialect(adapter.dialect);
  return model.columns.length
    ? `case ${model.columns
        .map(
          (column, i) =>
            `when ${len(`ebb__j${i}`)} > ${MAX_COLUMN_JSON_BYTES} then ${literal(`[${JSON.stringify(column.name)},`)} || ${text(len(`ebb__j${i}`))} || ']'`,
        )
        .join(' ')} end`
    : 'null';
}

/**
 * Pass 2, temp table `ebb_records`: the changed rows that may be sent (one model row, not a
 * duplicate) rendered as JSON, with their fingerprint (from this same read, so fingerprint and
 * record always describe the same row) and their size checks.
 */
export async function renderChanged(adapter: WarehouseAdapter, model: PreparedModel) {
  const len = (expr: string) => byteLength(adapter, expr);
  const wanted = `c.changed and not c.null_id and c.n_model = 1
        and not exists (select 1 from ebb_dups d where d.ebb_key = c.ebb_key)`;
  const key = [indexable(model.idColumn, 'ebb_key')];
  if (readsOnce(adapter)) {
    // Rendered by buildChanges in the same read as the fingerprint.
    await createTempTable(
      adapter,
      'ebb_records',
      `select c.ebb_key, c.fp, c.record, ${len('c.record')} as rec_bytes, c.big_col
         from ebb_changes c
        where ${wanted}`,
    );
    return;
  }
  await createTempTable(
    adapter,
    'ebb_wanted',
    `select c.ebb_key from ebb_changes c where ${wanted}`,
    key,
  );
  const { ident } = sqlDialect(adapter.dialect);
  const perColumn = model.columns.map(
    (column, i) =>
      `${valueJsonSql(adapter.dialect, `m.${ident(column.name)}`, column.valueType)} as ebb__j${i}`,
  );
  const id = `m.${ident(model.idColumn.name)}`;
  await createTempTable(
    adapter,
    'ebb_records',
    `with k0 as (
       select ${id} as ebb__id, ${model.fingerprint.expression('m')} as ebb__fp${perColumn.map((c) => `, ${c}`).join('')}
         from (\n${model.query}\n) as m
        where ${id} in (select ebb_key from ebb_wanted)
     ), k1 as (
       select k0.*, ${recordFromParts(adapter, model)} as ebb__rec from k0
     )
     select ebb__id as ebb_key, ebb__fp as fp, ebb__rec as record, ${len('ebb__rec')} as rec_bytes,
            ${bigColumnFromParts(adapter, model)} as big_col
       from k1`,
    key,
  );
}

/**
 * Finds duplicated ids into temp table `ebb_dups` (ebb_key, n). Duplicates among changed rows are in
 * `ebb_changes` already; a duplicate hiding behind an unchanged row shows up as more matched rows
 * than matched state ids, and only then is the model grouped by id (the slow, rare path).
 */
export async function findDuplicates(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  stateRows: number,
): Promise<void> {
  const [row] = await adapter.query(
    `select coalesce(sum(case when not changed then n_both else 0 end), 0)
          + coalesce(sum(case when changed and not null_id and n_both > 0 then 1 else 0 end), 0) as matched,
            coalesce(sum(case when changed and n_model = 0 then 1 else 0 end), 0) as state_only
       from ebb_changes`,
  );
  const hidden = num(row?.matched) > stateRows - num(row?.state_only);
  const id = `m.${sqlDialect(adapter.dialect).ident(model.idColumn.name)}`;
  await createTempTable(
    adapter,
    'ebb_dups',
    hidden
      ? `select ${id} as ebb_key, count(*) as n from (\n${model.query}\n) as m where ${id} is not null group by 1 having count(*) > 1`
      : `select ebb_key, n_model as n from ebb_changes where changed and not null_id and n_model > 1`,
    [indexable(model.idColumn, 'ebb_key')],
  );
}

/**
 * Temp table `ebb_classified`: each changed id with its class (new/updated/deleted/oversize);
 * records stay in `ebb_records` so a first sync of millions copies them once, into staging.
 */
export async function classify(adapter: WarehouseAdapter): Promise<void> {
  await createTempTable(
    adapter,
    'ebb_classified',
    `select c.ebb_key, r.rec_bytes, r.big_col,
            case when c.n_model = 0 then 'deleted'
                 when r.rec_bytes > ${MAX_RECORD_JSON_BYTES} or r.big_col is not null then 'oversize'
                 when c.n_state = 0 then 'new'
                 else 'updated' end as op
       from ebb_changes c
       left join ebb_records r on r.ebb_key = c.ebb_key
      where c.changed and not c.null_id
        and (c.n_model = 0 or r.ebb_key is not null)
        and not exists (select 1 from ebb_dups d where d.ebb_key = c.ebb_key)`,
  );
}

export interface ClassCounts {
  new: number;
  updated: number;
  deleted: number;
  rejected: number;
}

/** Counts per class, and up to `sampleLimit` rejected samples with their reasons. */
export async function countsAndRejections(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  sampleLimit: number,
): Promise<{ counts: ClassCounts; samples: RejectedSample[] }> {
  const [row] = await adapter.query(
    `select (select count(*) from ebb_classified where op = 'new') as n_new,
            (select count(*) from ebb_classified where op = 'updated') as n_updated,
            (select count(*) from ebb_classified where op = 'deleted') as n_deleted,
            (select count(*) from ebb_classified where op = 'oversize') as n_oversize,
            (select coalesce(sum(n_model), 0) from ebb_changes where null_id) as n_null,
            (select coalesce(sum(n), 0) from ebb_dups) as n_dup`,
  );
  const samples = await rejectedSamples(
    adapter,
    model,
    num(row?.n_null),
    `select ebb_key, rec_bytes, big_col from ebb_classified where op = 'oversize'`,
    sampleLimit,
  );
  return {
    counts: {
      new: num(row?.n_new),
      updated: num(row?.n_updated),
      deleted: num(row?.n_deleted),
      rejected: num(row?.n_null) + num(row?.n_dup) + num(row?.n_oversize),
    },
    samples: samples.slice(0, sampleLimit),
  };
}

/**
 * Up to `sampleLimit` rejected samples with their reasons: the null ids (`nNull` rows), the
 * duplicated ids of temp table `ebb_dups`, and the rows of `oversize` (key, rec_bytes, big_col).
 */
export async function rejectedSamples(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  nNull: number,
  oversizeSql: string | undefined,
  sampleLimit: number,
): Promise<RejectedSample[]> {
  const idJson = (expr: string) => valueJsonSql(adapter.dialect, expr, model.idColumn.valueType);
  const samples: RejectedSample[] = [];
  if (nNull > 0) {
    samples.push({ id: null, reason: `${nNull} rows have a null id` });
  }
  const dups = await adapter.query(
    `select ${idJson('ebb_key')} as id, n from ebb_dups order by ebb_key limit ${sampleLimit}`,
  );
  for (const dup of dups) {
    samples.push({
      id: JSON.parse(String(dup.id)) as JsonValue,
      reason: `duplicate id: ${num(dup.n)} rows share it; all are rejected`,
    });
  }
  const oversize = oversizeSql
    ? await adapter.query(
        `select ${idJson('ebb_key')} as id, rec_bytes, big_col from (${oversizeSql}) as o
          order by ebb_key limit ${sampleLimit}`,
      )
    : [];
  for (const big of oversize) {
    const column = big.big_col ? (JSON.parse(String(big.big_col)) as [string, number]) : null;
    samples.push({
      id: JSON.parse(String(big.id)) as JsonValue,
      reason: column
        ? `column "${column[0]}" is ${column[1]} bytes as JSON; the limit is ${MAX_COLUMN_JSON_BYTES}`
        : `record is ${num(big.rec_bytes)} bytes as JSON; the limit is ${MAX_RECORD_JSON_BYTES}`,
    });
  }
  return samples.slice(0, sampleLimit);
}
