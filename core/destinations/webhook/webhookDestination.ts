import { EbbError } from '../../errors.js';
import { changeJson } from '../changeJson.js';
import { DestinationAuthError } from '../http/authError.js';
import {
  type HttpAnswer,
  type HttpCall,
  type HttpDeps,
  type Verdict,
} from '../http/httpDelivery.js';
import { HttpDestination } from '../http/httpDestination.js';
import { refusedInDoubt } from '../http/mayHaveApplied.js';
import { describeUrl, excerpt, webhookSecrets } from '../http/redact.js';
import {
  allDelivered,
  allFailed,
  allInDoubt,
  deliveredExcept,
  throwIfAborted,
} from '../results.js';
import type { BatchResult, Change, JsonLinesBatch, RecordPreview, RunInfo } from '../types.js';
import { Utf8Builder } from '../utf8Builder.js';
import type { WebhookSettings } from './settings.js';

/** @deprecated name kept for callers: the HTTP kit's timing hooks. */
export type WebhookDeps = HttpDeps;

/**
 * POSTs `{"batch":[change…]}` to one URL through the shared HTTP kit. 2xx: all delivered. 207
 * `{"errors":[{"id","message"}]}`: those failed, the rest delivered. 401/403: the run stops,
 * naming the headers setting. Other 4xx and 3xx: the batch failed. The kit retries 408, 429, 5xx,
 * time-outs and resets; the rate limit counts records, not requests.
 */
export class WebhookDestination extends HttpDestination {
  readonly type = 'webhook';
  readonly batchSize: number;
  readonly ratePerSecond: number | undefined;

  private readonly url: URL;
  private readonly safeUrl: string;
  private opened = false;
  private readonly body = new Utf8Builder();

  constructor(
    private readonly config: WebhookSettings,
    deps: HttpDeps = {},
  ) {
    const url = new URL(config.url);
    super(config, webhookSecrets(url, config.headers), deps, {
      recordsPerSecond: config.ratePerSecond,
    });
    this.url = url;
    this.safeUrl = describeUrl(this.url);
    this.batchSize = config.batchSize;
    this.ratePerSecond = config.ratePerSecond;
  }

  protected credentialRefused(_status: number, said: string): DestinationAuthError {
    return new DestinationAuthError('headers', this.authHint(said));
  }

  override async open(_run: RunInfo): Promise<void> {
    this.opened = true;
  }

  override async close(): Promise<void> {
    this.opened = false;
    await super.close();
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    if (!this.opened) throw new Error('WebhookDestination.send() called before open()');
    throwIfAborted(signal);
    if (batch.length === 0) return { delivered: [], failed: [] };
    const outcome = await this.http.exchange(
      this.batchCall(batch),
      (answer) => this.judgeAnswer(answer, batch),
      signal,
    );
    if (outcome.ok) return refusedInDoubt(outcome.value, outcome.mayHaveApplied);
    // No usable answer at all: the receiver may have applied the batch before it timed out.
    return outcome.inDoubt ? allInDoubt(batch, outcome.problem) : allFailed(batch, outcome.problem);
  }

  /**
   * send() for a batch whose changeJson texts the warehouse wrote: the same body, built from
   * their bytes (no change read, built or encoded in Node); its changes are read only when the
   * answer names some of them.
   */
  readonly sendJsonLines = async (
    lines: JsonLinesBatch,
    signal?: AbortSignal,
  ): Promise<BatchResult | 'all'> => {
    if (!this.opened) throw new Error('WebhookDestination.send() called before open()');
    throwIfAborted(signal);
    if (lines.ends.length === 0) return 'all';
    const outcome = await this.http.exchange<BatchResult | 'all'>(
      {
        url: this.url,
        headers: this.requestHeaders(),
        body: linesBody(lines),
        records: lines.ends.length,
        keepBody: (status) => status === 207 || status >= 300,
      },
      (answer) =>
        answer.status >= 200 && answer.status < 300 && answer.status !== 207
          ? { kind: 'done', value: 'all' as const }
          : this.judgeAnswer(answer, lines.changes()),
      signal,
    );
    if (outcome.ok)
      return outcome.value === 'all'
        ? 'all'
        : refusedInDoubt(outcome.value, outcome.mayHaveApplied);
    const batch = lines.changes();
    return outcome.inDoubt ? allInDoubt(batch, outcome.problem) : allFailed(batch, outcome.problem);
  };

  /** The POST of a batch holding this one change. */
  previewRecord(change: Change): RecordPreview {
    return { requests: [this.http.preview(this.batchCall([change]))] };
  }

