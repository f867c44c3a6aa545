import type { SerialQueue } from './serialQueue.js';

/**
 * Delivers batches as they are read, up to `concurrency` at once: each read waits its turn on the
 * warehouse (the run's serial queue) while the sends overlap. Takes no more once `stopped()` says
 * so or a batch threw; answers the first error thrown (undefined if none) once every batch in
 * flight has finished and the reader is closed.
 */
export async function deliverInFlight<Batch>(
  batches: AsyncIterable<Batch>,
  run: {
    concurrency: number;
    warehouseWork: SerialQueue;
    stopped(): boolean;
    deliver(batch: Batch): Promise<void>;
  },
): Promise<unknown> {
  const iterator = batches[Symbol.asyncIterator]();
  const inflight = new Set<Promise<void>>();
  let firstError: unknown;
  while (!run.stopped() && !firstError) {
    const next = await run.warehouseWork(() => iterator.next());
    if (next.done) break;
    const task = run.deliver(next.value).catch((error: unknown) => {
      firstError ??= error;
    });
    inflight.add(task);
    void task.finally(() => inflight.delete(task));
    if (inflight.size >= run.concurrency) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  await iterator.return?.();
  return firstError;
}
