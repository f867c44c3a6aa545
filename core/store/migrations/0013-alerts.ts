/**
 * Alerts (issue 14.5): rules per sync, and the history of every alert raised.
 *
 * - `alert_rules`: one row per rule: what fires it (`kind`, with its `threshold`: a share 0–1 of
 *   failed records for `failure-rate`, a count of scheduled runs for `idle`) and where it goes
 *   besides the app (`channels`: the Slack and webhook URLs, sealed, as they hold tokens);
 * - `alert_history` (replacing 0011's draft, never written): each alert raised, the rule and run
 *   that raised it, for `plan-usage` the level (80, 100) and billing cycle it fired for (once
 *   each per cycle), and `deliveries`: per channel, delivered or failed with the reason.
 *
 * 0011's per-sync `sync_ops.alerts` JSON was never evaluated; its switched-on rules become rows
 * here (in the app only: its URLs could not be sealed from SQL, so they are not carried over).
 */
export const sql = /* sql */ `
create table alert_rules (
  id text primary key,
  sync_id text not null references syncs(id) on delete cascade,
  kind text not null check (kind in ('failure', 'failure-rate', 'idle', 'plan-usage')),
  threshold real,
  channels text,
  created_at text not null
);
create index alert_rules_by_sync on alert_rules (sync_id, created_at);

insert into alert_rules (id, sync_id, kind, threshold, channels, created_at)
  select lower(hex(randomblob(16))), sync_id, 'failure', null, null, strftime('%Y-%m-%dT%H:%M:%fZ')
    from sync_ops where alerts is not null and json_extract(alerts, '$.onFailure') = 1;
insert into alert_rules (id, sync_id, kind, threshold, channels, created_at)
  select lower(hex(randomblob(16))), sync_id, 'failure-rate', json_extract(alerts, '$.failureRate'), null, strftime('%Y-%m-%dT%H:%M:%fZ')
    from sync_ops where alerts is not null and json_extract(alerts, '$.failureRate') is not null;
insert into alert_rules (id, sync_id, kind, threshold, channels, created_at)
  select lower(hex(randomblob(16))), sync_id, 'idle', json_extract(alerts, '$.idleRuns'), null, strftime('%Y-%m-%dT%H:%M:%fZ')
    from sync_ops where alerts is not null and json_extract(alerts, '$.idleRuns') is not null;
insert into alert_rules (id, sync_id, kind, threshold, channels, created_at)
  select lower(hex(randomblob(16))), sync_id, 'plan-usage', null, null, strftime('%Y-%m-%dT%H:%M:%fZ')
    from sync_ops where alerts is not null and json_extract(alerts, '$.planUsage') = 1;
alter table sync_ops drop column alerts;

drop table alert_history;
create table alert_history (
  id text primary key,
  sync_id text not null references syncs(id) on delete cascade,
  rule_id text references alert_rules(id) on delete set null,
  run_id text,
  kind text not null,
  message text not null,
  level integer,
  cycle text,
  created_at text not null,
  deliveries text not null
);
create index alert_history_by_sync on alert_history (sync_id, created_at);
create index alert_history_plan on alert_history (rule_id, cycle, level);
`;
