import pg from 'pg';
import { EbbError } from '../../errors.js';
import type { PostgresSettings } from './settings.js';
import {
  allDelivered,
  allFailed,
  allInDoubt,
  errorCode,
  errorMessage,
  throwIfAborted,
} from '../results.js';
import type {
  BatchResult,
  Change,
  ColumnSpec,
  Destination,
  RecordPreview,
  RunInfo,
} from '../types.js';
import { identifierProblem, pgColumnType, pgTypeOfValue, quoteIdent } from './pgTypes.js';
import { typedUpsert } from './typedUpsert.js';
import { cancelOnAbort } from './cancelOnAbort.js';
import { copyStatement } from './copyIn.js';

/**
 * SQLSTATE classes caused by particular rows: bad values (22), constraint violations (23), a row
 * hit twice (21), a row over a size limit (54). Everything else (schema, rights, connection) would
 * fail every record alike, so the batch fails as a whole instead of being split.
 */
const RECORD_CLASSES = ['21', '22', '23', '54'];

function isRecordError(err: unknown): boolean {
  const code = errorCode(err);
  return (
    code !== undefined && /^[0-9A-Z]{5}$/.test(code) && RECORD_CLASSES.includes(code.slice(0, 2))
  );
}

const CONNECTION_CODES = /^(ECONN|ENOTFOUND|EAI_|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|28|3D000|08)/;

/**
 * The server went away under the run (restart, crash, failover, pg_terminate_backend): 57P0x
 * is the server saying it is shutting down or not up yet; pg's own messages carry no code.
 */
function isConnectionLost(err: unknown): boolean {
  const code = errorCode(err) ?? '';
  if (/^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|57P0|08)/.test(code)) return true;
  return /Connection terminated|not queryable|connection error|Client was closed/i.test(
    errorMessage(err),
  );
}

/** host:port/database, never the user's password. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/**
 * After a COPY of new records failed on a record (a key already in the table: a resend, or a
 * table filled by someone else), the next this many sends upsert without trying COPY first.
 */
const COPY_PAUSE = 16;

/**
 * Upserts into one table keyed by the id, creating it (typed from the model's columns) if absent
 * and adding columns the table lacks. `deleted` changes delete the row. Each batch is one
 * transaction; when it fails on a record, the batch is split in halves until the culprits stand
 * alone, so good records are still delivered and each bad one carries PostgreSQL's reason.
 *
 * A batch of new records only (a first sync's) goes in by COPY when the table has a unique key
 * on the id; should it fail on a record (a key already there, a bad value), that batch is
 * upserted as above, so a record sent twice still lands once (README.md, PostgreSQL first sync).
 */
export class PostgresDestination implements Destination {
  readonly type = 'postgres';
  readonly batchSize: number;
  readonly concurrency: number;
  private pool: pg.Pool | undefined;
  private keyColumn = 'id';
  /** Columns the table has, with their PostgreSQL types; undefined until the table is known. */
  private tableColumns: Map<string, string> | undefined;
  /** Whether the table has a unique index on the key alone (COPY may then insert new records). */
  private keyed = false;
  /** Sends left before COPY is tried again (COPY_PAUSE). */
  private copyPause = 0;
  private declared = new Map<string, string>();
  /** Schema changes one at a time, so concurrent batches never race to add a column. */
  private ddl: Promise<unknown> = Promise.resolve();
  private readonly target: string;
  private readonly where: string;

  constructor(private readonly config: PostgresSettings) {
    this.batchSize = config.batchSize;
    this.concurrency = config.concurrency;
    this.target = `${quoteIdent(config.schema)}.${quoteIdent(config.table)}`;
    this.where = describePostgresUrl(config.url);
  }

