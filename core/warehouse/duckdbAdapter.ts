import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../api/errors.js';
import type { TableInfo, WarehouseAdapter } from './types.js';

/** Creates an empty DuckDB database at `file` unless one is there; a missing folder is an error. */
export async function createDuckDbFileIfMissing(file: string): Promise<void> {
  if (fs.existsSync(file)) return;
  if (!fs.existsSync(path.dirname(file))) {
    throw new EbbError(
      'WAREHOUSE_ERROR',
      `The folder ${path.dirname(file)} does not exist: create it, or choose another path.`,
    );
  }
  const instance = await DuckDBInstance.create(file);
  instance.closeSync();
}

/** The embedded warehouse: a DuckDB file opened in this process. */
export class DuckDbAdapter implements WarehouseAdapter {
  readonly kind = 'duckdb' as const;
  private connection?: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }>;

  constructor(readonly path: string) {}

  private connect() {
    if (!this.connection) {
      if (!fs.existsSync(this.path)) {
        throw new EbbError(
          'WAREHOUSE_ERROR',
          `DuckDB file not found: ${this.path}. Check the path, or create the file with DuckDB first.`,
        );
      }
      this.connection = (async () => {
        const instance = await DuckDBInstance.create(this.path);
        return { instance, connection: await instance.connect() };
      })().catch((error: unknown) => {
        this.connection = undefined;
        throw new EbbError(
          'WAREHOUSE_ERROR',
          `Could not open DuckDB file ${this.path}: ${(error as Error).message}`,
        );
      });
    }
    return this.connection;
  }

  async test(): Promise<void> {
    const { connection } = await this.connect();
    await connection.run('select 1');
  }

  async listTables(): Promise<TableInfo[]> {
    const { connection } = await this.connect();
    const reader = await connection.runAndReadAll(
      `select table_schema, table_name, column_name, data_type
         from information_schema.columns
        where table_schema not in ('information_schema', 'pg_catalog')
          and table_schema not like '\\_ebb%' escape '\\'
        order by table_schema, table_name, ordinal_position`,
    );
    const tables = new Map<string, TableInfo>();
    for (const row of reader.getRows()) {
      const [schema, name, column, type] = row.map(String) as [string, string, string, string];
      const key = `${schema}.${name}`;
      let table = tables.get(key);
      if (!table) {
        table = { schema, name, columns: [] };
        tables.set(key, table);
      }
      table.columns.push({ name: column, type });
    }
    return [...tables.values()];
  }

  async close(): Promise<void> {
    const opened = this.connection;
    this.connection = undefined;
    if (!opened) return;
    const { instance, connection } = await opened;
    connection.closeSync();
    instance.closeSync();
  }
}
