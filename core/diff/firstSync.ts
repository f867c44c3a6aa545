import { MAX_RECORD_JSON_BYTES } from '../models/limits.js';
import { valueJsonSql } from '../values/jsonSql.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import {
  BULK_CHANGED_ROWS,
  bigColumnFromParts,
  billsPerRead,
  byteLength,
  createTempTable,
  indexable,
  num,
  type PreparedModel,
  recordFromParts,
  rejectedSamples,
} from './diffSql.js';
import { startAcknowledgementLog } from './staged.js';
import { stagedIdJsonWrite } from './stagedIdJson.js';
import type { DiffPlan, PlanOptions, RejectedSample } from './types.js';

const REJECTED_SAMPLES = 20;

/**
 * Whether a plan may take the first-sync path: state is empty (no row at all, so no id in
 * doubt either) and the sync sends new records. `options.firstSyncPath === 'general'` turns it
 * off (the conformance suite runs every test both ways). Not where each read of the model is
 * billed: the path reads it two or three times, the general diff once.
 */
export const takesFirstSyncPath = (
  adapter: WarehouseAdapter,
  options: PlanOptions,
  stateRows: number,
) =>
  stateRows === 0 &&
  !billsPerRead(adapter) &&
  options.firstSyncPath !== 'general' &&
  (options.modeOps ?? ['new']).includes('new');

/**
 * The plan of a first sync: with state empty every model row with a usable id is new, so the
 * general diff's join with state, its aggregate, the classification and the separate numbering
 * and sorting passes (profiled in README.md) have nothing to find. Instead:
 *
 * 1. one narrow pass over the model's ids: elsewhere the row count, the null ids and the
 *    duplicated ids; on DuckDB only the row and null counts (duplicated ids are found in staging,
 *    where they are neighbours once in id order, instead of by a hash aggregate of every id);
 * 2. one pass rendering each usable row's JSON and fingerprint, numbered in id order and written
 *    straight into the staging table (same columns as the general path, so delivery, in-doubt
 *    marking and commits work unchanged).
 *
 * Answers undefined (nothing written) when the usable rows exceed the record cap: the general
 * path then stages the first `maxRecords` in id order.
 */
export async function planFirstSync(
  adapter: WarehouseAdapter,
  options: PlanOptions,
  model: PreparedModel,
  started: number,
): Promise<DiffPlan | undefined> {
  if (adapter.dialect !== 'duckdb') return plan(adapter, options, model, started);
  // DuckDB passes the model's rows through as they come (only sortById, rarely, takes bulk
  // memory): less memory than everyday work, and a 10M-row first sync's peak RSS came from the
  // memory limit (README.md, profile).
  await adapter.setWorkMemory?.('stream');
  try {
    return await plan(adapter, options, model, started);
  } finally {
    await adapter.setWorkMemory?.('normal');
  }
}

async function plan(
  adapter: WarehouseAdapter,
  options: PlanOptions,
  model: PreparedModel,
  started: number,
): Promise<DiffPlan | undefined> {
  // DuckDB and PostgreSQL count rows and null ids only; duplicated ids show in staging.
  const counts =
    adapter.dialect === 'duckdb' || adapter.dialect === 'postgres'
      ? await idCounts(adapter, model)
      : undefined;
  // Only the id pass tells whether rows over the cap are all usable (rare): it runs then.
  const dupsInStaging = counts !== undefined && counts.nRows - counts.nNull <= options.maxRecords;
  let { nRows, nNull, nDup } = dupsInStaging
    ? { ...counts, nDup: 0 }
    : await idGroups(adapter, model);
  // Without the id pass, an upper bound: duplicated ids are not yet known.
  let candidates = nRows - nNull - nDup;
  if (candidates > options.maxRecords) return undefined;

  // The window's sort (not DuckDB's, above) takes bulk memory.
  const bulk = candidates > BULK_CHANGED_ROWS && adapter.dialect !== 'duckdb';
  if (bulk) await adapter.setWorkMemory?.('bulk');
  try {
    const { stage } = model.tables;
    await adapter.execute(`drop table if exists ${stage}`);
    let result: { staged: number; samples: RejectedSample[] } | undefined;
    if (adapter.dialect === 'duckdb') {
      const rendered = renderedRows(adapter, model, nDup > 0);
      result = await stageSorted(adapter, model, rendered, nNull, dupsInStaging);
    } else if (dupsInStaging) {
      result = await stageByScan(adapter, model, nNull, candidates);
      if (!result) {
        // Some id is duplicated (rare): the id pass, then the window, as elsewhere.
        ({ nRows, nNull, nDup } = await idGroups(adapter, model));
        candidates = nRows - nNull - nDup;
      }
    }
    result ??= await stageByWindow(
      adapter,
      model,
      renderedRows(adapter, model, nDup > 0),
      nNull,
      candidates,
    );
    const { staged, samples } = result;
    await startAcknowledgementLog(adapter, options);
    return {
      new: staged,
      updated: 0,
      deleted: 0,
      // Every model row not staged: a null id, a duplicated id or an oversize record.
      rejected: nRows - staged,
      pending: 0,
      staged,
      warehouseMs: Math.round(performance.now() - started),
      rejectedSamples: samples,
      // DuckDB numbers staging by its row order (stageSorted).
      ...(adapter.dialect === 'duckdb' ? { stagedInScanOrder: true } : {}),
    };
  } finally {
    if (bulk) await adapter.setWorkMemory?.('normal');
  }
}

