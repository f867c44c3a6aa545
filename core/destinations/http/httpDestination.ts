import { EbbError } from '../../errors.js';
import type {
  BatchResult,
  Change,
  Destination,
  DestinationType,
  RecordPreview,
  RunInfo,
} from '../types.js';
import type { DestinationAuthError } from './authError.js';
import {
  HttpDelivery,
  type HttpAnswer,
  type HttpDeliveryOptions,
  type HttpDeps,
} from './httpDelivery.js';
import type { RetryPolicy } from './retryPolicy.js';

/** The HTTP settings of a SaaS type (`httpTuning` in saasSettings.ts, or its own). */
export interface SaasTuning {
  /** The engine's sends in flight, and the kit's requests unless `kit` says more. */
  concurrency: number;
  timeoutMs: number;
  retry: RetryPolicy;
  requestsPerSecond?: number;
}

/**
 * What every destination over HTTP (the webhook, the SaaS types) shares: one delivery kit (keep-alive, concurrency,
 * retries, redaction) made with the destination and closed with it; nothing to open per run.
 */
export abstract class HttpDestination implements Destination {
  abstract readonly type: DestinationType;
  abstract readonly batchSize: number;
  readonly concurrency: number;
  protected readonly http: HttpDelivery;

  /**
   * `secrets`: every form of the credential sent, never shown in a reason or an error. `kit`:
   * more requests in flight than the engine's sends, a rate in records, which 401/403 answers
   * refuse the credential (default: all of them), or the wait a service's own rate headers ask for.
   */
  protected constructor(
    tuning: SaasTuning,
    secrets: readonly string[],
    deps: HttpDeps,
    kit: Partial<
      Pick<
        HttpDeliveryOptions,
        'concurrency' | 'recordsPerSecond' | 'refusesCredential' | 'retryAfterMs'
      >
    > = {},
  ) {
    this.concurrency = tuning.concurrency;
    this.http = new HttpDelivery({
      concurrency: tuning.concurrency,
      timeoutMs: tuning.timeoutMs,
      retry: tuning.retry,
      requestsPerSecond: tuning.requestsPerSecond,
      secrets,
      credentialError: (status, said) => this.credentialRefused(status, said),
      deps,
      ...kit,
    });
  }

  /**
   * What stops the run when the service refuses the credential (401/403): the error naming the
   * setting to fix, with the service's own words `said`.
   */
  protected abstract credentialRefused(status: number, said: string): DestinationAuthError;

  /**
   * Reads the answer to a test-connection probe: throws `refused` for a 401 or 403, `notFound` for
   * a 404 and "`service` failed with …" for a 5xx; any other answer passes.
   */
  protected checkProbe(
    answer: HttpAnswer,
    said: { service: string; refused: string; notFound: string },
  ): void {
    if (answer.status === 401 || answer.status === 403) {
      throw new EbbError('DESTINATION_ERROR', said.refused);
    }
    if (answer.status === 404) throw new EbbError('DESTINATION_ERROR', said.notFound);
    if (answer.status >= 500) {
      throw new EbbError(
        'DESTINATION_ERROR',
        `${said.service} failed with ${answer.status}${this.http.bodyExcerpt(answer)}.`,
      );
    }
  }

  abstract send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult>;
  abstract testConnection(): Promise<void>;
  abstract previewRecord(change: Change, run: RunInfo): RecordPreview;

  async open(_run: RunInfo): Promise<void> {}

  async close(): Promise<void> {
    this.http.close();
  }
}
