import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../errors.js';
import type { JsonRecord } from '../values/valueType.js';
import { quoteLiteral } from '../values/sqlLiteral.js';
import { createDuckDbFileIfMissing, DuckDbAdapter } from './duckdbAdapter.js';
import type { DuckDbFiles } from './duckDbFiles.js';
import type {
  QueryColumn,
  SqlRow,
  TableInfo,
  WarehouseAdapter,
  WarehouseConfig,
  WorkMemory,
} from './types.js';

type FilesConfig = Extract<WarehouseConfig, { kind: 'files' }>;

/** The file kinds a folder warehouse lists, with the DuckDB reader for each. */
const READERS: Record<string, string> = {
  '.parquet': 'read_parquet',
  '.csv': 'read_csv',
  '.tsv': 'read_csv',
  '.json': 'read_json',
  '.ndjson': 'read_json',
  '.jsonl': 'read_json',
};

/**
 * A folder of Parquet/CSV/JSON files as a warehouse: the embedded DuckDB reads the files (a
 * model is SQL over them: `select * from 'orders.parquet'` or `read_parquet('events/*.parquet')`,
 * paths relative to the folder) and keeps Ebb's state in its own DuckDB file beside Ebb's home,
 * so the folder itself is never written to.
 */
export class FilesAdapter implements WarehouseAdapter {
  readonly kind = 'files' as const;
  readonly dialect = 'duckdb' as const;
  private readonly duck: DuckDbAdapter;
  private ready?: Promise<void>;

  constructor(
    private readonly config: FilesConfig,
    files?: DuckDbFiles,
  ) {
    this.duck = new DuckDbAdapter(config.statePath, { files });
  }

  /** Checks the folder, creates the state file, and points DuckDB's relative paths at the folder. */
  private open(): Promise<void> {
    this.ready ??= (async () => {
      const { dir, statePath } = this.config;
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new EbbError(
          'WAREHOUSE_ERROR',
          `Folder not found: ${dir}. Check the path; it must be a folder of Parquet or CSV files.`,
        );
      }
      fs.mkdirSync(path.dirname(statePath), { recursive: true });
      await createDuckDbFileIfMissing(statePath);
      await this.duck.execute(`set global file_search_path = ${quoteLiteral(dir)}`);
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async test(): Promise<void> {
    await this.open();
    await this.duck.test();
  }

  /**
   * The folder's data files (top level), each with its columns as DuckDB reads them, then any
   * table made in the state file itself (Ebb's own state is never listed).
   */
  async listTables(): Promise<TableInfo[]> {
    await this.open();
    const tables: TableInfo[] = [];
    for (const entry of fs.readdirSync(this.config.dir, { withFileTypes: true })) {
      const reader = READERS[path.extname(entry.name).toLowerCase()];
      if (!entry.isFile() || !reader) continue;
      const columns = await this.duck
        .query(`describe select * from ${reader}(${quoteLiteral(entry.name)})`)
        .catch(() => []);
      tables.push({
        schema: 'files',
        name: entry.name,
        columns: columns.map((c) => ({ name: String(c.column_name), type: String(c.column_type) })),
      });
    }
    tables.sort((a, b) => a.name.localeCompare(b.name));
    return [...tables, ...(await this.duck.listTables())];
  }

  async describeQuery(sql: string): Promise<QueryColumn[]> {
    await this.open();
    return this.duck.describeQuery(sql);
  }

  async *streamRows(sql: string, chunkSize: number): AsyncIterable<JsonRecord[]> {
    await this.open();
    yield* this.duck.streamRows(sql, chunkSize);
  }

  async execute(sql: string): Promise<void> {
    await this.open();
    await this.duck.execute(sql);
  }

  async query(sql: string): Promise<SqlRow[]> {
    await this.open();
    return this.duck.query(sql);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.duck.transaction(work);
  }

  fingerprint() {
    return this.duck.fingerprint();
  }

  setWorkMemory(level: WorkMemory): Promise<void> {
    return this.duck.setWorkMemory(level);
  }

  interrupt(): Promise<void> {
    return this.duck.interrupt();
  }

  async ensureWritableSchema(schema: string): Promise<void> {
    await this.open();
    await this.duck.ensureWritableSchema(schema);
  }

  async close(): Promise<void> {
    this.ready = undefined;
    await this.duck.close();
  }
}
