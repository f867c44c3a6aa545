import {
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBResult,
} from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../errors.js';
import { duckDbValueType } from '../values/duckdbTypes.js';
import { quoteLiteral } from '../values/sqlLiteral.js';
import type { JsonRecord } from '../values/valueType.js';
import {
  SUBQUERY_PREFIX,
  SqlError,
  offsetOf,
  singleQuery,
  sqlErrorInModel,
  wrapAsSubquery,
} from './modelSql.js';
import type { QueryColumn, SqlRow, TableInfo, WarehouseAdapter, WorkMemory } from './types.js';
import { duckDbFiles, type DuckDbFiles, type DuckDbLease } from './duckDbFiles.js';
import { inTransaction } from './inTransaction.js';
import { modelRecordsSql } from './modelRecords.js';
import { columnRowsSql, sqlRow, tablesFromColumnRows } from './sqlRows.js';

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

export interface DuckDbOptions {
  /**
   * DuckDB's memory limit. DuckDB runs inside the Ebb process, so this bounds the process's
   * footprint during a diff; bigger joins spill to `<file>.tmp` instead of growing the heap.
   * Default 512MB: at 128MB and 256MB the 10M-row diff's hash join ran out of memory (it does
   * not always spill); at 512MB it passes with headroom, peaking near 850 MB of process RSS.
   */
  memoryLimit?: string;
  /** The memory limit while a diff moves millions of changed rows (default 512MB). */
  bulkMemoryLimit?: string;
  /**
   * The memory limit while rows only pass through: a first sync's staging written in the
   * model's order (default 160MB; at 96MB DuckDB wrote it on one thread). A 10M-row first sync
   * peaked at 781 MB of process RSS at 512MB, 478 MB at 200MB, with no more CPU (README.md in
   * core/diff).
   */
  streamMemoryLimit?: string;
  /**
   * The memory limit while staged pages are read for delivery (default 64MB): DuckDB's buffers
   * then only cache staging, and at 160MB they grew the 10M first sync's RSS to 406 MB during
   * delivery against ~300 MB at 64MB, in the same time (core/diff/README.md).
   */
  readMemoryLimit?: string;
  threads?: number;
  /**
   * The files open in this process, so every adapter on one file shares one instance (the
   * core passes its own). Without it, this adapter opens the file for itself alone.
   */
  files?: DuckDbFiles;
}

const DEFAULT_MEMORY_LIMIT = '512MB';
const STREAM_MEMORY_LIMIT = '160MB';
const READ_MEMORY_LIMIT = '64MB';

type Opened = { lease: DuckDbLease; connection: DuckDBConnection };

/** Turns a DuckDB error into SqlError at the line/column its `LINE n:` caret points at in the model. */
export function duckDbSqlError(error: unknown, wrapped: string, query: string): SqlError {
  const message = (error as Error).message;
  const located = /\n\nLINE (\d+): (.*)\n( *)\^/.exec(message);
  const head = message.replace(/\n\nLINE \d+:[\s\S]*$/, '');
  if (!located) return sqlErrorInModel(head, query, wrapped, undefined);
  const wrappedLine = Number(located[1]);
  const shown = located[2] as string;
  const caret = (located[3] as string).length - `LINE ${located[1]}: `.length;
  if (shown.startsWith('...')) {
    // A long line is shown cut: only the line is known.
    const prefixLines = SUBQUERY_PREFIX.split('\n').length - 1;
    return sqlErrorInModel(head, query, wrapped, undefined, wrappedLine - prefixLines);
  }
  const offset = offsetOf(wrapped, wrappedLine, caret) - SUBQUERY_PREFIX.length;
  return sqlErrorInModel(head, query, wrapped, offset < 0 ? undefined : offset);
}

/** The embedded warehouse: a DuckDB file opened in this process. */
export class DuckDbAdapter implements WarehouseAdapter {
  readonly kind = 'duckdb' as const;
  readonly dialect = 'duckdb' as const;
  private connection?: Promise<Opened>;
  /** True while this adapter's transaction holds the file's turn (its statements run in it). */
  private holdsTurn = false;
  /** The connections of streams and reads aside, open now (interrupt() stops theirs too). */
  private readonly asides = new Set<DuckDBConnection>();

