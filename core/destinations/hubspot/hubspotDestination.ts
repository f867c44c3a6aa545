import { EbbError } from '../../errors.js';
import { DestinationAuthError } from '../http/authError.js';
import { HttpDestination } from '../http/httpDestination.js';
import { refusedInDoubt } from '../http/mayHaveApplied.js';
import {
  type HttpAnswer,
  type HttpCall,
  type HttpDeps,
  type Verdict,
} from '../http/httpDelivery.js';
import { failedAll, mergeResult, upsertsAndDeletes } from '../http/crmBatch.js';
import { excerpt } from '../http/redact.js';
import { jsonBody } from '../http/sendInPacks.js';
import { throwIfAborted } from '../results.js';
import type { BatchResult, Change, DestinationField, RecordPreview } from '../types.js';
import { HUBSPOT_INPUTS_PER_REQUEST, HUBSPOT_MAX_VALUE_CHARS } from './limits.js';
import { hubspotRetryAfterMs } from './rateLimit.js';
import type { HubspotSettings } from './settings.js';

/** HubSpot property values are strings; null clears the property (an empty string). */
export function hubspotValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One batch/upsert input: the record's id as the idProperty value, its fields as strings. */
export function hubspotInput(change: Change, idProperty: string, traceId: string) {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(change.record)) properties[key] = hubspotValue(value);
  return { id: change.id, idProperty, objectWriteTraceId: traceId, properties };
}

interface HubspotError {
  message?: unknown;
  category?: unknown;
  context?: { objectWriteTraceId?: unknown; ids?: unknown };
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * HubSpot CRM v3: new and updated records through `batch/upsert` on `idProperty` (100 inputs a
 * request, each with its own `objectWriteTraceId` so a 207 names the refused ones); deleted
 * records looked up by `idProperty` (`batch/read`), then archived by object id. Bearer token.
 */
export class HubspotDestination extends HttpDestination {
  readonly type = 'hubspot';
  /**
   * Five requests of 100 a send, one after another: the engine keeps `concurrency` sends in
   * flight, so as many requests are, and its fixed cost per batch (reading staged changes,
   * committing state) is shared by 500 records instead of 100 (`npm run bench:hubspot`).
   */
  readonly batchSize = HUBSPOT_INPUTS_PER_REQUEST * 5;
  /** Each update is merged into the object: a field it leaves out keeps its value. */
  readonly keepsFieldsNotSent = true;
  private readonly base: string;

  constructor(
    private readonly settings: HubspotSettings,
    deps: HttpDeps = {},
  ) {
    super(settings, [settings.accessToken], deps, { retryAfterMs: hubspotRetryAfterMs });
    this.base = `${settings.endpoint.replace(/\/+$/, '')}/crm/v3`;
  }

  protected credentialRefused(status: number, said: string): DestinationAuthError {
    const { object } = this.settings;
    return new DestinationAuthError(
      'accessToken',
      status === 403
        ? `HubSpot refused the access token for ${object} (${said}): give the private app the crm.objects.${object}.read and .write scopes, or fix the destination's accessToken setting.`
        : `HubSpot refused the access token (${said}): check the destination's accessToken setting.`,
    );
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    throwIfAborted(signal);
    const { result, upserts, deletes } = upsertsAndDeletes(batch, (c) => this.tooLong(c));
    // Set once a write request of this batch has had its answer: HubSpot may hold what it wrote.
    let wrote = false;
    try {
      for (const pack of chunks(upserts, HUBSPOT_INPUTS_PER_REQUEST)) {
        mergeResult(result, await this.upsert(pack, signal));
        wrote = true;
      }
      for (const pack of chunks(deletes, HUBSPOT_INPUTS_PER_REQUEST)) {
        mergeResult(result, await this.archive(pack, signal));
        wrote = true;
      }
    } catch (err) {
      // A token refused (expired, revoked) after an earlier request of the batch was written
      // stops the run, which counts nothing of the batch: it stays in doubt instead, so the
      // next sync sends the current truth of what that request wrote.
      if (err instanceof DestinationAuthError && wrote) err.mayHaveApplied = true;
      throw err;
    }
    return result;
  }

