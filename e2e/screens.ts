import type { Locator, Page } from '@playwright/test';
import { expect, type RunningApp } from './fixtures';
import { addUsersOut } from './seed';

/** The steps of the app's screens that many tests walk on the way to what they test. */

/** Opens the app (the Warehouses screen) and waits until the Sample warehouse is listed. */
export async function openApp(page: Page, app: RunningApp): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByRole('button', { name: /Sample warehouse/ })).toBeVisible();
}

/** Opens the app on the Warehouses screen and its Add warehouse form; answers the form. */
export async function openAddWarehouseForm(page: Page, app: RunningApp): Promise<Locator> {
  await openApp(page, app);
  await page.getByRole('button', { name: '+ Add' }).click();
  return page.getByRole('form', { name: 'Add warehouse' });
}

/** The Destinations screen (Ctrl+3) and its Add destination form, which a home with none opens on. */
export async function openAddDestinationForm(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+3');
  return page.getByRole('form', { name: 'Add destination' });
}

/** Opens the app on the Syncs screen (Ctrl+4); with `sync`, waits until its detail shows. */
export async function openSyncs(page: Page, app: RunningApp, sync?: string): Promise<void> {
  await page.goto(app.url);
  await page.keyboard.press('Control+4');
  if (sync !== undefined) await expectSyncShown(page, sync);
}

/** Adds the sync Users out (`addUsersOut`, into `folder`) and opens the app on its detail. */
export async function openUsersOut(page: Page, app: RunningApp, folder: string): Promise<void> {
  await addUsersOut(app, folder);
  await openSyncs(page, app, 'Users out');
}

/** Waits until the Syncs screen's detail shows the sync named `sync`. */
export async function expectSyncShown(page: Page, sync: string): Promise<void> {
  await expect(page.locator('.sync-detail').getByRole('heading', { name: sync })).toBeVisible();
}

/** The Syncs screen's Create sync form (Ctrl+4, + Add), its Name filled in when given. */
export async function openCreateSyncForm(page: Page, name?: string): Promise<Locator> {
  await page.keyboard.press('Control+4');
  await page.getByRole('region', { name: 'Syncs' }).getByRole('button', { name: '+ Add' }).click();
  const form = page.getByRole('form', { name: 'Create sync' });
  if (name !== undefined) await form.getByLabel('Name', { exact: true }).fill(name);
  return form;
}

/** Clicks the shown sync's Sync now and waits for the toast that says how the run ended. */
export async function syncNow(page: Page, toast: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: /Sync now/ }).click();
  await expect(page.getByRole('status').filter({ hasText: toast })).toBeVisible();
}

/** Opens the shown sync's Run history tab; answers its table. */
export async function openRunHistory(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Run history' }).click();
  return page.getByRole('table', { name: 'Run history' });
}

/** Opens the app on the Models screen (Ctrl+2). */
export async function openModels(page: Page, app: RunningApp): Promise<void> {
  await page.goto(app.url);
  await page.keyboard.press('Control+2');
}

/** Opens the app on the Models screen and a new SQL model (+ SQL); answers the Model editor. */
export async function openNewSqlModel(page: Page, app: RunningApp): Promise<Locator> {
  await openModels(page, app);
  await page.getByRole('button', { name: '+ SQL' }).click();
  return page.getByRole('region', { name: 'Model editor' });
}

/** Clicks the form's `save` button and expects it to ask first (Confirm save, saying `question`). */
export async function saveAsksFirst(
  form: Locator,
  save: string,
  question: string,
): Promise<Locator> {
  await form.getByRole('button', { name: save }).click();
  const confirm = form.getByRole('alertdialog', { name: 'Confirm save' });
  await expect(confirm).toContainText(question);
  return confirm;
}

/** Answers the Confirm save dialog (Back keeps the form, Save anyway saves); the dialog closes. */
export async function answerConfirmSave(
  confirm: Locator,
  answer: 'Back' | 'Save anyway',
): Promise<void> {
  await confirm.getByRole('button', { name: answer }).click();
  await expect(confirm).toHaveCount(0);
}
