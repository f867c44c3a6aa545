import { expect } from 'vitest';
import { freePort } from '../testing/databaseServer.js';
import { openWarehouse } from './openWarehouse.js';

type ServerKind = 'postgres' | 'mysql';

/**
 * test() with a wrong password in `url` fails as WAREHOUSE_ERROR saying `said`, and never shows
 * the wrong password.
 */
export async function expectWrongPasswordExplained(
  kind: ServerKind,
  url: string,
  said: RegExp,
): Promise<void> {
  const wrong = url.replace(/:[^:@/]+@/, ':not-the-Secret-pw@');
  const adapter = openWarehouse({ kind, url: wrong });
  try {
    const error = (await adapter.test().catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'WAREHOUSE_ERROR' });
    expect(error.message).toMatch(said);
    expect(error.message).not.toContain('not-the-Secret-pw');
  } finally {
    await adapter.close();
  }
}

/** test() against a port nothing listens on fails saying `engine` cannot be reached there. */
export async function expectUnreachableExplained(kind: ServerKind, engine: string): Promise<void> {
  const port = await freePort();
  const adapter = openWarehouse({ kind, url: `${kind}://ebb:pw@127.0.0.1:${port}/db` });
  await expect(adapter.test()).rejects.toMatchObject({
    code: 'WAREHOUSE_ERROR',
    message: expect.stringMatching(
      new RegExp(`Cannot reach ${engine} at 127\\.0\\.0\\.1:\\d+ .*running`),
    ),
  });
}
