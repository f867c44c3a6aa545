import http from 'node:http';
import https from 'node:https';
import { EbbError } from '../../api/errors.js';
import type { WebhookDestinationConfig } from '../config.js';
import {
  allDelivered,
  allFailed,
  allInDoubt,
  deliveredExcept,
  errorCode,
  errorMessage,
  sleep as realSleep,
  throwIfAborted,
} from '../results.js';
import type { BatchResult, Change, Destination, RunInfo } from '../types.js';
import { backoffDelayMs, parseRetryAfterMs } from './backoff.js';
import { httpRequest, type HttpAnswer } from './httpPost.js';
import { describeUrl, excerpt, scrubSecrets, webhookSecrets } from './redact.js';
import { TokenBucket } from './tokenBucket.js';

export interface WebhookDeps {
  /** Jitter source in [0, 1). */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Wall clock in ms, for Retry-After dates. */
  now?: () => number;
}

/** What one attempt came to: a final answer, or a problem worth another attempt. */
type Attempt =
  { kind: 'done'; result: BatchResult } | { kind: 'retry'; problem: string; retryAfterMs?: number };

/** Network failures that say nothing about the batch itself: worth another attempt. */
const RETRYABLE_CODES = new Set([
  'EBB_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
]);

/** Largest 207 body read; a cut body cannot be trusted to list every failure. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * POSTs `{"batch":[change…]}` to one URL over keep-alive connections (at most `concurrency`).
 * 2xx: all delivered. 207 `{"errors":[{"id","message"}]}`: those failed, the rest delivered.
 * 408, 429, 5xx, time-outs and resets: retried with full-jitter exponential backoff, waiting out
 * any Retry-After (which also holds back every other batch of this destination). Other statuses:
 * the batch failed. The rate limit counts records, not requests.
 */
export class WebhookDestination implements Destination {
  readonly type = 'webhook';
  readonly batchSize: number;
  readonly concurrency: number;
  readonly ratePerSecond: number | undefined;

  private readonly url: URL;
  private readonly safeUrl: string;
  private readonly secrets: string[];
  private readonly bucket: TokenBucket | undefined;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private agent: http.Agent | undefined;
  private opened = false;
  /** Wall-clock ms before which no request leaves (set by Retry-After). */
  private pausedUntil = 0;

  constructor(
    private readonly config: WebhookDestinationConfig,
    deps: WebhookDeps = {},
  ) {
    this.url = new URL(config.url);
    this.safeUrl = describeUrl(this.url);
    this.secrets = webhookSecrets(this.url, config.headers);
    this.batchSize = config.batchSize;
    this.concurrency = config.concurrency;
    this.ratePerSecond = config.ratePerSecond;
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? realSleep;
    this.now = deps.now ?? Date.now;
    this.bucket =
      config.ratePerSecond === undefined
        ? undefined
        : new TokenBucket(config.ratePerSecond, undefined, this.sleep);
  }

  async open(_run: RunInfo): Promise<void> {
    this.opened = true;
  }

  async close(): Promise<void> {
    this.opened = false;
    this.agent?.destroy();
    this.agent = undefined;
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    if (!this.opened) throw new Error('WebhookDestination.send() called before open()');
    throwIfAborted(signal);
    if (batch.length === 0) return { delivered: [], failed: [] };
    const body = Buffer.from(JSON.stringify({ batch }));
    const { attempts } = this.config.retry;
    let problem = '';
    for (let attempt = 0; attempt < attempts; attempt++) {
      await this.waitOutPause(signal);
      if (this.bucket) await this.bucket.take(batch.length, signal);
      let outcome: Attempt;
      try {
        const answer = await httpRequest({
          url: this.url,
          headers: this.requestHeaders(),
          body,
          agent: this.getAgent(),
          timeoutMs: this.config.timeoutMs,
          signal,
          keepBody: (status) => status === 207 || status >= 300,
          maxBodyBytes: MAX_BODY_BYTES,
        });
        outcome = this.judgeAnswer(answer, batch);
      } catch (err) {
        throwIfAborted(signal);
        outcome = this.judgeError(err, batch);
      }
      if (outcome.kind === 'done') return outcome.result;
      problem = outcome.problem;
      if (attempt + 1 >= attempts) break;
      if (outcome.retryAfterMs !== undefined) {
        const { maxRetryAfterMs } = this.config.retry;
        if (outcome.retryAfterMs > maxRetryAfterMs) {
          return allFailed(
            batch,
            `${problem}; it asked to retry after ${Math.ceil(outcome.retryAfterMs / 1000)} s, ` +
              `longer than the ${Math.round(maxRetryAfterMs / 1000)} s Ebb waits`,
          );
        }
        this.pausedUntil = Math.max(this.pausedUntil, this.now() + outcome.retryAfterMs);
      } else {
        await this.sleep(backoffDelayMs(this.config.retry, attempt, this.random), signal);
      }
    }
    // No usable answer at all: the receiver may have applied the batch before it timed out.
    return allInDoubt(batch, `${problem} (gave up after ${attempts} attempts)`);
  }

