import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ebbJson } from './testing/cliHarness.js';
import { callThrough } from '../../core/api/callThrough.js';
import { createCore } from '../../core/createCore.js';
import { runDuckDb } from '../../core/testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../../core/testing/embeddedPostgres.js';
import { pgQuery } from '../../core/testing/pgQuery.js';
import { tempHome } from '../../core/testing/tempHome.js';

const FIXTURE = path.resolve('core/dbt/fixtures/manifest.json');

/** What dbt would have built from the fixture's project (tables, an incremental, a view). */
const BUILT = [
  'create schema analytics',
  `create table analytics.customers as
     select i as customer_id, 'c' || i || '@example.com' as email, i * 10 as lifetime_value
       from generate_series(1, 25) as g(i)`,
  `create table analytics.fct_orders as select i as order_id, i * 2 as amount from generate_series(1, 5) as g(i)`,
  `create view analytics.customer_segments as
     select customer_id as segment_customer_id, 'vip' as segment from analytics.customers`,
];

const ebb = ebbJson;

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

describe.each(['duckdb', 'postgres'] as const)('dbt import on %s', (kind) => {
  test('every table/view/incremental model becomes a model on its relation; re-import updates', async () => {
    const { home, cleanup } = tempHome('ebb-dbt-');
    try {
      let location: string;
      if (kind === 'duckdb') {
        location = path.join(home, 'wh.duckdb');
        await runDuckDb(location, ...BUILT);
      } else {
        location = await server.createDatabase('dbt_import');
        await pgQuery(location, ...BUILT);
      }
      expect((await ebb(home, 'warehouse', 'add', 'wh', `--${kind}`, location)).code).toBe(0);
      const manifest = path.join(home, 'target', 'manifest.json');
      fs.mkdirSync(path.dirname(manifest));
      fs.copyFileSync(FIXTURE, manifest);

      const first = await ebb(home, 'dbt', 'import', manifest, '--warehouse', 'wh');
      expect(first.code).toBe(0);
      expect(first.json.models).toEqual([
        expect.objectContaining({
          name: 'customer_segments',
          relation: 'analytics.customer_segments',
          idColumn: 'segment_customer_id',
          idColumnFrom: 'guess',
          action: 'added',
          description: 'Customers by segment, for the CRM.',
        }),
        expect.objectContaining({
          name: 'customers',
          relation: 'analytics.customers',
          idColumn: 'customer_id',
          idColumnFrom: 'unique test',
          action: 'added',
        }),
        expect.objectContaining({
          name: 'orders',
          relation: 'analytics.fct_orders',
          idColumn: 'order_id',
          action: 'added',
        }),
      ]);
      expect(first.json.skipped).toEqual([
        expect.objectContaining({
          name: 'stg_customers',
          reason: expect.stringMatching(/ephemeral/),
        }),
      ]);
      for (const model of first.json.models as { problem?: string }[])
        expect(model.problem).toBeUndefined();

      // An imported model syncs like any other.
      const out = path.join(home, 'out');
      fs.mkdirSync(out);
      await ebb(home, 'destination', 'add', 'files', '--type', 'file', '--path', out);
      await ebb(home, 'sync', 'add', 'crm', '--model', 'customers', '--destination', 'files');
      const run = await ebb(home, 'sync', 'run', 'crm');
      expect(run.json).toMatchObject({ status: 'succeeded', delivered: 25 });
      const lines = fs
        .readdirSync(out)
        .flatMap((f) => fs.readFileSync(path.join(out, f), 'utf8').trim().split('\n'));
      expect(lines.map((l) => (JSON.parse(l) as { id: string }).id).sort()).toEqual(
        Array.from({ length: 25 }, (_, i) => String(i + 1)).sort(),
      );

      // Re-import: an edited description updates its model; the rest are unchanged.
      const edited = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
        nodes: Record<string, { description: string }>;
      };
      edited.nodes['model.jaffle_shop.customers']!.description = 'Customers, now with LTV.';
      fs.writeFileSync(manifest, JSON.stringify(edited));
      const second = await ebb(home, 'dbt', 'import', manifest, '--warehouse', 'wh');
      expect(
        (second.json.models as { name: string; action: string }[]).map((m) => [m.name, m.action]),
      ).toEqual([
        ['customer_segments', 'unchanged'],
        ['customers', 'updated'],
        ['orders', 'unchanged'],
      ]);
      const listed = await ebb(home, 'model', 'list');
      expect(listed.json.models).toContainEqual(
        expect.objectContaining({
          name: 'customers',
          description: 'Customers, now with LTV.',
          origin: { kind: 'dbt', uniqueId: 'model.jaffle_shop.customers' },
        }),
      );
    } finally {
      cleanup();
    }
  });
});

test('a model made in the app is never replaced by a dbt model of the same name', async () => {
  const { home, cleanup } = tempHome('ebb-dbt-');
  const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
  try {
    const file = path.join(home, 'wh.duckdb');
    await runDuckDb(file, ...BUILT);
    const call = callThrough(core.dispatch);
    await call('warehouses.add', { kind: 'duckdb', name: 'wh', path: file });
    await call('models.add', {
      name: 'orders',
      warehouse: 'wh',
      sql: 'select 1 as id',
      idColumn: 'id',
    });
    const result = await call('dbt.import', { manifest: FIXTURE, warehouse: 'wh' });
    expect(result.skipped).toContainEqual({
      name: 'orders',
      reason: expect.stringMatching(/already exists/),
    });
    const models = await call('models.list', {});
    expect(models.find((m) => m.name === 'orders')?.sql).toBe('select 1 as id');
  } finally {
    core.close();
    cleanup();
  }
});

test('a file that is not a manifest is refused with what to give instead', async () => {
  const { home, cleanup } = tempHome('ebb-dbt-');
  try {
    await ebb(home, 'warehouse', 'add', 'wh', '--duckdb', path.join(home, 'wh.duckdb'));
    const notJson = path.join(home, 'manifest.json');
    fs.writeFileSync(notJson, '{"nodes": [');
    const result = await ebb(home, 'dbt', 'import', notJson, '--warehouse', 'wh');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not JSON.*target\/manifest\.json/);
    fs.writeFileSync(notJson, '{"metadata": {}, "nodes": {"x": {"name": 1}}}');
    expect((await ebb(home, 'dbt', 'import', notJson, '--warehouse', 'wh')).stderr).toMatch(
      /not a dbt manifest/,
    );
  } finally {
    cleanup();
  }
});
