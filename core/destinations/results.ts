import type { BatchResult, Change } from './types.js';

export const allDelivered = (batch: readonly Change[]): BatchResult => ({
  delivered: batch.map((c) => c.id),
  failed: [],
});

export const allFailed = (batch: readonly Change[], reason: string): BatchResult => ({
  delivered: [],
  failed: batch.map((c) => ({ id: c.id, reason })),
});

/** Every record failed without an answer: the destination may hold any of them. */
export const allInDoubt = (batch: readonly Change[], reason: string): BatchResult => ({
  ...allFailed(batch, reason),
  inDoubt: batch.map((c) => c.id),
});

/** Delivered = every id of the batch not named in `failures` (ids outside the batch are ignored). */
export function deliveredExcept(
  batch: readonly Change[],
  failures: ReadonlyMap<string, string>,
): BatchResult {
  const result: BatchResult = { delivered: [], failed: [] };
  for (const change of batch) {
    const reason = failures.get(change.id);
    if (reason === undefined) result.delivered.push(change.id);
    else result.failed.push({ id: change.id, reason });
  }
  return result;
}

/** Rejects with the signal's reason if it has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/** The longest delay one Node timer holds; a longer one fires after 1 ms instead, with a warning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts. A wait past what one
 * timer holds (a `--rate` of 0.0000001 records/s) is made of several timers, so it really waits.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    const total = Number.isNaN(ms) ? 0 : Math.max(0, ms);
    const until = Date.now() + total;
    const wait = (left: number) => {
      timer = setTimeout(
        () => {
          if (left > MAX_TIMER_MS) return wait(Math.max(0, until - Date.now()));
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.min(left, MAX_TIMER_MS),
      );
    };
    wait(total);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const errorMessage = (err: unknown): string =>
  err instanceof Error ? err.message : String(err);

export const errorCode = (err: unknown): string | undefined => {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
};
