import type { SqlDialectName } from '../values/jsonSql.js';
import type { JsonRecord, ValueType } from '../values/valueType.js';

/** How much memory the warehouse may use for the work at hand (WarehouseAdapter.setWorkMemory). */
export type WorkMemory = 'read' | 'stream' | 'normal' | 'bulk';

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

/** A column of a model's result: the warehouse's type name and the neutral type for JSON. */
export interface QueryColumn extends ColumnInfo {
  valueType: ValueType;
}

export type WarehouseConfig =
  | { kind: 'duckdb'; path: string }
  | { kind: 'postgres'; url: string; ssl?: 'disable' | 'require' | 'verify-full' }
  | { kind: 'mysql'; url: string }
  /** A folder of Parquet/CSV files read by the embedded DuckDB; state in `statePath`. */
  | { kind: 'files'; dir: string; statePath: string }
  /** Key-pair authentication; `privateKey` is PEM (PKCS#8), sealed with the rest of the config. */
  | {
      kind: 'snowflake';
      account: string;
      username: string;
      privateKey: string;
      privateKeyPassphrase?: string;
      warehouse: string;
      database: string;
      role?: string;
    }
  /**
   * `credentials` is a service account's JSON key, sealed with the rest of the config;
   * `dataset`, when set, is where a model's unqualified table names are looked up.
   */
  | {
      kind: 'bigquery';
      projectId: string;
      credentials: string;
      location: string;
      dataset?: string;
    };

/** A row of an engine query: scalars only (64-bit integers arrive as decimal strings). */
export type SqlRow = Record<string, string | number | boolean | null>;

export interface WarehouseAdapter {
  readonly kind: WarehouseConfig['kind'];
  readonly dialect: SqlDialectName;
  /** Connects and runs a trivial query; throws an EbbError whose message names the fix. */
  test(): Promise<void>;
  listTables(): Promise<TableInfo[]>;
  /**
   * The columns of a model, found by running it as `select * from (<sql>) as m limit 0`.
   * Refuses anything but one SELECT/WITH query without running it (EbbError NOT_A_QUERY);
   * warehouse errors become SqlError (SQL_ERROR) with line and column in the model when known.
   */
  describeQuery(sql: string): Promise<QueryColumn[]>;
  /** The model's rows as JSON records (value rules of core/values), `chunkSize` at a time. */
  streamRows(sql: string, chunkSize: number): AsyncIterable<JsonRecord[]>;
  /** Engine SQL (state tables, staging): statements run as given. */
  execute(sql: string): Promise<void>;
  /** Engine SQL returning a small result. */
  query(sql: string): Promise<SqlRow[]>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * The row fingerprint: a SQL expression over the row alias, and the tag naming its algorithm.
   * `columns` are the model's (warehouses that cannot hash a whole row hash them one by one).
   */
  fingerprint(columns?: readonly { name: string }[]): Promise<{
    expression: (rowAlias: string) => string;
    sqlType: string;
    tag: string;
  }>;
  /**
   * Lets the warehouse use more memory while a diff moves millions of changed rows (`bulk`), and
   * back to its everyday footprint afterwards (`normal`); `stream` is less than everyday, for
   * work that passes rows through and holds few (writing a first sync's staging in the model's
   * order), and `read` less again, for reading staged pages. Optional: a no-op when absent.
   */
  setWorkMemory?(level: WorkMemory): Promise<void>;
  /**
   * Holds the warehouse to at most `threads` threads of its own until the answered release is
   * called (DuckDB, whose setting is the whole database's: holds that overlap are counted, and
   * the last one out restores the setting). Optional: nothing is held when absent.
   */
  limitThreads?(threads: number): Promise<() => Promise<void>>;
  /**
   * A read on a connection of its own, so that two can run at once (DuckDB: each `COPY` of a
   * staged range writes on one thread). Optional: `query` otherwise.
   */
  queryAside?(sql: string): Promise<SqlRow[]>;
  /**
   * Whether Ebb's `schema` holds `table`. Optional: information_schema is asked when absent
   * (BigQuery asks its API instead, which is free where a query of INFORMATION_SCHEMA is billed).
   */
  tableExists?(schema: string, table: string): Promise<boolean>;
  /**
   * Cancels the statements this adapter's connections are running now (a run's deadline or
   * cancel: a model query waiting on a lock would otherwise hold the run until the lock is
   * gone). Each fails, and its transaction rolls back; statements asked for afterwards run
   * normally (they wait until the cancel is delivered, so it cannot catch them instead).
   * Optional: a statement then runs to its end.
   */
  interrupt?(): Promise<void>;
  /** Creates `schema` when missing; PERMISSION_DENIED naming the GRANT/CREATE needed otherwise. */
  ensureWritableSchema(schema: string): Promise<void>;
  close(): Promise<void>;
}
