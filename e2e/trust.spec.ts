import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';
import { openCreateSyncForm, openModels, openRunHistory, openSyncs, syncNow } from './screens';
import { addFileDestination, addModel, addSync } from './seed';

/** Issue 13's majors: nothing runs or saves behind the analyst's back, and the editor keeps every keystroke. */

// These walk whole screens on a shared, busy machine: room beyond the default 90 s.
test.describe.configure({ timeout: 240_000 });

const editorOf = (page: Page) => page.getByRole('region', { name: 'Model editor' });

/** The SQL Monaco shows (its view lines, with non-breaking spaces made plain). */
async function editorText(page: Page): Promise<string> {
  const lines = await editorOf(page).locator('.monaco-editor .view-line').allInnerTexts();
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

async function newSqlModel(page: Page): Promise<void> {
  await page.getByRole('button', { name: '+ SQL' }).click();
  const unsaved = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  if (await unsaved.isVisible()) await unsaved.getByRole('button', { name: 'Discard' }).click();
  await expect(editorOf(page).locator('.monaco-editor')).toBeVisible();
}

test('a broken model saves as a marked draft, its SQL error on the analyst’s own text; no sync on it', async ({
  page,
  app,
  tempFolder,
}) => {
  await openModels(page, app);
  await newSqlModel(page);
  const editor = editorOf(page);
  await editor.getByLabel('Name', { exact: true }).fill('Broken users');
  await editor.locator('.monaco-editor .view-lines').click();
  const sql = 'select user_id, emial from main.users where';
  await page.keyboard.insertText(sql);

  // The error points at what the analyst wrote (the unfinished "where"), never the wrapper's ")".
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText('SQL_ERROR');
  await expect(problems).toContainText('at the end of the query');
  await expect(problems).toContainText(`(line 1, column ${sql.length})`);
  await expect(problems).not.toContainText('")"');
  await expect(problems).not.toContainText('line 2');
  const squiggle = await editor.locator('.squiggly-error').first().boundingBox();
  const where = await editor.locator('.view-line span', { hasText: /^where$/ }).boundingBox();
  expect(squiggle && where).toBeTruthy();
  // The marker sits under "where" itself.
  expect(Math.abs(squiggle!.x - where!.x)).toBeLessThan(4);
  expect(Math.abs(squiggle!.width - where!.width)).toBeLessThan(4);
  await screenshot(page, 'model-sql-error');

  // Saved as a draft that says it has problems: not a green "Saved".
  await page.keyboard.press('Escape'); // closes the completion list
  await page.keyboard.press('Control+s');
  await expect(
    page.getByRole('status').filter({ hasText: /as a draft with 1 problem/ }),
  ).toBeVisible();
  const list = page.getByRole('region', { name: 'Models' });
  await expect(
    list.getByRole('button', { name: /Broken users/ }).getByText('has problems'),
  ).toBeVisible();
  const saved = (await app.api('models.list')) as { name: string; problems: { code: string }[] }[];
  expect(saved.find((m) => m.name === 'Broken users')!.problems.map((p) => p.code)).toEqual([
    'SQL_ERROR',
  ]);
  await screenshot(page, 'model-draft-with-problems');

  // No sync on it: the form will not offer it, and the API refuses with the problem list.
  await addFileDestination(app, 'Files', tempFolder);
  await expect(addSync(app, 'Nope', 'Broken users', 'Files')).rejects.toThrow(
    /MODEL_HAS_PROBLEMS[\s\S]*SQL_ERROR/,
  );
  const syncForm = await openCreateSyncForm(page);
  const option = syncForm.getByLabel('Model').locator('option', { hasText: 'Broken users' });
  await expect(option).toBeDisabled();
  await expect(option).toContainText('has problems');
});

test('a new scheduled sync waits for its slot, created paused unless enabled; Pause / Resume', async ({
  page,
  app,
  tempFolder,
}) => {
  await addModel(app, 'Users', 'select user_id, email from main.users');
  await addFileDestination(app, 'Files', tempFolder);
  await openSyncs(page, app);
  const syncsList = page.getByRole('region', { name: 'Syncs' });

  // Enable schedule is off by default: the sync is created paused.
  let form = await openCreateSyncForm(page, 'Hourly held');
  await form.getByLabel('Schedule', { exact: true }).fill('1h');
  await expect(form.getByLabel(/Enable schedule/)).not.toBeChecked();
  // Numbers in the user's locale, typed with or without grouping.
  const cap = form.getByLabel('Record cap per run');
  await expect(cap).toHaveValue('150,000,000');
  await cap.fill('2500000');
  await cap.blur();
  await expect(cap).toHaveValue('2,500,000');
  await screenshot(page, 'sync-form-schedule');
  await form.getByRole('button', { name: 'Create sync' }).click();
  const held = syncsList.getByRole('button', { name: /Hourly held/ });
  await expect(page.getByRole('region', { name: 'Sync details' })).toContainText('cap 2,500,000');
  await expect(held.getByText('paused', { exact: true })).toBeVisible();
  await expect(held).toContainText('schedule paused (1h)');
  const detail = page.getByRole('region', { name: 'Sync details' });
  await expect(detail.getByRole('button', { name: 'Resume' })).toBeVisible();
  await screenshot(page, 'sync-paused');

  // Enabled: it waits for the next slot after creation (an hour away), it does not run now.
  form = await openCreateSyncForm(page, 'Hourly live');
  await form.getByLabel('Schedule', { exact: true }).fill('1h');
  await form.getByLabel(/Enable schedule/).check();
  await form.getByRole('button', { name: 'Create sync' }).click();
  const live = syncsList.getByRole('button', { name: /Hourly live/ });
  await expect(live).toContainText('every 1h, next in 60 min');
  await expect(live.getByText('paused', { exact: true })).toHaveCount(0);
  await page.waitForTimeout(2_000);
  type Listed = { name: string; paused: boolean; nextRunAt: string | null; lastRun: unknown };
  const syncs = (await app.api('syncs.list')) as Listed[];
  const liveSync = syncs.find((s) => s.name === 'Hourly live')!;
  expect(liveSync.lastRun).toBeNull();
  expect(Date.parse(liveSync.nextRunAt!) - Date.now()).toBeGreaterThan(55 * 60_000);
  expect(syncs.find((s) => s.name === 'Hourly held')).toMatchObject({
    paused: true,
    nextRunAt: null,
    lastRun: null,
  });
  expect(fs.readdirSync(tempFolder)).toEqual([]);

  // Pause and Resume on the detail page; the list follows.
  await expect(detail.getByRole('button', { name: 'Pause' })).toBeVisible();
  await detail.getByRole('button', { name: 'Pause' }).click();
  await expect(live.getByText('paused', { exact: true })).toBeVisible();
  await expect(detail).toContainText('(no runs by itself)');
  await detail.getByRole('button', { name: 'Resume' }).click();
  await expect(live.getByText('paused', { exact: true })).toHaveCount(0);
  await expect(live).toContainText('next in 60 min');
  expect(((await app.api('syncs.list')) as Listed[]).every((s) => s.lastRun === null)).toBe(true);
});

test('typing fast into a freshly opened editor keeps every keystroke, 20 times', async ({
  page,
  app,
}) => {
  test.setTimeout(600_000);
  await openModels(page, app);
  const text = 'select user_id, email from main.users';
  for (let attempt = 1; attempt <= 20; attempt++) {
    await newSqlModel(page);
    await editorOf(page).locator('.monaco-editor .view-lines').click();
    await page.keyboard.type(text);
    await page.keyboard.press('Escape'); // closes a completion list, if one is open
    await expect.poll(() => editorText(page), { message: `attempt ${attempt}` }).toBe(text);
    await expect(page.getByRole('region', { name: 'Problems' })).not.toContainText('NOT_A_QUERY');
  }
});

test('leaving a model with unsaved edits asks Save / Discard / Cancel, in the app and on reload', async ({
  page,
  app,
}) => {
  for (const name of ['First', 'Second'])
    await addModel(app, name, 'select user_id from main.users');
  await openModels(page, app);
  const list = page.getByRole('region', { name: 'Models' });
  const editor = editorOf(page);
  await list.getByRole('button', { name: /First/ }).click();
  await expect(editor.getByLabel('Name', { exact: true })).toHaveValue('First');
  const saveButton = editor.getByRole('button', { name: /^Save/ });
  const before = await saveButton.boundingBox();
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' limit 5');
  await expect(editor.getByText('Unsaved')).toBeVisible();
  // "Unsaved" takes a place kept for it: the toolbar does not reflow under the pointer.
  expect(await saveButton.boundingBox()).toEqual(before);

  // Cancel: nothing is lost, the editor stays.
  await list.getByRole('button', { name: /Second/ }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  await expect(dialog).toContainText('The model “First” has changes that are not saved');
  await screenshot(page, 'unsaved-changes');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await editorText(page)).toBe('select user_id from main.users limit 5');

  // Escape is Cancel too (the question opened with the focus on Save).
  await list.getByRole('button', { name: /Second/ }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(editor.getByLabel('Name', { exact: true })).toHaveValue('First');
  expect(await editorText(page)).toBe('select user_id from main.users limit 5');

  // Leaving the screen asks too; Save saves, then leaves.
  await page.keyboard.press('Control+3');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Destinations', exact: true })).toBeVisible();
  type Model = { name: string; sql: string };
  const saved = (await app.api('models.list')) as Model[];
  expect(saved.find((m) => m.name === 'First')!.sql).toBe('select user_id from main.users limit 5');

  // Discard throws the edits away and moves on.
  await page.keyboard.press('Control+2');
  await list.getByRole('button', { name: /Second/ }).click();
  await expect(editor.getByLabel('Name', { exact: true })).toHaveValue('Second');
  await editor.getByLabel('Name', { exact: true }).fill('Second renamed');
  await list.getByRole('button', { name: /First/ }).click();
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(editor.getByLabel('Name', { exact: true })).toHaveValue('First');
  expect(((await app.api('models.list')) as Model[]).map((m) => m.name)).toEqual([
    'First',
    'Second',
  ]);

  // A reload with unsaved edits asks the browser's own question; staying keeps the edits.
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' offset 1');
  // The edit is held (and the page's leave question armed) once "Unsaved" shows.
  await expect(editor.getByText('Unsaved')).toBeVisible();
  let asked = '';
  page.once('dialog', (question) => {
    asked = question.type();
    void question.dismiss();
  });
  await page.reload({ timeout: 3_000 }).catch(() => undefined);
  expect(asked).toBe('beforeunload');
  expect(await editorText(page)).toBe('select user_id from main.users limit 5 offset 1');
});

