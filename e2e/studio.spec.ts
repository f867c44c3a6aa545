import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshot, test, warehouseSql } from './fixtures';
import {
  answerConfirmSave,
  openAddDestinationForm,
  openApp,
  openCreateSyncForm,
  openRunHistory,
  saveAsksFirst,
  syncNow,
} from './screens';
import { addFileDestination, addSync } from './seed';

/** A screenshot at the default 1280×800 and, for the main screens, at 1920×1080 too. */
async function shots(page: Page, name: string, large = true): Promise<void> {
  await screenshot(page, name);
  if (!large) return;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, `${name}-1920`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('the whole journey: model, destination, sync, preview, run, change, preview, run again', async ({
  page,
  app,
  tempFolder,
}) => {
  test.setTimeout(150_000);
  await openApp(page, app);

  // A new model offers its own *_id column as the id (checked unique on request).
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: '+ SQL' }).click();
  const editor = page.getByRole('region', { name: 'Model editor' });
  await editor.getByLabel('Name', { exact: true }).fill('All users');
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.insertText(
    'select user_id, email, first_name, country, lifetime_value, signed_up_at\nfrom main.users',
  );
  await expect(editor.getByLabel('Unique id column')).toHaveValue('user_id');
  await editor.getByRole('button', { name: 'Check it is unique' }).click();
  await expect(editor.getByText('Unique: 2,500 rows, no nulls')).toBeVisible();
  const problems = page.getByRole('region', { name: 'Problems' });
  await editor.getByLabel('Timestamp column').selectOption('signed_up_at');
  await expect(problems).toContainText('No problems');
  await expect(editor.locator('.squiggly-error')).toHaveCount(0);

  // Ctrl+Enter runs it into the grid; Ctrl+S saves.
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Model rows' });
  await expect(grid.getByRole('gridcell', { name: 'ada.backus.1@example.com' })).toBeVisible();
  // More rows than shown: "first 200"; values by column type, never ISO text or 99.7.
  const results = page.getByRole('region', { name: 'Results' });
  await expect(results.getByRole('heading')).toContainText('first 200 rows');
  const firstRow = grid.getByRole('row').nth(1);
  const lifetime = (await firstRow.getByRole('gridcell').nth(4).innerText()).trim();
  expect(lifetime).toMatch(/^\d[\d,]*\.\d{2}$/);
  const signedUp = (await firstRow.getByRole('gridcell').nth(5).innerText()).trim();
  expect(signedUp).toMatch(/ UTC$/);
  expect(signedUp).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  await page.keyboard.press('Escape'); // closes the completion list
  await page.keyboard.press('Control+s');
  const models = page.getByRole('region', { name: 'Models' });
  await expect(models.getByRole('button', { name: /All users/ })).toBeVisible();
  await shots(page, 'model-editor');

  // A file destination in a temp folder: tested before it is saved, then saved.
  const destinationForm = await openAddDestinationForm(page);
  await destinationForm.getByLabel('Folder').fill(path.join(tempFolder, 'missing'));
  await destinationForm.getByRole('button', { name: 'Test connection' }).click();
  await expect(destinationForm.getByRole('alert')).toContainText('Connection failed');
  await destinationForm.getByLabel('Name', { exact: true }).fill('Export folder');
  await destinationForm.getByLabel('Folder').fill(tempFolder);
  await expect(destinationForm.getByRole('alert')).toHaveCount(0);
  await destinationForm.getByRole('button', { name: 'Test connection' }).click();
  await expect(destinationForm.getByRole('status')).toContainText(/Connection OK \(\d+ ms\)/);
  expect(await app.api('destinations.list')).toEqual([]);
  await shots(page, 'destination-test', false);
  await destinationForm.getByRole('button', { name: 'Save destination' }).click();
  const destinationDetails = page.getByRole('region', { name: 'Destination details' });
  await expect(destinationDetails.getByRole('heading', { name: 'Export folder' })).toBeVisible();
  await shots(page, 'destination', false);

  // A sync; a too-frequent schedule is refused inline before saving.
  const syncForm = await openCreateSyncForm(page, 'Users to files');
  await syncForm.getByLabel('Schedule', { exact: true }).fill('5m');
  await expect(syncForm.getByText(/at most every 15 minutes/)).toBeVisible();
  await shots(page, 'sync-form', false);
  await syncForm.getByLabel('Schedule', { exact: true }).fill('');
  await syncForm.getByRole('button', { name: 'Create sync' }).click();

  // The preview: every user is new.
  const changes = page.getByRole('tablist', { name: 'Changes' });
  await expect(changes.getByRole('tab', { name: /New/ })).toContainText('2,500');
  await expect(changes.getByRole('tab', { name: /Updated/ })).toContainText('0');
  await expect(page.getByRole('group', { name: 'Preview summary' })).toContainText(
    'will send 2,500 new',
  );
  await shots(page, 'preview-new');

  // Sync now: progress, a toast, the run in the history.
  await page.getByRole('button', { name: /Sync now/ }).click();
  await expect(page.getByRole('region', { name: 'Run progress' })).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /Done/);
  await expect(
    page.getByRole('status').filter({ hasText: 'Users to files: succeeded' }),
  ).toBeVisible();
  const history = await openRunHistory(page);
  await expect(history.getByRole('row')).toHaveCount(2);
  await expect(history.getByRole('row').nth(1)).toContainText('succeeded');
  await expect(history.getByRole('row').nth(1)).toContainText('2,500');
  await shots(page, 'run-history');
  expect(fs.readdirSync(tempFolder).length).toBe(1);

  // Rows change in the warehouse: the preview shows them updated, before → after.
  await warehouseSql(
    app.home,
    "update main.users set email = 'moved-' || email, country = 'FR' where user_id in (1, 2, 3)",
  );
  await page.getByRole('tab', { name: 'Preview' }).click();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(changes.getByRole('tab', { name: /Updated/ })).toContainText('3');
  await expect(changes.getByRole('tab', { name: /New/ })).toContainText('0');
  await changes.getByRole('tab', { name: /Updated/ }).click();
  const first = page.getByRole('table', { name: 'Changes of 1' });
  const emailRow = first.getByRole('row', { name: /email/ });
  await expect(emailRow).toHaveClass(/changed/);
  await expect(emailRow.getByRole('cell').nth(0)).toHaveText('ada.backus.1@example.com');
  await expect(emailRow.getByRole('cell').nth(1)).toContainText('moved-ada.backus.1@example.com');
  await expect(first.getByRole('row', { name: /first_name/ })).not.toHaveClass(/changed/);
  await shots(page, 'preview-updated');

  // Sync now again (keyboard): only the three changes go.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status').filter({ hasText: /3 delivered/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Run history' }).click();
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('succeeded');
  const latest = history.getByRole('row').nth(1).getByRole('cell');
  await expect(latest.nth(2)).toContainText('0 new');
  await expect(latest.nth(2)).toContainText('3 updated');
  await expect(latest.nth(3)).toHaveText('3'); // delivered

  // Every record sent is metered, and Usage & Billing shows it.
  const usage = (await app.api('usage.get')) as { used: number };
  expect(usage.used).toBe(2503);
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('meter', { name: 'Records used this cycle' })).toHaveAttribute(
    'aria-valuetext',
    /^2,503 of/,
  );

  // Dark theme follows the OS, Monaco included.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.keyboard.press('Control+4');
  await page.getByRole('tab', { name: /Updated/ }).click();
  await expect(page.getByRole('tab', { name: /Updated/ })).toHaveAttribute('aria-selected', 'true');
  await shots(page, 'preview-dark', false);
  await page.keyboard.press('Control+2');
  await expect(page.locator('.monaco-editor.vs-dark')).toBeVisible();
  await shots(page, 'model-editor-dark');
});

