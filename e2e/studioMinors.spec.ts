import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, screenshot, test, warehouseSql, type RunningApp } from './fixtures';

/** Issue 13's minor points, each as the analyst meets it on screen. */

test.describe.configure({ timeout: 180_000 });

/** A model of the first `users` Sample users, a file destination and a manual upsert sync. */
async function fileSync(app: RunningApp, users: number): Promise<string> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-e2e-minors-'));
  await app.api('models.add', {
    name: 'Users',
    warehouse: 'Sample warehouse',
    sql: `select user_id, email from main.users where user_id <= ${users}`,
    idColumn: 'user_id',
  });
  await app.api('destinations.add', { name: 'Files', config: { type: 'file', path: folder } });
  await app.api('syncs.add', { name: 'Users out', model: 'Users', destination: 'Files' });
  return folder;
}

test('the preview says when it was computed, refreshes after a run, and shows deleted records as last synced (points 9, 10)', async ({
  page,
  app,
}) => {
  const folder = await fileSync(app, 5);
  await page.goto(app.url);
  await page.keyboard.press('Control+4');
  const summary = page.getByRole('group', { name: 'Preview summary' });
  const changes = page.getByRole('tablist', { name: 'Changes' });
  await expect(changes.getByRole('tab', { name: /New/ })).toContainText('5');
  await expect(summary.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  await expect(summary.locator('time')).toContainText(/^at \d/);

  // After a run the preview is computed again by itself: nothing new is left.
  await page.getByRole('button', { name: /Sync now/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Users out: succeeded' })).toBeVisible();
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
    .readFileSync(path.join(folder, fs.readdirSync(folder)[0]!), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; record: { email: string } });
  for (const id of ['4', '5']) {
    const email = synced.find((line) => line.id === id)!.record.email;
    await expect(grid.getByRole('gridcell', { name: email })).toBeVisible();
  }
  await screenshot(page, 'preview-deleted-as-synced');
  fs.rmSync(folder, { recursive: true, force: true });
});

test('at the plan limit the Syncs screen says every sync is paused and Sync now is off (point 12)', async ({
  page,
  app,
}) => {
  const folder = await fileSync(app, 5);
  await app.api('plan.set', { plan: 'custom', limit: 5 });
  await app.api('syncs.run', { sync: 'Users out' });
  await page.goto(app.url);
  await page.keyboard.press('Control+4');
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
  fs.rmSync(folder, { recursive: true, force: true });
});

test('a failed run’s reason shows once (point 13)', async ({ page, app }) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-e2e-minors-'));
  await warehouseSql(app.home, 'create table main.leaving as select * from main.users limit 3');
  await app.api('models.add', {
    name: 'Leaving',
    warehouse: 'Sample warehouse',
    sql: 'select user_id, email from main.leaving',
    idColumn: 'user_id',
  });
  await app.api('destinations.add', { name: 'Files', config: { type: 'file', path: folder } });
  await app.api('syncs.add', { name: 'Leaving out', model: 'Leaving', destination: 'Files' });
  await warehouseSql(app.home, 'drop table main.leaving');
  await page.goto(app.url);
  await page.keyboard.press('Control+4');
  await page.getByRole('button', { name: /Sync now/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Leaving out: failed' })).toBeVisible();
  // The preview fails for the same reason: it says so, and points at the reason above.
  await expect(page.getByText('Could not preview the sync')).toBeVisible();
  await expect(page.getByText(/leaving does not exist/i)).toHaveCount(1);
  await screenshot(page, 'sync-failed-once');
  fs.rmSync(folder, { recursive: true, force: true });
});

test('a model in use says by which syncs before any Delete is offered (point 20)', async ({
  page,
  app,
}) => {
  const folder = await fileSync(app, 5);
  await page.goto(app.url);
  await page.keyboard.press('Control+2');
  await page.getByRole('region', { name: 'Models' }).getByRole('button', { name: /Users/ }).click();
  const editor = page.getByRole('region', { name: 'Model editor' });
  await editor.getByRole('button', { name: 'Delete' }).click();
  const inUse = page.getByRole('alertdialog', { name: 'Model in use' });
  await expect(inUse).toContainText('Users is used by the sync Users out');
  await expect(page.getByRole('button', { name: 'Delete model' })).toHaveCount(0);
  await inUse.getByRole('button', { name: 'OK' }).click();
  await expect(inUse).toHaveCount(0);
  fs.rmSync(folder, { recursive: true, force: true });
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
  await page.goto(app.url);
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: '+ SQL' }).click();
  const editor = page.getByRole('region', { name: 'Model editor' });
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('select * from us');
  const first = editor.locator('.suggest-widget .monaco-list-row').first();
  await expect(first).toBeVisible();
  await expect(first).toHaveAttribute('aria-label', /^users\b/);
});
