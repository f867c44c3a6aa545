/** One warehouse connection, behind which DuckDB and PostgreSQL look the same to the engine. */
export interface ColumnInfo {
  name: string;
  type: string;
}

export interface TableInfo {
  schema: string;
  name: string;
  columns: ColumnInfo[];
}

export type WarehouseConfig =
  | { kind: 'duckdb'; path: string }
  | { kind: 'postgres'; url: string; ssl?: 'disable' | 'require' | 'verify-full' };

export interface WarehouseAdapter {
  readonly kind: WarehouseConfig['kind'];
  /** Connects and runs a trivial query; throws an EbbError whose message names the fix. */
  test(): Promise<void>;
  listTables(): Promise<TableInfo[]>;
  close(): Promise<void>;
}