  private batchCall(batch: readonly Change[]): HttpCall {
    return {
      url: this.url,
      headers: this.requestHeaders(),
      body: this.batchBody(batch),
      records: batch.length,
      keepBody: (status) => status === 207 || status >= 300,
    };
  }

  /** `{"batch":[change,…]}`, each change as `changeJson` writes it (its record's own text). */
  private batchBody(batch: readonly Change[]): Buffer {
    const body = this.body.append('{"batch":[');
    for (let i = 0; i < batch.length; i++) {
      if (i > 0) body.append(',');
      body.append(changeJson(batch[i]!));
    }
    return body.append(']}').finish();
  }

  /**
   * Sends an empty batch `{"batch":[]}` with the configured headers: it exercises the real
   * endpoint and its authentication and changes nothing (HEAD/OPTIONS are often not routed).
   */
  async testConnection(): Promise<void> {
    const answer = await this.http.probe({
      url: this.url,
      headers: this.requestHeaders(),
      body: Buffer.from('{"batch":[]}'),
      records: 0,
      keepBody: (status) => status >= 300,
    });
    const { status } = answer;
    if ((status >= 200 && status < 300) || status === 429) return;
    const where = `The webhook at ${this.safeUrl}`;
    const detail = this.http.bodyExcerpt(answer);
    if (status === 401 || status === 403) {
      throw new EbbError('DESTINATION_ERROR', `${where} answered ${status}: ${this.headerHint()}.`);
    }
    if (status === 404) {
      throw new EbbError('DESTINATION_ERROR', `${where} answered 404: check the URL's path.`);
    }
    if (status === 405) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `${where} answered 405: that address does not accept POST; check the URL.`,
      );
    }
    if (status >= 300 && status < 400) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `${where} redirects (${status}); Ebb does not follow redirects: use the final address.`,
      );
    }
    if (status >= 500) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `${where} failed with ${status}${detail}; check the receiving service.`,
      );
    }
    throw new EbbError(
      'DESTINATION_ERROR',
      `${where} refused the empty test batch {"batch":[]} with ${status}${detail}.`,
    );
  }

  private headerHint(): string {
    const names = Object.keys(this.config.headers);
    return names.length
      ? `check the value of the ${names.map((n) => `"${n}"`).join(', ')} header${names.length > 1 ? 's' : ''} (setting headers)`
      : `add the auth header it expects, e.g. --header 'Authorization: Bearer …'`;
  }

  private authHint(said: string): string {
    return `The webhook refused the credentials (${said}): ${this.headerHint()}.`;
  }

  private requestHeaders(): Record<string, string> {
    return { ...this.config.headers, 'content-type': 'application/json' };
  }

  private judgeAnswer(answer: HttpAnswer, batch: readonly Change[]): Verdict<BatchResult> {
    const { status } = answer;
    if (status === 207) return { kind: 'done', value: this.judgeMultiStatus(answer, batch) };
    if (status >= 200 && status < 300) return { kind: 'done', value: allDelivered(batch) };
    const said = this.http.said(answer, this.url);
    if (status >= 300 && status < 400) {
      return {
        kind: 'done',
        value: allFailed(batch, `${said} (redirects are not followed; use the final address)`),
      };
    }
    return { kind: 'done', value: allFailed(batch, said) };
  }

  /** Anything short of a complete, readable errors list fails the whole batch: never guess. */
  private judgeMultiStatus(answer: HttpAnswer, batch: readonly Change[]): BatchResult {
    const unreadable = `HTTP 207 from ${this.safeUrl} without a readable {"errors":[{"id","message"}]} list`;
    if (answer.truncated) return allFailed(batch, `${unreadable} (answer too large)`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body.toString('utf8'));
    } catch {
      return allFailed(batch, unreadable);
    }
    const errors = (parsed as { errors?: unknown } | null)?.errors;
    if (!Array.isArray(errors)) return allFailed(batch, unreadable);
    const failures = new Map<string, string>();
    for (const item of errors as unknown[]) {
      if (typeof item !== 'object' || item === null) return allFailed(batch, unreadable);
      const { id, message } = item as { id?: unknown; message?: unknown };
      if (typeof id !== 'string' && typeof id !== 'number') return allFailed(batch, unreadable);
      const text = typeof message === 'string' && message ? message : 'rejected by the webhook';
      failures.set(String(id), excerpt(this.http.scrub(text), 500));
    }
    return deliveredExcept(batch, failures);
  }
}

const BODY_START = Buffer.from('{"batch":[');
const BODY_END = Buffer.from(']}');

/** `{"batch":[text,…]}` from the texts joined by commas: batchBody's bytes, in three pieces. */
const linesBody = ({ bytes }: JsonLinesBatch): Buffer[] => [BODY_START, bytes, BODY_END];
