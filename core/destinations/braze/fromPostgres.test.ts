import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../testing/embeddedPostgres.js';
import { profileHooks, runSaasScenarios, SAAS_SCENARIO_ROWS } from '../../testing/saasScenarios.js';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { startBrazeStandIn, type BrazeStandIn } from './standIn.js';

let server: TestPostgres;
let fixture: SyncFixture;
let braze: BrazeStandIn;
beforeAll(async () => {
  server = await startTestPostgres();
  fixture = await syncFixture(1);
  braze = await startBrazeStandIn();
});
afterAll(async () => {
  await braze?.close();
  fixture?.close();
  await server?.stop();
});

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

test('Braze from a PostgreSQL model: the same scenarios, ids sent as strings', async () => {
  await sql(
    `create table users as select g as user_id, 'user ' || g as name, g * 1.5 as score
     from generate_series(0, ${SAAS_SCENARIO_ROWS - 1}) g`,
  );
  const { call } = fixture;
  await call('warehouses.add', { kind: 'postgres', name: 'pgwh', url: server.url });
  await call('models.add', {
    name: 'pg users',
    warehouse: 'pgwh',
    sql: 'select * from users',
    idColumn: 'user_id',
  });
  await runSaasScenarios(
    call,
    sql,
    {
      type: 'braze',
      credentialSetting: 'apiKey',
      settings: () => ({ apiKey: braze.apiKey, endpoint: braze.url }),
      ...profileHooks(braze, (id) => `refused value for ${id}: 'name' is not valid`),
    },
    'pg users',
  );
  expect(braze.profiles.get('7')).toMatchObject({ external_id: '7', score: 10.5 });
  // The test record from PostgreSQL: the next change (an update left by the wrong key), as sent.
  const shown = await call('syncs.testRecord', { sync: 'to saas' });
  expect(shown).toMatchObject({ source: 'pending', change: { op: 'updated', id: '0' } });
  expect(JSON.parse(shown.requests[0]!.body)).toEqual({
    attributes: [{ user_id: 0, name: 'user 0 v2', score: 1, external_id: '0' }],
  });
  // Nothing pending: the model's first row, rendered by the same SQL as the diff's.
  await call('destinations.update', { destination: 'saas', settings: { apiKey: braze.apiKey } });
  expect(await call('syncs.run', { sync: 'to saas' })).toMatchObject({ status: 'succeeded' });
  const first = await call('syncs.testRecord', { sync: 'to saas' });
  expect(first).toMatchObject({ source: 'model', change: { op: 'updated' } });
  const [attributes] = (JSON.parse(first.requests[0]!.body) as { attributes: object[] }).attributes;
  expect(attributes).toEqual({ ...braze.profiles.get(first.change.id) });
});
