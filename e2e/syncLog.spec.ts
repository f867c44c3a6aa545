import { openScratchEditor, runEditorQuery } from './editorQuery';
import { expect, screenshot, test } from './fixtures';
import { openApp, openCreateSyncForm, syncNow } from './screens';
import { addFileDestination, addModel, firstUsers } from './seed';

test('a sync logged to the warehouse: record_log rows queried from the model editor', async ({
  page,
  app,
  tempFolder,
}) => {
  test.setTimeout(120_000);
  await addModel(app, 'First users', firstUsers(30));
  await addFileDestination(app, 'Export folder', tempFolder, 'jsonl');
  await openApp(page, app);

  // The switch in the sync form, with its retention.
  const syncForm = await openCreateSyncForm(page, 'Logged users');
  await expect(syncForm.getByLabel('Log retention days')).toBeHidden();
  await syncForm.getByLabel(/Log to warehouse/).check();
  await expect(syncForm.getByLabel('Log retention days')).toHaveValue('30');
  await syncForm.getByLabel('Log retention days').fill('7');
  await screenshot(page, 'sync-log-switch');
  await syncForm.getByRole('button', { name: 'Create sync' }).click();
  await syncNow(page, 'Logged users: succeeded');
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
});
