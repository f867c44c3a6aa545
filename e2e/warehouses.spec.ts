import path from 'node:path';
import { expect, screenshot, test } from './fixtures';
import { answerConfirmSave, openAddWarehouseForm, openApp, saveAsksFirst } from './screens';
import { addFileDestination, addModel, addSync } from './seed';

test('a fresh home opens on the Sample warehouse and browses its tables', async ({ page, app }) => {
  await page.goto(app.url);
  const list = page.getByRole('region', { name: 'Warehouses' });
  await expect(list.getByRole('button', { name: /Sample warehouse/ })).toBeVisible();
  await expect(list.getByText('DuckDB', { exact: true })).toBeVisible();

  const tables = page.getByRole('list', { name: 'Tables' });
  for (const table of ['accounts', 'events', 'users']) {
    await expect(tables.getByRole('button', { name: new RegExp(`main\\.${table}`) })).toBeVisible();
  }
  // The token is taken out of the address bar once read.
  expect(page.url()).not.toContain('token=');

  await tables.getByRole('button', { name: /main\.users/ }).click();
  await expect(page.getByRole('cell', { name: 'email', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'signed_up_at', exact: true })).toBeVisible();
  await screenshot(page, 'warehouses');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Connection OK/ })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Filter tables and columns' }).fill('duration');
  await expect(tables.getByRole('button')).toHaveCount(1);
  await expect(tables.getByRole('button', { name: /main\.events/ })).toBeVisible();
});

test('every screen has a real empty state and the keyboard moves between them', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { name: 'No models yet' })).toBeVisible();
  await page.getByRole('link', { name: /Destinations/ }).click();
  await expect(page.getByRole('heading', { name: 'No destinations yet' })).toBeVisible();
  await page.getByRole('link', { name: /Syncs/ }).click();
  await expect(page.getByRole('heading', { name: 'No syncs yet' })).toBeVisible();
  await page.getByRole('link', { name: /Usage & Billing/ }).click();
  await expect(page.getByRole('heading', { name: 'No usage yet this cycle' })).toBeVisible();
  // The same empty tray as every other screen: not a dashed circle, which reads as a spinner.
  const usageEmpty = page.getByRole('region', { name: 'No usage yet this cycle' });
  await expect(usageEmpty).not.toContainText('◌');
  await expect(usageEmpty.locator('svg.state-icon')).toBeVisible();
  await screenshot(page, 'empty-usage');
});

test('adding a warehouse at a missing folder shows an error that names the fix', async ({
  page,
  app,
}) => {
  const form = await openAddWarehouseForm(page, app);
  await form.getByLabel('Name').fill('Broken');
  await form.getByLabel('File path').fill('/no/such/folder/w.duckdb');
  await form.getByRole('button', { name: 'Add warehouse' }).click();
  await expect(form.getByRole('alert')).toContainText('/no/such/folder does not exist');
  await screenshot(page, 'add-warehouse-error');
});

test('Test connection checks the unsaved form values and saves nothing', async ({ page, app }) => {
  const form = await openAddWarehouseForm(page, app);
  const test = form.getByRole('button', { name: 'Test connection' });

  // The location is checked in the form first; the name is not needed to test.
  await test.click();
  await expect(form.getByText('A file path is required.')).toBeVisible();
  await form.getByLabel('File path').fill('/no/such/folder/w.duckdb');
  await test.click();
  await expect(form.getByRole('alert')).toContainText('Connection failed');

  // An existing DuckDB file: OK with the time it took.
  await form.getByLabel('File path').fill(path.join(app.home, 'sample.duckdb'));
  await expect(form.getByRole('alert')).toHaveCount(0);
  await test.click();
  await expect(form.getByRole('status')).toContainText(/Connection OK \(\d+ ms\)/);
  await screenshot(page, 'add-warehouse-test-ok');

  // PostgreSQL where nothing listens: the engine's error, inline.
  await form.getByText('PostgreSQL', { exact: true }).click();
  await expect(form.getByRole('status')).toHaveCount(0);
  await form.getByLabel('Connection URL').fill('postgres://ebb:secret@127.0.0.1:9/db');
  await test.click();
  await expect(form.getByRole('alert')).toContainText('Connection failed');
  await expect(form.getByRole('alert')).not.toContainText('secret');
  await screenshot(page, 'add-warehouse-test-failed');
  expect((await app.api('warehouses.list')) as unknown[]).toHaveLength(1);
});

test('a warehouse is edited in place: a failed test asks before saving, a state move warns', async ({
  page,
  app,
}) => {
  const file = path.join(app.home, 'copy.duckdb');
  const fs = await import('node:fs');
  fs.copyFileSync(path.join(app.home, 'sample.duckdb'), file);
  const out = fs.mkdtempSync(path.join(app.home, 'out-'));
  await app.api('warehouses.add', { kind: 'duckdb', name: 'Copy', path: file });
  await addModel(app, 'Users', 'select * from main.users', { warehouse: 'Copy' });
  await addFileDestination(app, 'Out', out);
  await addSync(app, 'Users out', 'Users', 'Out');
  await page.goto(app.url);
  const list = page.getByRole('region', { name: 'Warehouses' });
  await list.getByRole('button', { name: /Copy/ }).click();
  const detail = page.getByRole('region', { name: 'Warehouse details' });
  await detail.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit warehouse' });
  await expect(form.getByLabel('File path')).toHaveValue(file);

  // A path that does not exist: the test fails, and saving asks first.
  await form.getByLabel('File path').fill('/no/such/folder/w.duckdb');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('alert')).toContainText('Connection failed');
  const question = 'The connection test failed. Save these settings anyway?';
  const confirm = await saveAsksFirst(form, 'Save changes', question);
  await screenshot(page, 'edit-warehouse-failed-test');
  await answerConfirmSave(confirm, 'Back');

  // Back to the file, another state schema: the sync that starts fresh is named.
  await form.getByLabel('File path').fill(file);
  await form.getByText('Advanced').click();
  await form.getByLabel('State schema').fill('ebb_moved');
  await saveAsksFirst(
    form,
    'Save changes',
    'Syncs start fresh: state moves from schema _ebb_reverse_etl to ebb_moved. The next run of "Users out" sends every record again as new.',
  );
  await screenshot(page, 'edit-warehouse-starts-fresh');
  await answerConfirmSave(confirm, 'Save anyway');
  await expect(form).toHaveCount(0);
  await expect(detail.getByText('ebb_moved')).toBeVisible();
  const saved = (await app.api('warehouses.list')) as { name: string; stateSchema: string }[];
  expect(saved.find((w) => w.name === 'Copy')?.stateSchema).toBe('ebb_moved');
});
