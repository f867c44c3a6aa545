import pg from 'pg';

/** The backend a client talks to: pg keeps it from the server's BackendKeyData (untyped). */
export function backendPid(client: pg.ClientBase): number | undefined {
  const pid = (client as { processID?: unknown }).processID;
  return typeof pid === 'number' ? pid : undefined;
}

/**
 * Cancels the statement backend `pid` is running, as `pg_cancel_backend` over a connection of
 * its own (the client's own is busy with the statement). A backend that is idle by then ignores
 * it: PostgreSQL drops a cancel that arrives while it waits for the next command. Answers once
 * the cancel is delivered, or the server could not be reached (its loss then ends the statement).
 */
export async function cancelBackend(
  connection: string | pg.ClientConfig,
  pid: number | undefined,
): Promise<void> {
  if (pid === undefined) return;
  const config = typeof connection === 'string' ? { connectionString: connection } : connection;
  const canceller = new pg.Client({ ...config, connectionTimeoutMillis: 10_000 });
  canceller.on('error', () => undefined);
  try {
    await canceller.connect();
    await canceller.query('select pg_cancel_backend($1)', [pid]);
  } catch {
    // The server is gone too: the connection's own loss then ends the statement.
  } finally {
    await canceller.end().catch(() => undefined);
  }
}
