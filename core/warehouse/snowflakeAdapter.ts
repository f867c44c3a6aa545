import type { Column, Connection, RowStatement } from 'snowflake-sdk';
import { EbbError } from '../errors.js';
import { snowflakeColumnType } from '../values/snowflakeTypes.js';
import { quoteIdent, quoteLiteralIn } from '../values/sqlLiteral.js';
import type { JsonRecord } from '../values/valueType.js';
import { inTransaction } from './inTransaction.js';
import { Lazy } from './lazy.js';
import { modelRecordsSql, recordChunks } from './modelRecords.js';
import { singleQuery, splitStatements, sqlErrorInModel, wrapAsSubquery } from './modelSql.js';
import { columnRowsSql, sqlRow, tablesFromColumnRows } from './sqlRows.js';
import {
  isSnowflakeDenied,
  publicKeyFingerprint,
  readPrivateKey,
  snowflakeConnectError,
  snowflakeErrorPosition,
  type SnowflakeErrorLike,
} from './snowflakeErrors.js';
import { Turns } from './turns.js';
import type { QueryColumn, SqlRow, TableInfo, WarehouseAdapter, WarehouseConfig } from './types.js';
import { explainDenied, probeWriteAccess } from './writeAccess.js';

type SnowflakeConfig = Extract<WarehouseConfig, { kind: 'snowflake' }>;
type SnowflakeSdk = typeof import('snowflake-sdk');

/**
 * The driver, loaded on first use: `ebb warehouse list` and every other start that opens no
 * Snowflake warehouse never pays for it (the bundles keep it external, see electron/build).
 */
async function loadSnowflake(): Promise<SnowflakeSdk> {
  const mod = await import('snowflake-sdk');
  const sdk = ((mod as { default?: SnowflakeSdk }).default ?? mod) as SnowflakeSdk;
  // The driver logs to ./snowflake.log by default: Ebb reports errors itself.
  sdk.configure({ logLevel: 'OFF' });
  return sdk;
}

/**
 * The session every connection runs in: UTC, so TIMESTAMP_LTZ values (and so fingerprints and
 * JSON) do not depend on the account's zone; quoted names case-sensitive whatever the account
 * says, as the engine's quoted state tables need.
 * https://docs.snowflake.com/en/sql-reference/parameters
 */
const SESSION_SETUP = `alter session set TIMEZONE = 'UTC', QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE`;

/** The columns of every table the role sees in the database, but Ebb's own. */
const TABLE_COLUMNS = columnRowsSql(
  'data_type',
  'information_schema.columns',
  `table_schema <> 'INFORMATION_SCHEMA' and not startswith(table_schema, '_ebb')`,
);

/** A Snowflake warehouse, through snowflake-sdk with key-pair (JWT) authentication. */
export class SnowflakeAdapter implements WarehouseAdapter {
  readonly kind = 'snowflake' as const;
  readonly dialect = 'snowflake' as const;
  private readonly connection = new Lazy(() => this.newConnection());
  private readonly turns = new Turns();

  constructor(private readonly config: SnowflakeConfig) {}

