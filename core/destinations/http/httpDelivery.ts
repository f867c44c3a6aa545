import http from 'node:http';
import https from 'node:https';
import { EbbError } from '../../errors.js';
import { sleep as realSleep, throwIfAborted } from '../results.js';
import { DestinationAuthError } from './authError.js';
import { backoffDelayMs, parseRetryAfterMs } from './backoff.js';
import { httpRequest, type HttpAnswer } from './httpRequest.js';
import { mayHaveArrived } from './mayHaveApplied.js';
import { explainNetworkError, isRetryableNetworkError } from './networkErrors.js';
import { describeUrl, excerpt, scrubForms, scrubFormsIn } from './redact.js';
import type { RequestPreview } from '../types.js';
import type { RetryPolicy } from './retryPolicy.js';
import { TokenBucket } from './tokenBucket.js';

export interface HttpDeps {
  /** Jitter source in [0, 1). */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Wall clock in ms, for Retry-After dates. */
  now?: () => number;
}

export interface HttpDeliveryOptions {
  /** Requests in flight at once: the keep-alive pool holds as many sockets. */
  concurrency: number;
  /** Time for one exchange, answer body included, before it counts as timed out. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Records per second across the destination (a token bucket with one second of burst). */
  recordsPerSecond?: number;
  /** Requests per second across the destination. */
  requestsPerSecond?: number;
  /** Every form of the credentials: never shown in a reason or an error. */
  secrets: readonly string[];
  /**
   * The answer to a refused credential (401/403): names the setting to fix. The run stops; none
   * of the batch counts as delivered or failed.
   */
  credentialError: (status: number, said: string) => DestinationAuthError;
  /**
   * Whether a 401/403 answer refuses the credential (default: always). A service that also
   * answers 403 for other reasons (Salesforce's REQUEST_LIMIT_EXCEEDED) says no, and the answer
   * goes to the caller's `read` like any other 4xx.
   */
  refusesCredential?: (answer: HttpAnswer) => boolean;
  /**
   * The wait a 408/429/5xx answer without `Retry-After` asks for in the service's own headers
   * (Braze's X-RateLimit-Reset), in ms from `nowMs`; undefined: backoff.
   */
  retryAfterMs?: (answer: HttpAnswer, nowMs: number) => number | undefined;
  deps?: HttpDeps;
}

export interface HttpCall {
  url: URL;
  method?: 'POST' | 'GET' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  /** The body, or its pieces in order (sent without being joined). */
  body?: Buffer | readonly Buffer[];
  /** Records this request carries: what the records-per-second limit counts. */
  records: number;
  /** Which statuses' bodies to read (default: all); the rest are drained unread. */
  keepBody?: (status: number) => boolean;
  /** Largest answer body read (default 16 MB): an answer known to be larger says so. */
  maxBodyBytes?: number;
}

/** What the caller makes of an answer the kit did not settle itself. */
export type Verdict<T> =
  { kind: 'done'; value: T } | { kind: 'retry'; problem: string; retryAfterMs?: number };

/**
 * A final answer, or why there is none (the caller fails the records). `inDoubt`: requests left
 * without a usable answer until the retries ran out, so the service may have applied them.
 */
export type Outcome<T> =
  | {
      ok: true;
      value: T;
      /**
       * An earlier attempt reached the service and got no usable answer (a time-out, a dropped
       * connection, a 5xx): what this answer refuses may be held from that attempt.
       */
      mayHaveApplied: boolean;
    }
  | { ok: false; problem: string; inDoubt: boolean };

/** Largest answer body read; a cut body cannot be trusted to name every refused record. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The HTTP side every HTTP destination shares: keep-alive sockets (at most `concurrency`), token
 * buckets for records and requests, retries of 408/429/5xx, time-outs and resets with full-jitter
 * exponential backoff, `Retry-After` (seconds or a date) pausing every request of the destination,
 * 401/403 as a credential error that stops the run, and secrets scrubbed from every reason.
 */
export class HttpDelivery {
  private readonly recordBucket: TokenBucket | undefined;
  private readonly requestBucket: TokenBucket | undefined;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private agents = new Map<string, http.Agent>();
  /** Wall-clock ms before which no request leaves (set by Retry-After). */
  private pausedUntil = 0;
  /** Every encoding of every secret, made once: scrub() runs per refused record. */
  private readonly secretForms: string[];

  constructor(private readonly options: HttpDeliveryOptions) {
    this.secretForms = scrubForms(options.secrets);
    const deps = options.deps ?? {};
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? realSleep;
    this.now = deps.now ?? Date.now;
    this.recordBucket =
      options.recordsPerSecond === undefined
        ? undefined
        : new TokenBucket(options.recordsPerSecond, undefined, this.sleep);
    this.requestBucket =
      options.requestsPerSecond === undefined
        ? undefined
        : new TokenBucket(options.requestsPerSecond, undefined, this.sleep);
  }

