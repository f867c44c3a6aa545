import { tableExists } from '../diff/diffSql.js';
import { stateTables, type SyncStateRef } from '../diff/stateTables.js';
import type { RunSummary } from '../types.js';
import type { SqlDialectName } from '../values/jsonSql.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import type { RunLogNote } from './runLogNotes.js';

/**
 * `<state schema>.record_log` and `.run_log` (CLI.md `--log-to-warehouse`). record_log is a view:
 * its rows live in `record_log_rows`, keyed by the run's number, and take the run's id and sync
 * names from run_log, so a million-record run does not write the same three texts a million
 * times (the log's cost is the write: README.md).
 */
export function runLogTables(stateSchema: string, dialect: SqlDialectName) {
  const { ident } = sqlDialect(dialect);
  const schema = ident(stateSchema);
  return {
    recordLog: `${schema}.${ident('record_log')}`,
    recordRows: `${schema}.${ident('record_log_rows')}`,
    runLog: `${schema}.${ident('run_log')}`,
  };
}

/** A run's number in the warehouse: 60 bits of its (random) id, the same every time it is written. */
export const runNumber = (runId: string): string =>
  BigInt(`0x${runId.replace(/[^0-9a-f]/gi, '').slice(0, 15) || '0'}`).toString();

const timestampType = (dialect: SqlDialectName) =>
  dialect === 'mysql' ? 'datetime(3)' : 'timestamp';

/** An ISO instant as the warehouse's timestamp (UTC, no zone: the session runs in UTC). */
const timestamp = (dialect: SqlDialectName, iso: string | null) =>
  iso === null
    ? 'null'
    : `cast(${sqlDialect(dialect).literal(iso.replace('T', ' ').replace('Z', ''))} as ${timestampType(dialect)})`;

/** A text value as a literal of `dialect`, or null. */
const textOrNull = (dialect: SqlDialectName, value: string | null | undefined) =>
  value === null || value === undefined ? 'null' : sqlDialect(dialect).literal(value);

async function ensureLogTables(adapter: WarehouseAdapter, stateSchema: string): Promise<void> {
  const { recordLog, recordRows, runLog } = runLogTables(stateSchema, adapter.dialect);
  const [hasView, hasRows] = await Promise.all([
    tableExists(adapter, stateSchema, 'record_log'),
    tableExists(adapter, stateSchema, 'record_log_rows'),
  ]);
  if (hasView && hasRows) return;
  if (hasView) {
    // The first cut (on main for an hour, never released) kept record_log as a table.
    await adapter.execute(`drop table ${recordLog}`);
    await adapter.execute(`drop table if exists ${runLog}`);
  }
  const ts = timestampType(adapter.dialect);
  // BigQuery spells text and 64-bit integers its own way (STRING, INT64).
  const { plainText: text, bigint } = sqlDialect(adapter.dialect);
  await adapter.ensureWritableSchema(stateSchema);
  await adapter.execute(
    `create table if not exists ${runLog} (
       run_id ${text} not null, sync ${text} not null, sync_id ${text} not null,
       status ${text} not null, triggered_by ${text} not null, extracted ${bigint} not null,
       new_records ${bigint} not null, updated_records ${bigint} not null,
       deleted_records ${bigint} not null, delivered ${bigint} not null, failed ${bigint} not null,
       rejected ${bigint} not null, pending ${bigint} not null, quarantined ${bigint} not null,
       message ${text}, started_at ${ts} not null, finished_at ${ts}, run_no ${bigint} not null)`,
  );
  await adapter.execute(
    `create table if not exists ${recordRows} (run_no ${bigint} not null, record_id ${text},
       op ${text} not null, status ${text} not null, error ${text}, attempted_at ${ts} not null)`,
  );
  await adapter.execute(
    `create view ${recordLog} as
       select r.run_id, r.sync, r.sync_id, x.record_id, x.op, x.status, x.error, x.attempted_at
         from ${recordRows} as x join ${runLog} as r on r.run_no = x.run_no`,
  );
}

export interface LoggedRun {
  run: RunSummary;
  /** What the run attempted, as seq ranges of the plan's staging table (runLogNotes.ts). */
  notes: readonly RunLogNote[];
}

/**
 * Writes one run into record_log (one row per attempted record) and run_log (one row), set-based:
 * the outcome ranges go into a small table beside staging, and one `insert … select` joins them
 * with the staged changes (id, op). Idempotent per run: a run already in run_log is not written
 * again (both inserts commit together), so a crash between this and forgetting the notes never
 * duplicates rows. Must run before the next plan replaces staging.
 */
