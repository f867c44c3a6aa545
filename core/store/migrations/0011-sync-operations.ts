/**
 * How a sync is operated (issue 14), kept beside `syncs` so the sync rows stay as they are:
 *
 * - `sync_ops`: per sync, the retry policy (`retry_syncs`, `retry_days`; null = the defaults, 5
 *   syncs or 14 days), whether runs are logged to the warehouse (`log_to_warehouse`, kept for
 *   `log_retention_days`), and its alert rules (`alerts`, JSON);
 * - `record_failures`: per sync and record id, how often and since when the destination refused
 *   it and its last error; `quarantined_at` once the policy parked it (its state then holds the
 *   refused version, so no plan stages it again until it is replayed or changes);
 * - `alert_history`: every alert raised, and where it was delivered.
 */
export const sql = /* sql */ `
create table sync_ops (
  sync_id text primary key references syncs(id) on delete cascade,
  retry_syncs integer,
  retry_days integer,
  log_to_warehouse integer not null default 0,
  log_retention_days integer,
  alerts text
);

create table record_failures (
  sync_id text not null references syncs(id) on delete cascade,
  record_id text not null,
  op text not null,
  attempts integer not null,
  first_failed_at text not null,
  last_failed_at text not null,
  last_error text not null,
  last_run_id text,
  quarantined_at text,
  primary key (sync_id, record_id)
);
create index record_failures_parked on record_failures (sync_id, quarantined_at);

create table alert_history (
  id text primary key,
  sync_id text references syncs(id) on delete cascade,
  run_id text,
  kind text not null,
  message text not null,
  created_at text not null,
  deliveries text not null
);
create index alert_history_by_time on alert_history (created_at);
`;