test('a file destination makes its missing folder on the first run, owner-only; a clean run has no error log', async ({
  page,
  app,
  tempFolder,
}) => {
  const folder = path.join(tempFolder, 'exports', 'users');
  await addModel(app, 'Users', 'select user_id, email from main.users');
  await addFileDestination(app, 'Later', folder);
  await addSync(app, 'To a new folder', 'Users', 'Later');
  expect(fs.existsSync(folder)).toBe(false);
  await openSyncs(page, app);
  await syncNow(page, 'To a new folder: succeeded');
  expect(fs.readdirSync(folder)).toHaveLength(1);
  expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
  const history = await openRunHistory(page);
  await expect(history.getByRole('row').nth(1)).toContainText('no errors');
  await expect(history.getByRole('button', { name: 'Error log' })).toHaveCount(0);

  // "Records sent": a sample of what the run delivered, with ids, as the file got it.
  await history.getByRole('button', { name: 'Records sent' }).click();
  const sent = page.getByRole('region', { name: 'Records sent' });
  await expect(sent).toContainText('The first 50 of 2,500 delivered');
  const rows = sent.getByRole('row');
  await expect(rows).toHaveCount(51);
  const line = JSON.parse(
    fs.readFileSync(path.join(folder, fs.readdirSync(folder)[0]!), 'utf8').split('\n')[0]!,
  ) as { id: string; op: string; record: unknown };
  const first = rows.nth(1).getByRole('cell');
  await expect(first.nth(0)).toHaveText(line.id);
  await expect(first.nth(1)).toHaveText(line.op);
  expect(JSON.parse(await first.nth(2).innerText())).toEqual(line.record);
  await screenshot(page, 'run-records-sent');
});