  async testConnection(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.url,
      connectionTimeoutMillis: 15_000,
    });
    // A server going away between queries emits 'error'; unheard, that ends the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw new EbbError('DESTINATION_ERROR', this.explainConnectError(err));
    }
    try {
      const { rows } = await client.query<{
        who: string;
        schema_exists: boolean;
        schema_create: boolean | null;
        db_create: boolean;
        table_oid: number | null;
      }>(
        `select current_user as who,
                n.oid is not null as schema_exists,
                case when n.oid is not null then has_schema_privilege(n.oid, 'CREATE') end as schema_create,
                has_database_privilege(current_database(), 'CREATE') as db_create,
                (select c.oid from pg_class c where c.relnamespace = n.oid and c.relname = $2) as table_oid
           from (select 1) one left join pg_namespace n on n.nspname = $1`,
        [this.config.schema, this.config.table],
      );
      const row = rows[0];
      if (!row) throw new Error('no answer to the privilege check');
      const user = quoteIdent(row.who);
      if (row.table_oid !== null) {
        const missing: string[] = [];
        for (const right of ['INSERT', 'UPDATE', 'DELETE', 'SELECT']) {
          const { rows: r } = await client.query<{ ok: boolean }>(
            'select has_table_privilege($1::oid, $2) as ok',
            [row.table_oid, right],
          );
          if (!r[0]?.ok) missing.push(right);
        }
        if (missing.length) {
          throw new EbbError(
            'PERMISSION_DENIED',
            `User ${user} may not ${missing.join('/')} on table ${this.target} at ${this.where}: ` +
              `run "grant ${missing.join(', ').toLowerCase()} on ${this.target} to ${user}" or use another user.`,
          );
        }
        return;
      }
      if (!row.schema_exists && !row.db_create) {
        throw new EbbError(
          'PERMISSION_DENIED',
          `Schema ${quoteIdent(this.config.schema)} does not exist at ${this.where} and user ${user} may not create it: ` +
            `create the schema, or grant create on the database to ${user}.`,
        );
      }
      if (row.schema_exists && !row.schema_create) {
        throw new EbbError(
          'PERMISSION_DENIED',
          `User ${user} may not CREATE tables in schema ${quoteIdent(this.config.schema)} at ${this.where}, ` +
            `and table ${this.target} does not exist yet: run "grant create on schema ${quoteIdent(this.config.schema)} to ${user}", ` +
            `or create the table yourself with a primary key on the id column.`,
        );
      }
    } catch (err) {
      if (err instanceof EbbError) throw err;
      throw new EbbError(
        'DESTINATION_ERROR',
        `Checking rights at ${this.where} failed: ${errorMessage(err)}`,
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async open(run: RunInfo): Promise<void> {
    if (this.pool) await this.close();
    this.keyColumn = this.config.idColumn ?? run.idColumn ?? 'id';
    this.tableColumns = undefined;
    this.keyed = false;
    this.copyPause = 0;
    this.lostWith = undefined;
    this.declared = new Map();
    for (const name of [this.config.schema, this.config.table, this.keyColumn]) {
      const problem = identifierProblem(name);
      if (problem) throw new EbbError('INVALID_ARGUMENT', `Cannot use ${problem}.`);
    }
    for (const column of run.columns ?? [])
      this.declared.set(column.name, pgColumnType(column.type));
    const pool = new pg.Pool({ connectionString: this.config.url, max: this.concurrency });
    // A client losing its server must not take the process down, idle (the pool's 'error') or
    // checked out (the pool stops listening to a client it hands out); its query reports it.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    this.pool = pool;
    if (run.columns) {
      try {
        await this.ensureColumns(
          run.columns.map((c: ColumnSpec) => c.name),
          [],
          run.signal,
        );
      } catch (err) {
        // The engine closes only a destination that opened: the pool ends here.
        await this.close();
        throwIfAborted(run.signal);
        throw new EbbError('DESTINATION_ERROR', this.explainSchemaError(err));
      }
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    if (!this.pool) throw new Error('PostgresDestination.send() called before open()');
    throwIfAborted(signal);
    if (batch.length === 0) return { delivered: [], failed: [] };
    const upserts = batch.filter((c) => c.op !== 'deleted');
    const names = this.recordColumns(upserts);
    for (const name of names) {
      const problem = identifierProblem(name);
      if (problem) return allFailed(batch, `column ${problem}`);
    }
    try {
      await this.ensureColumns([...names], upserts, signal);
    } catch (err) {
      throwIfAborted(signal);
      if (isConnectionLost(err)) throw this.lost(err);
      return allFailed(batch, this.explainSchemaError(err));
    }
    const result = await this.apply(batch, signal);
    if (this.lostWith) throw this.lost(this.lostWith);
    // Cancelled mid-statement (the run's cancel or deadline): nothing of it is known applied.
    throwIfAborted(signal);
    return result;
  }

  /**
   * The columns the records fill. A record the warehouse rendered (it carries `recordJson`) holds
   * every column of the model, which open() was told: it is not parsed to find its keys (a first
   * sync of millions would parse each record only for that). Other records: their keys with a
   * value.
   */
  private recordColumns(upserts: readonly Change[]): Set<string> {
    const names = new Set<string>();
    let rendered = false;
    for (const change of upserts) {
      if (change.recordJson !== undefined && this.declared.size > 0) {
        rendered = true;
        continue;
      }
      for (const [key, value] of Object.entries(change.record)) {
        if (value !== undefined) names.add(key);
      }
    }
    if (rendered) for (const name of this.declared.keys()) names.add(name);
    return names;
  }

  /** The first connection loss of this run: every batch after it would fail alike. */
  private lostWith: unknown;

  /**
   * Thrown from send(): the engine stops the run (failed, with this message) instead of failing
   * batch after batch, and keeps what was unanswered in doubt for the next run.
   */
  private lost(err: unknown): EbbError {
    return new EbbError(
      'DESTINATION_UNREACHABLE',
      `Lost the connection to PostgreSQL at ${this.where} (${this.scrub(errorMessage(err))}): the ` +
        'run stopped. Changes it could not confirm are sent again by the next run.',
    );
  }

  /** One transaction for the slice; on a record error, halves until the bad records stand alone. */
  private async apply(changes: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    try {
      await this.write(changes, signal);
      return allDelivered(changes);
    } catch (err) {
      if (isConnectionLost(err)) this.lostWith ??= err;
      // Not the records' fault (a lost connection, perhaps mid-commit): the rows may be there.
      if (!isRecordError(err)) return allInDoubt(changes, this.explainWriteError(err));
      if (changes.length === 1)
        return allFailed(changes, `PostgreSQL refused the record: ${errorMessage(err)}`);
      const middle = Math.ceil(changes.length / 2);
      const left = await this.apply(changes.slice(0, middle), signal);
      const right = await this.apply(changes.slice(middle), signal);
      return {
        delivered: [...left.delivered, ...right.delivered],
        failed: [...left.failed, ...right.failed],
        inDoubt: [...(left.inDoubt ?? []), ...(right.inDoubt ?? [])],
      };
    }
  }

  private async write(changes: readonly Change[], signal?: AbortSignal): Promise<void> {
    const pool = this.pool;
    const columns = this.tableColumns;
    if (!pool || !columns) throw new Error('PostgresDestination is closed');
    if (this.copyPause > 0) this.copyPause--;
    else if (this.keyed && changes.every((c) => c.op === 'new')) {
      const copied = await this.copyNew(pool, columns, changes, signal);
      if (copied) return;
    }
    const key = this.keyColumn;
    const keyType = columns.get(key) ?? 'text';
    const upserts = changes.filter((c) => c.op !== 'deleted');
    const deletes = changes.filter((c) => c.op === 'deleted');
    const client = await pool.connect();
    let broken: unknown;
    try {
      await cancelOnAbort(this.config.url, client, signal, async () => {
        await client.query('begin');
        if (upserts.length) {
          const names = this.recordColumns(upserts);
          const upsert: { text: string; values: unknown[] } =
            typedUpsert(this.target, key, columns, upserts, names) ??
            upsertStatement(this.target, key, columns, upserts, names);
          await client.query(upsert.text, upsert.values);
        }
        if (deletes.length) {
          const remove = deleteStatement(this.target, key, keyType, deletes);
          await client.query(remove.text, remove.values);
        }
        await client.query('commit');
      });
    } catch (err) {
      broken = isRecordError(err) ? undefined : err;
      await client.query('rollback').catch((e: unknown) => (broken = e));
      throw err;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  /**
   * New records by one COPY (its own transaction). False when that cannot be (a value without a
   * text form) or when the COPY failed on a record: nothing of it stays, and the caller upserts
   * the batch (the next COPY_PAUSE sends too). Any other error is the caller's.
   */
  private async copyNew(
    pool: pg.Pool,
    columns: ReadonlyMap<string, string>,
    changes: readonly Change[],
    signal?: AbortSignal,
  ): Promise<boolean> {
    const copy = copyStatement(
      this.target,
      this.keyColumn,
      columns,
      changes,
      this.recordColumns(changes),
      [...this.declared.keys()],
    );
    if (!copy) return false;
    const client = await pool.connect();
    let broken: unknown;
    try {
      await cancelOnAbort(this.config.url, client, signal, async () => {
        client.query(copy);
        await copy.done;
      });
      return true;
    } catch (err) {
      if (!isRecordError(err)) {
        broken = err;
        throw err;
      }
      this.copyPause = COPY_PAUSE;
      return false;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  /**
   * The statement this change becomes, typed by the model's columns (a table that already has
   * a column keeps its own type), and its one parameter: the rows as JSON.
   */
  previewRecord(change: Change, run: RunInfo): RecordPreview {
    const key = this.config.idColumn ?? run.idColumn ?? 'id';
    const types = new Map((run.columns ?? []).map((c) => [c.name, pgColumnType(c.type)]));
    const statement =
      change.op === 'deleted'
        ? deleteStatement(this.target, key, types.get(key) ?? 'text', [change])
        : upsertStatement(this.target, key, types, [change], this.recordColumns([change]));
    return {
      requests: [
        {
          step: change.op === 'deleted' ? 'Delete the row' : 'Upsert the row',
          method: 'SQL',
          target: `${this.target} at ${this.where}`,
          contentType: 'application/sql',
          body: `${statement.text};\n-- $1 = ${statement.values[0]}\n`,
        },
      ],
      note: 'The table is created, or its missing columns added, before the first batch.',
    };
  }

  /** Creates the table or adds the columns it lacks (typed from the model, else from values). */
  private ensureColumns(
    names: string[],
    sample: readonly Change[],
    signal?: AbortSignal,
  ): Promise<void> {
    const known = this.tableColumns;
    if (known && names.every((n) => known.has(n))) return Promise.resolve();
    const task = this.ddl.then(() => this.changeSchema(names, sample, signal));
    this.ddl = task.catch(() => undefined);
    return task;
  }

  private async changeSchema(
    names: string[],
    sample: readonly Change[],
    signal?: AbortSignal,
  ): Promise<void> {
    const pool = this.pool;
    if (!pool) throw new Error('PostgresDestination is closed');
    const typeOf = (name: string): string => {
      const declared = this.declared.get(name);
      if (declared) return declared;
      for (const change of sample) {
        const type = pgTypeOfValue(change.record[name]);
        if (type) return type;
      }
      return 'text';
    };
    const key = this.keyColumn;
    const client = await pool.connect();
    try {
      if (!this.tableColumns) {
        const { rows: schemas } = await client.query(
          'select 1 from pg_namespace where nspname = $1',
          [this.config.schema],
        );
        if (!schemas.length)
          await client.query(`create schema if not exists ${quoteIdent(this.config.schema)}`);
        const others = names.filter((n) => n !== key);
        const definition = [
          `${quoteIdent(key)} ${typeOf(key)} primary key`,
          ...others.map((n) => `${quoteIdent(n)} ${typeOf(n)}`),
        ].join(', ');
        await client.query(`create table if not exists ${this.target} (${definition})`);
        this.tableColumns = await this.readColumns(client);
        this.keyed = await this.hasUniqueKey(client);
      }
      const existing = this.tableColumns;
      // An ALTER waits for every lock on the table: the run's cancel or deadline ends the wait.
      await cancelOnAbort(this.config.url, client, signal, async () => {
        for (const name of names) {
          if (existing.has(name)) continue;
          await client.query(
            `alter table ${this.target} add column if not exists ${quoteIdent(name)} ${typeOf(name)}`,
          );
        }
      });
      this.tableColumns = await this.readColumns(client);
    } finally {
      client.release();
    }
  }

  /**
   * Whether a unique index on the key column alone (valid, not partial, not an expression)
   * guards the table: then a key already there fails a COPY instead of adding a second row.
   */
  private async hasUniqueKey(client: pg.PoolClient): Promise<boolean> {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n
         from pg_index i
         join pg_class c on c.oid = i.indrelid
         join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
        where n.nspname = $1 and c.relname = $2 and a.attname = $3
          and i.indisunique and i.indisvalid and i.indnkeyatts = 1
          and i.indpred is null and i.indexprs is null`,
      [this.config.schema, this.config.table, this.keyColumn],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  private async readColumns(client: pg.PoolClient): Promise<Map<string, string>> {
    const { rows } = await client.query<{ name: string; type: string }>(
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
         from pg_attribute a
         join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped`,
      [this.config.schema, this.config.table],
    );
    return new Map(rows.map((r) => [r.name, r.type]));
  }

  private explainConnectError(err: unknown): string {
    const code = errorCode(err);
    const where = this.where;
    switch (code) {
      case 'ECONNREFUSED':
        return `Nothing accepts connections at ${where} (connection refused): check the host and port and that PostgreSQL is running.`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `Cannot resolve the host of ${where}: check the URL's host name.`;
      case '28P01':
        return `PostgreSQL at ${where} refused the user name or password: check the credentials in the URL.`;
      case '28000':
        return `PostgreSQL at ${where} does not allow this connection (pg_hba.conf): ask its administrator to allow this user and host.`;
      case '3D000':
        return `The database in ${where} does not exist: check the database name in the URL.`;
    }
    const message = errorMessage(err);
    if (/timeout/i.test(message))
      return `No answer from ${where} in time: check the host, port and firewall.`;
    return `Cannot connect to ${where}: ${this.scrub(message)}`;
  }

  private explainSchemaError(err: unknown): string {
    if (CONNECTION_CODES.test(errorCode(err) ?? '')) return this.explainConnectError(err);
    if (errorCode(err) === '42501') {
      return `Permission denied creating or altering ${this.target} at ${this.where}: grant create on schema ${quoteIdent(this.config.schema)} (or alter on the table) to the destination's user. (${errorMessage(err)})`;
    }
    return `Preparing table ${this.target} at ${this.where} failed: ${this.scrub(errorMessage(err))}`;
  }

  private explainWriteError(err: unknown): string {
    const code = errorCode(err);
    if (code === '42501')
      return `Permission denied writing to ${this.target}: ${errorMessage(err)}`;
    if (code && CONNECTION_CODES.test(code)) return this.explainConnectError(err);
    if (code === '42P10') {
      const key = quoteIdent(this.keyColumn);
      return (
        `Table ${this.target} has no primary key or unique index on ${key}, which upserts need: ` +
        `add one (alter table ${this.target} add primary key (${key})).`
      );
    }
    return `Writing to ${this.target} at ${this.where} failed: ${this.scrub(errorMessage(err))}`;
  }

  /** pg never echoes the password, but a message quoting the URL would: cut it out if present. */
  private scrub(text: string): string {
    try {
      const password = decodeURIComponent(new URL(this.config.url).password);
      return password.length >= 3 ? text.split(password).join('***') : text;
    } catch {
      return text;
    }
  }
}

interface Statement {
  text: string;
  values: [string];
}

/**
 * One upsert of rows keyed by `key`, the rows as one json parameter (any column count). json,
 * not jsonb: `json_to_recordset` reads each record's text once, where jsonb first builds a binary
 * copy of the whole batch; it cost the server half the CPU (core/diff/README.md, PostgreSQL first
 * sync). A record the warehouse rendered goes in as its own text, never parsed in Node; the key
 * is appended to it, and a later key wins in json_to_recordset as in jsonb.
 */
function upsertStatement(
  target: string,
  key: string,
  types: ReadonlyMap<string, string>,
  upserts: readonly Change[],
  names: ReadonlySet<string>,
): Statement {
  const present = [...names].filter((name) => name !== key);
  const cols = [key, ...present];
  const idKey = `,${JSON.stringify(key)}:`;
  const rows = upserts.map((c) =>
    c.recordJson === undefined
      ? JSON.stringify({ ...c.record, [key]: c.id })
      : c.recordJson === '{}'
        ? `{${idKey.slice(1)}${JSON.stringify(c.id)}}`
        : `${c.recordJson.slice(0, -1)}${idKey}${JSON.stringify(c.id)}}`,
  );
  const definition = cols.map((c) => `${quoteIdent(c)} ${types.get(c) ?? 'text'}`).join(', ');
  const list = cols.map(quoteIdent).join(', ');
  const updates = present.map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`);
  return {
    text:
      `insert into ${target} (${list}) select ${list} from json_to_recordset($1::json) as r(${definition}) ` +
      `on conflict (${quoteIdent(key)}) do ${updates.length ? `update set ${updates.join(', ')}` : 'nothing'}`,
    values: [`[${rows.join(',')}]`],
  };
}

function deleteStatement(
  target: string,
  key: string,
  keyType: string,
  deletes: readonly Change[],
): Statement {
  return {
    text:
      `delete from ${target} where ${quoteIdent(key)} in ` +
      `(select r.${quoteIdent(key)} from json_to_recordset($1::json) as r(${quoteIdent(key)} ${keyType}))`,
    values: [JSON.stringify(deletes.map((c) => ({ [key]: c.id })))],
  };
}
