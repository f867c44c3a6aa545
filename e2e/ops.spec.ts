import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, projectRoot, screenshot, test } from './fixtures';

/** What dbt would have built in the Sample warehouse from the fixture manifest's project. */
async function buildDbtRelations(home: string): Promise<void> {
  const instance = await DuckDBInstance.create(path.join(home, 'sample.duckdb'));
  const connection = await instance.connect();
  try {
    for (const sql of [
      'create schema analytics',
      `create table analytics.customers as select user_id as customer_id, email, lifetime_value from main.users`,
      'create table analytics.fct_orders as select 1 as order_id, 10 as amount',
      `create view analytics.customer_segments as select customer_id as segment_customer_id, 'vip' as segment from analytics.customers`,
    ])
      await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

test('dbt manifest imported from the Models screen; a model file edited on both sides shows a conflict', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  await expect(page.getByRole('button', { name: /Sample warehouse/ })).toBeVisible();
  await buildDbtRelations(app.home);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-e2e-ops-'));
  const manifest = path.join(work, 'target', 'manifest.json');
  fs.mkdirSync(path.dirname(manifest));
  fs.copyFileSync(path.join(projectRoot, 'core/dbt/fixtures/manifest.json'), manifest);

  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dbt = page.getByRole('form', { name: 'Import a dbt manifest' });
  await dbt.getByLabel('manifest.json').fill(manifest);
  await dbt.getByRole('button', { name: 'Import' }).click();
  const imported = page.getByRole('table', { name: 'Imported dbt models' });
  await expect(imported).toContainText('analytics.customers');
  await expect(imported).toContainText('customer_id');
  await expect(imported).toContainText('ephemeral');
  await screenshot(page, 'ops-dbt-import');

  await page.getByRole('button', { name: /^customers/ }).click();
  await expect(page.getByLabel('Model origin')).toContainText('model.jaffle_shop.customers');
  await screenshot(page, 'ops-dbt-model');

  // Export the models to a project folder, then change one on both sides.
  await page.getByRole('button', { name: 'Import…' }).click();
  const folder = page.getByRole('form', { name: 'Project folder' });
  const repo = path.join(work, 'repo');
  await folder.getByLabel('Project folder').fill(repo);
  await folder.getByRole('button', { name: 'Export to folder' }).click();
  await expect(page.getByRole('table', { name: 'Model files' })).toContainText('written');
  await screenshot(page, 'ops-project-export');
  const file = path.join(repo, 'models', 'customers.sql');
  fs.writeFileSync(
    file,
    fs.readFileSync(file, 'utf8').replace('select *', 'select customer_id, email'),
  );
  await app.api('models.update', {
    model: 'customers',
    sql: 'select * from "analytics"."customers" where lifetime_value > 0',
  });
  await page.reload();
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: /^customers/ }).click();
  const conflict = page.getByRole('alert', { name: 'Conflict with the file' });
  await expect(conflict).toBeVisible();
  await conflict.getByText('The file now').click();
  await expect(conflict).toContainText('select customer_id, email');
  await screenshot(page, 'ops-file-conflict');
  await conflict.getByRole('button', { name: 'Keep the file’s version' }).click();
  await expect(conflict).toBeHidden();
  await expect(page.getByLabel('Model origin')).toContainText('customers.sql');
  await screenshot(page, 'ops-file-synced');
  fs.rmSync(work, { recursive: true, force: true });
});
