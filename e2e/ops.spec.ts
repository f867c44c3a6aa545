import fs from 'node:fs';
import path from 'node:path';
import { buildDbtRelations, importDbtManifest, manifestInScratchFolder } from './dbtProject';
import { expect, screenshot, test } from './fixtures';
import { openApp } from './screens';

test('dbt manifest imported from the Models screen; a model file edited on both sides shows a conflict', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  await buildDbtRelations(app.home);
  const { work, manifest } = manifestInScratchFolder();
  await importDbtManifest(page, manifest);
  const imported = page.getByRole('table', { name: 'Imported dbt models' });
  await expect(imported).toContainText('analytics.customers');
  await expect(imported).toContainText('customer_id');
  await expect(imported).toContainText('ephemeral');
  await screenshot(page, 'ops-dbt-import');

  await page.getByRole('button', { name: /^customers/ }).click();
  await expect(page.getByLabel('Model origin')).toContainText('model.jaffle_shop.customers');
  await screenshot(page, 'ops-dbt-model');

  // Export the models to a project folder (the dbt ones stay dbt's), then change one on both sides.
  await app.api('models.add', {
    name: 'top_customers',
    warehouse: 'Sample warehouse',
    sql: 'select * from "analytics"."customers"',
    idColumn: 'customer_id',
  });
  await page.getByRole('button', { name: 'Import…' }).click();
  const folder = page.getByRole('form', { name: 'Project folder' });
  const repo = path.join(work, 'repo');
  await folder.getByLabel('Project folder').fill(repo);
  await folder.getByRole('button', { name: 'Export to folder' }).click();
  const files = page.getByRole('table', { name: 'Model files' });
  await expect(files).toContainText('written');
  await expect(files).toContainText(
    'skipped: comes from the dbt model model.jaffle_shop.customers',
  );
  await screenshot(page, 'ops-project-export');
  const file = path.join(repo, 'models', 'top_customers.sql');
  fs.writeFileSync(
    file,
    fs.readFileSync(file, 'utf8').replace('select *', 'select customer_id, email'),
  );
  await app.api('models.update', {
    model: 'top_customers',
    sql: 'select * from "analytics"."customers" where lifetime_value > 0',
  });
  await page.reload();
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: /^top_customers/ }).click();
  const conflict = page.getByRole('alert', { name: 'Conflict with the file' });
  await expect(conflict).toBeVisible();
  await conflict.getByText('The file now').click();
  await expect(conflict).toContainText('select customer_id, email');
  await screenshot(page, 'ops-file-conflict');
  await conflict.getByRole('button', { name: 'Keep the file’s version' }).click();
  await expect(conflict).toBeHidden();
  await expect(page.getByLabel('Model origin')).toContainText('top_customers.sql');
  await screenshot(page, 'ops-file-synced');
  fs.rmSync(work, { recursive: true, force: true });
});
