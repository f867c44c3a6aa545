import fs from 'node:fs';
import path from 'node:path';
import { expect, screenshot, test as appTest, warehouseSql } from './fixtures';
import { openModels, openNewSqlModel, openSyncs, syncNow } from './screens';
import { addFileDestination, addModel, addSync, addUsersOut } from './seed';

/** Issue 13's minor points, each as the analyst meets it on screen. */

const test = appTest.extend<{ usersOut: string }>({
  /**
   * The first five Sample users as model Users, synced by hand ("Users out") to a folder: the
   * folder. A test that needs only the sync takes it as `usersOut: _synced`.
   */
  usersOut: async ({ app, tempFolder }, use) => {
    await addUsersOut(app, tempFolder);
    await use(tempFolder);
  },
});

test.describe.configure({ timeout: 180_000 });

test('the preview says when it was computed, refreshes after a run, and shows deleted records as last synced (points 9, 10)', async ({
  page,
  app,
  usersOut,
}) => {
  await openSyncs(page, app);
  const summary = page.getByRole('group', { name: 'Preview summary' });
  const changes = page.getByRole('tablist', { name: 'Changes' });
  await expect(changes.getByRole('tab', { name: /New/ })).toContainText('5');
  await expect(summary.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  await expect(summary.locator('time')).toContainText(/^at \d/);

  // After a run the preview is computed again by itself: nothing new is left.
  await syncNow(page, 'Users out: succeeded');
  await expect(changes.getByRole('tab', { name: /New/ })).toContainText('0');

  // Two users leave the model: the tab and the summary agree, and the tab shows what was synced.
  await app.api('models.update', {
    model: 'Users',
    sql: 'select user_id, email from main.users where user_id <= 3',
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(changes.getByRole('tab', { name: /Deleted/ })).toContainText('2');
  await expect(summary).toContainText('2 deleted recorded as baseline only in upsert mode');
  await changes.getByRole('tab', { name: /Deleted/ }).click();
  const panel = page.getByRole('tabpanel', { name: 'Deleted records' });
  await expect(panel).toContainText('2 deleted, recorded as baseline only in upsert mode');
  const grid = panel.getByRole('grid', { name: 'deleted records' });
  const synced = fs
    .readFileSync(path.join(usersOut, fs.readdirSync(usersOut)[0]!), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; record: { email: string } });
  for (const id of ['4', '5']) {
    const email = synced.find((line) => line.id === id)!.record.email;
    await expect(grid.getByRole('gridcell', { name: email })).toBeVisible();
  }
  await screenshot(page, 'preview-deleted-as-synced');
});

test('at the plan limit the Syncs screen says every sync is paused and Sync now is off (point 12)', async ({
  page,
  app,
  usersOut: _synced,
}) => {
  await app.api('plan.set', { plan: 'custom', limit: 5 });
  await app.api('syncs.run', { sync: 'Users out' });
  await openSyncs(page, app);
  await expect(page.getByRole('region', { name: 'Syncs' })).toContainText(
    'every sync is paused until',
  );
  await expect(page.getByRole('button', { name: /Sync now/ })).toBeDisabled();
  // The sync's name stays whole beside its two badges (they wrap under it).
  const item = page
    .getByRole('region', { name: 'Syncs' })
    .getByRole('button', { name: /Users out/ });
  await expect(item.getByText('paused', { exact: true })).toBeVisible();
  const name = item.getByText('Users out', { exact: true });
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await screenshot(page, 'syncs-at-limit');
});

test('a failed run’s reason shows once (point 13)', async ({ page, app, tempFolder }) => {
  await warehouseSql(app.home, 'create table main.leaving as select * from main.users limit 3');
  await addModel(app, 'Leaving', 'select user_id, email from main.leaving');
  await addFileDestination(app, 'Files', tempFolder);
  await addSync(app, 'Leaving out', 'Leaving', 'Files');
  await warehouseSql(app.home, 'drop table main.leaving');
  await openSyncs(page, app);
  await syncNow(page, 'Leaving out: failed');
  // The preview fails for the same reason: it says so, and points at the reason above.
  await expect(page.getByText('Could not preview the sync')).toBeVisible();
  await expect(page.getByText(/leaving does not exist/i)).toHaveCount(1);
  await screenshot(page, 'sync-failed-once');
});

test('a model in use says by which syncs before any Delete is offered (point 20)', async ({
  page,
  app,
  usersOut: _synced,
}) => {
  await openModels(page, app);
  await page.getByRole('region', { name: 'Models' }).getByRole('button', { name: /Users/ }).click();
  const editor = page.getByRole('region', { name: 'Model editor' });
  await editor.getByRole('button', { name: 'Delete' }).click();
  const inUse = page.getByRole('alertdialog', { name: 'Model in use' });
  await expect(inUse).toContainText('Users is used by the sync Users out');
  await expect(page.getByRole('button', { name: 'Delete model' })).toHaveCount(0);
  await inUse.getByRole('button', { name: 'OK' }).click();
  await expect(inUse).toHaveCount(0);
});

test('Business plan: no error before anything is typed, MTUs and API calls explained (point 17)', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  await page.keyboard.press('Control+5');
  const form = page.getByRole('form', { name: 'Plan' });
  await form.getByRole('radio', { name: 'Business' }).check();
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(form.locator('[aria-invalid="true"]')).toHaveCount(0);
  await expect(form).toContainText('MTUs are the distinct users your destinations see in a month');
  await form.getByRole('radio', { name: 'API calls', exact: true }).check();
  await expect(form).toContainText('The API calls your plan allows each month');
  await expect(form.locator('[aria-invalid="true"]')).toHaveCount(0);
});

test('after FROM, the table being typed outranks every column (point 19)', async ({
  page,
  app,
}) => {
  const editor = await openNewSqlModel(page, app);
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('select * from us');
  const first = editor.locator('.suggest-widget .monaco-list-row').first();
  await expect(first).toBeVisible();
  await expect(first).toHaveAttribute('aria-label', /^users\b/);
});
