/**
 * Usage metering (core/metering). No foreign keys on purpose: usage is billing history and must
 * outlive the runs, syncs and destinations it came from.
 */
export const sql = /* sql */ `
-- Quota taken before a batch is sent. Open rows count fully against the cycle until settled;
-- settled rows are kept (for idempotent settle) until their run is closed, then pruned.
create table usage_reservations (
  id text primary key,
  run_id text not null,
  sync_id text not null,
  destination_id text not null,
  day text not null,
  granted integer not null check (granted > 0),
  state text not null default 'open' check (state in ('open', 'settled')),
  delivered integer not null default 0,
  failed integer not null default 0,
  unconfirmed integer not null default 0,
  reserved_at text not null,
  settled_at text
);
create index usage_reservations_by_state_day on usage_reservations (state, day);
create index usage_reservations_by_run on usage_reservations (run_id);

-- Metered records, summed per local day (plan's time zone), destination, sync and run.
-- processed = delivered + failed + unconfirmed (reserved by a run that ended without settling).
create table usage_meter (
  day text not null,
  destination_id text not null,
  sync_id text not null,
  run_id text not null,
  delivered integer not null default 0,
  failed integer not null default 0,
  unconfirmed integer not null default 0,
  primary key (day, destination_id, sync_id, run_id)
);
`;
