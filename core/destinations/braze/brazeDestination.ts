import { DestinationAuthError } from '../http/authError.js';
import { HttpDestination } from '../http/httpDestination.js';
import { type HttpAnswer, type HttpDeps, type Verdict } from '../http/httpDelivery.js';
import {
  encode,
  jsonBody,
  refusedAll,
  refusedNone,
  sendInPacks,
  type Encoded,
  type Refusals,
} from '../http/sendInPacks.js';
import { throwIfAborted } from '../results.js';
import type { BatchResult, Change, DestinationField, RecordPreview } from '../types.js';
import {
  BRAZE_ATTRIBUTES_PER_REQUEST,
  BRAZE_BYTES_PER_REQUEST,
  BRAZE_DELETES_PER_REQUEST,
} from './limits.js';
import type { BrazeSettings } from './settings.js';
import { BRAZE_STANDARD_ATTRIBUTES } from './standardAttributes.js';

/** What `/users/track` sends per record: the record's fields with its id as external_id. */
export const brazeAttributes = (change: Change): Record<string, unknown> => ({
  ...change.record,
  external_id: change.id,
});

/**
 * The wait Braze's rate-limit headers ask for after a 429 (it sends no Retry-After):
 * X-RateLimit-Retry-After seconds when present, else until X-RateLimit-Reset, the UTC epoch
 * second the window resets. https://www.braze.com/docs/api/api_limits/ (X-RateLimit-* headers),
 * https://www.braze.com/docs/api/messaging_api/rate_limits (Handling rate limits).
 */
