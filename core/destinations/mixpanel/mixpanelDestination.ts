import { DestinationAuthError } from '../http/authError.js';
import { HttpDestination } from '../http/httpDestination.js';
import type { HttpAnswer, HttpCall, HttpDeps, Verdict } from '../http/httpDelivery.js';
import type { Encoded, Refusals } from '../http/sendInPacks.js';
import {
  encode,
  jsonBody,
  previewWithinLimits,
  refusedAll,
  refusedNone,
  sendWithinLimits,
} from '../http/sendInPacks.js';
import { throwIfAborted } from '../results.js';
import type { BatchResult, Change, RecordPreview } from '../types.js';
import {
  MIXPANEL_BYTES_PER_REQUEST,
  MIXPANEL_BYTES_PER_UPDATE,
  MIXPANEL_UPDATES_PER_REQUEST,
} from './limits.js';
import type { MixpanelSettings } from './settings.js';

/** One profile update as /engage takes it: $set for new and updated records, $delete for deleted. */
export function mixpanelUpdate(change: Change, token: string): Record<string, unknown> {
  return change.op === 'deleted'
    ? { $token: token, $distinct_id: change.id, $delete: '' }
    : { $token: token, $distinct_id: change.id, $set: change.record };
}

interface FailedRecord {
  index?: unknown;
  message?: unknown;
}

/**
 * Mixpanel's profile API: `POST /engage?strict=1` with a JSON array of updates (2,000 a request,
 * 1 MB each, 10 MB a request). With strict=1 a 400 names the refused updates by index in
 * `failed_records`; the others were applied. The project token travels in each update.
 */
export class MixpanelDestination extends HttpDestination {
  readonly type = 'mixpanel';
  readonly batchSize = MIXPANEL_UPDATES_PER_REQUEST;
  /** Each update is merged into the profile: a field it leaves out keeps its value. */
  readonly keepsFieldsNotSent = true;
  private readonly url: URL;

  constructor(
    private readonly settings: MixpanelSettings,
    deps: HttpDeps = {},
  ) {
    super(settings, [settings.projectToken], deps);
    this.url = new URL(`${settings.endpoint.replace(/\/+$/, '')}/engage?strict=1&ip=0`);
  }

  protected credentialRefused(_status: number, said: string): DestinationAuthError {
    return new DestinationAuthError(
      'projectToken',
      `Mixpanel refused the project token (${said}): check the destination's projectToken setting.`,
    );
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    throwIfAborted(signal);
    return sendWithinLimits({
      http: this.http,
      items: batch.map((c) => encode(c.id, mixpanelUpdate(c, this.settings.projectToken))),
      maxItemBytes: MIXPANEL_BYTES_PER_UPDATE,
      service: 'Mixpanel',
      limits: {
        maxCount: MIXPANEL_UPDATES_PER_REQUEST,
        maxBytes: MIXPANEL_BYTES_PER_REQUEST,
        envelopeBytes: 2,
      },
      call: (items) => this.engageCall(items),
      read: (answer, items) => this.read(answer, items),
      signal,
    });
  }

  /** The `/engage` request of one change's update, or why it would not be sent. */
  previewRecord(change: Change): RecordPreview {
    return previewWithinLimits({
      http: this.http,
      item: encode(change.id, mixpanelUpdate(change, this.settings.projectToken)),
      maxItemBytes: MIXPANEL_BYTES_PER_UPDATE,
      service: 'Mixpanel',
      call: (items) => this.engageCall(items),
    });
  }

  private engageCall(items: readonly Encoded[]): HttpCall {
    return {
      url: this.url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: Buffer.from(`[${items.map((i) => JSON.stringify(i.body)).join(',')}]`),
      records: items.length,
    };
  }

  /** An empty update list exercises the endpoint; the token is checked by the first real send. */
  async testConnection(): Promise<void> {
    const answer = await this.http.probe({
      url: this.url,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('[]'),
      records: 0,
    });
    this.checkProbe(answer, {
      service: 'Mixpanel',
      refused: `Mixpanel refused the request (${answer.status}): check the projectToken setting.`,
      notFound: `${this.url.host} has no /engage: check the endpoint setting.`,
    });
  }

  /** https://docs.mixpanel.com/troubleshooting/errors/400-bad-request: failed_records by index. */
  private read(answer: HttpAnswer, items: Encoded[]): Verdict<Refusals> {
    if (answer.status >= 200 && answer.status < 300)
      return { kind: 'done', value: this.readOk(answer) };
    const parsed = jsonBody(answer) as { error?: unknown; failed_records?: unknown } | undefined;
    if (answer.status === 400 && Array.isArray(parsed?.failed_records)) {
      const refusals = refusedNone();
      for (const failed of parsed.failed_records as FailedRecord[]) {
        const item = typeof failed?.index === 'number' ? items[failed.index] : undefined;
        if (!item) continue;
        const message = typeof failed.message === 'string' ? failed.message : 'failed validation';
        refusals.byId.set(item.id, `Mixpanel: ${this.http.scrub(message)}`);
      }
      if (refusals.byId.size > 0) return { kind: 'done', value: refusals };
    }
    const error =
      typeof parsed?.error === 'string' ? parsed.error : this.http.bodyExcerpt(answer).slice(2);
    return {
      kind: 'done',
      value: refusedAll(
        `Mixpanel refused the request (${answer.status}): ${this.http.scrub(error)}`,
      ),
    };
  }

  /**
   * https://docs.mixpanel.com/reference/profile-batch-update: /engage answers 200 even when the
   * data is invalid, so the body decides: `1` (or `{"status": 1}`) some updates were valid, `0`
   * (or `{"status": 0, "error": …}`) none was, and nothing in the request was applied.
   */
  private readOk(answer: HttpAnswer): Refusals {
    const parsed = jsonBody(answer) as { status?: unknown; error?: unknown } | number | undefined;
    const status = typeof parsed === 'number' ? parsed : parsed?.status;
    if (status !== 0) return refusedNone();
    const error =
      typeof parsed === 'object' && typeof parsed.error === 'string'
        ? parsed.error
        : 'no update in the request was valid';
    return refusedAll(
      `Mixpanel accepted none of the request (${answer.status}, status 0): ${this.http.scrub(error)}`,
    );
  }
}
