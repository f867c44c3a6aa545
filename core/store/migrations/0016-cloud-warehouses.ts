/**
 * Snowflake and BigQuery warehouses. SQLite cannot alter a CHECK constraint, so the table is
 * rebuilt the way SQLite documents (copy, drop, rename), as migration 8 did.
 */
export const sql = /* sql */ `
create table warehouses_new (
  id text primary key,
  name text not null unique,
  kind text not null check (kind in ('duckdb', 'postgres', 'mysql', 'files', 'snowflake', 'bigquery')),
  config text not null,
  location text not null,
  state_schema text not null default '_ebb_reverse_etl',
  created_at text not null
);
insert into warehouses_new (id, name, kind, config, location, state_schema, created_at)
  select id, name, kind, config, location, state_schema, created_at from warehouses;
drop table warehouses;
alter table warehouses_new rename to warehouses;
`;
