import pg from 'pg';
import { EbbError } from '../errors.js';
import { postgresValueType, type PgTypeInfo } from '../values/postgresTypes.js';
import { quoteIdent, quoteLiteral } from '../values/sqlLiteral.js';
import type { JsonRecord } from '../values/valueType.js';
import { SUBQUERY_PREFIX, singleQuery, sqlErrorInModel, wrapAsSubquery } from './modelSql.js';
import type {
  QueryColumn,
  SqlRow,
  TableInfo,
  WarehouseAdapter,
  WarehouseConfig,
  WorkMemory,
} from './types.js';
import { inTransaction } from './inTransaction.js';
import { Lazy } from './lazy.js';
import { modelRecordsSql } from './modelRecords.js';
import {
  ServerTargetMessages,
  type ConnectExplanations,
  type ServerTarget,
} from './serverConnectError.js';
import { tablesFromColumnRows } from './sqlRows.js';
import { backendPid, cancelBackend } from './pgCancel.js';
import { Turns } from './turns.js';

type PostgresConfig = Extract<WarehouseConfig, { kind: 'postgres' }>;

/**
 * work_mem while a first sync sorts its rendered rows into staging (a cap per sort, not an
 * allocation): 1M rows of 7 columns spilled 170 MB to temp files at 128 MB, which cost the sort
 * twice the CPU (core/diff/README.md).
 */
const WORK_MEM = { read: '128MB', stream: '128MB', normal: '128MB', bulk: '512MB' } as const;

/**
 * Session settings that make row text (and so fingerprints and JSON) independent of the
 * server's and the role's defaults; work_mem lets the diff's hash join and aggregate stay in
 * memory instead of spilling in 4 MB batches.
 */
const SESSION_SETUP = `set timezone to 'UTC'; set datestyle to 'ISO, YMD'; set intervalstyle to 'postgres';
  set extra_float_digits to 1; set bytea_output to 'hex'; set work_mem to '${WORK_MEM.normal}'`;

function parseTarget(url: string): ServerTarget {
  try {
    const parsed = new URL(url);
    return {
      host: parsed.hostname || 'localhost',
      port: Number(parsed.port || '5432'),
      user: decodeURIComponent(parsed.username) || 'postgres',
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
      password: decodeURIComponent(parsed.password),
    };
  } catch {
    throw new EbbError(
      'WAREHOUSE_ERROR',
      'The PostgreSQL URL is not valid: use postgres://USER:PASSWORD@HOST:PORT/DATABASE.',
    );
  }
}

interface PgError extends Error {
  code?: string;
  position?: string;
}

/** PostgreSQL's own connection errors, explained (the network ones: serverConnectError). */
const CONNECT_ERRORS: ConnectExplanations = {
  '28P01': ({ where, user }) =>
    new EbbError(
      'WAREHOUSE_ERROR',
      `PostgreSQL at ${where} refused the password for user "${user}": check the password in the connection URL.`,
    ),
  '3D000': ({ where, database }) =>
    new EbbError(
      'WAREHOUSE_ERROR',
      `Database "${database}" does not exist on ${where}: create it (CREATE DATABASE ${quoteIdent(database)};) or fix the database name in the URL.`,
    ),
  '28000': ({ where, user, said }) =>
    new EbbError(
      'WAREHOUSE_ERROR',
      `PostgreSQL at ${where} did not let user "${user}" in: ${said}. Check the user name, or ask the administrator to allow it in pg_hba.conf.`,
    ),
};

/** A PostgreSQL (or wire-compatible) warehouse. */
export class PostgresAdapter implements WarehouseAdapter {
  readonly kind = 'postgres' as const;
  readonly dialect = 'postgres' as const;
  private readonly server: ServerTargetMessages;
  private readonly client = new Lazy(() => this.newClient());
  private readonly turns = new Turns();
  /** Every connection this adapter has open (the shared one and streams' own). */
  private readonly sessions = new Set<pg.Client>();
  /** interrupt()'s cancels in flight: no statement starts before they are delivered. */
  private cancelling: Promise<void> = Promise.resolve();

  constructor(private readonly config: PostgresConfig) {
    this.server = new ServerTargetMessages('PostgreSQL', parseTarget(config.url), CONNECT_ERRORS);
  }

  private clientConfig(): pg.ClientConfig {
    const ssl =
      this.config.ssl === 'require'
        ? { rejectUnauthorized: false }
        : this.config.ssl === 'verify-full'
          ? { rejectUnauthorized: true }
          : undefined;
    return { connectionString: this.config.url, ssl };
  }

  private async newClient(): Promise<pg.Client> {
    const client = new pg.Client({ ...this.clientConfig(), connectionTimeoutMillis: 15_000 });
    client.on('error', () => undefined);
    client.on('end', () => this.sessions.delete(client));
    try {
      await client.connect();
      this.sessions.add(client);
      await client.query(SESSION_SETUP);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw this.server.connectError(error);
    }
    return client;
  }

