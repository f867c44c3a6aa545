import { expect, screenshot, test } from './fixtures';
import { expectSyncShown, openNewSqlModel, openUsersOut } from './screens';

/** The studio from the keyboard: what a key does in each form, and what it must never do. */

test.describe.configure({ timeout: 180_000 });

test('Sync now with unsaved Settings asks first; Ctrl+Enter in a form never runs the sync', async ({
  page,
  app,
  tempFolder,
}) => {
  await openUsersOut(page, app, tempFolder);
  const runs = async () =>
    (await app.api('runs.list', { sync: 'Users out' })) as { delivered: number }[];

  await page.getByRole('tab', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Edit sync' });
  const cap = form.getByLabel('Record cap per run');
  await cap.fill('2');

  // Ctrl+Enter typed into the form is not the page's Sync now: nothing runs, the edit stays.
  await cap.press('Control+Enter');
  await page.waitForTimeout(3_000);
  expect(await runs()).toEqual([]);
  await expect(cap).toHaveValue('2');

  // Sync now asks about the edits before running with the stored settings; Cancel runs nothing.
  const sync = page.getByRole('button', { name: /Sync now/ });
  await sync.click();
  const question = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  await expect(question).toContainText('Save them before running it?');
  await screenshot(page, 'sync-now-unsaved-settings');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForTimeout(2_000);
  expect(await runs()).toEqual([]);
  await expect(cap).toHaveValue('2');

  // Save: the run goes with the cap just saved.
  await sync.click();
  await question.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Users out: / })).toBeVisible();
  expect((await runs()).map((run) => run.delivered)).toEqual([2]);
  await expectSyncShown(page, 'Users out');

  // Discard: the run goes with the stored cap, and the form forgets the discarded edit.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(cap).toHaveValue('2');
  await cap.fill('4');
  await sync.click();
  await question.getByRole('button', { name: 'Discard' }).click();
  await expect.poll(async () => (await runs()).map((run) => run.delivered)).toEqual([2, 2]);
  await expect(cap).toHaveValue('2');
  // Nothing is left asking: another tab opens at once.
  await page.getByRole('tab', { name: 'Run history' }).click();
  await expect(question).toHaveCount(0);
});

