import type { BatchResult, Change, FailedRecord } from '../types.js';

/**
 * A CRM batch (HubSpot, Salesforce) split by request kind: the deletes, the upserts, and a
 * result that already rejects the upserts over the destination's limits (`overLimit` says why)
 * and holds the lists mergeResult fills from each request.
 */
export function upsertsAndDeletes(
  batch: readonly Change[],
  overLimit: (change: Change) => string | undefined,
): { result: BatchResult; upserts: Change[]; deletes: Change[] } {
  const rejected: FailedRecord[] = [];
  const result: BatchResult = { delivered: [], failed: [], inDoubt: [], rejected };
  const upserts: Change[] = [];
  const deletes: Change[] = [];
  for (const change of batch) {
    if (change.op === 'deleted') deletes.push(change);
    else {
      const reason = overLimit(change);
      if (reason) rejected.push({ id: change.id, reason });
      else upserts.push(change);
    }
  }
  return { result, upserts, deletes };
}

/** Every one of `changes` failed for `reason`, and is in doubt when the request may have run. */
export function failedAll(
  changes: readonly { id: string }[],
  reason: string,
  inDoubt: boolean,
): BatchResult {
  const failed: FailedRecord[] = changes.map((c) => ({ id: c.id, reason }));
  return { delivered: [], failed, ...(inDoubt ? { inDoubt: changes.map((c) => c.id) } : {}) };
}

/** Adds one request's result to the batch's (which holds inDoubt and rejected lists). */
export function mergeResult(into: BatchResult, from: BatchResult): void {
  into.delivered.push(...from.delivered);
  into.failed.push(...from.failed);
  if (from.inDoubt?.length) into.inDoubt!.push(...from.inDoubt);
  if (from.rejected?.length) into.rejected!.push(...from.rejected);
}
