import type { WarehouseAdapter } from './types.js';

/**
 * The adapter a run works through, bound to its deadline and cancel (`signal`): the abort
 * interrupts the statements running then (a model query waiting on a lock, or in a sleep,
 * would otherwise hold the run until it ended), and every call asked for after it is refused
 * with the signal's reason, so the run stops wherever it was. A call that fails once the signal
 * has aborted fails with that reason too (not the warehouse's "canceling statement…"), so the
 * run reports its deadline or cancel. The adapter itself stays usable for the run's clean-up
 * (its acknowledgements applied); `release()` forgets the signal.
 */
export function abortable(
  adapter: WarehouseAdapter,
  signal: AbortSignal,
): { adapter: WarehouseAdapter; release(): void } {
  const interrupt = () => void adapter.interrupt?.().catch(() => undefined);
  signal.addEventListener('abort', interrupt, { once: true });
  const reason = (error: unknown) => (signal.aborted ? signal.reason : error) as Error;
  const guarded = new Proxy(adapter, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (signal.aborted) return Promise.reject(reason(undefined));
        let result: unknown;
        try {
          result = method.apply(target, args);
        } catch (error) {
          throw reason(error);
        }
        if (result instanceof Promise)
          return result.catch((error: unknown) => Promise.reject(reason(error)));
        // A stream (streamRows): its statement is interrupted with the rest.
        return result;
      };
    },
  });
  return { adapter: guarded, release: () => signal.removeEventListener('abort', interrupt) };
}
