import mysqlCore from 'mysql2';
import type mysql from 'mysql2/promise';
import { EbbError } from '../errors.js';
import { mysqlColumnType, type MysqlCollation } from '../values/mysqlTypes.js';
import { quoteIdent, quoteLiteral } from '../values/sqlLiteral.js';
import type { JsonRecord, ValueType } from '../values/valueType.js';
import { inTransaction } from './inTransaction.js';
import { Lazy } from './lazy.js';
import { modelRecordsSql, recordChunks } from './modelRecords.js';
import { singleQuery, splitStatements, sqlErrorInModel, wrapAsSubquery } from './modelSql.js';
import { mysqlErrorPosition } from './mysqlErrors.js';
import {
  ServerTargetMessages,
  type ConnectExplanations,
  type ServerTarget,
} from './serverConnectError.js';
import { columnRowsSql, tablesFromColumnRows } from './sqlRows.js';
import { explainDenied, probeWriteAccess } from './writeAccess.js';
import type { QueryColumn, SqlRow, TableInfo, WarehouseAdapter, WarehouseConfig } from './types.js';

type MysqlConfig = Extract<WarehouseConfig, { kind: 'mysql' }>;

/**
 * The session every connection runs in. ANSI_QUOTES, PIPES_AS_CONCAT and NO_BACKSLASH_ESCAPES
 * make MySQL read the engine's SQL like the other warehouses do ("quoted" identifiers, `||`
 * concatenation, standard literals), so the diff is shared; it means models on MySQL write
 * strings in single quotes. UTC makes TIMESTAMP values (and so fingerprints and JSON) independent
 * of the server's zone; group_concat_max_len lets readStaged aggregate pages of records.
 */
const SESSION_SETUP = [
  `set session sql_mode = 'ANSI_QUOTES,PIPES_AS_CONCAT,NO_BACKSLASH_ESCAPES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'`,
  `set session time_zone = '+00:00'`,
  `set session group_concat_max_len = 1073741824`,
];

function parseTarget(url: string): ServerTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EbbError(
      'WAREHOUSE_ERROR',
      'The MySQL URL is not valid: use mysql://USER:PASSWORD@HOST:PORT/DATABASE.',
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) {
    throw new EbbError(
      'WAREHOUSE_ERROR',
      'The MySQL URL names no database: use mysql://USER:PASSWORD@HOST:PORT/DATABASE.',
    );
  }
  return {
    host: parsed.hostname || 'localhost',
    port: Number(parsed.port || '3306'),
    user: decodeURIComponent(parsed.username) || 'root',
    database,
    password: decodeURIComponent(parsed.password),
  };
}

interface MysqlError extends Error {
  code?: string;
  errno?: number;
}

/** The columns of every table the user sees, but the system's and Ebb's own. */
const TABLE_COLUMNS = columnRowsSql(
  'column_type',
  'information_schema.columns',
  `table_schema not in ('information_schema', 'mysql', 'performance_schema', 'sys')
          and table_schema not like '\\_ebb%'`,
);

/** Error numbers of missing privileges (database, table, column, routine and global ones). */
const DENIED = new Set([1044, 1142, 1143, 1227, 1370]);

