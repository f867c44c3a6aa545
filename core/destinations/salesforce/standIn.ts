import { startLoopbackApi, type ApiAnswer, type ApiRequest } from '../../testing/loopbackApi.js';
import { csvCell } from '../file/csv.js';
import { parseCsv } from './csv.js';

/** A field as `GET /sobjects/{object}/describe` lists it. */
export interface StandInField {
  name: string;
  label?: string;
  type: 'id' | 'string' | 'email' | 'double' | 'picklist' | 'boolean' | 'date';
  length?: number;
  nillable?: boolean;
  createable?: boolean;
  defaultedOnCreate?: boolean;
  externalId?: boolean;
  /** For restricted picklists: the allowed values. */
  picklist?: string[];
}

/** A request of an ingest job, or the SOQL lookup, by what it does. */
export type SalesforceStep =
  | 'create'
  | 'upload'
  | 'close'
  | 'abort'
  | 'poll'
  | 'successfulResults'
  | 'failedResults'
  | 'query';

export interface SalesforceStandIn {
  instanceUrl: string;
  /** The session that works now (a new one after `expireSessionAfter`). */
  readonly accessToken: string;
  /** Records by External ID value: fields as Salesforce holds them (nulls absent, Id left out). */
  byExternalId(field: string): Map<string, Record<string, string>>;
  /** Every External ID value received in an upsert job, in order (duplicates kept). */
  upserted: string[];
  /** Record Ids deleted. */
  deleted: string[];
  /** Jobs created, in order. */
  jobs: { id: string; operation: string; uploads: number; state: string }[];
  /** An admin adds a value to a restricted picklist. */
  addPicklistValue(field: string, value: string): void;
  /** The next `count` requests answer 503 Server Unavailable. */
  unavailableNext(count: number): void;
  /** The next `count` job-state polls answer 500 after the job moved on (the answer is lost). */
  losePollsNext(count: number): void;
  /** The next `count` requests answer 403 REQUEST_LIMIT_EXCEEDED. */
  limitExceededNext(count: number): void;
  /**
   * The next `count` requests of `step` are carried out, then their connection is dropped
   * unanswered: Salesforce did it, the client never hears so.
   */
  dropAnswerNext(step: SalesforceStep, count?: number): void;
  /**
   * Once the next request of `step` is carried out (and answered), the session expires: the
   * token in use is refused with 401 INVALID_SESSION_ID and `accessToken` is a fresh one.
   */
  expireSessionAfter(step: SalesforceStep): void;
  requests: ApiRequest[];
  close(): Promise<void>;
}

const CONTACT_FIELDS: StandInField[] = [
  { name: 'Id', type: 'id', createable: false, nillable: false, defaultedOnCreate: true },
  { name: 'Ebb_Id__c', type: 'string', length: 255, nillable: true, externalId: true },
  { name: 'LastName', label: 'Last Name', type: 'string', length: 80, nillable: false },
  { name: 'FirstName', label: 'First Name', type: 'string', length: 40, nillable: true },
  { name: 'Email', type: 'email', length: 80, nillable: true },
  { name: 'Score__c', type: 'double', nillable: true },
  { name: 'Plan__c', type: 'picklist', nillable: true, picklist: ['free', 'pro'] },
];

type Row = Record<string, string>;
interface Job {
  id: string;
  operation: string;
  object: string;
  externalIdFieldName?: string;
  state: string;
  uploads: number;
  csv: string;
  polls: number;
  /** The state the job reaches once processed (it is, at UploadComplete), told by the polls. */
  outcome?: string;
  errorMessage?: string;
  succeeded: { id: string; created: boolean; row: Row }[];
  failed: { id: string; error: string; row: Row }[];
  header: string[];
}

// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm:
// REST errors are `[{"message","errorCode"}]`.
const restError = (status: number, errorCode: string, message: string): ApiAnswer => ({
  status,
  json: [{ message, errorCode }],
});

/**
 * Salesforce's REST and Bulk API 2.0 ingest endpoints on loopback for one object, following the
 * public reference; each rule cites its page. Jobs complete on the first poll after close.
 */
/** A Salesforce destination's settings pointed at this stand-in: Contacts by `Ebb_Id__c`. */
export const salesforceStandInSettings = (standIn: SalesforceStandIn) => ({
  instanceUrl: standIn.instanceUrl,
  accessToken: standIn.accessToken,
  object: 'Contact',
  externalIdField: 'Ebb_Id__c',
  pollIntervalMs: 5,
});