  constructor(
    readonly path: string,
    private readonly options: DuckDbOptions = {},
  ) {}

  private connect(): Promise<Opened> {
    if (!this.connection) {
      if (!fs.existsSync(this.path)) {
        throw new EbbError(
          'WAREHOUSE_ERROR',
          `DuckDB file not found: ${this.path}. Check the path, or create the file with DuckDB first.`,
        );
      }
      this.connection = (async () => {
        const files = this.options.files ?? duckDbFiles();
        const lease = await files.acquire(this.path, {
          memoryLimit: this.options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
          bulkMemoryLimit: this.options.bulkMemoryLimit ?? DEFAULT_MEMORY_LIMIT,
          streamMemoryLimit: this.options.streamMemoryLimit ?? STREAM_MEMORY_LIMIT,
          readMemoryLimit: this.options.readMemoryLimit ?? READ_MEMORY_LIMIT,
          ...(this.options.threads ? { threads: this.options.threads } : {}),
        });
        try {
          const connection = await lease.instance.connect();
          await connection.run("set TimeZone = 'UTC'");
          return { lease, connection };
        } catch (error) {
          lease.release();
          throw error;
        }
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
    const sql = columnRowsSql(
      'data_type',
      'information_schema.columns',
      `table_schema not in ('information_schema', 'pg_catalog')
          and table_schema not like '\\_ebb%' escape '\\'`,
    );
    return tablesFromColumnRows(await this.query(sql));
  }

  async describeQuery(sql: string): Promise<QueryColumn[]> {
    const query = singleQuery(sql);
    const { connection } = await this.connect();
    const wrapped = wrapAsSubquery(query, ' limit 0');
    // Defence in depth behind singleQuery(): DuckDB's own parser must see exactly one statement,
    // so no model text can close the subquery and smuggle a second one in.
    const statements = await connection.extractStatements(wrapped).catch(() => undefined);
    if (statements && statements.count !== 1) {
      throw new EbbError(
        'NOT_A_QUERY',
        'The model must be exactly one SELECT (or WITH …) query; it closes the query and adds other statements.',
      );
    }
    try {
      const result = await connection.run(wrapped);
      return result.columnNames().map((name, index) => {
        const type = result.columnType(index);
        return { name, type: type.toString(), valueType: duckDbValueType(type) };
      });
    } catch (error) {
      throw duckDbSqlError(error, wrapped, query);
    }
  }

  async *streamRows(sql: string, chunkSize: number): AsyncIterable<JsonRecord[]> {
    const columns = await this.describeQuery(sql);
    let batch: JsonRecord[] = [];
    for await (const values of this.streamText(modelRecordsSql('duckdb', columns, sql))) {
      for (const value of values) {
        batch.push(JSON.parse(value) as JsonRecord);
        if (batch.length >= chunkSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * Engine SQL whose one text column is read as it is produced, a chunk of values at a time, on
   * a connection of its own (the engine keeps using the main one meanwhile). A reader that stops
   * early ends the query before the connection closes (`endStream`). Staged changes are read in
   * pages instead: on a quiet machine this stream made a first sync slower (core/diff/README.md,
   * "Session 7").
   */
  async *streamText(sql: string): AsyncIterable<string[]> {
    const { instance } = (await this.connect()).lease;
    const connection = await instance.connect();
    this.asides.add(connection);
    let result: DuckDBResult | undefined;
    let next: Promise<DuckDBDataChunk | null> | undefined;
    let finished = false;
    try {
      result = await connection.stream(sql).catch((error: unknown) => {
        throw this.engineError(error);
      });
      next = result.fetchChunk();
      for (;;) {
        const chunk = await next;
        if (!chunk || chunk.rowCount === 0) break;
        const values = chunk.getColumnValues(0).map(String);
        // DuckDB produces the next chunk while this one is handed on.
        next = result.fetchChunk();
        next.catch(() => undefined);
        yield values;
      }
      finished = true;
    } finally {
      if (!finished) await endStream(connection, result, next);
      this.asides.delete(connection);
      connection.closeSync();
    }
  }

  /**
   * A statement on a connection of its own, beside the turn: for reads that run alongside each
   * other (two ranges of staging written out at once: core/diff/exportStaged.ts), never for
   * writes to the warehouse's tables.
   */
  async queryAside(sql: string): Promise<SqlRow[]> {
    const { instance } = (await this.connect()).lease;
    const connection = await instance.connect();
    this.asides.add(connection);
    try {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) => sqlRow(row));
    } catch (error) {
      throw this.engineError(error);
    } finally {
      this.asides.delete(connection);
      connection.closeSync();
    }
  }

  /**
   * DuckDB's own interrupt of each connection's query: the query fails ("Interrupted!") and its
   * transaction rolls back. An idle connection ignores it (the next query clears the flag), and
   * it is delivered at once, so no later statement can be caught by it.
   */
  async interrupt(): Promise<void> {
    const opened = await this.connection?.catch(() => undefined);
    opened?.connection.interrupt();
    for (const connection of this.asides) connection.interrupt();
  }

  /** Engine SQL takes its turn on the shared file, unless this adapter's transaction holds it. */
  private async inTurn<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const { lease, connection } = await this.connect();
    return this.holdsTurn ? work(connection) : lease.exclusive(() => work(connection));
  }

  async execute(sql: string): Promise<void> {
    try {
      await this.inTurn((connection) => connection.run(sql));
    } catch (error) {
      throw this.engineError(error);
    }
  }

  async query(sql: string): Promise<SqlRow[]> {
    try {
      const reader = await this.inTurn((connection) => connection.runAndReadAll(sql));
      return reader.getRowObjectsJS().map((row) => sqlRow(row));
    } catch (error) {
      throw this.engineError(error);
    }
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const { lease } = await this.connect();
    // The whole transaction is one turn: another user's statement in between could conflict.
    return lease.exclusive(async () => {
      this.holdsTurn = true;
      try {
        return await inTransaction((sql) => this.execute(sql), work);
      } finally {
        this.holdsTurn = false;
      }
    });
  }

  async fingerprint() {
    const [row] = await this.query('select version() as v');
    // DuckDB's hash() is fast but only promised stable within one DuckDB version: the version is
    // part of the tag, and a changed tag makes the diff re-baseline state (see core/diff).
    return {
      expression: (alias: string) => `hash(${alias})`,
      sqlType: 'ubigint',
      tag: `duckdb-hash/${String(row?.v)}`,
    };
  }

  async setWorkMemory(level: WorkMemory): Promise<void> {
    const limit = (await this.connect()).lease.workMemory(level);
    await this.execute(`set memory_limit = ${quoteLiteral(limit)}`);
  }

  async limitThreads(threads: number): Promise<() => Promise<void>> {
    const { lease } = await this.connect();
    try {
      return await lease.limitThreads(threads);
    } catch (error) {
      throw this.engineError(error);
    }
  }

  async ensureWritableSchema(schema: string): Promise<void> {
    try {
      await this.execute(`create schema if not exists "${schema.replace(/"/g, '""')}"`);
    } catch (error) {
      if (/read-only|read only/i.test((error as Error).message)) {
        throw new EbbError(
          'PERMISSION_DENIED',
          `Ebb keeps sync state in schema ${quoteLiteral(schema)} of ${this.path}, but the file is read-only: make it writable (and not opened read-only elsewhere).`,
        );
      }
      throw error;
    }
  }

  private engineError(error: unknown): EbbError {
    if (error instanceof EbbError) return error;
    const message = (error as Error).message;
    if (/read-only|read only/i.test(message)) {
      return new EbbError('PERMISSION_DENIED', `DuckDB file ${this.path} is read-only: ${message}`);
    }
    return new EbbError('WAREHOUSE_ERROR', message);
  }

  async close(): Promise<void> {
    const opened = this.connection;
    this.connection = undefined;
    if (!opened) return;
    const { lease, connection } = await opened;
    connection.closeSync();
    lease.release();
  }
}

/**
 * A stream its reader left early: interrupted, then read to its end (or its interruption error)
 * before the connection closes. Closing a connection with its streaming query unfinished left
 * the file unreadable later (an internal FSST error: core/diff/README.md).
 */
async function endStream(
  connection: DuckDBConnection,
  result: DuckDBResult | undefined,
  next: Promise<DuckDBDataChunk | null> | undefined,
): Promise<void> {
  connection.interrupt();
  try {
    await next;
    while (result) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
    }
  } catch {
    // The interruption ends the query with an error: that is its end.
  }
}