  /**
   * pg_cancel_backend of every connection's backend, over a connection of its own (pg has no
   * cancel of its own): a backend waiting on a lock or in pg_sleep stops, one that is idle
   * ignores it. Statements asked for meanwhile wait until the cancels are delivered.
   */
  async interrupt(): Promise<void> {
    const pids = [...this.sessions].map((client) => backendPid(client));
    const cancels = Promise.all(pids.map((pid) => cancelBackend(this.clientConfig(), pid)));
    const delivered = cancels.then(() => undefined);
    this.cancelling = this.cancelling.then(() => delivered);
    await delivered;
  }

  /**
   * The shared connection answers one caller at a time. pg 8 queues overlapping client.query()
   * calls with a deprecation warning and pg 9 refuses them; the engine does overlap (checks run
   * under Promise.all, the load loop reads the next batch while acknowledgements are applied),
   * so each caller's work waits its turn here, a multi-statement one (describeQuery) whole.
   */
  private withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.turns.run(async () => {
      await this.cancelling;
      return work(await this.client.get());
    });
  }

  private engineError(error: unknown): EbbError {
    if (error instanceof EbbError) return error;
    const e = error as PgError;
    if (e.code === '42501') return new EbbError('PERMISSION_DENIED', this.server.scrub(e.message));
    // The server went away (restart, crash, failover): 57P0x, or pg's own code-less messages.
    if (/^(57P0|08)/.test(e.code ?? '') || /Connection terminated|not queryable/i.test(e.message)) {
      const { host, port } = this.server.target;
      return new EbbError(
        'WAREHOUSE_ERROR',
        `Lost the connection to PostgreSQL at ${host}:${port} (${this.server.scrub(e.message)}); was the ` +
          'server restarted? Nothing is lost: the next run picks up from what was confirmed.',
      );
    }
    return new EbbError('WAREHOUSE_ERROR', this.server.scrub(e.message));
  }

  async test(): Promise<void> {
    await this.query('select 1 as ok');
  }

  async listTables(): Promise<TableInfo[]> {
    const rows = await this.query(
      `select c.table_schema as s, c.table_name as t, c.column_name as c,
              format_type(a.atttypid, a.atttypmod) as ty
         from information_schema.columns c
         join pg_catalog.pg_attribute a
           on a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
          and a.attname = c.column_name
        where c.table_schema not in ('information_schema', 'pg_catalog', 'pg_toast')
          and c.table_schema not like '\\_ebb%' escape '\\'
        order by c.table_schema, c.table_name, c.ordinal_position`,
    );
    return tablesFromColumnRows(rows);
  }

  async describeQuery(sql: string): Promise<QueryColumn[]> {
    const query = singleQuery(sql);
    const wrapped = wrapAsSubquery(query, ' limit 0');
    const fields = await this.withClient((client) => this.describeOn(client, query, wrapped));
    const types = await this.typeInfo(fields);
    return fields.map((field) => {
      const info = types.get(field.dataTypeID);
      return {
        name: field.name,
        type: info?.display.get(field.dataTypeModifier) ?? String(field.dataTypeID),
        valueType: info ? postgresValueType(info.info, field.dataTypeModifier) : { kind: 'other' },
      };
    });
  }

  private async describeOn(
    client: pg.Client,
    query: string,
    wrapped: string,
  ): Promise<pg.FieldDef[]> {
    let fields: pg.FieldDef[];
    // Read-only, and rolled back: describing a model never changes the warehouse.
    await client.query('begin transaction read only');
    try {
      // The extended protocol runs exactly one statement: a model that smuggles a second one
      // past singleQuery() is refused by the server instead of run.
      const describe: pg.QueryArrayConfig & { queryMode: 'extended' } = {
        text: wrapped,
        rowMode: 'array',
        queryMode: 'extended',
      };
      fields = (await client.query(describe)).fields;
    } catch (error) {
      const e = error as PgError;
      if (!e.code) throw this.engineError(error);
      // position counts characters (1-based) of the wrapped query.
      const at = e.position ? Number(e.position) - 1 - SUBQUERY_PREFIX.length : -1;
      throw sqlErrorInModel(this.server.scrub(e.message), query, wrapped, at >= 0 ? at : undefined);
    } finally {
      await client.query('rollback').catch(() => undefined);
    }
    return fields;
  }

  private async typeInfo(fields: pg.FieldDef[]) {
    const out = new Map<number, { info: PgTypeInfo; display: Map<number, string> }>();
    if (fields.length === 0) return out;
    const { rows } = await this.withClient((client) =>
      client.query<{
        oid: number;
        mod: number;
        display: string;
        name: string;
        category: string;
        element_oid: number | null;
        element_name: string | null;
        element_category: string | null;
      }>(
        `select f.oid, f.mod, format_type(f.oid, nullif(f.mod, -1)) as display, t.typname as name,
              t.typcategory as category, e.oid as element_oid, e.typname as element_name,
              e.typcategory as element_category
         from unnest($1::oid[], $2::int[]) as f(oid, mod)
         join pg_type t on t.oid = f.oid
         left join pg_type e on e.oid = t.typelem and t.typcategory = 'A'`,
        [fields.map((f) => f.dataTypeID), fields.map((f) => f.dataTypeModifier)],
      ),
    );
    for (const row of rows) {
      const entry = out.get(row.oid) ?? {
        info: {
          oid: row.oid,
          name: row.name,
          category: row.category,
          element:
            row.element_oid !== null
              ? {
                  oid: row.element_oid,
                  name: row.element_name ?? '',
                  category: row.element_category ?? '',
                }
              : undefined,
        },
        display: new Map<number, string>(),
      };
      entry.display.set(row.mod, row.display);
      out.set(row.oid, entry);
    }
    return out;
  }

  async *streamRows(sql: string, chunkSize: number): AsyncIterable<JsonRecord[]> {
    const columns = await this.describeQuery(sql);
    // Its own connection: a cursor lives in a transaction the engine's queries must not share.
    const client = await this.newClient();
    try {
      await client.query('begin transaction read only');
      await client.query(
        `declare ebb_rows no scroll cursor for ${modelRecordsSql('postgres', columns, sql)}`,
      );
      for (;;) {
        const { rows } = await client.query<{ r: string }>(
          `fetch forward ${Math.max(1, Math.floor(chunkSize))} from ebb_rows`,
        );
        if (rows.length === 0) break;
        yield rows.map((row) => JSON.parse(row.r) as JsonRecord);
        if (rows.length < chunkSize) break;
      }
      await client.query('commit');
    } catch (error) {
      throw this.engineError(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Engine SQL on the shared connection, in its turn; errors explained. */
  private async run(sql: string): Promise<pg.QueryResult<SqlRow>> {
    try {
      return await this.withClient((client) => client.query<SqlRow>(sql));
    } catch (error) {
      throw this.engineError(error);
    }
  }

  async execute(sql: string): Promise<void> {
    await this.run(sql);
  }

  async query(sql: string): Promise<SqlRow[]> {
    return (await this.run(sql)).rows;
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction((sql) => this.execute(sql), work);
  }

  async fingerprint() {
    const [row] = await this.query(
      `select current_setting('server_version_num')::int / 10000 as major,
              substring(version() from ' on ([^ ,]+)') as platform`,
    );
    const major = Number(row?.major);
    // PostgreSQL 10 and older: the first 64 bits of md5 over the row's text form.
    if (major < 11) {
      return {
        expression: (alias: string) => `('x' || left(md5(${alias}::text), 16))::bit(64)::bigint`,
        sqlType: 'bigint',
        tag: `pg-md5-rowtext/${major}`,
      };
    }
    // The row's text form (pinned by SESSION_SETUP) hashed to 64 bits by the function behind hash
    // partitioning, which PostgreSQL keeps stable across releases (partitions survive pg_upgrade);
    // in the C collation, so its bytes are hashed whatever the database's default. About half the
    // CPU of md5's (1M rows of the bench's model: 0.82-0.87 against 1.56-1.60 s; core/diff/
    // README.md, Session 12). The tag holds the major version in case a release changes a type's
    // text, and the platform in case the hash differs between architectures. A state tagged
    // otherwise (md5, before) is re-baselined once by the next plan: no record is resent.
    return {
      expression: (alias: string) => `hashtextextended(${alias}::text collate "C", 0)`,
      sqlType: 'bigint',
      tag: `pg-hashtext-rowtext/${major}/${String(row?.platform)}`,
    };
  }

  async setWorkMemory(level: WorkMemory): Promise<void> {
    await this.execute(`set work_mem to '${WORK_MEM[level]}'`);
  }

  async ensureWritableSchema(schema: string): Promise<void> {
    const [row] = await this.query(
      `select current_user as usr, current_database() as db,
              exists (select 1 from pg_namespace where nspname = ${quoteLiteral(schema)}) as present,
              has_database_privilege(current_database(), 'CREATE') as can_create_schema`,
    );
    const user = quoteIdent(String(row?.usr));
    const s = quoteIdent(schema);
    if (!row?.present) {
      if (!row?.can_create_schema) {
        throw new EbbError(
          'PERMISSION_DENIED',
          `Ebb keeps sync state in schema ${s}, which does not exist, and user ${user} may not create it. Ask an administrator to run: CREATE SCHEMA ${s} AUTHORIZATION ${user};`,
        );
      }
      await this.execute(`create schema if not exists ${s}`);
      return;
    }
    const [access] = await this.query(
      `select has_schema_privilege(${quoteLiteral(schema)}, 'USAGE') as can_use,
              has_schema_privilege(${quoteLiteral(schema)}, 'CREATE') as can_create`,
    );
    if (!access?.can_use || !access?.can_create) {
      throw new EbbError(
        'PERMISSION_DENIED',
        `Ebb keeps sync state in schema ${s} but user ${user} cannot write there. Ask an administrator to run: GRANT USAGE, CREATE ON SCHEMA ${s} TO ${user};`,
      );
    }
  }

  async close(): Promise<void> {
    await (await this.client.take())?.end().catch(() => undefined);
  }
}
