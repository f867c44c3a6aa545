import type { Db } from '../store/openStore.js';

/** The retry policy's defaults (CLI.md): like the spec's system, 5 syncs or 14 days. */
export const DEFAULT_RETRY_SYNCS = 5;
export const DEFAULT_RETRY_DAYS = 14;
export const DEFAULT_LOG_RETENTION_DAYS = 30;

export interface SyncOps {
  retrySyncs: number;
  retryDays: number;
  logToWarehouse: boolean;
  logRetentionDays: number;
}

export type SyncOpsPatch = Partial<{
  retrySyncs: number | null;
  retryDays: number | null;
  logToWarehouse: boolean;
  logRetentionDays: number | null;
}>;

interface RawRow {
  retry_syncs: number | null;
  retry_days: number | null;
  log_to_warehouse: number;
  log_retention_days: number | null;
}

/** Per sync: retry policy and warehouse logging (migration 0011; alert rules: core/ops/alerts). */
export function syncOpsRepo(db: Db) {
  const read = (syncId: string): RawRow | undefined =>
    db.prepare('select * from sync_ops where sync_id = ?').get(syncId) as RawRow | undefined;
  const get = (syncId: string): SyncOps => {
    const raw = read(syncId);
    return {
      retrySyncs: raw?.retry_syncs ?? DEFAULT_RETRY_SYNCS,
      retryDays: raw?.retry_days ?? DEFAULT_RETRY_DAYS,
      logToWarehouse: raw?.log_to_warehouse === 1,
      logRetentionDays: raw?.log_retention_days ?? DEFAULT_LOG_RETENTION_DAYS,
    };
  };
  return {
    get,
    set(syncId: string, patch: SyncOpsPatch): SyncOps {
      const raw = read(syncId);
      const pick = <K extends keyof RawRow>(key: K, value: RawRow[K] | undefined) =>
        value === undefined ? (raw?.[key] ?? null) : value;
      db.prepare(
        `insert into sync_ops (sync_id, retry_syncs, retry_days, log_to_warehouse, log_retention_days)
         values (@syncId, @retrySyncs, @retryDays, @log, @retention)
         on conflict (sync_id) do update set retry_syncs = excluded.retry_syncs, retry_days = excluded.retry_days,
           log_to_warehouse = excluded.log_to_warehouse, log_retention_days = excluded.log_retention_days`,
      ).run({
        syncId,
        retrySyncs: pick('retry_syncs', patch.retrySyncs),
        retryDays: pick('retry_days', patch.retryDays),
        log:
          patch.logToWarehouse === undefined
            ? (raw?.log_to_warehouse ?? 0)
            : patch.logToWarehouse
              ? 1
              : 0,
        retention: pick('log_retention_days', patch.logRetentionDays),
      });
      return get(syncId);
    },
  };
}

export type SyncOpsRepo = ReturnType<typeof syncOpsRepo>;
