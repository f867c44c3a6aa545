import type { TableInfo } from '../warehouse/types.js';

/** Shapes the API returns. Secrets never appear in them: connection URLs are masked. */
export interface AppInfo {
  version: string;
  home: string;
  host: 'electron' | 'http' | 'cli';
}

export interface WarehouseSummary {
  id: string;
  name: string;
  kind: 'duckdb' | 'postgres';
  /** A path for DuckDB, a URL with its password masked for PostgreSQL. */
  location: string;
  stateSchema: string;
  isSample: boolean;
  createdAt: string;
}

export interface WarehouseTables {
  tables: TableInfo[];
}

export interface ModelSummary {
  id: string;
  name: string;
  warehouse: string;
  warehouseId: string;
  sql: string;
  idColumn: string;
  timestampColumn: string | null;
  createdAt: string;
  updatedAt: string;
}

export type { TableInfo };
