export const sql = /* sql */ `
create table warehouses (
  id text primary key,
  name text not null unique,
  kind text not null check (kind in ('duckdb', 'postgres')),
  config text not null,
  location text not null,
  state_schema text not null default '_ebb_reverse_etl',
  created_at text not null
);

create table models (
  id text primary key,
  name text not null unique,
  warehouse_id text not null references warehouses(id),
  sql text not null,
  id_column text not null,
  timestamp_column text,
  builder text,
  created_at text not null,
  updated_at text not null
);

create table destinations (
  id text primary key,
  name text not null unique,
  kind text not null,
  config text not null,
  display text not null,
  created_at text not null
);

create table syncs (
  id text primary key,
  name text not null unique,
  model_id text not null references models(id),
  destination_id text not null references destinations(id),
  mode text not null default 'upsert',
  schedule text,
  max_records integer not null default 150000000,
  mapping text,
  created_at text not null,
  updated_at text not null
);


create table runs (
  id text primary key,
  sync_id text not null references syncs(id) on delete cascade,
  status text not null,
  trigger text not null default 'manual',
  pid integer,
  summary text not null,
  started_at text not null,
  finished_at text
);
create index runs_by_sync on runs (sync_id, started_at);

create table run_errors (
  run_id text not null references runs(id) on delete cascade,
  record_id text,
  reason text not null
);
create index run_errors_by_run on run_errors (run_id);

-- Staged changes a destination acknowledged, by seq range, until they are applied to the
-- sync's state in the warehouse (at the end of the run, or before the next plan after a crash).
create table sync_acks (
  sync_id text not null,
  lo integer not null,
  hi integer not null
);
create index sync_acks_by_sync on sync_acks (sync_id);

create table settings (
  key text primary key,
  value text not null
);
`;
