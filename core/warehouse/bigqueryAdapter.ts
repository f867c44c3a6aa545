import type { BigQuery, Job, Query } from '@google-cloud/bigquery';
import { EbbError } from '../errors.js';
import { bigqueryColumnType, type BigQueryField } from '../values/bigqueryTypes.js';
import { quoteIdentIn } from '../values/sqlLiteral.js';
import type { JsonRecord } from '../values/valueType.js';
import {
  bigqueryError,
  bigqueryErrorPosition,
  type BigQueryErrorLike,
  isBigQueryDenied,
  isBigQueryQueryError,
} from './bigqueryErrors.js';
import { inTransaction } from './inTransaction.js';
import { modelRecordsSql, recordChunks } from './modelRecords.js';
import { singleQuery, splitStatements, sqlErrorInModel } from './modelSql.js';
import { columnRowsSql, sqlRow, tablesFromColumnRows } from './sqlRows.js';
import { Turns } from './turns.js';
import type { QueryColumn, SqlRow, TableInfo, WarehouseAdapter, WarehouseConfig } from './types.js';
import { probeWriteAccess } from './writeAccess.js';

type BigQueryConfig = Extract<WarehouseConfig, { kind: 'bigquery' }>;

/**
 * The client, loaded on first use: starts that open no BigQuery warehouse never pay for it (the
 * bundles keep it external, see electron/build).
 */
async function loadBigQuery(): Promise<typeof BigQuery> {
  const mod = await import('@google-cloud/bigquery');
  return (mod.BigQuery ??
    (mod as unknown as { default: typeof mod }).default.BigQuery) as typeof BigQuery;
}

const ident = (name: string) => quoteIdentIn('bigquery', name);

/** Job statistics the adapter reads (a subset of the API's JobStatistics). */
interface JobStatistics {
  sessionInfo?: { sessionId?: string };
  query?: { schema?: { fields?: BigQueryField[] } };
}

/**
 * A BigQuery project, through @google-cloud/bigquery with a service account key. The engine's
 * statements run in one BigQuery session, where temporary tables live and a transaction may span
 * several queries; models are described by dry runs (free) and every plan reads the model once.
 * https://cloud.google.com/bigquery/docs/sessions-intro
 */
export class BigQueryAdapter implements WarehouseAdapter {
  readonly kind = 'bigquery' as const;
  readonly dialect = 'bigquery' as const;
  private clientPromise?: Promise<BigQuery>;
  private sessionId?: string;
  private readonly turns = new Turns();
  private readonly account: string;

  constructor(private readonly config: BigQueryConfig) {
    this.account = serviceAccountEmail(config.credentials);
  }

  private target() {
    return {
      projectId: this.config.projectId,
      location: this.config.location,
      account: this.account,
    };
  }

  private error(error: unknown): EbbError {
    return bigqueryError(error, this.target());
  }

  private client(): Promise<BigQuery> {
    this.clientPromise ??= loadBigQuery().then((BigQueryClient) => {
      const key = JSON.parse(this.config.credentials) as {
        client_email: string;
        private_key: string;
      };
      return new BigQueryClient({
        projectId: this.config.projectId,
        location: this.config.location,
        credentials: { client_email: key.client_email, private_key: key.private_key },
      });
    });
    return this.clientPromise;
  }

  /** A finished query job; `session` runs it in the adapter's session (created by the first). */
  private async job(query: string, options: { session?: boolean; dryRun?: boolean } = {}) {
    const client = await this.client();
    const request: Query = { query, location: this.config.location, useLegacySql: false };
    if (this.config.dataset) {
      request.defaultDataset = { projectId: this.config.projectId, datasetId: this.config.dataset };
    }
    if (options.dryRun) request.dryRun = true;
    if (options.session) {
      if (this.sessionId) {
        request.connectionProperties = [{ key: 'session_id', value: this.sessionId }];
      } else {
        request.createSession = true;
      }
    }
    const [job] = await client.createQueryJob(request);
    const statistics = (job.metadata as { statistics?: JobStatistics }).statistics;
    if (options.session && !this.sessionId) this.sessionId = statistics?.sessionInfo?.sessionId;
    return { job, statistics };
  }

  /** Rows of a finished job; INT64 as exact text (the client refuses unsafe integers otherwise). */
  private async rows(job: Job): Promise<SqlRow[]> {
    const [rows] = await job.getQueryResults({
      wrapIntegers: { integerTypeCastFunction: (value: string) => value },
    });
    return (rows as Record<string, unknown>[]).map((row) => sqlRow(row));
  }

  /** The engine's statements one at a time: a session runs no two queries at once. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    return this.turns.run(work);
  }

  async test(): Promise<void> {
    await this.query('select 1 as ok');
  }

  /**
   * The project's tables in the warehouse's location, from the region's INFORMATION_SCHEMA
   * (one query, billed at its 10 MB minimum).
   * https://cloud.google.com/bigquery/docs/information-schema-columns
   */
  async listTables(): Promise<TableInfo[]> {
    const region = ident(`region-${this.config.location.toLowerCase()}`);
    const sql = columnRowsSql(
      'data_type',
      `${region}.INFORMATION_SCHEMA.COLUMNS`,
      `not starts_with(table_schema, '_ebb')`,
    );
    return tablesFromColumnRows(await this.query(sql));
  }

