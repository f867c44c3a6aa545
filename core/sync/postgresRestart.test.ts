import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { syncFixture, USERS_MODEL, type SyncFixture } from '../testing/syncFixture.js';
import { pgQuery } from '../testing/pgQuery.js';

/**
 * Issue 10.8: the PostgreSQL server restarting in the middle of a run (destination, warehouse,
 * or both) must not take the process down. The run ends failed with a message, and the next run
 * leaves the destination equal to the model, row by row. An 'error' event nobody listens to, or
 * an uncaught error, fails this file (Vitest reports it) even where the run itself answers.
 */
const ROWS = 40_000;
let server: TestPostgres;
let fixture: SyncFixture;
beforeAll(async () => {
  server = await startTestPostgres();
  fixture = await syncFixture(ROWS);
});
afterAll(async () => {
  fixture?.close();
  await server?.stop();
});

type Row = { user_id: string; name: string };

const rows = (url: string, table: string) =>
  pgQuery<Row>(url, `select user_id::text, name from ${table} order by user_id::bigint`);

/** Rows in the table, or 0 while it is not there (or the server is away). */
async function count(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const {
      rows: [row],
    } = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
    return Number(row?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Restarts the server once the destination table holds some rows, but not all of them. */
async function restartMidRun(url: string, table: string): Promise<number> {
  for (;;) {
    const n = await count(url, table);
    if (n > 0) {
      await server.restart();
      return n;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Adds the mirror sync `name` and runs it while the server at `url` restarts once `users_copy`
 * holds some rows but not all: the run ends failed, and is answered.
 */
async function mirrorRestartedMidRun(
  name: string,
  model: string,
  destination: string,
  url: string,
) {
  await fixture.call('syncs.add', { name, model, destination, mode: 'mirror' });
  const running = fixture.call('syncs.run', { sync: name });
  const seen = await restartMidRun(url, 'public.users_copy');
  const run = await running;
  expect(seen).toBeLessThan(ROWS);
  expect(run.status).toBe('failed');
  return run;
}

/**
 * The model moves on meanwhile (`exec` runs SQL on its warehouse): every `updateEvery`th user is
 * renamed and some deleted, some of them rows that were in flight. Then `sync` runs again and
 * succeeds.
 */
async function changeModelThenRun(
  sync: string,
  exec: (...statements: string[]) => Promise<unknown>,
  updateEvery: number,
  deleted: string,
): Promise<void> {
  await exec(
    `update users set name = 'changed ' || user_id where user_id % ${updateEvery} = 0`,
    `delete from users where ${deleted}`,
  );
  const next = await fixture.call('syncs.run', { sync });
  expect(next.status).toBe('succeeded');
}

const modelRows = async (warehouse: string, sql: string): Promise<Row[]> => {
  const result = await fixture.call('models.run', {
    warehouse,
    sql,
    idColumn: 'user_id',
    limit: 1000,
  });
  return result.rows.map((r) => ({ user_id: String(r.user_id), name: String(r.name) }));
};

test('a PostgreSQL destination restarting mid-run fails the run, and the next run converges', async () => {
  const { call, warehouseFile } = fixture;
  await call('destinations.add', {
    name: 'pg dest',
    config: { type: 'postgres', url: server.url, table: 'users_copy', batchSize: 200 },
  });
  const run = await mirrorRestartedMidRun('to pg', 'users', 'pg dest', server.url);
  expect(run.message).toMatch(/PostgreSQL|connection/i);

  const inWarehouse = (...sql: string[]) => runDuckDb(warehouseFile, ...sql);
  await changeModelThenRun('to pg', inWarehouse, 7, 'user_id % 11 = 3');
  const expected = (await modelRowsAll('wh', 'select user_id, name from users')).sort(byId);
  expect(await rows(server.url, 'public.users_copy')).toEqual(expected);
});

const byId = (a: Row, b: Row) => Number(a.user_id) - Number(b.user_id);

/** The whole model, read in id pages (models.run answers at most 1,000 rows). */
async function modelRowsAll(warehouse: string, sql: string): Promise<Row[]> {
  const out: Row[] = [];
  for (let from = 0; ; from += 1000) {
    const page = await modelRows(
      warehouse,
      `select * from (${sql}) as m where user_id >= ${from} and user_id < ${from + 1000}`,
    );
    out.push(...page);
    if (from > ROWS) return out;
  }
}

test('a PostgreSQL warehouse restarting mid-run fails the run, and the next run converges', async () => {
  const { call } = fixture;
  const warehouseUrl = await server.createDatabase('warehouse');
  await pgQuery(
    warehouseUrl,
    `create table users as select g as user_id, 'user ' || g as name from generate_series(0, ${ROWS - 1}) g`,
  );
  await call('warehouses.add', { kind: 'postgres', name: 'pgw', url: warehouseUrl });
  await call('models.add', { ...USERS_MODEL, name: 'pg users', warehouse: 'pgw' });
  await call('destinations.add', {
    name: 'pg dest 2',
    config: { type: 'postgres', url: warehouseUrl, table: 'users_copy', batchSize: 200 },
  });
  const run = await mirrorRestartedMidRun('pg to pg', 'pg users', 'pg dest 2', warehouseUrl);
  expect(run.message).toMatch(/Lost the connection to PostgreSQL/);

  const inWarehouse = (...sql: string[]) => pgQuery(warehouseUrl, ...sql);
  await changeModelThenRun('pg to pg', inWarehouse, 5, 'user_id % 13 = 2');
  expect(await rows(warehouseUrl, 'public.users_copy')).toEqual(
    await rows(warehouseUrl, 'public.users'),
  );
});
