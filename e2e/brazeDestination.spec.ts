import { startBrazeStandIn, type BrazeStandIn } from '../core/destinations/braze/standIn';
import { expect, screenshot, test } from './fixtures';
import {
  expectSyncShown,
  openAddDestinationForm,
  openCreateSyncForm,
  openRunHistory,
} from './screens';
import { addModel, firstUsers } from './seed';

/**
 * Issue 11's Studio journey to a SaaS destination: a Braze destination added in the form its
 * settings generate, fields mapped, the exact payload previewed, a sync to a Braze stand-in over
 * real loopback HTTP that refuses one record, and the delivered/failed counts shown.
 */
let braze: BrazeStandIn | undefined;
test.afterEach(async () => {
  await braze?.close();
  braze = undefined;
});

test('Braze: added from its settings form, fields mapped, the exact payload previewed, synced with one record refused', async ({
  page,
  app,
}) => {
  test.setTimeout(150_000);
  const stand = (braze = await startBrazeStandIn());
  await addModel(
    app,
    'First twenty users',
    firstUsers(20, 'user_id, email, first_name as given_name, country'),
  );
  await page.goto(app.url);

  // The form is generated from Braze's declared settings: its key is secret, its endpoint a URL.
  const form = await openAddDestinationForm(page);
  await form.getByRole('radio', { name: 'Braze' }).check();
  await form.getByLabel('Name', { exact: true }).fill('Braze');
  const key = form.getByLabel('REST API key');
  await expect(key).toHaveAttribute('type', 'password');
  await key.fill(stand.apiKey);
  await form.getByLabel('REST endpoint').fill(stand.url);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('status')).toContainText(/Connection OK \(\d+ ms\)/);
  await screenshot(page, 'braze-destination-form');
  await form.getByRole('button', { name: 'Save destination' }).click();
  const details = page.getByRole('region', { name: 'Destination details' });
  await expect(details.getByRole('heading', { name: 'Braze' })).toBeVisible();
  await expect(details).not.toContainText(stand.apiKey);

  // A sync mapping the model's columns to Braze's standard attributes.
  const syncForm = await openCreateSyncForm(page, 'Users to Braze');
  await syncForm.getByRole('combobox', { name: /^Model/ }).selectOption({
    label: 'First twenty users',
  });
  await syncForm.getByRole('combobox', { name: /^Destination/ }).selectOption({ label: 'Braze' });
  await syncForm.getByText('Choose and rename').click();
  await expect(syncForm.getByTestId('destination-fields-status')).toContainText(
    /Braze lists \d+ fields/,
  );
  // The id travels as external_id by itself: the column need not be sent as an attribute.
  await syncForm.getByRole('checkbox', { name: 'Send user_id' }).uncheck();
  await syncForm.getByLabel('Field name for given_name').fill('first_name');
  await screenshot(page, 'braze-sync-mapping');
  await syncForm.getByRole('button', { name: 'Create sync' }).click();

  // The test record: exactly what /users/track will receive for the first user, key masked.
  await expectSyncShown(page, 'Users to Braze');
  await page.getByRole('tab', { name: 'Test record' }).click();
  const panel = page.getByRole('region', { name: 'Test record' });
  await expect(panel).toContainText('The next change this sync sends: new record 1.');
  await expect(panel.getByRole('heading', { name: 'POST /users/track' })).toBeVisible();
  await expect(panel.getByLabel('Headers')).toContainText('authorization: Bearer ***');
  await expect(panel).not.toContainText(stand.apiKey);
  const payload = panel.getByLabel('Payload of POST /users/track');
  await expect(payload).toContainText('"external_id": "1"');
  const pretty = JSON.parse(await payload.innerText()) as {
    attributes: Record<string, unknown>[];
  };
  expect(pretty.attributes).toHaveLength(1);
  expect(Object.keys(pretty.attributes[0]!)).toEqual([
    'email',
    'first_name',
    'country',
    'external_id',
  ]);
  await screenshot(page, 'braze-test-record');
  // As sent: the same document on one line.
  await panel.getByLabel('On one line, as sent').check();
  const sent = await payload.innerText();
  expect(sent).not.toContain('\n');
  expect(JSON.parse(sent)).toEqual(pretty);

  // In the sync's settings, the test record follows the mapping being edited, unsaved.
  await page.getByRole('tab', { name: 'Settings' }).click();
  const editSync = page.getByRole('form', { name: 'Edit sync' });
  await editSync.getByLabel('Field name for country').fill('home_city');
  await editSync.getByText('Test record with this mapping').click();
  const draft = editSync.getByLabel('Payload of POST /users/track');
  await expect(draft).toContainText('"home_city": "NL"');
  await expect(draft).not.toContainText('"country"');
  // user_id was left out when the sync was made: the edit form keeps it out.
  await expect(editSync.getByRole('checkbox', { name: 'Send user_id' })).not.toBeChecked();
  await expect(draft).not.toContainText('"user_id"');
  await screenshot(page, 'braze-test-record-draft-mapping');
  await editSync.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('tab', { name: 'Test record' }).click();
  await expect(payload).toContainText('"country": "NL"');

  // Braze refuses one record; the run shows delivered and failed counts.
  stand.refuse.set('3', "'country' is not a valid ISO 3166-1 alpha-2 code");
  await page.getByRole('button', { name: /Sync now/ }).click();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /Done/);
  await expect(page.locator('.last-run')).toContainText('19 delivered, 1 failed');
  const history = await openRunHistory(page);
  const latest = history.getByRole('row').nth(1);
  await expect(latest).toContainText('partial');
  await expect(latest.getByRole('cell').nth(3)).toHaveText('19');
  await expect(latest.getByRole('cell').nth(4)).toHaveText('1');
  await screenshot(page, 'braze-run-partial');

  // What Braze holds is what the test record showed, mapped; the refused user is not there.
  expect(stand.profiles.size).toBe(19);
  expect(stand.profiles.has('3')).toBe(false);
  expect(stand.profiles.get('1')).toEqual(pretty.attributes[0]);

  // Edited in place: the key never comes back to the page; blank keeps it, a typed one is tested.
  await page.keyboard.press('Control+3');
  await details.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit destination' });
  await expect(edit.getByLabel('REST endpoint')).toHaveValue(`${stand.url}/`);
  const editKey = edit.getByLabel('REST API key');
  await expect(editKey).toHaveValue('');
  await editKey.fill('not-the-key-0001');
  await edit.getByRole('button', { name: 'Test connection' }).click();
  await expect(edit.getByRole('alert')).toContainText('apiKey');
  await screenshot(page, 'braze-edit-wrong-key');
  await editKey.fill('');
  await edit.getByRole('button', { name: 'Test connection' }).click();
  await expect(edit.getByRole('status')).toContainText(/Connection OK \(\d+ ms\)/);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);

  // Braze takes the refused record now: the next sync sends exactly that one.
  stand.refuse.clear();
  const tracked = stand.received.length;
  await page.keyboard.press('Control+4');
  await page.getByRole('button', { name: /Sync now/ }).click();
  await expect(page.locator('.last-run')).toContainText(/^Last run .* 1 delivered$/);
  expect(stand.received.slice(tracked)).toEqual(['3']);
  expect(stand.profiles.size).toBe(20);
});
