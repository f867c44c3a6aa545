import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  mariadbInstalled,
  startTestMariadb,
  type TestMariadb,
} from '../../testing/embeddedMariadb.js';
import { syncFixture } from '../../testing/syncFixture.js';
import { MysqlAdapter } from '../../warehouse/mysqlAdapter.js';

const installed = mariadbInstalled();
if (!installed) {
  console.warn(
    'MariaDB Test connection tests SKIPPED: mariadb-server is not installed (apt-get install mariadb-server).',
  );
}

let server: TestMariadb;
let url: string;
beforeAll(async () => {
  if (!installed) return;
  server = await startTestMariadb();
  url = await server.createDatabase('shop');
  const admin = new MysqlAdapter({ kind: 'mysql', url });
  await admin.execute('create table customers (id int primary key)');
  // What an analyst is often given: read-only on the data, nothing else.
  await admin.execute(`create user 'ebb_reader'@'%' identified by 'reader-pw'`);
  await admin.execute(`grant select on shop.* to 'ebb_reader'@'%'`);
  await admin.close();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!installed)('MariaDB Test connection', () => {
  test('names what is wrong: credentials, database, host, and the exact GRANT for a read-only user', async () => {
    const fixture = await syncFixture(1);
    try {
      const check = (u: string) =>
        fixture.call('warehouses.check', { kind: 'mysql', settings: { url: u } }).then(
          () => 'ok',
          (error: Error & { code?: string }) => `${error.code}: ${error.message}`,
        );
      expect(await check(url)).toBe('ok');
      const reader = url.replace(/\/\/[^@]+@/, '//ebb_reader:reader-pw@');
      expect(await check(reader)).toBe(
        "PERMISSION_DENIED: Ebb keeps sync state in database `_ebb_reverse_etl`, which user 'ebb_reader'@'%' can neither see nor create. Ask an administrator to run: CREATE DATABASE IF NOT EXISTS `_ebb_reverse_etl`; GRANT ALL PRIVILEGES ON `_ebb_reverse_etl`.* TO 'ebb_reader'@'%';",
      );
      const wrong = await check(url.replace(/:[^:@/]+@/, ':Wrong-Pass@'));
      expect(wrong).toMatch(/refused the user name or password for user "root"/);
      expect(wrong).not.toContain('Wrong-Pass');
      expect(await check(url.replace(/\/shop$/, '/nope'))).toMatch(
        /Database "nope" does not exist/,
      );
      expect(await check('mysql://a:b@127.0.0.1:9/x')).toMatch(
        /Cannot reach MySQL at 127\.0\.0\.1:9 \(connection refused\)/,
      );
    } finally {
      fixture.close();
    }
  });
});
