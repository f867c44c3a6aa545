import type { WarehouseSummary } from '../../../core/api/types';

export type WarehouseKind = WarehouseSummary['kind'];

/** The short name on a warehouse's badge (the form's fields come from the kind's settings). */
const BADGES: Record<WarehouseKind, string> = {
  duckdb: 'DuckDB',
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  files: 'Files',
  snowflake: 'Snowflake',
  bigquery: 'BigQuery',
};

export const warehouseBadge = (kind: WarehouseKind): string => BADGES[kind] ?? kind;
