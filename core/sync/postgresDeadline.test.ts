import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectRowsEqual, modelRows, normaliseRecord } from '../testing/destinationEqualsModel.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { pgQuery } from '../testing/pgQuery.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';

/**
 * A PostgreSQL destination whose table another session holds locked: each statement of the run
 * waits on the lock. The run's deadline must end the run anyway (its statements cancelled, so
 * nothing of them commits later), and the next run, once the lock is gone, must leave the table
 * equal to the model even though the model changed what was in flight.
 */
const DEADLINE_MS = 6000;
/** Without the cancel, the run would end only when the lock is let go, this long after. */
const LOCK_HELD_MS = 45_000;

let server: TestPostgres;
let fixture: SyncFixture;
beforeAll(async () => {
  server = await startTestPostgres();
  fixture = await syncFixture(3000, { runDeadlineMs: DEADLINE_MS });
});
afterAll(async () => {
  fixture?.close();
  await server?.stop();
});

async function tableRows(): Promise<Map<string, Record<string, unknown>>> {
  const rows = await pgQuery<Record<string, unknown>>(server.url, 'select * from public.locked');
  return new Map(rows.map((row) => [String(row.user_id), normaliseRecord(row)]));
}

/** Another session takes the table's strongest lock until `release` (or LOCK_HELD_MS). */
async function lockTable(): Promise<{ release(): Promise<void> }> {
  const locker = new pg.Client({ connectionString: server.url });
  await locker.connect();
  await locker.query('begin');
  await locker.query('lock table public.locked in access exclusive mode');
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

async function runStoppedByDeadline(): Promise<void> {
  const lock = await lockTable();
  const started = Date.now();
  const run = await fixture.call('syncs.run', { sync: 'mirror' });
  const took = Date.now() - started;
  await lock.release();
  expect(run.status).toBe('failed');
  expect(run.message).toMatch(/deadline/);
  expect(took).toBeLessThan(DEADLINE_MS + 15_000);
}

test('a run waiting on a locked destination table ends at its deadline, and the next run converges', async () => {
  const { call, warehouseFile } = fixture;
  await call('destinations.add', {
    name: 'pg',
    config: { type: 'postgres', url: server.url, table: 'locked', batchSize: 200 },
  });
  await call('syncs.add', { name: 'mirror', model: 'users', destination: 'pg', mode: 'mirror' });
  const first = await call('syncs.run', { sync: 'mirror' });
  expect(first, first.message).toMatchObject({ status: 'succeeded' });

  // Updates and deletes wait on the lock (the upsert and delete statements).
  await runDuckDb(
    warehouseFile,
    `update users set score = -1 where user_id < 1000`,
    `delete from users where user_id between 2000 and 2099`,
  );
  await runStoppedByDeadline();
  // What waited leaves or reverts in the model.
  await runDuckDb(
    warehouseFile,
    `update users set score = user_id * 1.5 where user_id < 500`,
    `delete from users where user_id between 500 and 549`,
  );

  // A new column waits too (the ALTER at the run's start).
  const sql = `select *, 'x' || user_id as extra from users`;
  await call('models.update', { model: 'users', sql });
  await runStoppedByDeadline();

  expect(await call('syncs.run', { sync: 'mirror' })).toMatchObject({ status: 'succeeded' });
  expectRowsEqual(await tableRows(), await modelRows(warehouseFile, sql, 'user_id'));
}, 120_000);