  /**
   * Sends an empty batch `{"batch":[]}` with the configured headers: it exercises the real
   * endpoint and its authentication and changes nothing (HEAD/OPTIONS are often not routed).
   */
  async testConnection(): Promise<void> {
    const agent = new (this.url.protocol === 'https:' ? https.Agent : http.Agent)({
      keepAlive: false,
    });
    let answer: HttpAnswer;
    try {
      answer = await httpRequest({
        url: this.url,
        headers: this.requestHeaders(),
        body: Buffer.from('{"batch":[]}'),
        agent,
        timeoutMs: Math.min(this.config.timeoutMs, 15_000),
        keepBody: (status) => status >= 300,
        maxBodyBytes: 64 * 1024,
      });
    } catch (err) {
      throw new EbbError('DESTINATION_ERROR', this.explainNetworkError(err));
    } finally {
      agent.destroy();
    }
    const { status } = answer;
    if ((status >= 200 && status < 300) || status === 429) return;
    const names = Object.keys(this.config.headers);
    const where = `The webhook at ${this.safeUrl}`;
    const detail = this.bodyExcerpt(answer);
    if (status === 401 || status === 403) {
      const hint = names.length
        ? `check the value of the ${names.map((n) => `"${n}"`).join(', ')} header${names.length > 1 ? 's' : ''}`
        : `add the auth header it expects, e.g. --header 'Authorization: Bearer …'`;
      throw new EbbError('DESTINATION_ERROR', `${where} answered ${status}: ${hint}.`);
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

  private getAgent(): http.Agent {
    this.agent ??= new (this.url.protocol === 'https:' ? https.Agent : http.Agent)({
      keepAlive: true,
      maxSockets: this.concurrency,
      maxFreeSockets: this.concurrency,
      scheduling: 'lifo',
    });
    return this.agent;
  }

  private requestHeaders(): Record<string, string> {
    return { ...this.config.headers, 'content-type': 'application/json' };
  }

  private async waitOutPause(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const remaining = this.pausedUntil - this.now();
      if (remaining <= 0) return;
      await this.sleep(remaining, signal);
    }
  }

  private bodyExcerpt(answer: HttpAnswer): string {
    const text = excerpt(scrubSecrets(answer.body.toString('utf8'), this.secrets));
    return text ? `: ${text}` : '';
  }

  private judgeAnswer(answer: HttpAnswer, batch: readonly Change[]): Attempt {
    const { status } = answer;
    if (status === 207) return { kind: 'done', result: this.judgeMultiStatus(answer, batch) };
    if (status >= 200 && status < 300) return { kind: 'done', result: allDelivered(batch) };
    const said = `HTTP ${status} from ${this.safeUrl}${this.bodyExcerpt(answer)}`;
    if (status === 408 || status === 429 || status >= 500) {
      const header = answer.headers['retry-after'];
      return { kind: 'retry', problem: said, retryAfterMs: parseRetryAfterMs(header, this.now()) };
    }
    if (status >= 300 && status < 400) {
      return {
        kind: 'done',
        result: allFailed(batch, `${said} (redirects are not followed; use the final address)`),
      };
    }
    return { kind: 'done', result: allFailed(batch, said) };
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
      failures.set(String(id), excerpt(scrubSecrets(text, this.secrets), 500));
    }
    return deliveredExcept(batch, failures);
  }

  private judgeError(err: unknown, batch: readonly Change[]): Attempt {
    const code = errorCode(err);
    const problem = this.explainNetworkError(err);
    if (code !== undefined && RETRYABLE_CODES.has(code)) return { kind: 'retry', problem };
    return { kind: 'done', result: allFailed(batch, problem) };
  }

  private explainNetworkError(err: unknown): string {
    const code = errorCode(err) ?? '';
    const host = this.url.hostname;
    const port = this.url.port || (this.url.protocol === 'https:' ? '443' : '80');
    switch (code) {
      case 'EBB_TIMEOUT':
        return `${this.safeUrl} did not answer within ${this.config.timeoutMs} ms`;
      case 'ENOTFOUND':
        return `cannot resolve host "${host}": check the URL's host name and the network`;
      case 'EAI_AGAIN':
        return `cannot resolve host "${host}" right now (DNS lookup failed temporarily)`;
      case 'ECONNREFUSED':
        return `nothing accepts connections at ${host}:${port} (connection refused): check the URL's host and port and that the service is running`;
      case 'ECONNRESET':
      case 'EPIPE':
      case 'ECONNABORTED':
        return `${this.safeUrl} dropped the connection (${code})`;
      case 'ETIMEDOUT':
      case 'ENETUNREACH':
      case 'EHOSTUNREACH':
      case 'ENETDOWN':
      case 'EHOSTDOWN':
        return `cannot reach ${host}:${port} (${code}): check the network and firewall`;
    }
    if (/CERT|SSL|TLS|SELF_SIGNED/i.test(code)) {
      return `TLS certificate problem with ${host} (${code}): the server's certificate is not trusted`;
    }
    return `request to ${this.safeUrl} failed: ${scrubSecrets(errorMessage(err), this.secrets)}`;
  }
}
