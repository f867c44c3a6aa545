import fs from 'node:fs';
import path from 'node:path';
import { expect, screenshot, test } from './fixtures';
import { openSyncs } from './screens';
import { addFileDestination, addModel, addSync, firstUsers } from './seed';

test('pointing a sync at another destination says first that it starts fresh, then the preview shows every record as new', async ({
  page,
  app,
}) => {
  for (const name of ['Folder A', 'Folder B']) {
    const dir = path.join(app.home, name.replace(' ', '-'));
    fs.mkdirSync(dir);
    await addFileDestination(app, name, dir);
  }
  await addModel(app, 'Ten users', firstUsers(10));
  await addSync(app, 'Users to folder', 'Ten users', 'Folder A');
  await app.api('syncs.run', { sync: 'Users to folder' });

  await openSyncs(page, app, 'Users to folder');
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
