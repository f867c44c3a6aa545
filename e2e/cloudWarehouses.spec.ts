import { generateKeyPairSync } from 'node:crypto';
import { expect, screenshot, test } from './fixtures';
import { openAddWarehouseForm } from './screens';

// Snowflake cannot be reached from CI: the form must still offer the kind with its settings, and
// Test connection must say what is wrong (here: the account's host is not found).
test('the warehouse form offers Snowflake with key-pair settings, and Test connection names the account it cannot reach', async ({
  page,
  app,
}) => {
  const form = await openAddWarehouseForm(page, app);
  await form.getByLabel('Snowflake', { exact: true }).check();
  await form.getByLabel('Name').fill('Analytics');
  await form.getByLabel('Account identifier').fill('ebbtest-nosuch');
  await form.getByLabel('User').fill('EBB_USER');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // Pasted into a one-line field: the line breaks are lost, and Ebb rewraps the PEM.
  await form
    .getByLabel('Private key (PEM)')
    .fill(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, ' '));
  await form.getByLabel('Virtual warehouse').fill('COMPUTE_WH');
  await form.getByLabel('Database').fill('ANALYTICS');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('alert')).toContainText(
    'Cannot reach Snowflake account "ebbtest-nosuch"',
    { timeout: 60_000 },
  );
  await screenshot(page, 'add-snowflake-warehouse-test');

  await form.getByLabel('BigQuery', { exact: true }).check();
  await expect(form.getByLabel('Project')).toBeVisible();
  await expect(form.getByLabel('Service account key (JSON)')).toBeVisible();
});
