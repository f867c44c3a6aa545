import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  mariadbInstalled,
  startTestMariadb,
  type TestMariadb,
} from '../testing/embeddedMariadb.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { MysqlAdapter } from '../warehouse/mysqlAdapter.js';

/**
 * The MariaDB side of warehouseDeadline.test.ts: a model whose table another session holds
 * locked stops at the run's deadline (KILL QUERY of its statement), the sync's state as it was,
 * and an interrupt that finds nothing running leaves the next statement alone.
 */
const DEADLINE_MS = 6000;
const installed = mariadbInstalled();

let server: TestMariadb;
let fixture: SyncFixture;
let url: string;
beforeAll(async () => {
  if (!installed) return;
  server = await startTestMariadb();
  url = await server.createDatabase('shop');
  const admin = new MysqlAdapter({ kind: 'mysql', url });
  await admin.execute(
    `create table users as select seq as user_id, concat('user ', seq) as name from seq_0_to_1999`,
  );
  await admin.close();
  fixture = await syncFixture(1, { runDeadlineMs: DEADLINE_MS });
}, 120_000);
afterAll(async () => {
  fixture?.close();
  await server?.stop();
});

describe.skipIf(!installed)('MariaDB model statements and the run deadline', () => {
  test('an interrupt with nothing running leaves the next statement alone', async () => {
    const adapter = new MysqlAdapter({ kind: 'mysql', url });
    try {
      expect(await adapter.query('select 1 as n')).toEqual([{ n: 1 }]);
      await adapter.interrupt();
      expect(await adapter.query('select 2 as n')).toEqual([{ n: 2 }]);
    } finally {
      await adapter.close();
    }
  });

  test('a model waiting on a locked table ends at the deadline, state untouched', async () => {
    const { call } = fixture;
    await call('warehouses.add', { kind: 'mysql', name: 'maria', url });
    await call('models.add', {
      name: 'maria users',
      warehouse: 'maria',
      sql: 'select * from users',
      idColumn: 'user_id',
    });
    await fixture.fileDestination('files');
    await call('syncs.add', {
      name: 'm',
      model: 'maria users',
      destination: 'files',
      mode: 'mirror',
    });
    expect(await call('syncs.run', { sync: 'm' })).toMatchObject({ status: 'succeeded' });
    const admin = new MysqlAdapter({ kind: 'mysql', url });
    await admin.execute(`update users set name = 'changed' where user_id % 9 = 0`);
    await admin.execute(`delete from users where user_id % 13 = 1`);
    await admin.close();
    const expected = (await call('syncs.preview', { sync: 'm', limit: 0 })).changes;

    const locker = await mysql.createConnection(url);
    await locker.query('lock tables users write');
    const started = Date.now();
    const stopped = await call('syncs.run', { sync: 'm' });
    const took = Date.now() - started;
    const [waiting] = await locker.query<mysql.RowDataPacket[]>(
      `select count(*) as n from information_schema.processlist where state like '%metadata lock%'`,
    );
    await locker.query('unlock tables');
    await locker.end();
    expect(stopped.status, stopped.message).toBe('failed');
    expect(stopped.message).toMatch(/deadline of 6 s while the warehouse was still working/);
    expect(took).toBeLessThan(DEADLINE_MS + 10_000);
    expect(Number(waiting[0]?.n)).toBe(0);

    const next = await call('syncs.run', { sync: 'm' });
    expect(next, next.message).toMatchObject({ status: 'succeeded', changes: expected });
  }, 120_000);
});
