import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { syncPeopleFromPostgres } from '../testing/peopleFromPostgres.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { PostgresAdapter } from './postgresAdapter.js';

/** pg 8 warns (and pg 9 will throw) when a query is sent while the client is still busy. */
const OVERLAP = /already executing a query/;
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.message);

let server: TestPostgres;
let fixture: SyncFixture;
beforeAll(async () => {
  process.on('warning', onWarning);
  server = await startTestPostgres();
  fixture = await syncFixture(10);
});
afterAll(async () => {
  process.off('warning', onWarning);
  fixture?.close();
  await server?.stop();
});

test('overlapping calls on one warehouse connection take turns and answer in order', async () => {
  const adapter = new PostgresAdapter({ kind: 'postgres', url: server.url });
  try {
    const answers = await Promise.all([
      adapter.query('select 1 as n'),
      adapter.describeQuery('select 2 as n, now() as at'),
      adapter.query('select pg_sleep(0.05), 3 as n'),
      adapter.execute('create temp table t as select 4 as n'),
      adapter.query('select n from t'),
    ]);
    expect(answers[0]).toEqual([{ n: 1 }]);
    expect(answers[1]).toMatchObject([{ name: 'n' }, { name: 'at' }]);
    expect(answers[2]).toMatchObject([{ n: 3 }]);
    expect(answers[4]).toEqual([{ n: 4 }]);
    // A failing call does not stop the ones queued behind it.
    const [bad, good] = await Promise.allSettled([
      adapter.query('select * from no_such_table'),
      adapter.query('select 5 as n'),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good).toEqual({ status: 'fulfilled', value: [{ n: 5 }] });
  } finally {
    await adapter.close();
  }
  expect(warnings.filter((w) => OVERLAP.test(w))).toEqual([]);
});

test('runs and resets of a sync on a PostgreSQL warehouse never overlap queries on a client', async () => {
  const { call } = fixture;
  await call('destinations.add', { name: 'files', config: { type: 'file', path: fixture.home } });
  const { run } = await syncPeopleFromPostgres(call, server.url, {
    rows: 3000,
    sql: 'select * from people',
    idColumn: 'user_id',
    destination: 'files',
    sync: 'pg to files',
  });
  expect(run).toMatchObject({ status: 'succeeded', delivered: 3000 });
  await call('syncs.reset', { sync: 'pg to files' });
  expect(await call('syncs.run', { sync: 'pg to files' })).toMatchObject({ status: 'succeeded' });
  expect(warnings.filter((w) => OVERLAP.test(w))).toEqual([]);
});