/** The model's rows and null ids, counted in one scan of its id column (no aggregate per id). */
async function idCounts(adapter: WarehouseAdapter, model: PreparedModel) {
  const id = `m.${sqlDialect(adapter.dialect).ident(model.idColumn.name)}`;
  const [row] = await adapter.query(
    `select count(*) as n_rows, count(${id}) as n_ids from (\n${model.query}\n) as m`,
  );
  return { nRows: num(row?.n_rows), nNull: num(row?.n_rows) - num(row?.n_ids) };
}

/**
 * The id pass: null and duplicated ids by a hash aggregate over every id (`ebb_id_groups`), the
 * duplicated ones into `ebb_dups` (which the rendering's anti-join and the samples read).
 */
async function idGroups(adapter: WarehouseAdapter, model: PreparedModel) {
  const id = `m.${sqlDialect(adapter.dialect).ident(model.idColumn.name)}`;
  await createTempTable(
    adapter,
    'ebb_id_groups',
    `select ${id} as ebb_key, count(*) as n from (\n${model.query}\n) as m
      group by 1 having count(*) > 1 or ${id} is null`,
  );
  await createTempTable(
    adapter,
    'ebb_dups',
    `select ebb_key, n from ebb_id_groups where ebb_key is not null`,
    [indexable(model.idColumn, 'ebb_key')],
  );
  const [counts] = await adapter.query(
    `select (select count(*) from (\n${model.query}\n) as m) as n_rows,
            (select coalesce(sum(n), 0) from ebb_id_groups where ebb_key is null) as n_null,
            (select coalesce(sum(n), 0) from ebb_dups) as n_dup`,
  );
  return { nRows: num(counts?.n_rows), nNull: num(counts?.n_null), nDup: num(counts?.n_dup) };
}

const OK = `rec_bytes <= ${MAX_RECORD_JSON_BYTES} and big_col is null`;

/**
 * DuckDB: every rendered row written in id order with its sizes (as the model gave them when
 * that is already id order, else sorted), then numbered by position (DuckDB keeps an insert's
 * order in the table's row ids). Filtering oversize rows on the way in made DuckDB push the
 * filter below the rendering and render every row two more times,
 * and a window (row_number() over (order by id)) materialises every rendered row first: each
 * cost about as much as the rest of the plan (README.md, profile). Duplicated ids (unless the id
 * pass already left them out: `dupsInStaging` false) are then equal neighbours; those (rare)
 * become `ebb_dups` and are deleted, oversize rows (rare) are sampled and deleted, and the rest
 * numbered again. A crash in between leaves seq null, which reads as nothing staged: no batch
 * leaves before the plan ends.
 */