  private async newConnection(): Promise<Connection> {
    const key = readPrivateKey(this.config.privateKey, this.config.privateKeyPassphrase);
    const sdk = await loadSnowflake();
    const { account, username, warehouse, database, role } = this.config;
    const connection = sdk.createConnection({
      account,
      username,
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: this.config.privateKey,
      privateKeyPass: this.config.privateKeyPassphrase,
      warehouse,
      database,
      role,
      // A wrong account or no network fails in seconds, not after the driver's 7 login retries.
      sfRetryMaxLoginRetries: 2,
    });
    try {
      await new Promise<void>((resolve, reject) =>
        connection.connect((error) => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      throw snowflakeConnectError(
        error as SnowflakeErrorLike,
        this.config,
        publicKeyFingerprint(key),
      );
    }
    try {
      await this.run(connection, SESSION_SETUP);
      await this.checkContext(connection);
      return connection;
    } catch (error) {
      connection.destroy(() => undefined);
      throw this.engineError(error);
    }
  }

  /**
   * Snowflake connects even when the database or virtual warehouse is unknown or not granted
   * (the session then has none): said here, with the grant to ask for.
   */
  private async checkContext(connection: Connection): Promise<void> {
    const { rows } = await this.run(
      connection,
      'select current_database() as db, current_warehouse() as wh, current_role() as role',
    );
    const row = rows[0] ?? {};
    const role = String(row.role ?? 'PUBLIC');
    const { database, warehouse } = this.config;
    if (row.db === null || row.db === undefined) {
      throw new EbbError(
        'PERMISSION_DENIED',
        `Database ${database} does not exist or role ${role} may not use it. Ask an administrator to run: GRANT USAGE ON DATABASE ${database} TO ROLE ${role};`,
      );
    }
    if (row.wh === null || row.wh === undefined) {
      throw new EbbError(
        'PERMISSION_DENIED',
        `Virtual warehouse ${warehouse} does not exist or role ${role} may not use it. Ask an administrator to run: GRANT USAGE ON WAREHOUSE ${warehouse} TO ROLE ${role};`,
      );
    }
  }

  private connect(): Promise<Connection> {
    return this.connection.get();
  }

  /** One statement; rows keyed by column name, numbers as exact text. */
  private run(
    connection: Connection,
    sqlText: string,
    options: { describeOnly?: boolean } = {},
  ): Promise<{ rows: SqlRow[]; columns: Column[] }> {
    return new Promise((resolve, reject) => {
      connection.execute({
        sqlText,
        describeOnly: options.describeOnly,
        fetchAsString: ['Number'],
        complete: (error, statement, rows) => {
          if (error) reject(error);
          else
            resolve({
              // Snowflake names unquoted aliases in upper case; the engine writes them in lower case.
              rows: ((rows ?? []) as Record<string, unknown>[]).map((row) =>
                sqlRow(row, (name) => name.toLowerCase()),
              ),
              columns: (statement as RowStatement).getColumns() ?? [],
            });
        },
      });
    });
  }

  /**
   * The engine's statements one at a time, in the order given (a transaction's statements must
   * not interleave with a read-ahead).
   */
  private inTurn<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
    return this.turns.run(async () => work(await this.connect()));
  }

  private engineError(error: unknown): EbbError {
    if (error instanceof EbbError) return error;
    const e = error as SnowflakeErrorLike;
    return new EbbError(isSnowflakeDenied(e) ? 'PERMISSION_DENIED' : 'WAREHOUSE_ERROR', e.message);
  }

  async test(): Promise<void> {
    await this.query('select 1 as ok');
  }

  async listTables(): Promise<TableInfo[]> {
    return tablesFromColumnRows(await this.query(TABLE_COLUMNS));
  }

  /** Compiled, never run (describeOnly): no virtual warehouse time, no rows read. */
  async describeQuery(sql: string): Promise<QueryColumn[]> {
    const query = singleQuery(sql);
    const wrapped = wrapAsSubquery(query, ' limit 0');
    let columns: Column[];
    try {
      ({ columns } = await this.inTurn((connection) =>
        this.run(connection, wrapped, { describeOnly: true }),
      ));
    } catch (error) {
      if (error instanceof EbbError) throw error;
      const e = error as SnowflakeErrorLike;
      if (isSnowflakeDenied(e)) throw this.engineError(error);
      throw sqlErrorInModel(e.message, query, wrapped, snowflakeErrorPosition(query, e.message));
    }
    return columns.map((column) => ({
      name: column.getName(),
      ...snowflakeColumnType({
        type: column.getType(),
        precision: column.getPrecision(),
        scale: column.getScale(),
      }),
    }));
  }

  async *streamRows(sql: string, chunkSize: number): AsyncIterable<JsonRecord[]> {
    const columns = await this.describeQuery(sql);
    const connection = await this.connect();
    // Streamed beside the engine's turn: a result is fetched in chunks the statement left behind.
    const statement = connection.execute({
      sqlText: modelRecordsSql('snowflake', columns, sql),
      streamResult: true,
      rowMode: 'array',
    });
    try {
      const rows = statement.streamRows() as AsyncIterable<[string]>;
      yield* recordChunks(rows, chunkSize, (row) => row[0]);
    } catch (error) {
      throw this.engineError(error);
    } finally {
      if (statement.getStatus() !== 'complete') statement.cancel(() => undefined);
    }
  }

  async execute(sql: string): Promise<void> {
    await this.inTurn(async (connection) => {
      try {
        for (const statement of splitStatements(sql)) await this.run(connection, statement);
      } catch (error) {
        throw this.engineError(error);
      }
    });
  }

  async query(sql: string): Promise<SqlRow[]> {
    return this.inTurn(async (connection) => {
      try {
        return (await this.run(connection, sql)).rows;
      } catch (error) {
        throw this.engineError(error);
      }
    });
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction((sql) => this.execute(sql), work);
  }

  /** snowflakeFingerprint, tagged with the account's major release. */
  async fingerprint(columns: readonly { name: string }[] = []) {
    const [row] = await this.query(`select split_part(current_version(), '.', 1) as v`);
    return snowflakeFingerprint(columns, String(row?.v ?? ''));
  }

  async ensureWritableSchema(schema: string): Promise<void> {
    const literal = (text: string) => quoteLiteralIn('snowflake', text);
    const [row] = await this.query(
      `select current_role() as role, current_database() as db,
              (select count(*) from information_schema.schemata where schema_name = ${literal(schema)}) as present`,
    );
    const role = String(row?.role ?? 'PUBLIC');
    const where = `${quoteIdent(String(row?.db ?? this.config.database))}.${quoteIdent(schema)}`;
    const grant = `GRANT USAGE, CREATE TABLE ON SCHEMA ${where} TO ROLE ${role};`;
    if (Number(row?.present) === 0) {
      await explainDenied(
        () => this.execute(`create schema if not exists ${where}`),
        `Ebb keeps sync state in schema ${where}, which role ${role} can neither see nor create. Ask an administrator to run: CREATE SCHEMA IF NOT EXISTS ${where}; ${grant}`,
      );
    }
    const probe = `${where}.${quoteIdent('ebb_write_probe')}`;
    const denied = `Ebb keeps sync state in schema ${where} but role ${role} cannot create tables there. Ask an administrator to run: ${grant}`;
    await probeWriteAccess(this, probe, 'int', denied);
  }

  async close(): Promise<void> {
    const open = await this.connection.take();
    if (open) await new Promise<void>((resolve) => open.destroy(() => resolve()));
  }
}

/**
 * HASH over the row's columns: Snowflake's native 64-bit hash of typed values (no text
 * rendering, so no session format can change it), documented as deterministic. The major
 * release is in the tag, so a release that changed it would re-baseline state, not resend.
 * https://docs.snowflake.com/en/sql-reference/functions/hash
 */
export function snowflakeFingerprint(columns: readonly { name: string }[], release: string) {
  return {
    expression: (alias: string) =>
      `hash(${columns.map((column) => `${alias}.${quoteIdent(column.name)}`).join(', ') || "''"})`,
    sqlType: 'number(19, 0)',
    tag: `snowflake-hash/${release}`,
  };
}
