import type { Db } from '../store/openStore.js';

/** The retry policy's defaults (CLI.md): like the spec's system, 5 syncs or 14 days. */
export const DEFAULT_RETRY_SYNCS = 5;
export const DEFAULT_RETRY_DAYS = 14;
export const DEFAULT_LOG_RETENTION_DAYS = 30;

export interface AlertRules {
  onFailure: boolean;
  /** Alert when more than this share (0–1) of a run's attempted records failed; null: off. */
  failureRate: number | null;
  /** Alert after this many scheduled runs in a row sent nothing; null: off. */
  idleRuns: number | null;
  /** Alert at 80% and 100% of the plan's monthly limit. */
  planUsage: boolean;
  /** Where alerts go besides the app's desktop notification. */
  slackWebhookUrl: string | null;
  webhookUrl: string | null;
}

export const DEFAULT_ALERTS: AlertRules = {
  onFailure: true,
  failureRate: null,
  idleRuns: null,
  planUsage: true,
  slackWebhookUrl: null,
  webhookUrl: null,
};

export interface SyncOps {
  retrySyncs: number;
  retryDays: number;
  logToWarehouse: boolean;
  logRetentionDays: number;
  alerts: AlertRules;
}

export type SyncOpsPatch = Partial<{
  retrySyncs: number | null;
  retryDays: number | null;
  logToWarehouse: boolean;
  logRetentionDays: number | null;
  alerts: Partial<AlertRules>;
}>;

interface RawRow {
  retry_syncs: number | null;
  retry_days: number | null;
  log_to_warehouse: number;
  log_retention_days: number | null;
  alerts: string | null;
}

/** Per sync: retry policy, warehouse logging and alert rules (migration 0011). */
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
      alerts: {
        ...DEFAULT_ALERTS,
        ...(raw?.alerts ? (JSON.parse(raw.alerts) as Partial<AlertRules>) : {}),
      },
    };
  };
  return {
    get,
    set(syncId: string, patch: SyncOpsPatch): SyncOps {
      const raw = read(syncId);
      const alerts = {
        ...(raw?.alerts ? (JSON.parse(raw.alerts) as Partial<AlertRules>) : {}),
        ...(patch.alerts ?? {}),
      };
      const pick = <K extends keyof RawRow>(key: K, value: RawRow[K] | undefined) =>
        value === undefined ? (raw?.[key] ?? null) : value;
      db.prepare(
        `insert into sync_ops (sync_id, retry_syncs, retry_days, log_to_warehouse, log_retention_days, alerts)
         values (@syncId, @retrySyncs, @retryDays, @log, @retention, @alerts)
         on conflict (sync_id) do update set retry_syncs = excluded.retry_syncs, retry_days = excluded.retry_days,
           log_to_warehouse = excluded.log_to_warehouse, log_retention_days = excluded.log_retention_days,
           alerts = excluded.alerts`,
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
        alerts: JSON.stringify(alerts),
      });
      return get(syncId);
    },
  };
}

export type SyncOpsRepo = ReturnType<typeof syncOpsRepo>;