async function stageSorted(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  rendered: string,
  nNull: number,
  dupsInStaging: boolean,
): Promise<{ staged: number; samples: RejectedSample[] }> {
  const { stage } = model.tables;
  // Written in the model's own order first (DuckDB keeps a scan's order in a table's row ids):
  // a model over a table kept in id order, the common case, is then already in delivery order,
  // and writing it sorted cost DuckDB twice the CPU of the plain write (README.md, profile).
  // Otherwise it is sorted from that copy, and the rendering is never repeated.
  await adapter.execute(`drop table if exists ${sortedStage(adapter, model)}`);
  await writtenWithFsst(
    adapter,
    `create table ${stage} as
     select null::bigint as seq, 'new' as op, ebb_key as id,
            ${stagedIdJsonWrite(adapter, model)} as id_json, fp, record, rec_bytes, big_col
       from (${rendered}) as r`,
  );
  let order = await idOrder(adapter, stage);
  if (order.unordered > 0) {
    await sortById(adapter, model);
    order = await idOrder(adapter, stage);
  }
  const dups = dupsInStaging && order.equal > 0;
  if (dups) {
    // Every row of a duplicated id is rejected, as by the id pass.
    await createTempTable(
      adapter,
      'ebb_dups',
      `select id as ebb_key, count(*) as n from ${stage} group by id having count(*) > 1`,
    );
    await adapter.execute(`delete from ${stage} where id in (select ebb_key from ebb_dups)`);
  } else if (dupsInStaging) {
    // None: rejectedSamples still reads it.
    await createTempTable(
      adapter,
      'ebb_dups',
      `select id as ebb_key, 0 as n from ${stage} limit 0`,
    );
  }
  const [bad] = await adapter.query(`select count(*) as n from ${stage} where not (${OK})`);
  const oversize = num(bad?.n);
  const samples = await rejectedSamples(
    adapter,
    model,
    nNull,
    oversize > 0
      ? `select id as ebb_key, rec_bytes, big_col from ${stage} where not (${OK})`
      : undefined,
    REJECTED_SAMPLES,
  );
  if (oversize > 0) await adapter.execute(`delete from ${stage} where not (${OK})`);
  if (dups || oversize > 0) {
    await adapter.execute(
      `update ${stage} set seq = n.seq
         from (select rowid as r, row_number() over (order by rowid) as seq from ${stage}) as n
        where ${stage}.rowid = n.r`,
    );
  } else {
    await adapter.execute(`update ${stage} set seq = rowid + 1`);
  }
  await adapter.execute(`alter table ${stage} drop column rec_bytes`);
  await adapter.execute(`alter table ${stage} drop column big_col`);
  const [row] = await adapter.query(`select count(*) as n from ${stage}`);
  return { staged: num(row?.n), samples };
}

/** Where sortById writes the sorted copy of staging. */
const sortedStage = (adapter: WarehouseAdapter, model: PreparedModel) => {
  const { ident } = sqlDialect(adapter.dialect);
  return `${ident(model.tables.schemaName)}.${ident(`${model.tables.stageName}_sorted`)}`;
};

/**
 * A DuckDB table's neighbours by row id: how many follow a greater id (then it is not in id
 * order) and how many repeat the id before them (in id order, every duplicated id shows so).
 * `lag() over ()` is DuckDB's streaming window, which reads the table in its stored order: 10M
 * ids in 0.03-0.07 s, against 1.4-1.9 s for `over (order by rowid)`, which sorted them first
 * (same counts; README.md, "Session 8").
 */
async function idOrder(adapter: WarehouseAdapter, table: string) {
  const [row] = await adapter.query(
    `select count(*) filter (where previous > id) as unordered,
            count(*) filter (where previous = id) as equal
       from (select id, lag(id) over () as previous from ${table}) as t`,
  );
  return { unordered: num(row?.unordered), equal: num(row?.equal) };
}

/**
 * Runs a DuckDB statement writing staging with FSST compression forced. Left to choose, DuckDB
 * tries every kind of compression on each segment of each column, which cost about a third of
 * the write at 1M rows; for JSON text it picks FSST anyway (README.md, "Session 8": 3.04-3.67
 * against 2.41-2.71 CPU s, the same size on disk). Columns FSST cannot hold keep their own.
 */
