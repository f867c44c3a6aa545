import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runDuckDb } from '../../core/testing/duckdbFile.js';
import { ebbJson, homePerTest } from './testing/cliHarness.js';

const newHome = homePerTest('ebb-dbt-export-');

test('project export leaves dbt models to dbt, so a re-import still updates them', async () => {
  const home = newHome();
  const warehouse = path.join(home, 'wh.duckdb');
  await runDuckDb(
    warehouse,
    'create schema analytics',
    'create table analytics.customers as select i as customer_id from range(1, 4) as g(i)',
  );
  expect((await ebbJson(home, 'warehouse', 'add', 'wh', '--duckdb', warehouse)).code).toBe(0);
  const manifest = path.resolve('core/dbt/fixtures/manifest.json');
  expect((await ebbJson(home, 'dbt', 'import', manifest, '--warehouse', 'wh')).code).toBe(0);

  const repo = path.join(home, 'repo');
  const exported = await ebbJson<{ models: { name: string; action: string }[] }>(
    home,
    'project',
    'export',
    repo,
  );
  expect(exported.code).toBe(0);
  expect(exported.json.models).toContainEqual(
    expect.objectContaining({
      name: 'customers',
      action: 'skipped',
      message: expect.stringContaining('model.jaffle_shop.customers'),
    }),
  );
  expect(fs.existsSync(path.join(repo, 'models', 'customers.sql'))).toBe(false);

  const again = await ebbJson<{ models: { name: string; action: string }[]; skipped: unknown[] }>(
    home,
    'dbt',
    'import',
    manifest,
    '--warehouse',
    'wh',
  );
  expect(again.json.models.map((m) => [m.name, m.action])).toEqual([
    ['customer_segments', 'unchanged'],
    ['customers', 'unchanged'],
    ['orders', 'unchanged'],
  ]);
  const listed = await ebbJson<{ models: { name: string; origin: unknown }[] }>(
    home,
    'model',
    'list',
  );
  expect(listed.json.models.find((m) => m.name === 'customers')?.origin).toEqual({
    kind: 'dbt',
    uniqueId: 'model.jaffle_shop.customers',
  });
});
