import type { BatchResult } from '../types.js';
import { errorCode } from '../results.js';

/**
 * Network failures that can strike after the request reached the service: it may have applied
 * the request and only its answer was lost (a time-out, a dropped connection). A refused or
 * unreachable connection never delivered anything.
 */
const AFTER_ARRIVAL_CODES = new Set(['EBB_TIMEOUT', 'ECONNRESET', 'ECONNABORTED', 'EPIPE']);

/** Whether an attempt that failed with `err` may have been applied by the service. */
export const mayHaveArrived = (err: unknown): boolean =>
  AFTER_ARRIVAL_CODES.has(errorCode(err) ?? '');

/**
 * A final answer after an earlier attempt of the same request went unanswered (`mayHaveApplied`):
 * what the answer refuses may still be held from that attempt (a retried insert refused as
 * "already exists"), so the refused records are in doubt as well as failed, and the next plan
 * resends their current truth (or a delete) instead of trusting state.
 */
export function refusedInDoubt(result: BatchResult, mayHaveApplied: boolean): BatchResult {
  if (!mayHaveApplied || result.failed.length === 0) return result;
  return { ...result, inDoubt: [...(result.inDoubt ?? []), ...result.failed.map((f) => f.id)] };
}
