import fs from 'node:fs';
import path from 'node:path';
import { expect, screenshot, test } from './fixtures';

test('pointing a sync at another destination says first that it starts fresh, then the preview shows every record as new', async ({
  page,
  app,
}) => {
  for (const name of ['Folder A', 'Folder B']) {
    const dir = path.join(app.home, name.replace(' ', '-'));
    fs.mkdirSync(dir);
    await app.api('destinations.add', { name, config: { type: 'file', path: dir } });
  }
  await app.api('models.add', {
    name: 'Ten users',
    warehouse: 'Sample warehouse',
    sql: 'select user_id, email from main.users where user_id <= 10',
    idColumn: 'user_id',
  });
  await app.api('syncs.add', {
    name: 'Users to folder',
    model: 'Ten users',
    destination: 'Folder A',
  });
  await app.api('syncs.run', { sync: 'Users to folder' });

  await page.goto(app.url);
  await page.keyboard.press('Control+4');
  const detail = page.locator('.sync-detail');
  await expect(detail.getByRole('heading', { name: 'Users to folder' })).toBeVisible();
  await expect(page.getByRole('tablist', { name: 'Changes' })).toContainText('0');
  await page.getByRole('tab', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Edit sync' });
  // Nothing changed yet: no warning, the usual button.
  await expect(form.getByTestId('starts-fresh')).toHaveCount(0);
  await expect(form.getByRole('button', { name: 'Save changes' })).toBeVisible();

  await form.getByRole('combobox', { name: /^Destination/ }).selectOption({ label: 'Folder B' });
  await expect(form.getByTestId('starts-fresh')).toContainText('starts fresh');
  await screenshot(page, 'sync-starts-fresh');
  await form.getByRole('button', { name: 'Save and start fresh' }).click();
  // The preview now counts every record of the model as new for the new destination.
  await expect(page.getByRole('tablist', { name: 'Changes' })).toContainText('10');
});
