import { afterAll, beforeAll } from 'vitest';
import { mariadbInstalled, startTestMariadb, type TestMariadb } from './embeddedMariadb.js';

/**
 * A MariaDB server for the test file that calls this: started before its tests, with an empty
 * `database` whose root URL goes to `ready`, and stopped after them. Answers whether
 * mariadb-server is installed; when it is not, nothing starts and `suite` is said to be skipped.
 */
export function mariadbForFile(
  suite: string,
  database: string,
  ready: (url: string) => Promise<void> | void,
): boolean {
  const installed = mariadbInstalled();
  if (!installed) {
    console.warn(
      `${suite} SKIPPED: mariadb-server is not installed (apt-get install mariadb-server).`,
    );
  }
  let server: TestMariadb | undefined;
  beforeAll(async () => {
    if (!installed) return;
    server = await startTestMariadb();
    await ready(await server.createDatabase(database));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  return installed;
}
