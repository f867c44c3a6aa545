/**
 * The last line of defence of the long-running hosts (the app, `ebb serve`, `ebb scheduler`):
 * an error nobody caught is logged and the host keeps serving, instead of the whole app going
 * down with every run in it. Each known source is fixed where it starts (a client's 'error'
 * listener, a read-ahead's catch); this is for the one not found yet. Answers the uninstall.
 */
export function installSafetyNet(log: (line: string) => void): () => void {
  const describe = (error: unknown) =>
    error instanceof Error ? (error.stack ?? error.message) : String(error);
  const onException = (error: Error, origin: string) =>
    log(`Ebb kept running after an unexpected error (${origin}): ${describe(error)}`);
  const onRejection = (reason: unknown) =>
    log(`Ebb kept running after an unexpected error (unhandled rejection): ${describe(reason)}`);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