async function writtenWithFsst(adapter: WarehouseAdapter, sql: string): Promise<void> {
  await adapter.execute(`set force_compression = 'fsst'`);
  try {
    await adapter.execute(sql);
  } finally {
    await adapter.execute('reset force_compression');
  }
}

/**
 * Rewrites the staging table sorted by id. The sorted copy is complete before the unsorted one
 * is dropped and it takes its name, in one transaction: a crash leaves one or the other (with seq
 * still null: nothing staged), and a leftover copy is dropped by the next try.
 */
async function sortById(adapter: WarehouseAdapter, model: PreparedModel): Promise<void> {
  const { stage, stageName } = model.tables;
  const { ident } = sqlDialect(adapter.dialect);
  const sorted = sortedStage(adapter, model);
  await adapter.setWorkMemory?.('bulk');
  try {
    await writtenWithFsst(adapter, `create table ${sorted} as select * from ${stage} order by id`);
  } finally {
    await adapter.setWorkMemory?.('stream');
  }
  await adapter.transaction(async () => {
    await adapter.execute(`drop table ${stage}`);
    await adapter.execute(`alter table ${sorted} rename to ${ident(stageName)}`);
  });
}

/** Thrown inside stageByScan's transaction to undo it: some id is duplicated. */
class DuplicatedIds extends Error {}

/**
 * PostgreSQL without the id pass: every usable row written as the model gives it, numbered in
 * that order (`row_number() over ()`, no sort) and with the id before it (`lag`); one count
 * then tells whether the ids strictly increase with seq, which means in id order and none
 * duplicated, the common case of a model read from a table kept in id order. The id pass (a
 * hash aggregate of every id) and the window's sort of every rendered row cost ~3 of the plan's
 * ~14 server CPU s at 1M rows (README.md, PostgreSQL first sync). Otherwise staging is
 * rewritten sorted from what was written (not rendered again), and should an id repeat there,
 * everything is undone and the caller takes the id pass (answers undefined). One transaction:
 * a crash leaves no staging table, never one numbered out of id order.
 */
async function stageByScan(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  nNull: number,
  candidates: number,
): Promise<{ staged: number; samples: RejectedSample[] } | undefined> {
  const { stage, stageName, schemaName } = model.tables;
  const { ident } = sqlDialect(adapter.dialect);
  const sorted = `${ident(schemaName)}.${ident(`${stageName}_sorted`)}`;
  const rendered = renderedRows(adapter, model, false);
  let staged = 0;
  try {
    await adapter.transaction(async () => {
      await adapter.execute(`drop table if exists ${sorted}`);
      await adapter.execute(
        `create table ${stage} as
         select row_number() over w as seq, 'new' as op, ebb_key as id,
                ${idJson(adapter, model)} as id_json, fp, record, lag(ebb_key) over w as ebb_prev
           from (${rendered}) as r
          where ${OK}
         window w as ()`,
      );
      const [row] = await adapter.query(
        `select count(*) as n, count(*) filter (where ebb_prev >= id) as out_of_order,
                count(*) filter (where ebb_prev = id) as repeated
           from ${stage}`,
      );
      staged = num(row?.n);
      // An id equal to the one before it is duplicated: no need to sort to know.
      if (num(row?.repeated) > 0) throw new DuplicatedIds();
      if (num(row?.out_of_order) > 0) {
        // Sorted in memory where it fits, as by stageByWindow's window. Should the statement
        // fail, the rollback restores the setting too.
        await adapter.setWorkMemory?.('bulk');
        await adapter.execute(
          `create table ${sorted} as
           select row_number() over w as seq, op, id, id_json, fp, record,
                  lag(id) over w as ebb_prev
             from ${stage}
           window w as (order by id)`,
        );
        await adapter.setWorkMemory?.('normal');
        const [dups] = await adapter.query(
          `select count(*) as n from ${sorted} where ebb_prev = id`,
        );
        if (num(dups?.n) > 0) throw new DuplicatedIds();
        await adapter.execute(`drop table ${stage}`);
        await adapter.execute(`alter table ${sorted} rename to ${ident(stageName)}`);
      }
      await adapter.execute(`alter table ${stage} drop column ebb_prev`);
      await adapter.execute(`create index on ${stage} (seq)`);
    });
  } catch (error) {
    if (error instanceof DuplicatedIds) return undefined;
    throw error;
  }
  // No duplicated id: rejectedSamples still reads the (empty) list.
  await createTempTable(adapter, 'ebb_dups', `select id as ebb_key, 0 as n from ${stage} limit 0`);
  return {
    staged,
    samples: await samplesOfRejected(adapter, model, nNull, rendered, candidates, staged),
  };
}

