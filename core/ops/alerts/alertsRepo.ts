import type { SecretStore } from '../../ports.js';
import type { Db } from '../../store/openStore.js';
import { newId } from '../../store/rows.js';
import { alertTitle } from './alertTitle.js';
import { maskChannelUrl } from './maskChannelUrl.js';
import type { AlertDelivery, AlertKind, AlertRecord, AlertRule } from './types.js';

/** A rule's channel URLs in the clear: only the delivery reads them. */
export interface AlertChannels {
  slack: string | null;
  webhook: string | null;
}

export interface StoredRule extends AlertRule {
  channels: AlertChannels;
}

interface RawRule {
  id: string;
  sync_id: string;
  sync: string;
  kind: AlertKind;
  threshold: number | null;
  channels: string | null;
  created_at: string;
}

interface RawAlert {
  id: string;
  sync_id: string;
  sync: string;
  rule_id: string | null;
  run_id: string | null;
  kind: AlertRecord['kind'];
  message: string;
  level: number | null;
  created_at: string;
  deliveries: string;
}

const NO_CHANNELS: AlertChannels = { slack: null, webhook: null };

/** Alert rules and alert history in the config store (migration 0013). */
export function alertsRepo(db: Db, secrets: SecretStore) {
  const toRule = (raw: RawRule): StoredRule => {
    const channels = raw.channels
      ? (JSON.parse(secrets.open(raw.channels)) as AlertChannels)
      : NO_CHANNELS;
    return {
      id: raw.id,
      syncId: raw.sync_id,
      sync: raw.sync,
      kind: raw.kind,
      threshold: raw.threshold,
      slack: channels.slack && maskChannelUrl(channels.slack),
      webhook: channels.webhook && maskChannelUrl(channels.webhook),
      createdAt: raw.created_at,
      channels,
    };
  };
  const toAlert = (raw: RawAlert): AlertRecord => ({
    id: raw.id,
    syncId: raw.sync_id,
    sync: raw.sync,
    ruleId: raw.rule_id,
    runId: raw.run_id,
    kind: raw.kind,
    title: alertTitle(raw.kind, raw.level),
    message: raw.message,
    level: raw.level,
    createdAt: raw.created_at,
    deliveries: JSON.parse(raw.deliveries) as AlertDelivery[],
  });
  const rulesSql = `select r.*, s.name as sync from alert_rules r join syncs s on s.id = r.sync_id`;
  const alertsSql = `select a.*, s.name as sync from alert_history a join syncs s on s.id = a.sync_id`;

  return {
    rules(syncId: string): StoredRule[] {
      return (
        db
          .prepare(`${rulesSql} where r.sync_id = ? order by r.created_at, r.rowid`)
          .all(syncId) as RawRule[]
      ).map(toRule);
    },
    allRules(): StoredRule[] {
      return (
        db.prepare(`${rulesSql} order by s.name, r.created_at, r.rowid`).all() as RawRule[]
      ).map(toRule);
    },
    /** Every sync's `plan-usage` rules: usage is the plan's, so any run can cross a level. */
    planRules(): StoredRule[] {
      return (
        db
          .prepare(`${rulesSql} where r.kind = 'plan-usage' order by r.created_at, r.rowid`)
          .all() as RawRule[]
      ).map(toRule);
    },
    rule(id: string): StoredRule | undefined {
      const raw = db.prepare(`${rulesSql} where r.id = ?`).get(id) as RawRule | undefined;
      return raw && toRule(raw);
    },
    addRule(
      syncId: string,
      rule: { kind: AlertKind; threshold: number | null; channels: AlertChannels },
      createdAt: string,
    ): StoredRule {
      const id = newId();
      const hasChannel = rule.channels.slack !== null || rule.channels.webhook !== null;
      db.prepare(
        'insert into alert_rules (id, sync_id, kind, threshold, channels, created_at) values (?, ?, ?, ?, ?, ?)',
      ).run(
        id,
        syncId,
        rule.kind,
        rule.threshold,
        hasChannel ? secrets.seal(JSON.stringify(rule.channels)) : null,
        createdAt,
      );
      return this.rule(id)!;
    },
    removeRule(id: string): boolean {
      return db.prepare('delete from alert_rules where id = ?').run(id).changes > 0;
    },

    /** Newest first; every sync's when `syncId` is null. */
    history(syncId: string | null, limit: number): AlertRecord[] {
      const rows = (
        syncId === null
          ? db.prepare(`${alertsSql} order by a.created_at desc, a.rowid desc limit ?`).all(limit)
          : db
              .prepare(
                `${alertsSql} where a.sync_id = ? order by a.created_at desc, a.rowid desc limit ?`,
              )
              .all(syncId, limit)
      ) as RawAlert[];
      return rows.map(toAlert);
    },
    record(
      alert: Omit<AlertRecord, 'id' | 'sync' | 'title'> & { cycle: string | null },
    ): AlertRecord {
      const id = newId();
      db.prepare(
        `insert into alert_history (id, sync_id, rule_id, run_id, kind, message, level, cycle, created_at, deliveries)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        alert.syncId,
        alert.ruleId,
        alert.runId,
        alert.kind,
        alert.message,
        alert.level,
        alert.cycle,
        alert.createdAt,
        JSON.stringify(alert.deliveries),
      );
      return toAlert(db.prepare(`${alertsSql} where a.id = ?`).get(id) as RawAlert);
    },
    setDeliveries(alertId: string, deliveries: readonly AlertDelivery[]): void {
      db.prepare('update alert_history set deliveries = ? where id = ?').run(
        JSON.stringify(deliveries),
        alertId,
      );
    },
    /** The highest plan level a rule already fired at in a billing cycle (0 if none). */
    planLevelFired(ruleId: string, cycle: string): number {
      const row = db
        .prepare(
          `select max(level) as level from alert_history where rule_id = ? and cycle = ? and kind = 'plan-usage'`,
        )
        .get(ruleId, cycle) as { level: number | null };
      return row.level ?? 0;
    },
  };
}

export type AlertsRepo = ReturnType<typeof alertsRepo>;