test('the arrow keys, Home and End move between a sync’s tabs; Tab leaves the tab list', async ({
  page,
  app,
  tempFolder,
}) => {
  await openUsersOut(page, app, tempFolder);
  const tabs = page.getByRole('tablist', { name: 'Sync' });
  const tab = (name: string) => tabs.getByRole('tab', { name });
  const expectOn = async (name: string) => {
    await expect(tab(name)).toBeFocused();
    await expect(tab(name)).toHaveAttribute('aria-selected', 'true');
  };

  await tab('Preview').focus();
  await page.keyboard.press('ArrowRight');
  await expectOn('Test record');
  await expect(page.getByText('One record exactly as')).toBeVisible();
  await page.keyboard.press('End');
  await expectOn('Settings');
  await expect(page.getByRole('form', { name: 'Edit sync' })).toBeVisible();
  await page.keyboard.press('ArrowRight'); // round the end
  await expectOn('Preview');
  await page.keyboard.press('ArrowLeft');
  await expectOn('Settings');
  await page.keyboard.press('Home');
  await expectOn('Preview');
  // Only the open tab is in the Tab order: Tab goes on past the list.
  await expect(tabs.locator('[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(tabs.locator(':focus')).toHaveCount(0);

  // The preview's own tabs too.
  const changes = page.getByRole('tablist', { name: 'Changes' });
  await changes.getByRole('tab', { name: /New/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(changes.getByRole('tab', { name: /Updated/ })).toBeFocused();
  await expect(changes.getByRole('tab', { name: /Updated/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('tabpanel', { name: 'Updated records' })).toBeVisible();
});

test('a new model starts at its Name, and Enter there saves it as Save does', async ({
  page,
  app,
}) => {
  const editor = await openNewSqlModel(page, app);
  const name = editor.getByLabel('Name', { exact: true });
  await expect(name).toBeFocused();
  const models = async () =>
    ((await app.api('models.list')) as { name: string; sql: string }[]).map((m) => m.name);

  // No query yet: Enter saves nothing and says nothing.
  await name.fill('Countries');
  await name.press('Enter');
  await expect(editor.getByRole('alert')).toHaveCount(0);
  expect(await models()).toEqual([]);

  await editor.locator('.monaco-editor').first().click();
  await page.keyboard.type('select user_id, country from main.users', { delay: 10 });
  await expect(editor.getByText('No problems')).toBeVisible(); // the id column follows the query
  await name.click();
  await name.press('Enter');
  await expect(
    page.getByRole('status').filter({ hasText: 'Saved model “Countries”' }),
  ).toBeVisible();
  expect(await models()).toEqual(['Countries']);

  // A saved model's Name: Enter saves the rename.
  await name.fill('Countries of users');
  await name.press('Enter');
  await expect.poll(models).toEqual(['Countries of users']);
  await expect(editor.getByText('Unsaved')).toBeHidden();
});

test('a new alert rule starts at its first field; Escape and another tab ask before a typed URL is lost', async ({
  page,
  app,
  tempFolder,
}) => {
  await openUsersOut(page, app, tempFolder);
  await page.getByRole('tab', { name: 'Alerts' }).click();
  await page.getByRole('button', { name: 'Add alert' }).click();
  const form = page.getByRole('form', { name: 'New alert' });
  await expect(form.getByLabel('Alert when')).toBeFocused();

  // Nothing typed: Escape closes it.
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);

  // A URL typed: another tab asks, Cancel keeps it; Escape asks too, and Save adds the rule.
  await page.getByRole('button', { name: 'Add alert' }).click();
  const slack = form.getByLabel('Slack incoming webhook (optional)');
  await slack.fill('https://hooks.slack.com/services/T000/B000/XXXX');
  await page.getByRole('tab', { name: 'Preview' }).click();
  const question = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  await expect(question).toContainText('The new alert');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(slack).toHaveValue('https://hooks.slack.com/services/T000/B000/XXXX');
  await slack.press('Escape');
  await question.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Alert rules' })).toContainText('A run fails');
  const rules = (await app.api('alerts.rules', { sync: 'Users out' })) as { kind: string }[];
  expect(rules.map((rule) => rule.kind)).toEqual(['failure']);
});

test('a plan chosen but not saved asks before another screen drops it', async ({ page, app }) => {
  await page.goto(app.url);
  await page.keyboard.press('Control+5');
  const form = page.getByRole('form', { name: 'Plan' });
  await form.getByRole('radio', { name: 'Custom' }).check();
  await form.getByLabel('Monthly record limit').fill('2000000');

  await page.keyboard.press('Control+1');
  const question = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  await expect(question).toContainText('The plan has changes that are not saved');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(form.getByLabel('Monthly record limit')).toHaveValue('2000000');

  await page.getByRole('link', { name: /Warehouses/ }).click();
  await question.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('button', { name: /Sample warehouse/ })).toBeVisible();
  expect(await app.api('plan.get')).toMatchObject({ plan: 'custom', limit: 2_000_000 });

  // Saved, or put back as it was: nothing asks.
  await page.keyboard.press('Control+5');
  await form.getByRole('radio', { name: 'Teams' }).check();
  await form.getByRole('radio', { name: 'Custom' }).check();
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('button', { name: /Sample warehouse/ })).toBeVisible();
  await expect(question).toHaveCount(0);
});

test('the Settings tab’s “Log to warehouse” reads on one line at 1280×800', async ({
  page,
  app,
  tempFolder,
}) => {
  await openUsersOut(page, app, tempFolder);
  await page.getByRole('tab', { name: 'Settings' }).click();
  const check = page.getByRole('checkbox', { name: /Log to warehouse/ });
  await expect(check).toBeVisible();
  const lines = await check.evaluate((box) => {
    const range = document.createRange();
    const words = Array.from(box.parentElement!.childNodes).find((node) =>
      node.textContent?.includes('Log to warehouse'),
    )!;
    range.selectNodeContents(words);
    return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
  });
  await screenshot(page, 'sync-settings-operations');
  expect(lines).toBe(1);
});
