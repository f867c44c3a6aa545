import fs from 'node:fs';
import { buildDbtRelations, importDbtManifest, manifestInScratchFolder } from './dbtProject';
import { openScratchEditor, runEditorQuery } from './editorQuery';
import { expect, screenshot, test, warehouseSql } from './fixtures';
import { startReceiver, webhookGivingUpAtOnce } from './receiver';
import { expectSyncShown, openApp, syncNow } from './screens';
import { addDestination, addSync } from './seed';

test('a data team’s day: a dbt model imported and synced, its log queried in the warehouse, an alert when a run fails', async ({
  page,
  app,
}) => {
  test.setTimeout(180_000);
  const crm = await startReceiver(200, 'ok', '/crm');
  try {
    await openApp(page, app);
    await buildDbtRelations(app.home);
    const { work, manifest } = manifestInScratchFolder();
    await importDbtManifest(page, manifest);
    fs.rmSync(work, { recursive: true, force: true });

    await addDestination(app, 'CRM', webhookGivingUpAtOnce(crm));
    await addSync(app, 'Customers to CRM', 'customers', 'CRM', { logToWarehouse: true });
    await app.api('alerts.add', { sync: 'Customers to CRM', kind: 'failure' });

    // The imported model syncs.
    await page.keyboard.press('Control+4');
    await expectSyncShown(page, 'Customers to CRM');
    await syncNow(page, 'Customers to CRM: succeeded');
    const delivered = crm.bodies.flatMap((body) => (body as { batch: unknown[] }).batch).length;
    expect(delivered).toBeGreaterThan(0);

    // The destination goes down while three customers change: the next run fails.
    crm.answer(500, 'down for maintenance');
    await warehouseSql(
      app.home,
      `update analytics.customers set email = 'changed-' || email where customer_id <= 3`,
    );
    await syncNow(page, 'Sync failed: Customers to CRM');
    await page.getByRole('tab', { name: 'Alerts' }).click();
    const history = page.getByRole('table', { name: 'Alert history' });
    await expect(history).toContainText('Sync "Customers to CRM" failed');
    await screenshot(page, 'data-team-alert');

    // Both runs, record by record, are rows of the warehouse the analyst can query.
    await openScratchEditor(page);
    await runEditorQuery(
      page,
      `select status, count(*) as records from _ebb_reverse_etl.record_log where sync = 'Customers to CRM' group by status order by status`,
    );
    const grid = page.getByRole('grid', { name: 'Model rows' });
    await expect(grid.getByRole('row')).toHaveCount(3);
    await expect(grid.getByRole('row').nth(1)).toContainText(
      new RegExp(`delivered\\s*(${delivered}|${delivered.toLocaleString('en-US')})`),
    );
    await expect(grid.getByRole('row').nth(2)).toContainText(/failed\s*3/);
    await screenshot(page, 'data-team-record-log');
    await runEditorQuery(
      page,
      `select status, count(*) as runs from _ebb_reverse_etl.run_log where sync = 'Customers to CRM' group by status order by status`,
    );
    await expect(grid.getByRole('row')).toHaveCount(3);
    await expect(grid.getByRole('row').nth(1)).toContainText(/failed\s*1/);
    await expect(grid.getByRole('row').nth(2)).toContainText(/succeeded\s*1/);
  } finally {
    await crm.close();
  }
});