test('the visual builder produces a model that syncs', async ({ page, app, tempFolder }) => {
  await openApp(page, app);
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: '+ Visual' }).click();
  const editor = page.getByRole('region', { name: 'Model editor' });
  await editor.getByLabel('Name', { exact: true }).fill("Big accounts' seats");
  const builder = page.getByRole('group', { name: 'Visual model builder' });
  await builder.getByRole('button', { name: /accounts/ }).click();
  await builder.getByRole('checkbox', { name: /created_on/ }).uncheck();
  await builder.getByRole('button', { name: '+ Add filter' }).click();
  const filter = builder.getByRole('group', { name: 'Filter 1' });
  await filter.getByLabel('Filter column').selectOption('seats');
  await filter.getByLabel('Operator').selectOption('>=');
  await filter.getByLabel('Filter value').fill('100');
  await builder.getByRole('button', { name: '+ Add filter' }).click();
  const second = builder.getByRole('group', { name: 'Filter 2' });
  await second.getByLabel('Filter column').selectOption('name');
  await second.getByLabel('Operator').selectOption('!=');
  await second.getByLabel('Filter value').fill("O'Brien & Co");
  await builder.getByLabel('Sort by').selectOption('mrr_usd');
  await builder.getByLabel('Direction').selectOption('desc');
  await builder.getByRole('spinbutton', { name: 'Limit' }).fill('50');
  const generated = editor.locator('.builder-sql .monaco-editor .view-lines');
  await expect(generated).toContainText('FROM "main"."accounts"');
  await expect(generated).toContainText('"seats" >= 100');
  await expect(generated).toContainText(`"name" != 'O''Brien & Co'`);
  await editor.getByLabel('Unique id column').selectOption('account_id');
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText('No problems');
  // The builder's results show above the fold at 1280×800, and the timestamp column says what it is.
  await expect(editor.getByText('When a row last changed (updated_at)')).toBeVisible();
  await editor.getByRole('button', { name: /^Run/ }).click();
  const firstRow = page.getByRole('grid', { name: 'Model rows' }).getByRole('row').nth(1);
  await expect(firstRow).toBeVisible();
  const box = (await firstRow.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(800);
  await shots(page, 'visual-builder');
  await editor.getByRole('button', { name: /Save/ }).click();
  await expect(
    page.getByRole('region', { name: 'Models' }).getByRole('button', { name: /Big accounts/ }),
  ).toBeVisible();

  // Switching to SQL warns first, and is one way.
  await editor.getByRole('tab', { name: 'SQL' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Switch to SQL' })).toBeVisible();
  await page.getByRole('button', { name: 'Keep the builder' }).click();

  // The destination and the sync through the API (the journey test covers their forms).
  await addFileDestination(app, 'Files', tempFolder);
  await addSync(app, 'Accounts', "Big accounts' seats", 'Files');
  await page.keyboard.press('Control+4');
  await expect(page.getByRole('tablist', { name: 'Changes' })).toContainText('New');
  await syncNow(page, 'Accounts: succeeded');
  const lines = fs
    .readFileSync(path.join(tempFolder, fs.readdirSync(tempFolder)[0]!), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { op: string; record: Record<string, unknown> });
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.length).toBeLessThanOrEqual(50);
  for (const line of lines) {
    expect(line.op).toBe('new');
    expect(Number(line.record.seats)).toBeGreaterThanOrEqual(100);
    expect(line.record).not.toHaveProperty('created_on');
  }
});