  /** A dry run: BigQuery validates the query and answers its schema without reading (or billing) a byte. */
  async describeQuery(sql: string): Promise<QueryColumn[]> {
    const query = singleQuery(sql);
    let statistics: JobStatistics | undefined;
    try {
      ({ statistics } = await this.job(query, { dryRun: true }));
    } catch (error) {
      const e = error as BigQueryErrorLike;
      if (!isBigQueryQueryError(e)) throw this.error(error);
      throw sqlErrorInModel(e.message, query, query, bigqueryErrorPosition(query, e.message));
    }
    return (statistics?.query?.schema?.fields ?? []).map((field) => ({
      name: field.name,
      ...bigqueryColumnType(field),
    }));
  }

  async *streamRows(sql: string, chunkSize: number): AsyncIterable<JsonRecord[]> {
    const columns = await this.describeQuery(sql);
    try {
      // Outside the session: it needs no temporary table and must not hold the session.
      const { job } = await this.job(modelRecordsSql('bigquery', columns, sql));
      const rows = job.getQueryResultsStream() as AsyncIterable<{ r: string }>;
      yield* recordChunks(rows, chunkSize, (row) => row.r);
    } catch (error) {
      throw this.error(error);
    }
  }

  async execute(sql: string): Promise<void> {
    await this.inTurn(async () => {
      try {
        for (const statement of splitStatements(sql)) {
          const { job } = await this.job(statement, { session: true });
          await job.getQueryResults();
        }
      } catch (error) {
        throw this.error(error);
      }
    });
  }

  async query(sql: string): Promise<SqlRow[]> {
    return this.inTurn(async () => {
      try {
        return await this.rows((await this.job(sql, { session: true })).job);
      } catch (error) {
        throw this.error(error);
      }
    });
  }

  /** A multi-statement transaction across queries of the session. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction((sql) => this.execute(sql), work);
  }

  /** Free (an API call), where a query of INFORMATION_SCHEMA bills at least 10 MB. */
  async tableExists(schema: string, table: string): Promise<boolean> {
    try {
      const [exists] = await (await this.client()).dataset(schema).table(table).exists();
      return exists;
    } catch (error) {
      throw this.error(error);
    }
  }

  /**
   * FARM_FINGERPRINT of the row as JSON: BigQuery's native 64-bit hash, FarmHash's stable
   * Fingerprint64, over TO_JSON_STRING of the columns as one STRUCT.
   * https://cloud.google.com/bigquery/docs/reference/standard-sql/hash_functions#farm_fingerprint
   */
  async fingerprint(columns: readonly { name: string }[] = []) {
    return {
      expression: (alias: string) =>
        columns.length
          ? `farm_fingerprint(to_json_string(struct(${columns.map((column) => `${alias}.${ident(column.name)}`).join(', ')})))`
          : `farm_fingerprint('')`,
      sqlType: 'int64',
      tag: 'bigquery-farm-json/1',
    };
  }

  /**
   * Creates the state dataset in the warehouse's location when missing; says which role is
   * missing otherwise (creating a dataset needs bigquery.datasets.create on the project, writing
   * state needs BigQuery Data Editor on the dataset).
   * https://cloud.google.com/bigquery/docs/access-control#bigquery.dataEditor
   */
  async ensureWritableSchema(schema: string): Promise<void> {
    const { projectId, location } = this.config;
    const name = `${projectId}.${schema}`;
    const editor = `Ask an administrator to grant ${this.account} BigQuery Data Editor (roles/bigquery.dataEditor) on dataset ${name}`;
    const client = await this.client();
    const dataset = client.dataset(schema);
    try {
      const [exists] = await dataset.exists();
      if (!exists) {
        await client.createDataset(schema, { location });
      } else {
        const [metadata] = await dataset.getMetadata();
        const at = String((metadata as { location?: string }).location ?? location);
        if (at.toLowerCase() !== location.toLowerCase()) {
          throw new EbbError(
            'WAREHOUSE_ERROR',
            `Dataset ${name} is in ${at}, but this warehouse runs its jobs in ${location}: set Location to ${at}, or choose another state dataset.`,
          );
        }
      }
    } catch (error) {
      if (isBigQueryDenied(error as BigQueryErrorLike)) {
        throw new EbbError(
          'PERMISSION_DENIED',
          `Ebb keeps sync state in dataset ${name}, which ${this.account} can neither see nor create. Create it in ${location} (bq mk --location=${location} --dataset ${name}). ${editor}.`,
        );
      }
      throw this.error(error);
    }
    const probe = `${ident(schema)}.${ident('ebb_write_probe')}`;
    const denied = `Ebb keeps sync state in dataset ${name} but ${this.account} cannot create tables there. ${editor}.`;
    await probeWriteAccess(this, probe, 'int64', denied);
  }

  /** Ends the session, which drops its temporary tables at once. */
  async close(): Promise<void> {
    const session = this.sessionId;
    if (!session) return;
    await this.inTurn(async () => {
      await this.job('call BQ.ABORT_SESSION()', { session: true }).catch(() => undefined);
      this.sessionId = undefined;
    });
  }
}

/** The service account's e-mail, for messages (kinds.ts has checked the key's shape). */
function serviceAccountEmail(credentials: string): string {
  try {
    const key = JSON.parse(credentials) as { client_email?: unknown };
    return typeof key.client_email === 'string' ? key.client_email : 'the service account';
  } catch {
    return 'the service account';
  }
}
