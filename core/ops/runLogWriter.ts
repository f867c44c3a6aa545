import { tableExists } from '../diff/diffSql.js';
import { stateTables, type SyncStateRef } from '../diff/stateTables.js';
import type { RunSummary } from '../types.js';
import type { SqlDialectName } from '../values/jsonSql.js';
import { sqlDialect } from '../warehouse/sqlDialect.js';
import type { WarehouseAdapter } from '../warehouse/types.js';
import type { RunLogNote } from './runLogNotes.js';

/** `<state schema>.record_log` and `.run_log` (CLI.md `--log-to-warehouse`). */
export function runLogTables(stateSchema: string, dialect: SqlDialectName) {
  const { ident } = sqlDialect(dialect);
  const schema = ident(stateSchema);
  return {
    recordLog: `${schema}.${ident('record_log')}`,
    runLog: `${schema}.${ident('run_log')}`,
  };
}

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
  const { recordLog, runLog } = runLogTables(stateSchema, adapter.dialect);
  const ts = timestampType(adapter.dialect);
  // BigQuery spells text and 64-bit integers its own way (STRING, INT64).
  const { plainText: text, bigint } = sqlDialect(adapter.dialect);
  await adapter.ensureWritableSchema(stateSchema);
  await adapter.execute(
    `create table if not exists ${recordLog} (
       run_id ${text} not null, sync ${text} not null, sync_id ${text} not null, record_id ${text},
       op ${text} not null, status ${text} not null, error ${text}, attempted_at ${ts} not null)`,
  );
  await adapter.execute(
    `create table if not exists ${runLog} (
       run_id ${text} not null, sync ${text} not null, sync_id ${text} not null, status ${text} not null,
       triggered_by ${text} not null, extracted ${bigint} not null, new_records ${bigint} not null,
       updated_records ${bigint} not null, deleted_records ${bigint} not null, delivered ${bigint} not null,
       failed ${bigint} not null, rejected ${bigint} not null, pending ${bigint} not null,
       quarantined ${bigint} not null, message ${text}, started_at ${ts} not null, finished_at ${ts})`,
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
  const { recordLog, runLog } = runLogTables(ref.stateSchema, dialect);
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
  const c = run.changes;
  await adapter.transaction(async () => {
    if (withRecords) {
      await adapter.execute(
        `insert into ${recordLog} (run_id, sync, sync_id, record_id, op, status, error, attempted_at)
         select ${literal(run.runId)}, ${literal(run.sync)}, ${literal(run.syncId)},
                ${sqlDialect(dialect).text('g.id')}, g.op, n.status, n.error, n.attempted_at
           from ${tables.stage} as g join ${tables.runLogNotes} as n
             on g.seq >= n.lo and g.seq <= n.hi`,
      );
    }
    await adapter.execute(
      `insert into ${runLog} (run_id, sync, sync_id, status, triggered_by, extracted, new_records,
         updated_records, deleted_records, delivered, failed, rejected, pending, quarantined,
         message, started_at, finished_at)
       values (${literal(run.runId)}, ${literal(run.sync)}, ${literal(run.syncId)},
         ${literal(run.status)}, ${literal(run.trigger)}, ${run.extracted}, ${c.new},
         ${c.updated}, ${c.deleted}, ${run.delivered}, ${run.failed}, ${run.rejected},
         ${run.pending}, ${run.quarantined ?? 0}, ${text(run.message)},
         ${timestamp(dialect, run.startedAt)}, ${timestamp(dialect, run.finishedAt)})`,
    );
  });
  if (withRecords) await adapter.execute(`drop table if exists ${tables.runLogNotes}`);
}

/** Deletes a sync's log rows older than its retention (run_log by start, record_log by attempt). */
export async function applyLogRetention(
  adapter: WarehouseAdapter,
  stateSchema: string,
  syncId: string,
  cutoff: Date,
): Promise<void> {
  const { recordLog, runLog } = runLogTables(stateSchema, adapter.dialect);
  const before = timestamp(adapter.dialect, cutoff.toISOString());
  const sync = sqlDialect(adapter.dialect).literal(syncId);
  await adapter.execute(
    `delete from ${recordLog} where sync_id = ${sync} and attempted_at < ${before}`,
  );
  await adapter.execute(`delete from ${runLog} where sync_id = ${sync} and started_at < ${before}`);
}