const quoteName = (name: string) => '`' + name.replace(/`/g, '``') + '`';

/** MySQL's own connection errors, explained (the network ones: serverConnectError). */
const CONNECT_ERRORS: ConnectExplanations = {
  ER_ACCESS_DENIED_ERROR: ({ where, user }) =>
    new EbbError(
      'WAREHOUSE_ERROR',
      `MySQL at ${where} refused the user name or password for user "${user}": check both in the connection URL.`,
    ),
  ER_BAD_DB_ERROR: ({ where, database }) =>
    new EbbError(
      'WAREHOUSE_ERROR',
      `Database "${database}" does not exist on ${where}: create it (CREATE DATABASE ${quoteName(database)};) or fix the database name in the URL.`,
    ),
  ER_DBACCESS_DENIED_ERROR: ({ where, user, database }) =>
    new EbbError(
      'PERMISSION_DENIED',
      `User "${user}" may not use database "${database}" on ${where}. Ask an administrator to run: GRANT SELECT, CREATE TEMPORARY TABLES ON ${quoteName(database)}.* TO '${user}'@'%';`,
    ),
  ER_HOST_NOT_PRIVILEGED: ({ where, user }) =>
    new EbbError(
      'PERMISSION_DENIED',
      `MySQL at ${where} does not let user "${user}" connect from this machine: ask an administrator to create the user for this host.`,
    ),
};

/** A MySQL or MariaDB warehouse, through mysql2. */
export class MysqlAdapter implements WarehouseAdapter {
  readonly kind = 'mysql' as const;
  readonly dialect = 'mysql' as const;
  private readonly server: ServerTargetMessages;
  private readonly connection = new Lazy(async () => (await this.newSession()).promise());
  private readonly collations = new Lazy(() => this.readCollations());
  /** Every session this adapter has open (the shared one and streams' own). */
  private readonly sessions = new Set<mysqlCore.Connection>();
  /** interrupt()'s KILL QUERY in flight: no statement starts before they are done. */
  private cancelling: Promise<void> = Promise.resolve();

  constructor(config: MysqlConfig) {
    this.server = new ServerTargetMessages('MySQL', parseTarget(config.url), CONNECT_ERRORS);
  }

  private options(): mysqlCore.ConnectionOptions {
    const { host, port, user, password, database } = this.server.target;
    return {
      host,
      port,
      user,
      password,
      database,
      charset: 'UTF8MB4_UNICODE_CI',
      connectTimeout: 15_000,
      // 64-bit integers and decimals as exact text; dates as the server's text.
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      multipleStatements: false,
    };
  }

  /** A connected session with SESSION_SETUP applied: the callback API (for streams) and its promise face. */
  private async newSession(): Promise<mysqlCore.Connection> {
    const core = mysqlCore.createConnection(this.options());
    core.on('error', () => undefined);
    try {
      for (const statement of SESSION_SETUP) await core.promise().query(statement);
      // MariaDB's Aria writes the diff's temporary tables about a third faster than InnoDB
      // (core/diff/README.md); MySQL has no Aria and keeps its default. The diff's joins go by
      // index: MariaDB's hash join (join_cache_level 3+) replaces index lookups and reads the
      // other table once per join buffer.
      await core
        .promise()
        .query(`set session default_tmp_storage_engine = 'Aria'`)
        .catch(() => undefined);
      this.sessions.add(core);
      core.once('end', () => this.sessions.delete(core));
      return core;
    } catch (error) {
      core.destroy();
      throw this.server.connectError(error);
    }
  }

  /** The shared session, once interrupt()'s kills are done (so none can catch what comes next). */
  private async connect(): Promise<mysql.Connection> {
    await this.cancelling;
    return this.connection.get();
  }

  /**
   * KILL QUERY of every session's statement, over a session of its own: a query waiting on a
   * lock or in sleep() fails ("Query execution was interrupted") and its transaction rolls
   * back; a session that is idle by then is left as it is.
   */
  async interrupt(): Promise<void> {
    const threads = [...this.sessions].map((session) => session.threadId);
    if (threads.length === 0) return;
    const kills = (async () => {
      const killer = mysqlCore.createConnection(this.options());
      killer.on('error', () => undefined);
      try {
        // A session gone meanwhile is an unknown thread; the server gone too ends them all.
        for (const thread of threads)
          await killer
            .promise()
            .query(`kill query ${Number(thread)}`)
            .catch(() => undefined);
      } finally {
        killer.destroy();
      }
    })();
    this.cancelling = this.cancelling.then(() => kills);
    await kills;
  }

  private engineError(error: unknown): EbbError {
    if (error instanceof EbbError) return error;
    const e = error as MysqlError;
    if (e.errno !== undefined && DENIED.has(e.errno)) {
      return new EbbError('PERMISSION_DENIED', this.server.scrub(e.message));
    }
    return new EbbError('WAREHOUSE_ERROR', this.server.scrub(e.message));
  }

  async test(): Promise<void> {
    await this.query('select 1 as ok');
  }

  /** A denied CREATE TEMPORARY TABLE, as the GRANT that allows it (else undefined). */
  private temporaryTablesDenied(statement: string, error: unknown): EbbError | undefined {
    const e = error as MysqlError;
    if (e.errno === undefined || !DENIED.has(e.errno)) return undefined;
    if (!/^\s*create\s+temporary\s+table\b/i.test(statement)) return undefined;
    const { user, database } = this.server.target;
    const account = /for user ('[^']*'@'[^']*')/.exec(e.message)?.[1] ?? `'${user}'@'%'`;
    return new EbbError(
      'PERMISSION_DENIED',
      `User ${account} may not create temporary tables in database "${database}", and Ebb computes every diff in them. Ask an administrator to run: GRANT CREATE TEMPORARY TABLES ON ${quoteName(database)}.* TO ${account};`,
    );
  }

  async listTables(): Promise<TableInfo[]> {
    return tablesFromColumnRows(await this.query(TABLE_COLUMNS));
  }

  private readCollations(): Promise<Map<number, MysqlCollation>> {
    return this.query(
      `select c.id, c.collation_name as name, c.character_set_name as charset, s.maxlen
         from information_schema.collations c
         join information_schema.character_sets s on s.character_set_name = c.character_set_name`,
    ).then(
      (rows) =>
        new Map(
          rows.map((row) => [
            Number(row.id),
            {
              name: String(row.name),
              charset: String(row.charset),
              maxBytes: Number(row.maxlen),
            },
          ]),
        ),
    );
  }

  async describeQuery(sql: string): Promise<QueryColumn[]> {
    const query = singleQuery(sql);
    const connection = await this.connect();
    let fields: mysql.FieldPacket[];
    const wrapped = wrapAsSubquery(query, ' limit 0');
    // Read-only and rolled back; LIMIT 0 returns the columns without reading rows.
    await connection.query('start transaction read only');
    try {
      [, fields] = await connection.query(wrapped);
    } catch (error) {
      const e = error as MysqlError;
      if (e.errno === undefined) throw this.engineError(error);
      if (DENIED.has(e.errno)) throw this.engineError(error);
      throw sqlErrorInModel(
        this.server.scrub(this.hint(query, e)),
        query,
        wrapped,
        mysqlErrorPosition(query, e.message),
      );
    } finally {
      await connection.query('rollback').catch(() => undefined);
    }
    const collations = await this.collations.get();
    return fields.map((field) => ({ name: field.name, ...mysqlColumnType(field, collations) }));
  }

  /** The server's message, plus what ANSI_QUOTES changes when that is the likely cause. */
  private hint(query: string, error: MysqlError): string {
    const unknown = /^Unknown column '([^']*)'/.exec(error.message)?.[1];
    if (unknown !== undefined && query.includes(`"${unknown}"`)) {
      return `${error.message}. Ebb reads MySQL models with ANSI_QUOTES: "${unknown}" is a column name there; write strings in single quotes ('${unknown}').`;
    }
    return error.message;
  }

  async *streamRows(sql: string, chunkSize: number): AsyncIterable<JsonRecord[]> {
    const columns = await this.describeQuery(sql);
    // Its own connection: rows stream from the server while the engine's connection stays free.
    const connection = await this.newSession();
    const size = Math.max(1, Math.floor(chunkSize));
    try {
      const stream = connection
        .query({ sql: modelRecordsSql('mysql', columns, sql), rowsAsArray: true })
        .stream({ highWaterMark: size });
      yield* recordChunks(stream as AsyncIterable<[string]>, size, (row) => row[0]);
    } catch (error) {
      throw this.engineError(error);
    } finally {
      // Ending mid-stream would wait for the remaining rows: destroy instead.
      this.sessions.delete(connection);
      connection.destroy();
    }
  }

  async execute(sql: string): Promise<void> {
    const connection = await this.connect();
    for (const statement of splitStatements(sql)) {
      try {
        await connection.query(statement);
      } catch (error) {
        throw this.temporaryTablesDenied(statement, error) ?? this.engineError(error);
      }
    }
  }

  async query(sql: string): Promise<SqlRow[]> {
    const connection = await this.connect();
    try {
      const [rows] = await connection.query<mysql.RowDataPacket[]>(sql);
      return rows as SqlRow[];
    } catch (error) {
      throw this.engineError(error);
    }
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    // MySQL spells BEGIN TRANSACTION as START TRANSACTION.
    return inTransaction(
      (sql) => this.execute(sql === 'begin transaction' ? 'start transaction' : sql),
      work,
    );
  }

  /**
   * The first 64 bits of md5 over the row's columns, each as `length:text` (or `-` for null) so
   * no two rows run together. The text form is pinned by the session (UTC, sql_mode); the server
   * and its version are in the tag in case a release changes a type's text.
   */
  async fingerprint(columns: readonly { name: string; valueType?: ValueType }[] = []) {
    const [row] = await this.query('select version() as v');
    const version = String(row?.v ?? '');
    const flavour = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
    const release = /^\d+\.\d+/.exec(version)?.[0] ?? version;
    // A FLOAT's own text keeps 6 significant digits, so a change in the 7th went unseen: it is
    // hashed as the double it is. Its own tag re-baselines state made before (core/diff/README.md).
    const single = (column: { valueType?: ValueType }) =>
      column.valueType?.kind === 'float' && column.valueType.single === true;
    // A BIT once went out as its bytes: its own tag re-baselines state, resending those rows.
    const bits = (column: { valueType?: ValueType }) =>
      column.valueType?.kind === 'other' && column.valueType.bits !== undefined;
    return {
      expression: (alias: string) => {
        const parts = columns.map((column) => {
          const name = `${alias}.${quoteIdent(column.name)}`;
          const c = single(column) ? `cast(${name} as double)` : name;
          return `coalesce(concat(length(${c}), ':', ${c}), '-')`;
        });
        return `left(md5(concat_ws(',', ${parts.length ? parts.join(', ') : "''"})), 16)`;
      },
      sqlType: 'char(16) character set ascii',
      tag: `${flavour}-md5-cols${columns.some(single) ? '-f64' : ''}${columns.some(bits) ? '-bits' : ''}/${release}`,
    };
  }

  async ensureWritableSchema(schema: string): Promise<void> {
    const [row] = await this.query(
      `select current_user() as usr,
              (select count(*) from information_schema.schemata where schema_name = ${quoteLiteral(schema)}) as present`,
    );
    const user = String(row?.usr ?? '');
    const at = user.lastIndexOf('@');
    const account = at > 0 ? `'${user.slice(0, at)}'@'${user.slice(at + 1)}'` : `'${user}'`;
    const db = quoteName(schema);
    const grant = `GRANT ALL PRIVILEGES ON ${db}.* TO ${account};`;
    if (Number(row?.present) === 0) {
      // A database the user has no privileges on is not listed either: it may exist.
      await explainDenied(
        () => this.execute(`create database if not exists ${quoteIdent(schema)}`),
        `Ebb keeps sync state in database ${db}, which user ${account} can neither see nor create. Ask an administrator to run: CREATE DATABASE IF NOT EXISTS ${db}; ${grant}`,
      );
    }
    const probe = `${quoteIdent(schema)}.${quoteIdent('ebb_write_probe')}`;
    const denied = `Ebb keeps sync state in database ${db} but user ${account} cannot write there. Ask an administrator to run: ${grant}`;
    await probeWriteAccess(this, probe, 'int', denied);
    // A user with SELECT alone connects and reads, but every diff needs temporary tables in the
    // model's database (a denial is explained by execute: temporaryTablesDenied).
    await this.execute('create temporary table ebb_write_probe (ok int)');
    await this.execute('drop temporary table ebb_write_probe');
  }

  async close(): Promise<void> {
    const session = await this.connection.take();
    await session?.end().catch(() => undefined);
    this.sessions.clear();
  }
}
