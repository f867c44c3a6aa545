import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { startTestMariadb, type TestMariadb } from '../core/testing/embeddedMariadb';
import { expect, screenshot, test } from './fixtures';
import { openAddWarehouseForm, openCreateSyncForm } from './screens';
import { addFileDestination, addModel } from './seed';

let server: TestMariadb;
let url: string;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startTestMariadb();
  url = await server.createDatabase('shop');
  const connection = await mysql.createConnection(url);
  await connection.query(
    'create table customers (id int primary key, email varchar(200), plan varchar(20), signed_up datetime)',
  );
  await connection.query(`insert into customers
    select seq, concat('customer', seq, '@example.com'), if(seq % 3 = 0, 'pro', 'free'),
           timestamp '2024-03-01 09:00:00' + interval seq day
      from seq_1_to_30`);
  await connection.end();
});
test.afterAll(async () => {
  await server?.stop();
});

test('a MariaDB warehouse is added in the form, tested, and a sync from it previews', async ({
  page,
  app,
  tempFolder,
}) => {
  test.setTimeout(120_000);
  const form = await openAddWarehouseForm(page, app);
  await form.getByText('MySQL / MariaDB', { exact: true }).click();
  await form.getByLabel('Name').fill('Shop');
  const location = form.getByLabel('Connection URL');
  const testButton = form.getByRole('button', { name: 'Test connection' });

  // What is wrong is named: the scheme, then the password (never shown back).
  await location.fill('postgres://root@127.0.0.1/shop');
  await testButton.click();
  await expect(form.getByText('A MySQL URL starts with mysql://')).toBeVisible();
  await location.fill(url.replace(/:[^:@/]+@/, ':wrong-Password@'));
  await testButton.click();
  await expect(form.getByRole('alert')).toContainText(
    'refused the user name or password for user "root"',
  );
  await expect(form.getByRole('alert')).not.toContainText('wrong-Password');
  await screenshot(page, 'add-mariadb-test-failed');

  await location.fill(url);
  await testButton.click();
  await expect(form.getByRole('status')).toContainText(/Connection OK \(\d+ ms\)/);
  await screenshot(page, 'add-mariadb-test-ok');
  await form.getByRole('button', { name: 'Add warehouse' }).click();
  const list = page.getByRole('region', { name: 'Warehouses' });
  await expect(list.getByRole('button', { name: /Shop/ })).toBeVisible();
  const tables = page.getByRole('list', { name: 'Tables' });
  await expect(tables.getByRole('button', { name: /shop\.customers/ })).toBeVisible();
  await screenshot(page, 'mariadb-warehouse');

  // A model and a file destination (through the API), then the sync in its form.
  await addModel(
    app,
    'Customers',
    "select id, email, plan, signed_up from customers where plan in ('free', 'pro')",
    { warehouse: 'Shop', idColumn: 'id' },
  );
  await addFileDestination(app, 'Customer export', tempFolder);
  const syncForm = await openCreateSyncForm(page, 'Customers to files');
  await syncForm.getByRole('button', { name: 'Create sync' }).click();

  const changes = page.getByRole('tablist', { name: 'Changes' });
  await expect(changes.getByRole('tab', { name: /New/ })).toContainText('30');
  await expect(page.getByRole('group', { name: 'Preview summary' })).toContainText(
    'will send 30 new',
  );
  const rows = page.getByRole('grid', { name: 'new records' });
  await expect(rows.getByRole('row').nth(1)).toContainText('customer1@example.com');
  await expect(rows.getByRole('row').nth(2)).toContainText('customer2@example.com');
  await expect(rows).toContainText('2024-03-04T09:00:00.000Z');
  await screenshot(page, 'mariadb-sync-preview');
  // A preview sends nothing.
  expect(fs.readdirSync(tempFolder)).toEqual([]);
});
