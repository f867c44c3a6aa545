import pg from 'pg';
import { EbbError } from '../errors.js';
import { recordJsonSql } from '../values/jsonSql.js';
import { postgresValueType, type PgTypeInfo } from '../values/postgresTypes.js';
import { quoteIdent, quoteLiteral } from '../values/sqlLiteral.js';
import type { JsonRecord } from '../values/valueType.js';
import { SUBQUERY_PREFIX, singleQuery, sqlErrorInModel, wrapAsSubquery } from './modelSql.js';
import type { QueryColumn, SqlRow, TableInfo, WarehouseAdapter, WarehouseConfig } from './types.js';
import { inTransaction } from './inTransaction.js';

type PostgresConfig = Extract<WarehouseConfig, { kind: 'postgres' }>;

/**
 * Session settings that make row text (and so fingerprints and JSON) independent of the
 * server's and the role's defaults; work_mem lets the diff's hash join and aggregate stay in
 * memory instead of spilling in 4 MB batches.
 */
const SESSION_SETUP = `set timezone to 'UTC'; set datestyle to 'ISO, YMD'; set intervalstyle to 'postgres';
  set extra_float_digits to 1; set bytea_output to 'hex'; set work_mem to '128MB'`;

interface Target {
  host: string;
  port: string;
  user: string;
  database: string;
  password: string;
}

