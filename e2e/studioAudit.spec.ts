import { expect, screenshot, test } from './fixtures';
import {
  openAddDestinationForm,
  openAddWarehouseForm,
  openCreateSyncForm,
  openSyncs,
  openUsersOut,
} from './screens';
import { addFileDestination, addModel, addUsersOut, firstUsers } from './seed';

/** What an audit of the studio found after issues 6 and 13: each defect as the analyst met it. */

test.describe.configure({ timeout: 180_000 });

test('a constant typed as a number that is not one is refused inline, never saved as null', async ({
  page,
  app,
  tempFolder,
}) => {
  await addModel(app, 'Users', firstUsers(5));
  await addFileDestination(app, 'Files', tempFolder);
  await page.goto(app.url);
  const form = await openCreateSyncForm(page, 'Users out');
  await form.getByRole('button', { name: '+ Add constant' }).click();
  const constant = form.getByRole('group', { name: 'Constant 1' });
  await constant.getByLabel('Constant field').fill('source');
  await constant.getByLabel('Constant type').selectOption('number');
  await constant.getByLabel('Constant value').fill('not a number');
  await expect(constant.getByRole('alert')).toHaveText(/“not a number” is not a number/);
  await screenshot(page, 'sync-constant-not-a-number');

  // Enter does not save it: the form stays, with what was typed, and nothing is stored.
  await constant.getByLabel('Constant value').press('Enter');
  await expect(form).toBeVisible();
  await expect(constant.getByLabel('Constant value')).toHaveValue('not a number');
  expect(await app.api('syncs.list')).toEqual([]);

  // A value with no field name is not dropped on the way out either.
  await constant.getByLabel('Constant value').fill('42');
  await form.getByRole('button', { name: '+ Add constant' }).click();
  const second = form.getByRole('group', { name: 'Constant 2' });
  await second.getByLabel('Constant value').fill('crm');
  await form.getByRole('button', { name: 'Create sync' }).click();
  await expect(second.getByRole('alert')).toHaveText(/Name the destination field/);
  expect(await app.api('syncs.list')).toEqual([]);

  await second.getByLabel('Constant field').fill('origin');
  await form.getByRole('button', { name: 'Create sync' }).click();
  await expect(form).toHaveCount(0);
  const [sync] = (await app.api('syncs.list')) as { mapping: { constants: unknown[] } }[];
  expect(sync!.mapping.constants).toEqual([
    { target: 'source', value: 42 },
    { target: 'origin', value: 'crm' },
  ]);
});

test('a destination in use says by which syncs before any Delete is offered', async ({
  page,
  app,
  tempFolder,
}) => {
  await addUsersOut(app, tempFolder);
  await page.goto(app.url);
  await page.keyboard.press('Control+3');
  const detail = page.getByRole('region', { name: 'Destination details' });
  await detail.getByRole('button', { name: 'Delete' }).click();
  const inUse = detail.getByRole('alertdialog', { name: 'Destination in use' });
  await expect(inUse).toContainText('Files is used by the sync Users out');
  await expect(detail.getByRole('button', { name: 'Delete destination' })).toHaveCount(0);
  await screenshot(page, 'destination-in-use');
  await inUse.getByRole('button', { name: 'OK' }).click();
  await expect(inUse).toHaveCount(0);
  await expect(detail.getByRole('alert')).toHaveCount(0);
});