/** Other warehouses: the usable rows numbered by a window in id order as they are written. */
async function stageByWindow(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  rendered: string,
  nNull: number,
  candidates: number,
): Promise<{ staged: number; samples: RejectedSample[] }> {
  const { stage } = model.tables;
  // The window sorts every rendered row: in memory, not in temp files (README.md, profile).
  await adapter.setWorkMemory?.('bulk');
  try {
    await adapter.execute(
      `create table ${stage}${sqlDialect(adapter.dialect).seqOrdered} as
       select row_number() over (order by ebb_key) as seq, 'new' as op, ebb_key as id,
              ${idJson(adapter, model)} as id_json, fp, record
         from (${rendered}) as r
        where ${OK}`,
    );
  } finally {
    await adapter.setWorkMemory?.('normal');
  }
  if (adapter.dialect === 'postgres') await adapter.execute(`create index on ${stage} (seq)`);
  const [row] = await adapter.query(`select count(*) as n from ${stage}`);
  const staged = num(row?.n);
  return {
    staged,
    samples: await samplesOfRejected(adapter, model, nNull, rendered, candidates, staged),
  };
}

/** The rejected rows' samples; the model is rendered again only when some row was too big. */
function samplesOfRejected(
  adapter: WarehouseAdapter,
  model: PreparedModel,
  nNull: number,
  rendered: string,
  candidates: number,
  staged: number,
): Promise<RejectedSample[]> {
  return rejectedSamples(
    adapter,
    model,
    nNull,
    // Rendered again only when some row was too big (rare): the samples need their sizes.
    candidates > staged
      ? `select ebb_key, rec_bytes, big_col from (${rendered}) as r where not (${OK})`
      : undefined,
    REJECTED_SAMPLES,
  );
}

const idJson = (adapter: WarehouseAdapter, model: PreparedModel) =>
  valueJsonSql(adapter.dialect, 'ebb_key', model.idColumn.valueType);

/**
 * The model's rows with a usable id (not null, not duplicated), each rendered once: its
 * fingerprint and record JSON from the same read, the record's size and its first oversize
 * column (`ebb_key, fp, record, rec_bytes, big_col`).
 */
function renderedRows(adapter: WarehouseAdapter, model: PreparedModel, hasDups: boolean): string {
  const id = `m.${sqlDialect(adapter.dialect).ident(model.idColumn.name)}`;
  // PostgreSQL flattens the subqueries, and the size checks and the filter on them then
  // evaluate every column's JSON and the record's concatenation again: twice the rendering's
  // CPU (README.md, profile). `offset 0` keeps each level a subquery evaluated once per row.
  const once = adapter.dialect === 'postgres' ? ' offset 0' : '';
  const perColumn = model.columns
    .map(
      (column, i) =>
        `, ${valueJsonSql(adapter.dialect, `m.${sqlDialect(adapter.dialect).ident(column.name)}`, column.valueType)} as ebb__j${i}`,
    )
    .join('');
  return `with k0 as (
       select ${id} as ebb__id, ${model.fingerprint.expression('m')} as ebb__fp${perColumn}
         from (\n${model.query}\n) as m
        where ${id} is not null${
          // Only when there are some: DuckDB runs the anti-join even against an empty table.
          hasDups ? ` and not exists (select 1 from ebb_dups d where d.ebb_key = ${id})` : ''
        }${once}
     ), k1 as (
       select k0.*, ${recordFromParts(adapter, model)} as ebb__rec from k0${once}
     )
     select ebb__id as ebb_key, ebb__fp as fp, ebb__rec as record,
            ${byteLength(adapter, 'ebb__rec')} as rec_bytes,
            ${bigColumnFromParts(adapter, model)} as big_col
       from k1`;
}