export function brazeRetryAfterMs(answer: HttpAnswer, nowMs: number): number | undefined {
  if (answer.status !== 429) return undefined;
  const header = (name: string) => {
    const value = answer.headers[name];
    const text = (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
    return /^\d+$/.test(text) ? Number(text) : undefined;
  };
  const seconds = header('x-ratelimit-retry-after');
  if (seconds !== undefined) return seconds * 1000;
  const reset = header('x-ratelimit-reset');
  return reset === undefined ? undefined : Math.max(0, reset * 1000 - nowMs);
}

interface MinorError {
  type?: unknown;
  input_array?: unknown;
  index?: unknown;
}

/**
 * Braze's REST API: new and updated records as `attributes` of `POST /users/track` (75 and 4 MB
 * a request), deleted ones by external id through `POST /users/delete` (50 a request), with the API
 * key as a Bearer token. A 2xx answer's `errors` name refused objects by their index.
 */
export class BrazeDestination extends HttpDestination {
  readonly type = 'braze';
  readonly batchSize = BRAZE_ATTRIBUTES_PER_REQUEST;
  /** Each update is merged into the profile: a field it leaves out keeps its value. */
  readonly keepsFieldsNotSent = true;
  private readonly base: string;

  constructor(
    private readonly settings: BrazeSettings,
    deps: HttpDeps = {},
  ) {
    super(settings, [settings.apiKey], deps, { retryAfterMs: brazeRetryAfterMs });
    this.base = settings.endpoint.replace(/\/+$/, '');
  }

  protected credentialRefused(status: number, said: string): DestinationAuthError {
    return new DestinationAuthError(
      'apiKey',
      `Braze refused the REST API key (${said}): check the destination's apiKey setting ` +
        `(it needs the users.track${status === 403 ? ' and users.delete permissions' : ' permission'}).`,
    );
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    throwIfAborted(signal);
    const upserts = batch
      .filter((c) => c.op !== 'deleted')
      .map((c) => encode(c.id, brazeAttributes(c)));
    const deletes = batch.filter((c) => c.op === 'deleted').map((c) => encode(c.id, c.id));
    const tracked = await sendInPacks({
      http: this.http,
      items: upserts,
      limits: {
        maxCount: BRAZE_ATTRIBUTES_PER_REQUEST,
        maxBytes: BRAZE_BYTES_PER_REQUEST,
        envelopeBytes: '{"attributes":[]}'.length,
      },
      call: (items) => this.trackCall(items),
      read: (answer, items) => this.readTrack(answer, items),
      signal,
    });
    const deleted = await sendInPacks({
      http: this.http,
      items: deletes,
      limits: {
        maxCount: BRAZE_DELETES_PER_REQUEST,
        maxBytes: BRAZE_BYTES_PER_REQUEST,
        envelopeBytes: '{"external_ids":[]}'.length,
      },
      call: (items) => this.deleteCall(items),
      read: (answer) => this.readFatal(answer, '/users/delete'),
      signal,
      afterWrite: tracked.delivered.length > 0 || (tracked.inDoubt?.length ?? 0) > 0,
    });
    return {
      delivered: [...tracked.delivered, ...deleted.delivered],
      failed: [...tracked.failed, ...deleted.failed],
      inDoubt: [...(tracked.inDoubt ?? []), ...(deleted.inDoubt ?? [])],
    };
  }

  /** The one request a change becomes: `/users/track` attributes, or `/users/delete`. */
  previewRecord(change: Change): RecordPreview {
    const call =
      change.op === 'deleted'
        ? this.deleteCall([encode(change.id, change.id)])
        : this.trackCall([encode(change.id, brazeAttributes(change))]);
    return { requests: [this.http.preview(call)] };
  }

  private trackCall(items: readonly Encoded[]) {
    return this.post('/users/track', { attributes: items.map((i) => i.body) }, items.length);
  }

  private deleteCall(items: readonly Encoded[]) {
    return this.post('/users/delete', { external_ids: items.map((i) => i.body) }, items.length);
  }

  /** An empty `/users/track` call: exercises the endpoint and the key, changes nothing. */
  async testConnection(): Promise<void> {
    const answer = await this.http.probe(this.post('/users/track', { attributes: [] }, 0));
    this.checkProbe(answer, {
      service: 'Braze',
      refused: `Braze refused the REST API key (${answer.status}): check the apiKey setting and its users.track permission.`,
      notFound: `${this.base} has no /users/track: check the endpoint setting (your instance's REST endpoint).`,
    });
  }

  /** Braze's standard user attributes (a fixed, documented list: Braze has no endpoint for it). */
  async listFields(): Promise<DestinationField[]> {
    return BRAZE_STANDARD_ATTRIBUTES.map((field) => ({ ...field }));
  }

  private post(path: string, body: unknown, records: number) {
    return {
      url: new URL(`${this.base}${path}`),
      headers: {
        authorization: `Bearer ${this.settings.apiKey}`,
        'content-type': 'application/json',
      },
      body: Buffer.from(JSON.stringify(body)),
      records,
    };
  }

  /**
   * https://www.braze.com/docs/api/errors/#server-responses: success with minor `errors`, or a
   * fatal `message` with them.
   */
  private readTrack(answer: HttpAnswer, items: Encoded[]): Verdict<Refusals> {
    const fatal = this.readFatal(answer, '/users/track');
    if (fatal.kind !== 'done') return fatal;
    const minor = this.minorErrors(answer, items);
    if (fatal.value.all === undefined) return { kind: 'done', value: { byId: minor } };
    if (minor.size === 0) return fatal;
    // Same page: a fatal answer may carry minor errors too; nothing was processed, and the
    // objects they name fail with their own reason, the others with the fatal one.
    const all = fatal.value.all;
    return {
      kind: 'done',
      value: { byId: new Map(items.map((item) => [item.id, minor.get(item.id) ?? all])) },
    };
  }

  /** The `errors` naming attributes objects by index: record id → Braze's message. */
  private minorErrors(answer: HttpAnswer, items: Encoded[]): Map<string, string> {
    const parsed = jsonBody(answer) as { errors?: unknown } | undefined;
    const byId = new Map<string, string>();
    if (!Array.isArray(parsed?.errors)) return byId;
    for (const error of parsed.errors as MinorError[]) {
      const index = typeof error?.index === 'number' ? error.index : -1;
      const item = items[index];
      const message = typeof error?.type === 'string' ? error.type : JSON.stringify(error);
      if (error?.input_array === 'attributes' && item) {
        byId.set(item.id, `Braze: ${this.http.scrub(message)}`);
      }
    }
    return byId;
  }

  /** A 4xx other than the credential and rate answers: the whole request was refused. */
  private readFatal(answer: HttpAnswer, path: string): Verdict<Refusals> {
    if (answer.status >= 200 && answer.status < 300) return { kind: 'done', value: refusedNone() };
    const parsed = jsonBody(answer) as { message?: unknown } | undefined;
    const message =
      typeof parsed?.message === 'string'
        ? parsed.message
        : `HTTP ${answer.status}${this.http.bodyExcerpt(answer)}`;
    const reason = `Braze ${path} refused the request (${answer.status}): ${this.http.scrub(message)}`;
    return { kind: 'done', value: refusedAll(reason) };
  }
}