test('destination forms validate inline and keep secrets write-only', async ({ page, app }) => {
  await page.goto(app.url);
  const form = await openAddDestinationForm(page);
  await form.getByText('Webhook', { exact: true }).click();
  await form.getByLabel('Name', { exact: true }).fill('CRM hook');
  await form.getByLabel('URL', { exact: true }).fill('ftp://example.com');
  await page.keyboard.press('Tab'); // leaving the field shows its error
  await expect(form.getByText('Must be an http:// or https:// URL.')).toBeVisible();
  await form.getByRole('button', { name: '+ Add header' }).click();
  await form.getByLabel('Header name').fill('Bad Header');
  await form.getByLabel('Header value').fill('s3cret');
  await expect(form.getByLabel('Header value')).toHaveAttribute('type', 'password');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByText('Must be an http:// or https:// URL.')).toBeVisible();
  await expect(form.getByText('Not a valid HTTP header name.')).toBeVisible();
  await screenshot(page, 'destination-webhook-errors');

  await form.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/hook');
  await form.getByLabel('Header name').fill('Authorization');
  // Testing the unsaved settings shows the engine's answer inline and saves nothing.
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByRole('alert')).toContainText(
    'Connection failed: nothing accepts connections at 127.0.0.1:9',
  );
  await screenshot(page, 'destination-test-failed');
  expect(await app.api('destinations.list')).toEqual([]);
  // Saving after a failed test asks first.
  const question = 'The connection test failed. Save these settings anyway?';
  const confirm = await saveAsksFirst(form, 'Save destination', question);
  await answerConfirmSave(confirm, 'Save anyway');
  const details = page.getByRole('region', { name: 'Destination details' });
  await expect(details.getByRole('heading', { name: 'CRM hook' })).toBeVisible();
  await expect(details.getByRole('table', { name: 'Settings' })).toContainText(
    'Authorization: ****',
  );
  await expect(details).not.toContainText('s3cret');

  await page
    .getByRole('region', { name: 'Destinations' })
    .getByRole('button', { name: '+ Add' })
    .click();
  await form.getByText('PostgreSQL', { exact: true }).click();
  await form.getByLabel('Name', { exact: true }).fill('Warehouse copy');
  await form.getByLabel('Connection URL').fill('mysql://nope');
  await expect(form.getByLabel('Connection URL')).toHaveAttribute('type', 'password');
  await form.getByRole('button', { name: 'Save destination' }).click();
  await expect(form.getByText('Must be a postgres:// URL.')).toBeVisible();
  await expect(form.getByText('A table is required.')).toBeVisible();
});
