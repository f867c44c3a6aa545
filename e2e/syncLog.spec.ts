import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openScratchEditor, runEditorQuery } from './editorQuery';
import { expect, screenshot, test } from './fixtures';

test('a sync logged to the warehouse: record_log rows queried from the model editor', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-e2e-log-'));
  await app.api('models.add', {
    name: 'First users',
    warehouse: 'Sample warehouse',
    sql: 'select user_id, email from main.users where user_id <= 30',
    idColumn: 'user_id',
  });
  await app.api('destinations.add', {
    name: 'Export folder',
    config: { type: 'file', path: folder, format: 'jsonl' },
  });
  await page.goto(app.url);
  await expect(page.getByRole('button', { name: /Sample warehouse/ })).toBeVisible();

  // The switch in the sync form, with its retention.
  await page.keyboard.press('Control+4');
  await page.getByRole('region', { name: 'Syncs' }).getByRole('button', { name: '+ Add' }).click();
  const syncForm = page.getByRole('form', { name: 'Create sync' });
  await syncForm.getByLabel('Name', { exact: true }).fill('Logged users');
  await expect(syncForm.getByLabel('Log retention days')).toBeHidden();
  await syncForm.getByLabel(/Log to warehouse/).check();
  await expect(syncForm.getByLabel('Log retention days')).toHaveValue('30');
  await syncForm.getByLabel('Log retention days').fill('7');
  await screenshot(page, 'sync-log-switch');
  await syncForm.getByRole('button', { name: 'Create sync' }).click();
  await page.getByRole('button', { name: /Sync now/ }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Logged users: succeeded' }),
  ).toBeVisible();
  const [sync] = (await app.api('syncs.list')) as {
    ops: { logToWarehouse: boolean; logRetentionDays: number };
  }[];
  expect(sync!.ops).toMatchObject({ logToWarehouse: true, logRetentionDays: 7 });

  // An analyst queries the log like any table of the warehouse.
  await openScratchEditor(page);
  await runEditorQuery(
    page,
    'select * from _ebb_reverse_etl.record_log order by cast(record_id as integer)',
  );
  const grid = page.getByRole('grid', { name: 'Model rows' });
  await expect(grid.getByRole('gridcell', { name: 'Logged users' }).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: /Results 30 rows/ })).toBeVisible();
  await screenshot(page, 'sync-log-record-log');

  await runEditorQuery(
    page,
    'select op, status, count(*) as records from _ebb_reverse_etl.record_log group by op, status',
  );
  await expect(grid.getByRole('row')).toHaveCount(2);
  await expect(grid.getByRole('row').nth(1)).toContainText(/new\s*delivered\s*30/);

  await runEditorQuery(
    page,
    'select run_id, sync, status, delivered, failed from _ebb_reverse_etl.run_log',
  );
  await expect(grid.getByRole('row')).toHaveCount(2);
  await expect(grid.getByRole('row').nth(1)).toContainText(/Logged users\s*succeeded\s*30\s*0/);
  await screenshot(page, 'sync-log-run-log');
  fs.rmSync(folder, { recursive: true, force: true });
});