test('a delete can be undone while its toast shows; then, or on leaving the page, it is done', async ({
  page,
  app,
  tempFolder,
}) => {
  await addUsersOut(app, tempFolder);
  await addModel(app, 'Spare', firstUsers(2));
  await openSyncs(page, app, 'Users out');
  const list = page.getByRole('region', { name: 'Syncs' });
  const names = async (call: string) =>
    ((await app.api(call)) as { name: string }[]).map((item) => item.name);

  // Deleted: gone from the list at once, with Undo on offer; Undo brings it back untouched.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('button', { name: 'Delete sync' }).click();
  const toast = page.getByRole('status').filter({ hasText: 'Deleted sync “Users out”' });
  await expect(toast).toBeVisible();
  await expect(list.getByRole('button', { name: /Users out/ })).toHaveCount(0);
  await screenshot(page, 'sync-deleted-undo');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(list.getByRole('button', { name: /Users out/ })).toBeVisible();
  await page.waitForTimeout(9_000); // past the time to undo: nothing was sent
  expect(await names('syncs.list')).toEqual(['Users out']);

  // Not undone: deleted in the engine once the toast has gone.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('button', { name: 'Delete sync' }).click();
  await expect(toast).toBeVisible();
  await expect(toast).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(() => names('syncs.list')).toEqual([]);

  // Leaving the page before the toast goes still deletes.
  await page.keyboard.press('Control+2');
  await page.getByRole('region', { name: 'Models' }).getByRole('button', { name: /Spare/ }).click();
  await page
    .getByRole('region', { name: 'Model editor' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await page.getByRole('button', { name: 'Delete model' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted model “Spare”' })).toBeVisible();
  await page.reload();
  await expect.poll(() => names('models.list')).toEqual(['Users']);
});

test('a sync form with unsaved edits asks before another tab, sync or Escape throws them away', async ({
  page,
  app,
  tempFolder,
}) => {
  await openUsersOut(page, app, tempFolder);
  const dialog = page.getByRole('alertdialog', { name: 'Unsaved changes' });

  // Settings opened and left untouched: leaving it asks nothing.
  await page.getByRole('tab', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Edit sync' });
  await expect(form).toBeVisible();
  await page.getByRole('tab', { name: 'Run history' }).click();
  await expect(form).toHaveCount(0);
  await expect(dialog).toHaveCount(0);

  // Edited: another tab asks; Escape there keeps the edit, Save saves it and moves on.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await form.getByLabel('Record cap per run').fill('500');
  await page.getByRole('tab', { name: 'Run history' }).click();
  await expect(dialog).toContainText('The sync “Users out” has changes that are not saved');
  await screenshot(page, 'sync-settings-unsaved');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(form.getByLabel('Record cap per run')).toHaveValue('500');
  await page.getByRole('tab', { name: 'Run history' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'No runs yet' })).toBeVisible();
  const [saved] = (await app.api('syncs.list')) as { maxRecords: number }[];
  expect(saved!.maxRecords).toBe(500);

  // A new sync: the name has the focus; Escape with something typed asks, Discard drops it.
  await page.getByRole('region', { name: 'Syncs' }).getByRole('button', { name: '+ Add' }).click();
  const create = page.getByRole('form', { name: 'Create sync' });
  await expect(create.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type('Second');
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(create).toHaveCount(0);
  expect(((await app.api('syncs.list')) as unknown[]).length).toBe(1);
});

test('a destination or warehouse form with something typed asks before another screen, item or Escape throws it away', async ({
  page,
  app,
}) => {
  const dialog = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  await page.goto(app.url);
  const destination = await openAddDestinationForm(page);
  await expect(destination).toBeVisible();

  // Nothing typed: another screen asks nothing.
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('button', { name: /Sample warehouse/ })).toBeVisible();
  await expect(dialog).toHaveCount(0);

  // A name typed: another screen asks; Escape there keeps it, Escape in the form asks again.
  await openAddDestinationForm(page);
  await destination.getByLabel('Name', { exact: true }).fill('Exports');
  await page.keyboard.press('Control+1');
  await expect(dialog).toContainText('The new destination has changes that are not saved');
  await screenshot(page, 'destination-form-unsaved');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(destination.getByLabel('Name', { exact: true })).toHaveValue('Exports');
  await destination.getByLabel('Name', { exact: true }).press('Escape');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await app.api('destinations.list')).toEqual([]);

  // A new warehouse with a name typed: choosing the Sample warehouse asks; Discard moves on.
  const warehouse = await openAddWarehouseForm(page, app);
  await warehouse.getByLabel('Name', { exact: true }).fill('Shop');
  await page.getByRole('button', { name: /Sample warehouse/ }).click();
  await expect(dialog).toContainText('The new warehouse has changes that are not saved');
  await expect(warehouse.getByLabel('Name', { exact: true })).toHaveValue('Shop');
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(warehouse).toHaveCount(0);
  expect(((await app.api('warehouses.list')) as unknown[]).length).toBe(1);
});
