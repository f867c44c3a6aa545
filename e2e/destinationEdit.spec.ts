import fs from 'node:fs';
import path from 'node:path';
import { startLoopbackApi } from '../core/testing/loopbackApi';
import { expect, screenshot, test } from './fixtures';
import { answerConfirmSave, openAddDestinationForm, saveAsksFirst } from './screens';
import { addDestination } from './seed';

/** Issue 13 points 3, 4 and 16: destinations edited in place, tested before saving, folders made. */

test('a missing folder: the failed test offers Create folder, and saving without it asks first', async ({
  page,
  app,
  tempFolder,
}) => {
  const folder = path.join(tempFolder, 'exports', 'users');
  await page.goto(app.url);
  const form = await openAddDestinationForm(page);
  await form.getByLabel('Name', { exact: true }).fill('Exports');
  await form.getByLabel('Folder').fill(folder);
  await form.getByRole('button', { name: 'Test connection' }).click();
  const failure = form.getByRole('alert');
  await expect(failure).toContainText(`The folder ${folder} does not exist`);
  await expect(failure.getByRole('button', { name: 'Create folder' })).toBeVisible();

  // Saving after the failed test asks first; Back keeps the form and saves nothing.
  const question = 'The folder does not exist yet. Save anyway?';
  const confirm = await saveAsksFirst(form, 'Save destination', question);
  await screenshot(page, 'destination-missing-folder');
  await answerConfirmSave(confirm, 'Back');
  expect(await app.api('destinations.list')).toEqual([]);

  // Create folder makes it (owner-only) and tests again: OK, and saving asks nothing.
  await failure.getByRole('button', { name: 'Create folder' }).click();
  await expect(form.getByRole('status')).toContainText(/Connection OK \(\d+ ms\)/);
  expect(fs.statSync(folder).isDirectory()).toBe(true);
  expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(confirm).toHaveCount(0);
  const details = page.getByRole('region', { name: 'Destination details' });
  await expect(details.getByRole('heading', { name: 'Exports' })).toBeVisible();
  // A file destination has no secrets, so no note about them.
  await expect(details).not.toContainText('write-only');
});

test('a destination is edited in place: its secret kept unless typed again, tested before saving', async ({
  page,
  app,
}) => {
  // A webhook receiver noting each request's path and Authorization header (tests included).
  const receiver = await startLoopbackApi(() => ({ status: 200, json: {} }));
  const origin = receiver.url;
  const lastSeen = () => {
    const last = receiver.requests.at(-1);
    return last && { path: last.path, authorization: last.headers.authorization };
  };
  try {
    const added = (await addDestination(app, 'CRM hook', {
      type: 'webhook',
      url: `${origin}/old`,
      headers: { Authorization: 'Bearer s3cret' },
    })) as { id: string };
    await page.goto(app.url);
    await page.keyboard.press('Control+3');
    const details = page.getByRole('region', { name: 'Destination details' });
    await expect(details.getByRole('heading', { name: 'CRM hook' })).toBeVisible();
    // It has a secret, so the write-only note is there.
    await expect(details).toContainText('Secrets (passwords, keys, header values) are write-only');
    await details.getByRole('button', { name: 'Edit' }).click();

    const form = page.getByRole('form', { name: 'Edit destination' });
    await expect(form.getByLabel('URL', { exact: true })).toHaveValue(`${origin}/old`);
    await expect(form.getByLabel('Header name')).toHaveValue('Authorization');
    // The secret never comes back to the page: blank means "keep it".
    await expect(form.getByLabel('Header value')).toHaveValue('');
    await form.getByLabel('URL', { exact: true }).fill(`${origin}/new`);

    // Test connection sends the edited URL with the kept secret; nothing is saved yet.
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByRole('status')).toContainText(/Connection OK \(\d+ ms\)/);
    expect(lastSeen()).toEqual({ path: '/new', authorization: 'Bearer s3cret' });
    type Listed = { id: string; name: string; settings: { url: string } };
    expect(((await app.api('destinations.list')) as Listed[])[0]!.settings.url).toBe(
      `${origin}/old`,
    );
    await screenshot(page, 'destination-edit');

    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form).toHaveCount(0);
    await expect(details.getByRole('table', { name: 'Settings' })).toContainText(`${origin}/new`);
    await expect(details.getByRole('table', { name: 'Settings' })).toContainText(
      'Authorization: ****',
    );
    const listed = (await app.api('destinations.list')) as Listed[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: added.id, settings: { url: `${origin}/new` } });

    // The saved destination still sends the secret it kept.
    await details.getByRole('button', { name: 'Test connection' }).click();
    await expect(details.getByRole('status')).toContainText('Connection OK');
    expect(lastSeen()).toEqual({ path: '/new', authorization: 'Bearer s3cret' });

    // A new value typed in replaces it.
    await details.getByRole('button', { name: 'Edit' }).click();
    await form.getByLabel('Header value').fill('Bearer rotated');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form).toHaveCount(0);
    await details.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => lastSeen()?.authorization).toBe('Bearer rotated');
  } finally {
    await receiver.close();
  }
});
