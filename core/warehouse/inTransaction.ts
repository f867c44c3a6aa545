/** Runs `work` between BEGIN and COMMIT on one connection; rolls back when it throws. */
export async function inTransaction<T>(
  execute: (sql: string) => Promise<void>,
  work: () => Promise<T>,
): Promise<T> {
  await execute('begin transaction');
  try {
    const result = await work();
    await execute('commit');
    return result;
  } catch (error) {
    await execute('rollback').catch(() => undefined);
    throw error;
  }
}