  /**
   * Sends one request until it has a final answer: `read` judges the answers the kit does not
   * settle (2xx and the 4xx other than 401/403/408/429). Rejects only on abort (with the signal's
   * reason) and on a refused credential (DestinationAuthError).
   */
  async exchange<T>(
    call: HttpCall,
    read: (answer: HttpAnswer) => Verdict<T>,
    signal?: AbortSignal,
  ): Promise<Outcome<T>> {
    const { attempts, maxRetryAfterMs } = this.options.retry;
    let problem = '';
    // An attempt the service may have applied without its answer reaching us: every outcome
    // after it may leave records there, whatever the last answer says.
    let mayHaveApplied = false;
    for (let attempt = 0; attempt < attempts; attempt++) {
      await this.waitOutPause(signal);
      if (this.requestBucket) await this.requestBucket.take(1, signal);
      if (this.recordBucket && call.records > 0) await this.recordBucket.take(call.records, signal);
      let verdict: Verdict<T>;
      try {
        const answer = await httpRequest({
          url: call.url,
          method: call.method,
          headers: call.headers,
          body: call.body,
          agent: this.agentFor(call.url),
          timeoutMs: this.options.timeoutMs,
          signal,
          keepBody: call.keepBody ?? (() => true),
          maxBodyBytes: call.maxBodyBytes ?? MAX_BODY_BYTES,
        });
        verdict = this.judge(call, answer, read);
        if (answer.status >= 500) mayHaveApplied = true;
      } catch (err) {
        throwIfAborted(signal);
        if (err instanceof DestinationAuthError) {
          err.mayHaveApplied ||= mayHaveApplied;
          throw err;
        }
        const explained = this.explain(err, call.url);
        if (!isRetryableNetworkError(err))
          return { ok: false, problem: explained, inDoubt: mayHaveApplied };
        mayHaveApplied ||= mayHaveArrived(err);
        verdict = { kind: 'retry', problem: explained };
      }
      if (verdict.kind === 'done') return { ok: true, value: verdict.value, mayHaveApplied };
      problem = verdict.problem;
      if (attempt + 1 >= attempts) break;
      if (verdict.retryAfterMs !== undefined) {
        if (verdict.retryAfterMs > maxRetryAfterMs) {
          return {
            ok: false,
            inDoubt: mayHaveApplied,
            problem:
              `${problem}; it asked to retry after ${Math.ceil(verdict.retryAfterMs / 1000)} s, ` +
              `longer than the ${Math.round(maxRetryAfterMs / 1000)} s Ebb waits`,
          };
        }
        this.pausedUntil = Math.max(this.pausedUntil, this.now() + verdict.retryAfterMs);
      } else {
        await this.sleep(backoffDelayMs(this.options.retry, attempt, this.random), signal);
      }
    }
    return { ok: false, problem: `${problem} (gave up after ${attempts} attempts)`, inDoubt: true };
  }

  /**
   * A request as the "test record" shows it: what `exchange` would send, every credential
   * (header value, token in the body or URL) replaced by `***`. Nothing leaves.
   */
  preview(call: HttpCall, step?: string): RequestPreview {
    const method = call.method ?? 'POST';
    return {
      step: step ?? `${method} ${call.url.pathname}`,
      method,
      target: this.scrub(call.url.toString()),
      headers: Object.fromEntries(
        Object.entries(call.headers).map(([name, value]) => [name, this.scrub(value)]),
      ),
      contentType: call.headers['content-type'] ?? '',
      body: this.scrub(
        (Buffer.isBuffer(call.body) ? call.body : Buffer.concat(call.body ?? [])).toString('utf8'),
      ),
    };
  }

  /**
   * One attempt on a fresh connection, for Test connection: no retry, no rate limit. Network
   * errors become a DESTINATION_ERROR in words; the caller judges the answer.
   */
  async probe(call: HttpCall): Promise<HttpAnswer> {
    const agent = new (call.url.protocol === 'https:' ? https.Agent : http.Agent)({
      keepAlive: false,
    });
    try {
      return await httpRequest({
        url: call.url,
        method: call.method,
        headers: call.headers,
        body: call.body,
        agent,
        timeoutMs: Math.min(this.options.timeoutMs, 15_000),
        keepBody: call.keepBody ?? (() => true),
        maxBodyBytes: 64 * 1024,
      });
    } catch (err) {
      throw new EbbError('DESTINATION_ERROR', this.explain(err, call.url));
    } finally {
      agent.destroy();
    }
  }

  /** "HTTP 400 from https://host/path: <body excerpt>", secrets scrubbed. */
  said(answer: HttpAnswer, url: URL): string {
    return `HTTP ${answer.status} from ${describeUrl(url)}${this.bodyExcerpt(answer)}`;
  }

  /** `: <excerpt>` of the answer's body (or nothing), secrets scrubbed. */
  bodyExcerpt(answer: HttpAnswer, max = 200): string {
    const text = excerpt(this.scrub(answer.body.toString('utf8')), max);
    return text ? `: ${text}` : '';
  }

  scrub(text: string): string {
    return scrubFormsIn(text, this.secretForms);
  }

  explain(err: unknown, url: URL): string {
    return explainNetworkError(err, url, this.options.timeoutMs, this.options.secrets);
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private judge<T>(
    call: HttpCall,
    answer: HttpAnswer,
    read: (answer: HttpAnswer) => Verdict<T>,
  ): Verdict<T> | never {
    const { status } = answer;
    if ((status === 401 || status === 403) && (this.options.refusesCredential?.(answer) ?? true)) {
      throw this.options.credentialError(status, this.said(answer, call.url));
    }
    if (status === 408 || status === 429 || status >= 500) {
      const header = answer.headers['retry-after'];
      const now = this.now();
      return {
        kind: 'retry',
        problem: this.said(answer, call.url),
        retryAfterMs:
          parseRetryAfterMs(Array.isArray(header) ? header[0] : header, now) ??
          this.options.retryAfterMs?.(answer, now),
      };
    }
    return read(answer);
  }

  private agentFor(url: URL): http.Agent {
    const key = `${url.protocol}//${url.host}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const concurrency = this.options.concurrency;
      agent = new (url.protocol === 'https:' ? https.Agent : http.Agent)({
        keepAlive: true,
        maxSockets: concurrency,
        maxFreeSockets: concurrency,
        scheduling: 'lifo',
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  private async waitOutPause(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const remaining = this.pausedUntil - this.now();
      if (remaining <= 0) return;
      await this.sleep(remaining, signal);
    }
  }
}

export type { HttpAnswer } from './httpRequest.js';