function parseTarget(url: string): Target {
  try {
    const parsed = new URL(url);
    return {
      host: parsed.hostname || 'localhost',
      port: parsed.port || '5432',
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

/** A PostgreSQL (or wire-compatible) warehouse. */
export class PostgresAdapter implements WarehouseAdapter {
  readonly kind = 'postgres' as const;
  readonly dialect = 'postgres' as const;
  private readonly target: Target;
  private client?: Promise<pg.Client>;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: PostgresConfig) {
    this.target = parseTarget(config.url);
  }

  private scrub(text: string): string {
    return this.target.password ? text.split(this.target.password).join('***') : text;
  }

  /** A connection error, explained with the fix and never with the password. */
  private connectError(error: unknown): EbbError {
    const { host, port, user, database } = this.target;
    const e = error as PgError;
    const where = `${host}:${port}`;
    switch (e.code) {
      case 'ECONNREFUSED':
        return new EbbError(
          'WAREHOUSE_ERROR',
          `Cannot reach PostgreSQL at ${where} (connection refused): check that the server is running and that the host and port in the URL are right.`,
        );
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new EbbError(
          'WAREHOUSE_ERROR',
          `Host ${host} not found: check the host name in the URL.`,
        );
      case 'ETIMEDOUT':
        return new EbbError(
          'WAREHOUSE_ERROR',
          `Timed out reaching ${where}: check the host, port and any firewall in between.`,
        );
      case '28P01':
        return new EbbError(
          'WAREHOUSE_ERROR',
          `PostgreSQL at ${where} refused the password for user "${user}": check the password in the connection URL.`,
        );
      case '3D000':
        return new EbbError(
          'WAREHOUSE_ERROR',
          `Database "${database}" does not exist on ${where}: create it (CREATE DATABASE ${quoteIdent(database)};) or fix the database name in the URL.`,
        );
      case '28000':
        return new EbbError(
          'WAREHOUSE_ERROR',
          `PostgreSQL at ${where} did not let user "${user}" in: ${this.scrub(e.message)}. Check the user name, or ask the administrator to allow it in pg_hba.conf.`,
        );
      default:
        return new EbbError(
          'WAREHOUSE_ERROR',
          `Could not connect to PostgreSQL at ${where}: ${this.scrub(e.message)}`,
        );
    }
  }

  private async newClient(): Promise<pg.Client> {
    const ssl =
      this.config.ssl === 'require'
        ? { rejectUnauthorized: false }
        : this.config.ssl === 'verify-full'
          ? { rejectUnauthorized: true }
          : undefined;
    const client = new pg.Client({
      connectionString: this.config.url,
      ssl,
      connectionTimeoutMillis: 15_000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(SESSION_SETUP);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw this.connectError(error);
    }
    return client;
  }

  /**
   * The shared connection answers one caller at a time. pg 8 queues overlapping client.query()
   * calls with a deprecation warning and pg 9 refuses them; the engine does overlap (checks run
   * under Promise.all, the load loop reads the next batch while acknowledgements are applied),
   * so each caller's work waits its turn here, a multi-statement one (describeQuery) whole.
   */
  private withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const turn = this.turn.then(async () => work(await this.connect()));
    this.turn = turn.catch(() => undefined);
    return turn;
  }

  private connect(): Promise<pg.Client> {
    if (!this.client) {
      this.client = this.newClient().catch((error: unknown) => {
        this.client = undefined;
        throw error;
      });
    }
    return this.client;
  }

  private engineError(error: unknown): EbbError {
    if (error instanceof EbbError) return error;
    const e = error as PgError;
    if (e.code === '42501') return new EbbError('PERMISSION_DENIED', this.scrub(e.message));
    // The server went away (restart, crash, failover): 57P0x, or pg's own code-less messages.
    if (/^(57P0|08)/.test(e.code ?? '') || /Connection terminated|not queryable/i.test(e.message)) {
      const { host, port } = this.target;
      return new EbbError(
        'WAREHOUSE_ERROR',
        `Lost the connection to PostgreSQL at ${host}:${port} (${this.scrub(e.message)}); was the ` +
          'server restarted? Nothing is lost: the next run picks up from what was confirmed.',
      );
    }
    return new EbbError('WAREHOUSE_ERROR', this.scrub(e.message));
  }

  async test(): Promise<void> {
    await this.query('select 1 as ok');
  }

  async listTables(): Promise<TableInfo[]> {
    const rows = await this.query(
      `select c.table_schema, c.table_name, c.column_name,
              format_type(a.atttypid, a.atttypmod) as data_type
         from information_schema.columns c
         join pg_catalog.pg_attribute a
           on a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
          and a.attname = c.column_name
        where c.table_schema not in ('information_schema', 'pg_catalog', 'pg_toast')
          and c.table_schema not like '\\_ebb%' escape '\\'
        order by c.table_schema, c.table_name, c.ordinal_position`,
    );
    const tables = new Map<string, TableInfo>();
    for (const row of rows) {
      const schema = String(row.table_schema);
      const name = String(row.table_name);
      const key = `${schema}.${name}`;
      let table = tables.get(key);
      if (!table) {
        table = { schema, name, columns: [] };
        tables.set(key, table);
      }
      table.columns.push({ name: String(row.column_name), type: String(row.data_type) });
    }
    return [...tables.values()];
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
      throw sqlErrorInModel(this.scrub(e.message), query, wrapped, at >= 0 ? at : undefined);
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
        `declare ebb_rows no scroll cursor for select ${recordJsonSql('postgres', columns, 'm')} as r from (\n${singleQuery(sql)}\n) as m`,
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

  async execute(sql: string): Promise<void> {
    try {
      await this.withClient((client) => client.query(sql));
    } catch (error) {
      throw this.engineError(error);
    }
  }

  async query(sql: string): Promise<SqlRow[]> {
    try {
      return (await this.withClient((client) => client.query<SqlRow>(sql))).rows;
    } catch (error) {
      throw this.engineError(error);
    }
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction((sql) => this.execute(sql), work);
  }

  async fingerprint() {
    const [row] = await this.query(
      `select current_setting('server_version_num')::int / 10000 as major`,
    );
    // The first 64 bits of md5 over the row's text form: md5 is fixed forever and the text form is pinned by
    // SESSION_SETUP; the major version is in the tag in case a release changes a type's output.
    return {
      expression: (alias: string) => `('x' || left(md5(${alias}::text), 16))::bit(64)::bigint`,
      sqlType: 'bigint',
      tag: `pg-md5-rowtext/${String(row?.major)}`,
    };
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
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await (await client.catch(() => undefined))?.end().catch(() => undefined);
  }
}