export async function writeRunLog(
  adapter: WarehouseAdapter,
  ref: SyncStateRef,
  { run, notes }: LoggedRun,
): Promise<void> {
  const { dialect } = adapter;
  const { recordRows, runLog } = runLogTables(ref.stateSchema, dialect);
  const tables = stateTables(ref, dialect);
  const { literal, plainText, bigint } = sqlDialect(dialect);
  const text = (value: string | null | undefined) => textOrNull(dialect, value);
  await ensureLogTables(adapter, ref.stateSchema);
  const [written] = await adapter.query(
    `select count(*) as n from ${runLog} where run_id = ${literal(run.runId)}`,
  );
  if (Number(written?.n ?? 0) > 0) return;
  const withRecords =
    notes.length > 0 && (await tableExists(adapter, ref.stateSchema, tables.stageName));
  if (withRecords) {
    await adapter.execute(`drop table if exists ${tables.runLogNotes}`);
    await adapter.execute(
      `create table ${tables.runLogNotes} (lo ${bigint} not null, hi ${bigint} not null,
         status ${plainText} not null, error ${plainText}, attempted_at ${timestampType(dialect)} not null)`,
    );
    for (let i = 0; i < notes.length; i += 500) {
      const values = notes
        .slice(i, i + 500)
        .map(
          (n) =>
            `(${Math.trunc(n.lo)}, ${Math.trunc(n.hi)}, ${literal(n.status)}, ${text(n.error)}, ${timestamp(dialect, n.attemptedAt)})`,
        )
        .join(', ');
      await adapter.execute(
        `insert into ${tables.runLogNotes} (lo, hi, status, error, attempted_at) values ${values}`,
      );
    }
  }
  const runNo = runNumber(run.runId);
  const c = run.changes;
  await adapter.transaction(async () => {
    if (withRecords) {
      // The ranges are disjoint: DuckDB finds each change's range by an ASOF join (about free),
      // where its range join sorts both sides; the others look ranges up in staging's seq index.
      const ranges =
        dialect === 'duckdb'
          ? `${tables.stage} as g asof join ${tables.runLogNotes} as n on g.seq >= n.lo where g.seq <= n.hi`
          : `${tables.stage} as g join ${tables.runLogNotes} as n on g.seq >= n.lo and g.seq <= n.hi`;
      await adapter.execute(
        `insert into ${recordRows} (run_no, record_id, op, status, error, attempted_at)
         select ${runNo}, ${sqlDialect(dialect).text('g.id')}, g.op, n.status, n.error, n.attempted_at
           from ${ranges}`,
      );
    }
    await adapter.execute(
      `insert into ${runLog} (run_id, sync, sync_id, status, triggered_by, extracted, new_records,
         updated_records, deleted_records, delivered, failed, rejected, pending, quarantined,
         message, started_at, finished_at, run_no)
       values (${literal(run.runId)}, ${literal(run.sync)}, ${literal(run.syncId)},
         ${literal(run.status)}, ${literal(run.trigger)}, ${run.extracted}, ${c.new},
         ${c.updated}, ${c.deleted}, ${run.delivered}, ${run.failed}, ${run.rejected},
         ${run.pending}, ${run.quarantined ?? 0}, ${text(run.message)},
         ${timestamp(dialect, run.startedAt)}, ${timestamp(dialect, run.finishedAt)}, ${runNo})`,
    );
  });
  if (withRecords) await adapter.execute(`drop table if exists ${tables.runLogNotes}`);
}

/** Deletes a sync's runs that started before `cutoff`, with their record rows. */
export async function applyLogRetention(
  adapter: WarehouseAdapter,
  stateSchema: string,
  syncId: string,
  cutoff: Date,
): Promise<void> {
  const { recordRows, runLog } = runLogTables(stateSchema, adapter.dialect);
  const old = `sync_id = ${sqlDialect(adapter.dialect).literal(syncId)} and started_at < ${timestamp(adapter.dialect, cutoff.toISOString())}`;
  const [expired] = await adapter.query(`select count(*) as n from ${runLog} where ${old}`);
  if (Number(expired?.n ?? 0) === 0) return;
  await adapter.transaction(async () => {
    await adapter.execute(
      adapter.dialect === 'mysql'
        ? `delete x from ${recordRows} as x join ${runLog} as r on r.run_no = x.run_no where ${old.replace(/(sync_id|started_at)/g, 'r.$1')}`
        : `delete from ${recordRows} where run_no in (select run_no from ${runLog} where ${old})`,
    );
    await adapter.execute(`delete from ${runLog} where ${old}`);
  });
}
