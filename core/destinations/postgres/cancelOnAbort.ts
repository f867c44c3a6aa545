import type pg from 'pg';
import { backendPid, cancelBackend } from '../../warehouse/pgCancel.js';

/**
 * Runs `work` on `client`, and cancels the statement it is running should `signal` abort first
 * (a run's cancel or deadline): a statement waiting on a lock, or on a server that stopped
 * answering, would otherwise hold the run past its deadline until the lock is gone. The cancel
 * goes over a connection of its own (the pool's may all be waiting), as `pg_cancel_backend` of
 * the client's backend; the statement then fails, its transaction is rolled back, nothing of it
 * is committed, and the caller's batch stays in doubt. `work`'s own error is passed on.
 */
export async function cancelOnAbort<T>(
  url: string,
  client: pg.PoolClient,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!signal) return work();
  const onAbort = () => void cancelBackend(url, backendPid(client));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await work();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