  /** GET the idProperty's definition: proves token, scope, object and property in one call. */
  async testConnection(): Promise<void> {
    const { object, idProperty } = this.settings;
    const answer = await this.http.probe(
      this.call('GET', `/properties/${object}/${idProperty}`, undefined, 0),
    );
    const said = this.http.bodyExcerpt(answer);
    if (answer.status === 401) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `HubSpot refused the access token (401${said}): check the accessToken setting.`,
      );
    }
    if (answer.status === 403) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `HubSpot refused access to ${object} (403${said}): the private app needs the crm.objects.${object}.read and .write scopes (setting accessToken).`,
      );
    }
    if (answer.status === 404) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `HubSpot has no property "${idProperty}" on ${object} (404${said}): check the idProperty and object settings.`,
      );
    }
    if (answer.status !== 200) {
      throw new EbbError('DESTINATION_ERROR', `HubSpot answered ${answer.status}${said}.`);
    }
    const property = jsonBody(answer) as { hasUniqueValue?: unknown } | undefined;
    if (property?.hasUniqueValue !== true && idProperty !== 'email') {
      throw new EbbError(
        'DESTINATION_ERROR',
        `HubSpot's ${object} property "${idProperty}" does not require unique values, so records cannot be matched by it: choose a unique property as idProperty.`,
      );
    }
  }

  /** HubSpot's properties of the object (`GET /crm/v3/properties/{object}`), idProperty required. */
  async listFields(): Promise<DestinationField[]> {
    const outcome = await this.http.exchange(
      this.call('GET', `/properties/${this.settings.object}`, undefined, 0),
      (answer): Verdict<DestinationField[] | string> => {
        const parsed = jsonBody(answer) as { results?: unknown } | undefined;
        if (answer.status !== 200 || !Array.isArray(parsed?.results)) {
          return { kind: 'done', value: this.http.said(answer, this.url('/properties')) };
        }
        const fields = (parsed.results as Record<string, unknown>[])
          .filter((p) => typeof p.name === 'string')
          .filter(
            (p) =>
              (p.modificationMetadata as { readOnlyValue?: unknown } | undefined)?.readOnlyValue !==
              true,
          )
          .map((p) => ({
            name: String(p.name),
            label: typeof p.label === 'string' ? p.label : String(p.name),
            type: typeof p.type === 'string' ? p.type : 'string',
            required: p.name === this.settings.idProperty,
            ...(p.name === this.settings.idProperty ? { fromId: true } : {}),
          }));
        return { kind: 'done', value: fields };
      },
    );
    if (!outcome.ok)
      throw new EbbError('DESTINATION_ERROR', `HubSpot properties: ${outcome.problem}`);
    if (typeof outcome.value === 'string') {
      throw new EbbError('DESTINATION_ERROR', `Cannot list HubSpot properties: ${outcome.value}`);
    }
    return outcome.value;
  }

  private tooLong(change: Change): string | undefined {
    for (const [key, value] of Object.entries(change.record)) {
      const length = hubspotValue(value).length;
      if (length > HUBSPOT_MAX_VALUE_CHARS) {
        return `property ${key} is ${length} characters, over HubSpot's limit of ${HUBSPOT_MAX_VALUE_CHARS} a value; not sent`;
      }
    }
    return undefined;
  }

  private async upsert(pack: Change[], signal?: AbortSignal): Promise<BatchResult> {
    const { call, path } = this.upsertCall(pack);
    const outcome = await this.http.exchange(
      call,
      (answer) => this.readWrite(answer, pack, path),
      signal,
    );
    if (outcome.ok) return refusedInDoubt(outcome.value, outcome.mayHaveApplied);
    return failedAll(pack, `HubSpot ${path}: ${outcome.problem}`, outcome.inDoubt);
  }

  /** 200/201: all written; 207: the errors name refused inputs by their trace ids. */
  private readWrite(answer: HttpAnswer, pack: Change[], path: string): Verdict<BatchResult> {
    if (answer.status === 200 || answer.status === 201) {
      return { kind: 'done', value: { delivered: pack.map((c) => c.id), failed: [] } };
    }
    const parsed = jsonBody(answer) as { errors?: unknown } | undefined;
    if (answer.status !== 207) {
      return { kind: 'done', value: failedAll(pack, this.refusal(answer, path), false) };
    }
    if (answer.truncated || !Array.isArray(parsed?.errors)) {
      const reason = `HubSpot ${path} answered 207 without a readable errors list`;
      return { kind: 'done', value: failedAll(pack, reason, false) };
    }
    const refused = new Map<string, string>();
    for (const error of parsed.errors as HubspotError[]) {
      const traces = error?.context?.objectWriteTraceId;
      const message = this.messageOf(error);
      // An error naming no input cannot be placed: the whole request counts as refused.
      if (!Array.isArray(traces) || traces.length === 0) {
        return { kind: 'done', value: failedAll(pack, `HubSpot: ${message}`, false) };
      }
      for (const trace of traces) {
        const change = pack[Number(trace)];
        if (change) refused.set(change.id, `HubSpot: ${message}`);
      }
    }
    const value: BatchResult = { delivered: [], failed: [] };
    for (const change of pack) {
      const reason = refused.get(change.id);
      if (reason === undefined) value.delivered.push(change.id);
      else value.failed.push({ id: change.id, reason });
    }
    return { kind: 'done', value };
  }

  /**
   * Deletes: `batch/read` by idProperty finds the object ids (ids HubSpot does not have are
   * already gone: delivered), then `batch/archive` removes them.
   */
  private async archive(pack: Change[], signal?: AbortSignal): Promise<BatchResult> {
    const { idProperty, object } = this.settings;
    const readPath = `/objects/${object}/batch/read`;
    const found = await this.http.exchange(
      this.lookupCall(pack),
      (answer): Verdict<Map<string, string> | string> => {
        if (answer.status !== 200 && answer.status !== 207) {
          return { kind: 'done', value: this.refusal(answer, readPath) };
        }
        const parsed = jsonBody(answer) as { results?: unknown } | undefined;
        if (answer.truncated || !Array.isArray(parsed?.results)) {
          return {
            kind: 'done',
            value: `HubSpot ${readPath} answered without a readable results list`,
          };
        }
        const objectIds = new Map<string, string>();
        for (const item of parsed.results as {
          id?: unknown;
          properties?: Record<string, unknown>;
        }[]) {
          const key = item?.properties?.[idProperty];
          if (typeof item?.id === 'string' && typeof key === 'string') objectIds.set(key, item.id);
        }
        return { kind: 'done', value: objectIds };
      },
      signal,
    );
    if (!found.ok) return failedAll(pack, `HubSpot ${readPath}: ${found.problem}`, false);
    if (typeof found.value === 'string') return failedAll(pack, found.value, false);
    const objectIds = found.value;
    const present = pack.filter((c) => objectIds.has(c.id));
    const absent = pack.filter((c) => !objectIds.has(c.id)).map((c) => c.id);
    if (present.length === 0) return { delivered: absent, failed: [] };
    const archivePath = `/objects/${object}/batch/archive`;
    const archived = await this.http.exchange(
      this.archiveCall(present.map((c) => objectIds.get(c.id)!)),
      (answer): Verdict<string | undefined> =>
        answer.status === 204 || answer.status === 200
          ? { kind: 'done', value: undefined }
          : { kind: 'done', value: this.refusal(answer, archivePath) },
      signal,
    );
    if (!archived.ok) {
      const result = failedAll(
        present,
        `HubSpot ${archivePath}: ${archived.problem}`,
        archived.inDoubt,
      );
      return { ...result, delivered: absent };
    }
    if (archived.value !== undefined) {
      return {
        ...failedAll(present, archived.value, archived.mayHaveApplied),
        delivered: absent,
      };
    }
    return { delivered: pack.map((c) => c.id), failed: [] };
  }

  /**
   * One change's requests: its `batch/upsert` input, or for a delete the `batch/read` lookup by
   * idProperty and the `batch/archive` of the object id HubSpot answers.
   */
  previewRecord(change: Change): RecordPreview {
    if (change.op === 'deleted') {
      return {
        requests: [
          this.http.preview(this.lookupCall([change])),
          this.http.preview(this.archiveCall(['<object id batch/read answers>'])),
        ],
        note: 'A record HubSpot does not have is already gone: nothing is archived.',
      };
    }
    const tooLong = this.tooLong(change);
    if (tooLong) return { requests: [], rejected: tooLong };
    return { requests: [this.http.preview(this.upsertCall([change]).call)] };
  }

  /** Inputs traced by their index in the pack, so a 207 names the refused ones. */
  private upsertCall(pack: readonly Change[]) {
    const inputs = pack.map((c, i) => hubspotInput(c, this.settings.idProperty, String(i)));
    const path = `/objects/${this.settings.object}/batch/upsert`;
    return { call: this.call('POST', path, { inputs }, pack.length), path };
  }

  private lookupCall(pack: readonly Change[]): HttpCall {
    const { idProperty, object } = this.settings;
    return this.call(
      'POST',
      `/objects/${object}/batch/read`,
      { idProperty, properties: [idProperty], inputs: pack.map((c) => ({ id: c.id })) },
      pack.length,
    );
  }

  private archiveCall(objectIds: readonly string[]): HttpCall {
    return this.call(
      'POST',
      `/objects/${this.settings.object}/batch/archive`,
      { inputs: objectIds.map((id) => ({ id })) },
      objectIds.length,
    );
  }

  /** A whole request refused (400 and other 4xx): HubSpot's own message, secrets scrubbed. */
  private refusal(answer: HttpAnswer, path: string): string {
    const parsed = jsonBody(answer) as HubspotError | undefined;
    const message =
      parsed && typeof parsed.message === 'string'
        ? this.messageOf(parsed)
        : `HTTP ${answer.status}${this.http.bodyExcerpt(answer)}`;
    return `HubSpot ${path} refused the request (${answer.status}): ${message}`;
  }

  private messageOf(error: HubspotError): string {
    const message = typeof error?.message === 'string' ? error.message : JSON.stringify(error);
    const category = typeof error?.category === 'string' ? `${error.category}: ` : '';
    return excerpt(this.http.scrub(`${category}${message}`), 500);
  }

  private url(path: string): URL {
    return new URL(`${this.base}${path}`);
  }

  private call(method: 'GET' | 'POST', path: string, body: unknown, records: number): HttpCall {
    return {
      url: this.url(path),
      method,
      headers: {
        authorization: `Bearer ${this.settings.accessToken}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      records,
    };
  }
}