export async function startSalesforceStandIn(
  options: {
    accessToken?: string;
    object?: string;
    fields?: StandInField[];
    apiVersion?: string;
  } = {},
): Promise<SalesforceStandIn> {
  let accessToken = options.accessToken ?? '00D000000000001!AQ0AQ.test.session.token';
  let sessions = 1;
  const object = options.object ?? 'Contact';
  const version = options.apiVersion ?? 'v62.0';
  const fields = (options.fields ?? CONTACT_FIELDS).map((f) => ({ ...f }));
  const fieldByName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const records = new Map<string, Row>();
  const jobs = new Map<string, Job>();
  const jobList: SalesforceStandIn['jobs'] = [];
  const upserted: string[] = [];
  const deleted: string[] = [];
  let nextRecord = 1;
  let nextJob = 1;
  let unavailable = 0;
  let limited = 0;
  let lostPolls = 0;
  const drops = new Map<SalesforceStep, number>();
  let expireAfter: SalesforceStep | undefined;
  const prefix = `/services/data/${version}`;

  const api = await startLoopbackApi((request) => {
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm:
    // 401 INVALID_SESSION_ID for a wrong or expired `Authorization: Bearer` token.
    if (request.headers.authorization !== `Bearer ${accessToken}`) {
      return restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }
    // Same page: 503 when the server is unavailable (Bulk API under load); retry later.
    if (unavailable > 0) {
      unavailable--;
      return { status: 503, text: 'Server Unavailable', headers: { 'content-type': 'text/plain' } };
    }
    // https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm:
    // past the org's API request limit, 403 REQUEST_LIMIT_EXCEEDED.
    if (limited > 0) {
      limited--;
      return restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    const step = stepOf(request);
    const answer = route(request);
    if (step && step === expireAfter) {
      expireAfter = undefined;
      accessToken = `00D000000000001!AQ0AQ.test.session.${++sessions}`;
    }
    const dropping = step ? (drops.get(step) ?? 0) : 0;
    if (step && dropping > 0) {
      drops.set(step, dropping - 1);
      return { ...answer, drop: true };
    }
    return answer;
  });

  function route(request: ApiRequest): ApiAnswer {
    if (!request.path.startsWith(`${prefix}/`))
      return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const path = request.path.slice(prefix.length);
    const job = /^\/jobs\/ingest\/([^/]+)(\/.*)?$/.exec(path);
    if (path === '/jobs/ingest' && request.method === 'POST') return createJob(request);
    if (job) return jobRoute(request, job[1]!, job[2] ?? '');
    if (path === `/sobjects/${object}/describe` && request.method === 'GET') return describe();
    if (path.startsWith('/sobjects/') && path.endsWith('/describe')) {
      return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    if (path === '/query' && request.method === 'GET') return query(request.query.get('q') ?? '');
    return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  function stepOf(request: ApiRequest): SalesforceStep | undefined {
    const path = request.path.slice(prefix.length);
    if (path === '/jobs/ingest' && request.method === 'POST') return 'create';
    if (path === '/query') return 'query';
    const rest = /^\/jobs\/ingest\/[^/]+(\/.*)?$/.exec(path)?.[1] ?? undefined;
    if (!/^\/jobs\/ingest\/[^/]+/.test(path)) return undefined;
    if (rest === '/batches') return 'upload';
    if (rest === '/successfulResults/') return 'successfulResults';
    if (rest === '/failedResults/') return 'failedResults';
    if (request.method === 'GET') return 'poll';
    const state = /"state"\s*:\s*"(\w+)"/.exec(request.body)?.[1];
    return state === 'Aborted' ? 'abort' : 'close';
  }

  // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm:
  // {object, operation, externalIdFieldName (upsert), contentType CSV, lineEnding}; JobInfo back.
  function createJob(request: ApiRequest): ApiAnswer {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return restError(400, 'JSON_PARSER_ERROR', 'Unexpected character in request body');
    }
    if (body.object !== object)
      return restError(400, 'INVALIDJOB', `Unable to find object: ${String(body.object)}`);
    if (!['insert', 'update', 'upsert', 'delete'].includes(String(body.operation))) {
      return restError(400, 'INVALIDJOB', `Invalid operation: ${String(body.operation)}`);
    }
    if ((body.contentType ?? 'CSV') !== 'CSV')
      return restError(400, 'INVALIDJOB', 'contentType must be CSV');
    let externalIdFieldName: string | undefined;
    if (body.operation === 'upsert') {
      const ext = fieldByName.get(String(body.externalIdFieldName ?? '').toLowerCase());
      if (!ext || !(ext.externalId || ext.type === 'id')) {
        return restError(
          400,
          'INVALIDJOB',
          `The field ${String(body.externalIdFieldName)} is not an External ID field of ${object}`,
        );
      }
      externalIdFieldName = ext.name;
    }
    const id = `750${String(nextJob++).padStart(15, '0')}`;
    const created: Job = {
      id,
      operation: String(body.operation),
      object,
      externalIdFieldName,
      state: 'Open',
      uploads: 0,
      csv: '',
      polls: 0,
      succeeded: [],
      failed: [],
      header: [],
    };
    jobs.set(id, created);
    jobList.push({ id, operation: created.operation, uploads: 0, state: 'Open' });
    return { status: 200, json: jobInfo(created) };
  }

  function jobRoute(request: ApiRequest, id: string, rest: string): ApiAnswer {
    const job = jobs.get(id);
    if (!job) return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const listed = jobList.find((j) => j.id === id)!;
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/upload_job_data.htm:
    // PUT text/csv to an Open job, 201 Created; one upload per job, at most 150 MB once
    // base64-encoded (uploadTooLarge).
    if (rest === '/batches' && request.method === 'PUT') {
      if (!String(request.headers['content-type'] ?? '').startsWith('text/csv')) {
        return restError(400, 'INVALIDJOB', 'Content-Type must be text/csv');
      }
      if (job.state !== 'Open' || job.uploads > 0) {
        return restError(
          400,
          'INVALIDJOB',
          'Found multiple contents for job: please use only one upload per job',
        );
      }
      if (uploadTooLarge(request.bytes)) {
        return restError(400, 'INVALIDJOB', 'File size exceeds the 150 MB limit');
      }
      job.csv = request.body;
      job.uploads = listed.uploads = 1;
      return { status: 201 };
    }
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/close_job.htm:
    // PATCH {state: UploadComplete} queues the uploaded data for processing (without it,
    // processing never starts), after which no job data can be added; {state: Aborted}
    // abandons the job: unprocessed if still Open. Only an Open job can be closed.
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_bulk_v2/bulk_api_2_job_states.htm:
    // a job not yet finished can be aborted; what it already processed stays.
    if (rest === '' && request.method === 'PATCH') {
      const state = (JSON.parse(request.body || '{}') as { state?: unknown }).state;
      if (state === 'Aborted' && ['Open', 'UploadComplete', 'InProgress'].includes(job.state))
        job.state = listed.state = 'Aborted';
      else if (state === 'UploadComplete' && job.state === 'Open') {
        job.state = listed.state = 'UploadComplete';
        // The job runs at Salesforce whether or not anyone asks how it went.
        process(job);
      } else return restError(400, 'INVALIDJOB', `Invalid state change to ${String(state)}`);
      return { status: 200, json: jobInfo(job) };
    }
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm:
    // UploadComplete → InProgress → JobComplete (or Failed with errorMessage).
    if (rest === '' && request.method === 'GET') {
      if (job.state === 'UploadComplete') job.state = 'InProgress';
      else if (job.state === 'InProgress') job.state = job.outcome ?? 'JobComplete';
      listed.state = job.state;
      if (lostPolls > 0) {
        lostPolls--;
        return restError(
          500,
          'UNKNOWN_EXCEPTION',
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1)',
        );
      }
      return { status: 200, json: jobInfo(job) };
    }
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm
    // "sf__Id","sf__Created", then the uploaded fields.
    if (rest === '/successfulResults/' && request.method === 'GET') {
      const lines = [
        ['sf__Id', 'sf__Created', ...job.header],
        ...job.succeeded.map((s) => [
          s.id,
          String(s.created),
          ...job.header.map((h) => s.row[h] ?? ''),
        ]),
      ];
      return csvAnswer(lines);
    }
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_failed_results.htm
    // "sf__Id","sf__Error" (error code and message), then the uploaded fields.
    if (rest === '/failedResults/' && request.method === 'GET') {
      const lines = [
        ['sf__Id', 'sf__Error', ...job.header],
        ...job.failed.map((f) => [f.id, f.error, ...job.header.map((h) => f.row[h] ?? '')]),
      ];
      return csvAnswer(lines);
    }
    return restError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  function process(job: Job): void {
    const [header = [], ...rows] = parseCsv(job.csv);
    job.header = header;
    for (const name of header) {
      if (!fieldByName.has(name.toLowerCase())) {
        // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_csv_valid_record_rows.htm:
        // every header must be a field of the object, else the job fails.
        job.outcome = 'Failed';
        job.errorMessage = `InvalidBatch : Field name not found : ${name}`;
        return;
      }
    }
    for (const cells of rows) {
      const row: Row = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
      if (job.operation === 'delete') remove(job, row);
      else upsert(job, row);
    }
    job.outcome = 'JobComplete';
  }

  // A refused row goes to failedResults/ with sf__Error "CODE:message:fields --" (the
  // StatusCode of a per-record Error); the row's own fields follow.
  // https://developer.salesforce.com/docs/platform/api-asynch/guide/get-job-failed-results.html
  // https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm
  function upsert(job: Job, row: Row): void {
    const ext = job.externalIdFieldName!;
    const key =
      row[Object.keys(row).find((h) => h.toLowerCase() === ext.toLowerCase()) ?? ''] ?? '';
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm:
    // an upsert matches each row by externalIdFieldName, so a row without it is refused.
    if (key === '')
      return void job.failed.push({
        id: '',
        error: `MISSING_ARGUMENT:${ext} not specified:--`,
        row,
      });
    const existing = [...records].find(([, r]) => r[ext] === key)?.[0];
    const next: Row = { ...(existing ? records.get(existing) : {}) };
    for (const [header, value] of Object.entries(row)) {
      const field = fieldByName.get(header.toLowerCase())!;
      // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm:
      // an empty cell leaves the field as is; #N/A sets it to null.
      if (value === '') continue;
      if (value === '#N/A') {
        delete next[field.name];
        continue;
      }
      const problem = invalid(field, value);
      if (problem) return void job.failed.push({ id: existing ?? '', error: problem, row });
      next[field.name] = value;
    }
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm:
    // a field that is createable, not nillable and not defaulted on create is required on insert
    // (REQUIRED_FIELD_MISSING, StatusCode page above).
    if (!existing) {
      const missing = fields.filter(
        (f) =>
          f.createable !== false && f.nillable === false && !f.defaultedOnCreate && !next[f.name],
      );
      if (missing.length) {
        const names = missing.map((f) => f.name).join(', ');
        return void job.failed.push({
          id: '',
          error: `REQUIRED_FIELD_MISSING:Required fields are missing: [${names}]:${names} --`,
          row,
        });
      }
    }
    const id = existing ?? `003${String(nextRecord++).padStart(15, '0')}`;
    records.set(id, next);
    upserted.push(key);
    job.succeeded.push({ id, created: !existing, row });
  }

  /**
   * Salesforce's per-record error (`CODE:message:fields --`) for a value it refuses, if any:
   * STRING_TOO_LONG past the field's describe `length`, a double or an email that is not one,
   * a value a restricted picklist does not list (StatusCode page above; the field properties
   * from the describe page above).
   */
  function invalid(field: StandInField, value: string): string | undefined {
    const label = field.label ?? field.name;
    if (field.length !== undefined && value.length > field.length) {
      return `STRING_TOO_LONG:${label}: data value too large: ${value.slice(0, 40)} (max length=${field.length}):${field.name} --`;
    }
    if (field.type === 'double' && !Number.isFinite(Number(value))) {
      return `INVALID_FIELD_FOR_INSERT_UPDATE:${label}: value not of required type: ${value}:${field.name} --`;
    }
    if (field.type === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
      return `INVALID_EMAIL_ADDRESS:${label}: invalid email address: ${value}:${field.name} --`;
    }
    if (field.type === 'picklist' && field.picklist && !field.picklist.includes(value)) {
      return `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:${label}: bad value for restricted picklist field: ${value}:${field.name} --`;
    }
    return undefined;
  }

  // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_prepare_csv.htm:
  // a delete job's CSV holds the record Ids; an Id no longer there is refused as
  // ENTITY_IS_DELETED (StatusCode page above).
  function remove(job: Job, row: Row): void {
    const id = row.Id ?? row.id ?? '';
    if (!records.has(id))
      return void job.failed.push({ id, error: 'ENTITY_IS_DELETED:entity is deleted:--', row });
    records.delete(id);
    deleted.push(id);
    job.succeeded.push({ id, created: false, row });
  }

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm:
  // {totalSize, done, records:[{attributes, …fields}], nextRecordsUrl when more}. Only the
  // lookup Ebb sends is understood: SELECT Id, F FROM Object WHERE F IN ('a', …).
  function query(soql: string): ApiAnswer {
    // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm:
    // at most 100,000 characters a statement.
    if (soql.length > 100_000)
      return restError(
        400,
        'MALFORMED_QUERY',
        'SOQL statements cannot be longer than 100,000 characters',
      );
    const match = /^SELECT Id, (\w+) FROM (\w+) WHERE (\w+) IN \((.*)\)$/s.exec(soql);
    if (!match || match[2] !== object || match[1] !== match[3])
      return restError(400, 'MALFORMED_QUERY', `unexpected query: ${soql.slice(0, 80)}`);
    const field = match[1]!;
    const keys = new Set(
      [...match[4]!.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1')),
    );
    const found = [...records]
      .filter(([, r]) => keys.has(r[field] ?? ''))
      .map(([id, r]) => ({
        attributes: { type: object, url: `${prefix}/sobjects/${object}/${id}` },
        Id: id,
        [field]: r[field],
      }));
    return { status: 200, json: { totalSize: found.length, done: true, records: found } };
  }

  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
  function describe(): ApiAnswer {
    return {
      status: 200,
      json: {
        name: object,
        fields: fields.map((f) => ({
          name: f.name,
          label: f.label ?? f.name,
          type: f.type,
          length: f.length ?? 0,
          nillable: f.nillable ?? true,
          createable: f.createable ?? true,
          updateable: f.createable ?? true,
          defaultedOnCreate: f.defaultedOnCreate ?? false,
          externalId: f.externalId ?? false,
          idLookup: f.externalId ?? f.type === 'id',
          picklistValues: (f.picklist ?? []).map((value) => ({
            value,
            label: value,
            active: true,
          })),
          restrictedPicklist: f.picklist !== undefined,
        })),
      },
    };
  }

  function jobInfo(job: Job) {
    return {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: '005000000000001',
      createdDate: new Date().toISOString(),
      state: job.state,
      externalIdFieldName: job.externalIdFieldName,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(version.slice(1)),
      contentUrl: `services/data/${version}/jobs/ingest/${job.id}/batches`,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      numberRecordsProcessed: job.succeeded.length + job.failed.length,
      numberRecordsFailed: job.failed.length,
      ...(job.errorMessage && job.state === 'Failed' ? { errorMessage: job.errorMessage } : {}),
    };
  }

  return {
    instanceUrl: api.url,
    get accessToken() {
      return accessToken;
    },
    byExternalId: (field) => {
      const out = new Map<string, Row>();
      for (const row of records.values())
        if (row[field] !== undefined) out.set(row[field]!, { ...row });
      return out;
    },
    upserted,
    deleted,
    jobs: jobList,
    addPicklistValue: (name, value) => {
      const field = fieldByName.get(name.toLowerCase());
      if (!field?.picklist) throw new Error(`no picklist ${name}`);
      field.picklist.push(value);
    },
    unavailableNext: (count) => {
      unavailable += count;
    },
    losePollsNext: (count) => {
      lostPolls += count;
    },
    limitExceededNext: (count) => {
      limited += count;
    },
    dropAnswerNext: (step, count = 1) => {
      drops.set(step, (drops.get(step) ?? 0) + count);
    },
    expireSessionAfter: (step) => {
      expireAfter = step;
    },
    requests: api.requests,
    close: api.close,
  };
}

/**
 * https://developer.salesforce.com/docs/platform/api-asynch/guide/upload-job-data.html: the CSV
 * of a request may not exceed 150 MB of base64-encoded content (Salesforce encodes it on
 * arrival, about +33%; it advises at most 100 MB of CSV). MB read as 10^6 bytes, the stricter.
 */
export const uploadTooLarge = (csvBytes: number): boolean =>
  Math.ceil(csvBytes / 3) * 4 > 150_000_000;

const csvAnswer = (lines: unknown[][]): ApiAnswer => ({
  status: 200,
  text:
    lines.map((cells) => cells.map((c) => (c === '' ? '""' : csvCell(c))).join(',')).join('\n') +
    '\n',
  headers: { 'content-type': 'text/csv' },
});
