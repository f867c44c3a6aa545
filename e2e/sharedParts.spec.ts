import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

/** The same view in the light and the dark scheme, for looking at. */
async function bothSchemes(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await screenshot(page, `${name}-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a list pane walks its rows with the arrow keys and selects with Enter', async ({
  page,
  app,
}) => {
  for (const name of ['Alpha files', 'Beta files', 'Gamma files']) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-list-'));
    await app.api('destinations.add', { name, config: { type: 'file', path: folder } });
  }
  await page.goto(`${app.url}#/destinations`);
  const list = page.getByRole('region', { name: 'Destinations' });
  const details = page.getByRole('region', { name: 'Destination details' });
  const row = (name: string) => list.getByRole('button', { name: new RegExp(name) });
  await expect(row('Alpha files')).toHaveAttribute('aria-current', 'true');
  await expect(details.getByRole('heading', { name: 'Alpha files' })).toBeVisible();

  await row('Alpha files').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(row('Gamma files')).toBeFocused();
  await page.keyboard.press('ArrowDown'); // stays on the last row
  await expect(row('Gamma files')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(row('Beta files')).toBeFocused();
  // Moving the focus does not select; Enter does.
  await expect(row('Alpha files')).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Enter');
  await expect(row('Beta files')).toHaveAttribute('aria-current', 'true');
  await expect(row('Alpha files')).not.toHaveAttribute('aria-current', 'true');
  await expect(details.getByRole('heading', { name: 'Beta files' })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(row('Alpha files')).toBeFocused();
  await page.keyboard.press('End');
  await expect(row('Gamma files')).toBeFocused();
  await bothSchemes(page, 'list-pane-destinations');

  await page.goto(`${app.url}#/warehouses`);
  await expect(
    page
      .getByRole('region', { name: 'Warehouses' })
      .getByRole('button', { name: /Sample warehouse/ }),
  ).toBeVisible();
  await bothSchemes(page, 'list-pane-warehouses');
});

test('a list pane that cannot load says so and tries again', async ({ page, app }) => {
  // The first two asks (the query and its one automatic retry) get the host's failure answer.
  let refusals = 2;
  await page.route('**/api/destinations.list', async (route) => {
    if (refusals-- <= 0) return route.continue();
    await route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        error: { code: 'INTERNAL', message: 'the store is locked' },
      }),
    });
  });
  await page.goto(`${app.url}#/destinations`);
  const list = page.getByRole('region', { name: 'Destinations' });
  await expect(list.getByRole('alert')).toContainText('Could not load destinations');
  await expect(list.getByRole('alert')).toContainText('the store is locked');
  await bothSchemes(page, 'list-pane-error');
  await list.getByRole('button', { name: 'Try again' }).click();
  await expect(list.getByRole('heading', { name: 'No destinations yet' })).toBeVisible();
});
