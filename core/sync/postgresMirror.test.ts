import { afterAll, beforeAll, expect, test } from 'vitest';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { pgQuery } from '../testing/pgQuery.js';

let server: TestPostgres;
let fixture: SyncFixture;
beforeAll(async () => {
  server = await startTestPostgres();
  fixture = await syncFixture(500);
});
afterAll(async () => {
  fixture?.close();
  await server?.stop();
});

async function target(): Promise<{ user_id: string; name: string; score: number }[]> {
  const rows = await pgQuery<{ user_id: string; name: string; score: string }>(
    server.url,
    'select user_id::text, name, score::text from public.users_copy order by user_id::bigint',
  );
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

async function model(): Promise<{ user_id: string; name: string; score: number }[]> {
  const { call } = fixture;
  const result = await call('models.run', {
    warehouse: 'wh',
    sql: 'select * from users order by user_id',
    idColumn: 'user_id',
    limit: 1000,
  });
  return result.rows.map((r) => ({
    user_id: String(r.user_id),
    name: String(r.name),
    score: Number(r.score),
  }));
}

test('mirror mode to PostgreSQL leaves the target table equal to the model after inserts, updates and deletes', async () => {
  const { call, warehouseFile } = fixture;
  await call('destinations.add', {
    name: 'pg',
    config: { type: 'postgres', url: server.url, table: 'users_copy' },
  });
  await call('syncs.add', {
    name: 'mirror to pg',
    model: 'users',
    destination: 'pg',
    mode: 'mirror',
  });
  expect(await call('syncs.run', { sync: 'mirror to pg' })).toMatchObject({
    status: 'succeeded',
    delivered: 500,
  });
  expect(await target()).toEqual(await model());

  await runDuckDb(
    warehouseFile,
    "update users set name = 'changed', score = score + 1 where user_id % 10 = 0",
    'delete from users where user_id % 7 = 1',
    "insert into users select range, 'late ' || range, 2.5 from range(500, 540)",
  );
  const run = await call('syncs.run', { sync: 'mirror to pg' });
  expect(run.status).toBe('succeeded');
  expect(run.changes.deleted).toBeGreaterThan(0);
  expect(run.changes.updated).toBeGreaterThan(0);
  expect(run.changes.new).toBe(40);
  expect(await target()).toEqual(await model());
});
