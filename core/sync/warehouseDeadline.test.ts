import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectRowsEqual, modelRows, normaliseRecord } from '../testing/destinationEqualsModel.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { pgQuery } from '../testing/pgQuery.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';

/**
 * A model whose query does not end (a PostgreSQL table another session holds locked; a DuckDB
 * query that would run for hours): the run's deadline and a user's cancel must stop it there,
 * its statement cancelled in the warehouse, with the sync's state as it was; the next run, the
 * lock gone, must leave the destination equal to the model row by row.
 */
const DEADLINE_MS = 6000;
/** Without the cancel, the run would end only when the lock is let go, this long after. */
const LOCK_HELD_MS = 45_000;
const ROWS = 3000;

let server: TestPostgres;
let fixture: SyncFixture;
let warehouseUrl: string;
let destinationUrl: string;
beforeAll(async () => {
  server = await startTestPostgres();
  fixture = await syncFixture(ROWS, { runDeadlineMs: DEADLINE_MS });
  warehouseUrl = await server.createDatabase('warehouse');
  destinationUrl = await server.createDatabase('destination');
  await pgQuery(
    warehouseUrl,
    `create table users as select g as user_id, 'user ' || g as name, g * 1.5 as score
       from generate_series(0, ${ROWS - 1}) g`,
  );
}, 120_000);
afterAll(async () => {
  fixture?.close();
  await server?.stop();
});

type Rows = Map<string, Record<string, unknown>>;
const keyed = (rows: Record<string, unknown>[]): Rows =>
  new Map(rows.map((row) => [String(row.user_id), normaliseRecord(row)]));
const destinationRows = async (table: string) =>
  keyed(await pgQuery(destinationUrl, `select * from public.${table}`));

/** Another session takes the table's strongest lock until `release` (or LOCK_HELD_MS). */
async function lockTable(url: string, table: string): Promise<{ release(): Promise<void> }> {
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  await locker.query('begin');
  await locker.query(`lock table ${table} in access exclusive mode`);
  let released: Promise<void> | undefined;
  const release = () =>
    (released ??= locker
      .query('rollback')
      .then(() => locker.end())
      .then(() => undefined));
  const safety = setTimeout(() => void release(), LOCK_HELD_MS);
  return {
    release: async () => {
      clearTimeout(safety);
      await release();
    },
  };
}

/** Statements of the warehouse still waiting on a lock (none once the run's was cancelled). */
const waitingOnLocks = async () =>
  Number(
    (
      await pgQuery<{ n: string }>(
        warehouseUrl,
        `select count(*) as n from pg_stat_activity
          where wait_event_type = 'Lock' and datname = current_database()`,
      )
    )[0]?.n,
  );

test('a PostgreSQL model waiting on a lock ends at the deadline or a cancel, state untouched, and the next run converges', async () => {
  const { call } = fixture;
  await call('warehouses.add', { kind: 'postgres', name: 'pgw', url: warehouseUrl });
  await call('models.add', {
    name: 'pg users',
    warehouse: 'pgw',
    sql: 'select * from users',
    idColumn: 'user_id',
  });
  await call('destinations.add', {
    name: 'pg dest',
    config: { type: 'postgres', url: destinationUrl, table: 'users_copy', batchSize: 200 },
  });
  await call('syncs.add', {
    name: 'mirror',
    model: 'pg users',
    destination: 'pg dest',
    mode: 'mirror',
  });
  expect(await call('syncs.run', { sync: 'mirror' })).toMatchObject({ status: 'succeeded' });

  await pgQuery(
    warehouseUrl,
    `update users set name = 'changed ' || user_id where user_id % 7 = 0`,
    `delete from users where user_id % 11 = 3`,
  );
  const expected = (await call('syncs.preview', { sync: 'mirror', limit: 0 })).changes;
  expect(expected.updated).toBeGreaterThan(0);

  // The deadline: the run stops near it, with no statement of its own left waiting.
  let lock = await lockTable(warehouseUrl, 'users');
  let started = Date.now();
  const stopped = await call('syncs.run', { sync: 'mirror' });
  let took = Date.now() - started;
  expect(await waitingOnLocks()).toBe(0);
  await lock.release();
  expect(stopped.status, stopped.message).toBe('failed');
  expect(stopped.message).toMatch(/deadline of 6 s while the warehouse was still working/);
  expect(took).toBeLessThan(DEADLINE_MS + 10_000);

  // A cancel: the run stops soon after it, cancelled.
  lock = await lockTable(warehouseUrl, 'users');
  started = Date.now();
  const running = call('syncs.run', { sync: 'mirror' });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await call('syncs.cancel', { sync: 'mirror' })).toEqual({ cancelled: true });
  const cancelled = await running;
  took = Date.now() - started;
  expect(await waitingOnLocks()).toBe(0);
  await lock.release();
  expect(cancelled.status, cancelled.message).toBe('cancelled');
  expect(took).toBeLessThan(DEADLINE_MS);

  // Nothing of either run was kept: the same changes are still to send.
  expect((await call('syncs.preview', { sync: 'mirror', limit: 0 })).changes).toEqual(expected);
  const next = await call('syncs.run', { sync: 'mirror' });
  expect(next, next.message).toMatchObject({ status: 'succeeded', changes: expected });
  expectRowsEqual(
    await destinationRows('users_copy'),
    keyed(await pgQuery(warehouseUrl, 'select * from users')),
  );
}, 180_000);

test('a DuckDB model that would run for hours ends at the deadline, and the next run converges', async () => {
  const { call, warehouseFile } = fixture;
  await call('destinations.add', {
    name: 'pg dest 2',
    config: { type: 'postgres', url: destinationUrl, table: 'duck_copy', batchSize: 200 },
  });
  await call('syncs.add', {
    name: 'duck',
    model: 'users',
    destination: 'pg dest 2',
    mode: 'mirror',
  });
  expect(await call('syncs.run', { sync: 'duck' })).toMatchObject({ status: 'succeeded' });

  const endless = `select * from users where (select count(*) from range(1000000000000)) > 0`;
  await call('models.update', { model: 'users', sql: endless });
  await runDuckDb(warehouseFile, `update users set score = -1 where user_id < 500`);
  const started = Date.now();
  const stopped = await call('syncs.run', { sync: 'duck' });
  expect(stopped.status, stopped.message).toBe('failed');
  expect(stopped.message).toMatch(/deadline/);
  expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 10_000);

  const sql = 'select * from users';
  await call('models.update', { model: 'users', sql });
  const next = await call('syncs.run', { sync: 'duck' });
  expect(next, next.message).toMatchObject({ status: 'succeeded' });
  expect(next.changes.updated).toBe(500);
  expectRowsEqual(
    await destinationRows('duck_copy'),
    await modelRows(warehouseFile, sql, 'user_id'),
  );
}, 120_000);
