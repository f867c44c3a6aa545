import { EbbError } from '../../errors.js';
import { DestinationAuthError } from '../http/authError.js';
import { HttpDestination } from '../http/httpDestination.js';
import {
  type HttpAnswer,
  type HttpCall,
  type HttpDeps,
  type Verdict,
} from '../http/httpDelivery.js';
import { failedAll, mergeResult, upsertsAndDeletes } from '../http/crmBatch.js';
import { packByCountAndBytes } from '../http/packRecords.js';
import { excerpt } from '../http/redact.js';
import { sleep, throwIfAborted } from '../results.js';
import type { BatchResult, Change, DestinationField, RecordPreview } from '../types.js';
import { csvRecords, salesforceCell, salesforceLine } from './csv.js';
import {
  SALESFORCE_MAX_FIELD_CHARS,
  SALESFORCE_MAX_FIELDS,
  SALESFORCE_MAX_RECORD_CHARS,
  SALESFORCE_MAX_UPLOAD_BYTES,
  SOQL_LOOKUP_CHARS,
} from './limits.js';
import type { SalesforceSettings } from './settings.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
/** What one step of a job came to: a value, or why not and whether the job may still run. */
type Step<T> = { ok: true; value: T } | { ok: false; problem: string; inDoubt: boolean };

/** Salesforce REST errors: `[{"message","errorCode"}]`. */
function restError(body: Buffer): { message: string; errorCode: string } | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    const first = Array.isArray(parsed) ? (parsed[0] as Record<string, unknown>) : undefined;
    if (first && typeof first.message === 'string') {
      return { message: first.message, errorCode: String(first.errorCode ?? '') };
    }
  } catch {
    // not JSON: the caller shows the body's excerpt
  }
  return undefined;
}

