import type { BatchResult, RecordPreview } from '../types.js';
import { DestinationAuthError } from './authError.js';
import type { HttpAnswer, HttpCall, HttpDelivery, Outcome, Verdict } from './httpDelivery.js';
import { packByCountAndBytes, type PackLimits } from './packRecords.js';

/** One record as the service will receive it. */
export interface Encoded<T = unknown> {
  id: string;
  body: T;
  /** Bytes of `JSON.stringify(body)`. */
  bytes: number;
}

export const encode = <T>(id: string, body: T): Encoded<T> => ({
  id,
  body,
  bytes: Buffer.byteLength(JSON.stringify(body)),
});

/**
 * Splits records over a service's per-record byte limit from the rest: those are never sent and
 * come back as `rejected` with the limit named.
 */
export function rejectOversized<T>(
  items: readonly Encoded<T>[],
  maxBytes: number | undefined,
  service: string,
): { fits: Encoded<T>[]; rejected: BatchResult['failed'] } {
  if (maxBytes === undefined) return { fits: [...items], rejected: [] };
  const fits: Encoded<T>[] = [];
  const rejected: BatchResult['failed'] = [];
  for (const item of items) {
    if (item.bytes <= maxBytes) fits.push(item);
    else {
      rejected.push({
        id: item.id,
        reason: `${item.bytes} bytes as ${service} receives it, over its limit of ${maxBytes} bytes a record; not sent`,
      });
    }
  }
  return { fits, rejected };
}

/** What a service said about one request: records it refused by id, or the whole request. */
export interface Refusals {
  byId: Map<string, string>;
  /** Set when the service refused the whole request (every record fails with this reason). */
  all?: string;
}

export const refusedNone = (): Refusals => ({ byId: new Map() });
export const refusedAll = (reason: string): Refusals => ({ byId: new Map(), all: reason });

export interface PackedSend<T> {
  http: HttpDelivery;
  items: readonly Encoded<T>[];
  limits: PackLimits;
  call: (items: Encoded<T>[]) => HttpCall;
  read: (answer: HttpAnswer, items: Encoded<T>[]) => Verdict<Refusals>;
  signal?: AbortSignal;
  /**
   * An earlier request of the same batch was answered and may have written (Braze's
   * `/users/track` before its deletes): a credential refused now leaves that write in doubt too.
   */
  afterWrite?: boolean;
}

/**
 * Sends records in requests within the service's count and byte limits, one request at a time
 * (the engine runs `concurrency` batches at once), and merges the answers per record. `read`
 * answers, for a 2xx or other 4xx answer, the refused records with the service's messages.
 */
export async function sendInPacks<T>(options: PackedSend<T>): Promise<BatchResult> {
  const result: BatchResult = { delivered: [], failed: [], inDoubt: [] };
  const packs = packByCountAndBytes(options.items, (item) => item.bytes, options.limits);
  let wrote = options.afterWrite ?? false;
  for (const pack of packs) {
    let outcome: Outcome<Refusals>;
    try {
      outcome = await options.http.exchange(
        options.call(pack.items),
        (answer) => options.read(answer, pack.items),
        options.signal,
      );
    } catch (err) {
      // A credential refused (a token expired, a key revoked) after an earlier request of the
      // batch was written stops the run, which counts nothing of the batch: it stays in doubt
      // instead, so the next sync sends the current truth of what that request wrote.
      if (err instanceof DestinationAuthError && wrote) err.mayHaveApplied = true;
      throw err;
    }
    wrote ||= outcome.ok || outcome.inDoubt;
    if (!outcome.ok) {
      for (const item of pack.items) result.failed.push({ id: item.id, reason: outcome.problem });
      if (outcome.inDoubt) result.inDoubt!.push(...pack.items.map((item) => item.id));
      continue;
    }
    for (const item of pack.items) {
      const reason = outcome.value.all ?? outcome.value.byId.get(item.id);
      if (reason === undefined) result.delivered.push(item.id);
      else {
        result.failed.push({ id: item.id, reason });
        // Refused now, but an earlier attempt of this request may have been applied.
        if (outcome.mayHaveApplied) result.inDoubt!.push(item.id);
      }
    }
  }
  return result;
}

/**
 * `sendInPacks` for a service with a per-record byte limit: the records over `maxItemBytes` are
 * not sent and come back as `rejected` (see `rejectOversized`).
 */
export async function sendWithinLimits<T>(
  options: PackedSend<T> & { maxItemBytes: number; service: string },
): Promise<BatchResult> {
  const { fits, rejected } = rejectOversized(options.items, options.maxItemBytes, options.service);
  const result = await sendInPacks({ ...options, items: fits });
  return { ...result, rejected };
}

/** The request one record goes out in, or why it would not be sent (over `maxItemBytes`). */
export function previewWithinLimits<T>(options: {
  http: HttpDelivery;
  item: Encoded<T>;
  maxItemBytes: number;
  service: string;
  call: (items: Encoded<T>[]) => HttpCall;
}): RecordPreview {
  const { fits, rejected } = rejectOversized([options.item], options.maxItemBytes, options.service);
  return {
    requests: fits.length ? [options.http.preview(options.call(fits))] : [],
    ...(rejected[0] ? { rejected: rejected[0].reason } : {}),
  };
}

/** Parses a JSON answer body; undefined when it is not JSON. */
export function jsonBody(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
