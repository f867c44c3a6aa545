import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshot, test, type RunningApp } from './fixtures';

/** One API call the way the renderer makes it (the serve process holds the home's write lock). */
async function api<T = unknown>(app: RunningApp, call: string, body: object = {}): Promise<T> {
  const url = new URL(app.url);
  const response = await fetch(`${url.origin}/api/${call}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ebb-token': url.searchParams.get('token')! },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as
    { ok: true; data: T } | { ok: false; error: { message: string } };
  if (!answer.ok) throw new Error(`${call}: ${answer.error.message}`);
  return answer.data;
}

const meter = (page: Page) => page.getByRole('meter', { name: 'Records used this cycle' });

test('usage and billing: meter, warning, breakdowns, chart, plan and pause', async ({
  page,
  app,
}) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  // Screenshots show the meter where it ends, not mid-transition.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(app.url);
  await page.getByRole('link', { name: /Usage & Billing/ }).click();

  // A fresh home: the meter at 0 of the Free plan, and the plan form.
  await expect(page.getByRole('heading', { name: 'No usage yet this cycle' })).toBeVisible();
  await expect(meter(page)).toHaveAttribute('aria-valuetext', '0 of 500,000 records (0%)');
  await expect(page.getByRole('radio', { name: 'Free' })).toBeChecked();
  await screenshot(page, 'usage-empty');

  await api(app, 'plan.set', { plan: 'custom', limit: 3000 });
  await expect(meter(page)).toHaveAttribute('aria-valuetext', '0 of 3,000 records (0%)');

  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-usage-out-'));
  await api(app, 'models.add', {
    name: 'Users',
    warehouse: 'Sample warehouse',
    sql: 'select * from users',
    idColumn: 'user_id',
  });
  await api(app, 'destinations.add', {
    name: 'Users export',
    config: { type: 'file', path: out, format: 'jsonl' },
  });
  await api(app, 'syncs.add', {
    name: 'Users to file',
    model: 'Users',
    destination: 'Users export',
  });
  const run = await api<{ status: string; delivered: number }>(app, 'syncs.run', {
    sync: 'Users to file',
  });
  expect(run).toMatchObject({ status: 'succeeded', delivered: 2500 });
  // The run's toast would cover the plan form in the screenshots.
  await page
    .locator('.toast', { hasText: 'Users to file: succeeded' })
    .getByRole('button', { name: 'Dismiss' })
    .click();

  // The run's end refreshes the screen: 2,500 of 3,000 is past the 80% warning.
  await expect(meter(page)).toHaveAttribute('aria-valuetext', '2,500 of 3,000 records (83.3%)');
  await expect(page.getByTestId('usage-figures')).toContainText('2,500of 3,000 records');
  await expect(
    page.getByRole('status').filter({ hasText: 'of this cycle’s limit is used' }),
  ).toContainText('83.3%');
  const destinations = page.getByRole('table', { name: 'By destination' });
  await expect(destinations.getByRole('row', { name: /Users export/ })).toContainText(
    /2,500\s*2,500\s*0/,
  );
  await expect(
    page.getByRole('table', { name: 'By sync' }).getByRole('row', { name: /Users to file/ }),
  ).toBeVisible();
  const chart = page.getByRole('region', { name: 'Records per day' });
  await expect(chart.locator('svg.recharts-surface')).toBeVisible();
  const today = chart.locator('.recharts-bar-rectangle path.usage-bar-today');
  await expect(today).toHaveCount(1);
  expect((await today.boundingBox())!.height).toBeGreaterThan(100);
  await expect(page.getByTestId('projected-total')).toBeVisible();
  await screenshot(page, 'usage-warning');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'usage-warning-1920');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'usage-warning-dark-1920');
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, 'usage-warning-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // A larger limit: no banner.
  await api(app, 'plan.set', { plan: 'custom', limit: 10_000 });
  await expect(meter(page)).toHaveAttribute('aria-valuetext', '2,500 of 10,000 records (25%)');
  await expect(page.getByText('of this cycle’s limit is used')).toHaveCount(0);
  await screenshot(page, 'usage-normal');

  // At the limit: syncs pause until the cycle ends.
  await api(app, 'plan.set', { plan: 'custom', limit: 2500 });
  const paused = page.getByRole('alert').filter({ hasText: 'Syncs are paused until' });
  await expect(paused).toContainText('pending changes go out then');
  await expect(meter(page)).toHaveAttribute('aria-valuetext', '2,500 of 2,500 records (100%)');
  // Paused syncs send nothing more: the projection stops at what was used.
  await expect(page.getByTestId('projected-total')).toHaveText('2,500');
  await expect(page.getByText('Syncs paused', { exact: true })).toBeVisible();
  await expect(page.getByText('Over the limit', { exact: true })).toHaveCount(0);
  await screenshot(page, 'usage-paused');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'usage-paused-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The plan form, by keyboard: "Change plan" focuses the chosen plan; arrows move between plans.
  await paused.getByRole('button', { name: 'Change plan' }).click();
  await expect(page.getByRole('radio', { name: 'Custom' })).toBeFocused();
  await expect(page.getByLabel('Monthly record limit')).toHaveValue('2,500');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: 'Business' })).toBeChecked();
  const form = page.getByRole('form', { name: 'Plan' });
  const mtus = form.getByLabel('Monthly tracked users (MTUs)');
  await mtus.fill('12.5');
  await expect(mtus).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('Use a whole number of 0 or more');
  await expect(form.getByRole('button', { name: 'Save plan' })).toBeDisabled();
  await mtus.fill('1,000');
  await expect(form.getByTestId('plan-limit-preview')).toHaveText('50,000 records');
  await form.getByRole('radio', { name: 'API calls', exact: true }).check();
  await form.getByLabel('Monthly API calls').fill('40000');
  await expect(form.getByTestId('plan-limit-preview')).toHaveText('10,000 records');
  await screenshot(page, 'usage-plan-form');
  await form.getByLabel('Monthly API calls').press('Enter');
  await expect(form.getByRole('status')).toHaveText('Saved');
  await expect(meter(page)).toHaveAttribute('aria-valuetext', '2,500 of 10,000 records (25%)');
  await expect(page.getByText('Syncs are paused until')).toHaveCount(0);
  expect(await api(app, 'plan.get')).toMatchObject({
    plan: 'business',
    basis: 'apiCalls',
    apiCalls: 40_000,
    limit: 10_000,
  });
  // recharts renders under the CSP (script-src 'self', no eval).
  expect(cspViolations).toEqual([]);
  fs.rmSync(out, { recursive: true, force: true });
});

test('usage and billing: an engine error shows the error state and retries', async ({
  page,
  app,
}) => {
  let fail = true;
  await page.route('**/api/usage.get', (route) =>
    fail
      ? route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({
            ok: false,
            error: { code: 'INTERNAL', message: 'The usage tables are unreadable.' },
          }),
        })
      : route.continue(),
  );
  await page.goto(app.url);
  await page.keyboard.press('Control+5');
  const error = page.getByRole('alert').filter({ hasText: 'Usage could not be loaded' });
  await expect(error).toContainText('The usage tables are unreadable.');
  await screenshot(page, 'usage-error');
  fail = false;
  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'No usage yet this cycle' })).toBeVisible();
});