const json = (body: Buffer): Record<string, unknown> | undefined => {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** A SOQL string literal: backslashes and quotes escaped. */
const soqlString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

interface JobRows {
  /** The CSV to upload, header included. */
  csv: string;
  /** The column naming each row (the External ID field, or sf__Id for deletes). */
  keyColumn: string;
  /** Key value → the change id it stands for. */
  keys: Map<string, string>;
}

/** One send's jobs: whether any of them may have run at Salesforce yet. */
interface Sending {
  /** An UploadComplete has left: from then on the job runs, whatever Ebb hears. */
  mayHaveRun: boolean;
}

/**
 * Salesforce Bulk API 2.0 ingest: new and updated records in one `upsert` job on
 * `externalIdField` per CSV upload (within the upload size limit), per-record failures read from
 * `failedResults/` (`sf__Error`); deleted records' Ids looked up by `externalIdField` with SOQL,
 * then a `delete` job. Bearer access token.
 */
export class SalesforceDestination extends HttpDestination {
  readonly type = 'salesforce';
  readonly batchSize: number;
  /** An upsert leaves a field its CSV does not name as it is. */
  readonly keepsFieldsNotSent = true;
  private readonly base: string;

  constructor(
    private readonly settings: SalesforceSettings,
    deps: HttpDeps = {},
  ) {
    super(settings, [settings.accessToken], deps, {
      concurrency: settings.concurrency * 2,
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm:
      // 403 REQUEST_LIMIT_EXCEEDED is the org's API limit, not a refused credential.
      refusesCredential: (answer) =>
        !(answer.status === 403 && restError(answer.body)?.errorCode === 'REQUEST_LIMIT_EXCEEDED'),
    });
    this.batchSize = settings.batchSize;
    this.base = `${settings.instanceUrl.replace(/\/+$/, '')}/services/data/${settings.apiVersion}`;
  }

  protected credentialRefused(status: number, said: string): DestinationAuthError {
    return new DestinationAuthError(
      'accessToken',
      status === 401
        ? `Salesforce refused the access token (${said}): it is wrong or expired; set a fresh one in the destination's accessToken setting.`
        : `Salesforce refused access (${said}): the user of the accessToken setting needs API access and rights on ${this.settings.object}.`,
    );
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    throwIfAborted(signal);
    const { result, upserts, deletes } = upsertsAndDeletes(batch, (c) => this.overLimit(c));
    const sending: Sending = { mayHaveRun: false };
    try {
      for (const rows of this.upsertUploads(upserts)) {
        mergeResult(result, await this.runJob('upsert', rows, sending, signal));
      }
      if (deletes.length > 0) mergeResult(result, await this.remove(deletes, sending, signal));
    } catch (err) {
      // A session that expires once a job was closed stops the run, but that job (or an
      // earlier one of this batch) runs at Salesforce all the same: the batch stays in doubt.
      if (err instanceof DestinationAuthError && sending.mayHaveRun) err.mayHaveApplied = true;
      throw err;
    }
    return result;
  }

  /** The object's describe: token, object and External ID field checked, nothing written. */
  async testConnection(): Promise<void> {
    const answer = await this.http.probe(
      this.call('GET', this.url(`/sobjects/${this.settings.object}/describe`)),
    );
    const error = restError(answer.body);
    const said = error ? `: ${error.errorCode} ${error.message}` : this.http.bodyExcerpt(answer);
    if (answer.status === 401) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `Salesforce refused the access token (401${said}): set a fresh one in accessToken.`,
      );
    }
    if (answer.status === 404) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `Salesforce has no object ${this.settings.object} (404${said}): check the object setting.`,
      );
    }
    if (answer.status !== 200) {
      throw new EbbError('DESTINATION_ERROR', `Salesforce answered ${answer.status}${said}.`);
    }
    const fields = (json(answer.body)?.fields ?? []) as Record<string, unknown>[];
    const ext = fields.find((f) => f.name === this.settings.externalIdField);
    if (!ext) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `${this.settings.object} has no field ${this.settings.externalIdField}: check the externalIdField setting.`,
      );
    }
    if (ext.externalId !== true) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `${this.settings.object}.${this.settings.externalIdField} is not an External ID field: mark it External ID in Salesforce or choose another.`,
      );
    }
  }

  /** `GET /sobjects/{object}/describe`: writable fields; required ones and the External ID marked. */
  async listFields(): Promise<DestinationField[]> {
    const outcome = await this.http.exchange(
      this.call('GET', this.url(`/sobjects/${this.settings.object}/describe`)),
      (answer): Verdict<Record<string, unknown>[] | string> => {
        const fields = json(answer.body)?.fields;
        return answer.status === 200 && Array.isArray(fields)
          ? { kind: 'done', value: fields as Record<string, unknown>[] }
          : { kind: 'done', value: this.refusal(answer, 'describe') };
      },
    );
    if (!outcome.ok)
      throw new EbbError('DESTINATION_ERROR', `Salesforce describe: ${outcome.problem}`);
    if (typeof outcome.value === 'string') throw new EbbError('DESTINATION_ERROR', outcome.value);
    return outcome.value
      .filter((f) => f.createable === true || f.updateable === true)
      .map((f) => ({
        name: String(f.name),
        label: typeof f.label === 'string' ? f.label : String(f.name),
        type: typeof f.type === 'string' ? f.type : 'string',
        required:
          f.name === this.settings.externalIdField ||
          (f.createable === true && f.nillable === false && f.defaultedOnCreate !== true),
        // The External ID column is filled with the record's id (upsertUploads).
        ...(f.name === this.settings.externalIdField ? { fromId: true } : {}),
      }));
  }

  /**
   * One change's requests: an upsert job created and its CSV uploaded (header and the row), or
   * for a delete the SOQL lookup of its Id and a delete job's upload.
   */
  previewRecord(change: Change): RecordPreview {
    const jobs = this.url('/jobs/ingest');
    const upload = (csv: string) =>
      this.http.preview(
        this.call('PUT', this.url('/jobs/ingest/:jobId/batches'), csv, 1),
        'Bulk API 2.0 upload (PUT …/batches)',
      );
    if (change.op === 'deleted') {
      const [query] = this.lookupQueries([change.id]);
      return {
        requests: [
          this.http.preview(this.call('GET', query!), 'SOQL lookup of the record Id'),
          this.http.preview(this.call('POST', jobs, this.jobSpec('delete')), 'Create delete job'),
          upload(deleteCsv(['<Id the lookup answers>'])),
        ],
        note: 'A record Salesforce does not have is already gone: no delete job is made for it.',
      };
    }
    const tooBig = this.overLimit(change);
    if (tooBig) return { requests: [], rejected: tooBig };
    const [rows] = this.upsertUploads([change]);
    return {
      requests: [
        this.http.preview(this.call('POST', jobs, this.jobSpec('upsert')), 'Create upsert job'),
        upload(rows!.csv),
      ],
      note: 'Then the job is closed (UploadComplete), polled, and its results read.',
    };
  }

  /** Bulk API 2.0's per-record limits: fields, characters in a field and in a record. */
  private overLimit(change: Change): string | undefined {
    const entries = Object.entries(change.record);
    if (entries.length + 1 > SALESFORCE_MAX_FIELDS) {
      return `${entries.length} fields, over Bulk API 2.0's limit of ${SALESFORCE_MAX_FIELDS} a record; not sent`;
    }
    let total = 0;
    for (const [key, value] of entries) {
      const length = salesforceCell(value).length;
      if (length > SALESFORCE_MAX_FIELD_CHARS) {
        return `field ${key} is ${length} characters, over Bulk API 2.0's limit of ${SALESFORCE_MAX_FIELD_CHARS} a field; not sent`;
      }
      total += length;
    }
    if (total > SALESFORCE_MAX_RECORD_CHARS) {
      return `${total} characters, over Bulk API 2.0's limit of ${SALESFORCE_MAX_RECORD_CHARS} a record; not sent`;
    }
    return undefined;
  }

  /** The upserts as CSV uploads, each within the upload limit; the External ID column first. */
  private upsertUploads(changes: Change[]): JobRows[] {
    if (changes.length === 0) return [];
    const ext = this.settings.externalIdField;
    const columns = [ext];
    const seen = new Set(columns);
    for (const change of changes) {
      for (const key of Object.keys(change.record)) {
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
      }
    }
    const header = salesforceLine(columns);
    // A column a record lacks is an empty cell: Bulk API leaves that field unchanged.
    const lines = changes.map((change) => ({
      change,
      line: `${columns
        .map((c) =>
          c === ext
            ? salesforceCell(change.id)
            : c in change.record
              ? salesforceCell(change.record[c])
              : '',
        )
        .join(',')}\n`,
    }));
    const packs = packByCountAndBytes(lines, (l) => Buffer.byteLength(l.line), {
      maxCount: Number.MAX_SAFE_INTEGER,
      maxBytes: SALESFORCE_MAX_UPLOAD_BYTES,
      envelopeBytes: Buffer.byteLength(header),
      separatorBytes: 0,
    });
    return packs.map((pack) => ({
      csv: header + pack.items.map((l) => l.line).join(''),
      keyColumn: ext,
      keys: new Map(pack.items.map((l) => [l.change.id, l.change.id])),
    }));
  }

  /** Deletes: Ids looked up by the External ID (absent ones are gone: delivered), then a delete job. */
  private async remove(
    changes: Change[],
    sending: Sending,
    signal?: AbortSignal,
  ): Promise<BatchResult> {
    const found = await this.lookupIds(
      changes.map((c) => c.id),
      signal,
    );
    if (!found.ok) return failedAll(changes, found.problem, false);
    const ids = found.value;
    const present = changes.filter((c) => ids.has(c.id));
    const result: BatchResult = {
      delivered: changes.filter((c) => !ids.has(c.id)).map((c) => c.id),
      failed: [],
      inDoubt: [],
    };
    if (present.length === 0) return result;
    const keys = new Map(present.map((c) => [ids.get(c.id)!, c.id]));
    const csv = deleteCsv([...keys.keys()]);
    mergeResult(
      result,
      await this.runJob('delete', { csv, keyColumn: 'sf__Id', keys }, sending, signal),
    );
    return result;
  }

  /** External ID → record Id, by SOQL `/query` (following nextRecordsUrl). */
  private async lookupIds(
    keys: string[],
    signal?: AbortSignal,
  ): Promise<Step<Map<string, string>>> {
    const ext = this.settings.externalIdField;
    const found = new Map<string, string>();
    for (const first of this.lookupQueries(keys)) {
      let url: URL | undefined = first;
      while (url) {
        const page: Step<{ records: Record<string, unknown>[]; next?: string }> = await this.step(
          'GET',
          url,
          undefined,
          'query',
          (body) => {
            const parsed = json(body);
            if (!parsed || !Array.isArray(parsed.records)) return undefined;
            return {
              records: parsed.records as Record<string, unknown>[],
              next: typeof parsed.nextRecordsUrl === 'string' ? parsed.nextRecordsUrl : undefined,
            };
          },
          signal,
        );
        if (!page.ok) return page;
        for (const record of page.value.records) {
          if (typeof record.Id === 'string' && record[ext] !== null && record[ext] !== undefined) {
            found.set(String(record[ext]), record.Id);
          }
        }
        url = page.value.next ? new URL(page.value.next, this.settings.instanceUrl) : undefined;
      }
    }
    return { ok: true, value: found };
  }

  /** SOQL queries finding the Ids of these External IDs, each within the query length limit. */
  private lookupQueries(keys: readonly string[]): URL[] {
    const { object, externalIdField: ext } = this.settings;
    const prefix = `SELECT Id, ${ext} FROM ${object} WHERE ${ext} IN (`;
    const groups: string[][] = [];
    let group: string[] = [];
    let length = prefix.length + 1;
    for (const key of keys) {
      const literal = soqlString(key);
      if (group.length > 0 && length + literal.length + 1 > SOQL_LOOKUP_CHARS) {
        groups.push(group);
        group = [];
        length = prefix.length + 1;
      }
      group.push(literal);
      length += literal.length + 1;
    }
    if (group.length) groups.push(group);
    return groups.map((literals) =>
      this.url(`/query?q=${encodeURIComponent(`${prefix}${literals.join(',')})`)}`),
    );
  }

  /** The body that creates an ingest job (CSV, LF line endings). */
  private jobSpec(operation: 'upsert' | 'delete') {
    return {
      object: this.settings.object,
      operation,
      ...(operation === 'upsert' ? { externalIdFieldName: this.settings.externalIdField } : {}),
      contentType: 'CSV',
      lineEnding: 'LF',
    };
  }

  /**
   * One ingest job: create, upload the CSV once, close (UploadComplete), wait for a final state,
   * read successfulResults/ and failedResults/. Records are in doubt once the job may run and
   * no readable answer says what became of them. Until UploadComplete, Salesforce never
   * processes the job, so a lost answer before it leaves nothing in doubt.
   */
  private async runJob(
    operation: 'upsert' | 'delete',
    rows: JobRows,
    sending: Sending,
    signal?: AbortSignal,
  ): Promise<BatchResult> {
    const changeIds = [...rows.keys.values()];
    const fail = (problem: string, inDoubt: boolean) =>
      failedAll(
        changeIds.map((id) => ({ id })),
        `Salesforce ${operation} job: ${problem}`,
        inDoubt,
      );
    const jobs = this.url('/jobs/ingest');
    const created = await this.step<string>(
      'POST',
      jobs,
      this.jobSpec(operation),
      'create job',
      (body) => {
        const id = json(body)?.id;
        return typeof id === 'string' ? id : undefined;
      },
      signal,
    );
    // An open job without data is never processed: nothing is in doubt yet.
    if (!created.ok) return fail(created.problem, false);
    const job = `/jobs/ingest/${created.value}`;
    const uploaded = await this.step(
      'PUT',
      this.url(`${job}/batches`),
      rows.csv,
      'upload',
      () => true,
      signal,
      changeIds.length,
    );
    const abort = () =>
      this.step('PATCH', this.url(job), { state: 'Aborted' }, 'abort', () => true, signal);
    if (!uploaded.ok) {
      await abort();
      return fail(uploaded.problem, false);
    }
    sending.mayHaveRun = true;
    const closed = await this.step(
      'PATCH',
      this.url(job),
      { state: 'UploadComplete' },
      'close',
      () => true,
      signal,
    );
    const poll = () => this.step('GET', this.url(job), undefined, 'job state', json, signal);
    let polled: Step<Record<string, unknown>> | undefined;
    if (!closed.ok) {
      if (!closed.inDoubt) {
        await abort();
        return fail(closed.problem, false);
      }
      // The close may have been carried out unanswered (its retry then refused as a change
      // from a state the job has left): the job's own state says whether it runs.
      polled = await poll();
      if (!polled.ok) return fail(`${closed.problem}; then ${polled.problem}`, true);
      if (polled.value.state === 'Open') {
        await abort();
        return fail(closed.problem, false);
      }
    }

    let info: Record<string, unknown>;
    for (;;) {
      polled ??= await poll();
      if (!polled.ok) return fail(polled.problem, true);
      info = polled.value;
      if (info.state === 'JobComplete' || info.state === 'Failed' || info.state === 'Aborted')
        break;
      polled = undefined;
      await sleep(this.settings.pollIntervalMs, signal);
    }
    // The results echo every uploaded field of their rows (up to the 100 MB upload) plus
    // sf__Id and sf__Created or sf__Error, so they are read whole whatever their size: a cut
    // list would leave delivered rows unaccounted. A ceiling, not an allocation: twice the
    // upload (quoting) and 1 KB a row for Salesforce's columns.
    const resultBytes =
      2 * Buffer.byteLength(rows.csv) + 1024 * changeIds.length + RESULTS_ENVELOPE_BYTES;
    const results = async (kind: 'successfulResults' | 'failedResults') =>
      this.step(
        'GET',
        this.url(`${job}/${kind}/`),
        undefined,
        kind,
        (body) => csvRecords(body.toString('utf8')),
        signal,
        0,
        resultBytes,
      );
    const succeeded = await results('successfulResults');
    if (!succeeded.ok) return fail(succeeded.problem, true);
    const failedRows = await results('failedResults');
    if (!failedRows.ok) return fail(failedRows.problem, true);

    const result: BatchResult = { delivered: [], failed: [] };
    const settled = new Set<string>();
    for (const row of succeeded.value) {
      const id = rows.keys.get(row[rows.keyColumn] ?? '');
      if (id !== undefined && !settled.has(id)) {
        settled.add(id);
        result.delivered.push(id);
      }
    }
    for (const row of failedRows.value) {
      const id = rows.keys.get(row[rows.keyColumn] ?? '');
      if (id !== undefined && !settled.has(id)) {
        settled.add(id);
        result.failed.push({
          id,
          reason: `Salesforce: ${excerpt(this.http.scrub(row.sf__Error ?? 'refused'), 500)}`,
        });
      }
    }
    // Rows in neither list were not processed (the job failed or was aborted first).
    const why =
      typeof info.errorMessage === 'string' && info.errorMessage
        ? info.errorMessage
        : `job ${String(info.state)}`;
    for (const id of changeIds) {
      if (!settled.has(id))
        result.failed.push({
          id,
          reason: `Salesforce did not process the record: ${excerpt(this.http.scrub(why), 500)}`,
        });
    }
    return result;
  }

  /** One REST call through the kit: 2xx parsed by `parse`, other answers refused in words. */
  private async step<T>(
    method: Method,
    url: URL,
    body: unknown,
    what: string,
    parse: (body: Buffer) => T | undefined,
    signal?: AbortSignal,
    records = 0,
    maxBodyBytes?: number,
  ): Promise<Step<T>> {
    const outcome = await this.http.exchange(
      { ...this.call(method, url, body, records), maxBodyBytes },
      (answer): Verdict<Step<T>> => {
        if (answer.status >= 200 && answer.status < 300) {
          const value = answer.truncated ? undefined : parse(answer.body);
          return value === undefined
            ? {
                kind: 'done',
                value: {
                  ok: false,
                  inDoubt: true,
                  problem: `${what}: unreadable answer (HTTP ${answer.status})`,
                },
              }
            : { kind: 'done', value: { ok: true, value } };
        }
        return {
          kind: 'done',
          value: { ok: false, inDoubt: false, problem: this.refusal(answer, what) },
        };
      },
      signal,
    );
    if (!outcome.ok)
      return { ok: false, inDoubt: outcome.inDoubt, problem: `${what}: ${outcome.problem}` };
    // Refused now, but an earlier attempt went unanswered and may have been carried out.
    if (!outcome.value.ok && outcome.mayHaveApplied) return { ...outcome.value, inDoubt: true };
    return outcome.value;
  }

  /** A refused call in Salesforce's words (`errorCode: message`), secrets scrubbed. */
  private refusal(answer: HttpAnswer, what: string): string {
    const error = restError(answer.body);
    const text = error
      ? `${error.errorCode}: ${error.message}`
      : `HTTP ${answer.status}${this.http.bodyExcerpt(answer)}`;
    return `${what} refused (${answer.status}): ${excerpt(this.http.scrub(text), 500)}`;
  }

  private url(path: string): URL {
    return new URL(`${this.base}${path}`);
  }

  private call(method: Method, url: URL, body?: unknown, records = 0): HttpCall {
    const csv = typeof body === 'string';
    return {
      url,
      method,
      headers: {
        authorization: `Bearer ${this.settings.accessToken}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': csv ? 'text/csv' : 'application/json' }),
      },
      body: body === undefined ? undefined : Buffer.from(csv ? body : JSON.stringify(body)),
      records,
      keepBody: () => true,
    };
  }
}

/** Room in a results list beyond its rows: the header and any quoting of it. */
const RESULTS_ENVELOPE_BYTES = 1024 * 1024;

/** A delete job's upload: the record Ids, one a line. */
const deleteCsv = (ids: readonly string[]) => `Id\n${ids.join('\n')}\n`;
