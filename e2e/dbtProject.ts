import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, projectRoot, warehouseSql } from './fixtures';

/** What dbt would have built in the Sample warehouse from the fixture manifest's project. */
export async function buildDbtRelations(home: string): Promise<void> {
  for (const sql of [
    'create schema analytics',
    'create table analytics.customers as select user_id as customer_id, email, lifetime_value from main.users',
    'create table analytics.fct_orders as select 1 as order_id, 10 as amount',
    `create view analytics.customer_segments as select customer_id as segment_customer_id, 'vip' as segment from analytics.customers`,
  ])
    await warehouseSql(home, sql);
}

/** A scratch folder holding target/manifest.json (the fixture dbt project's manifest). */
export function manifestInScratchFolder(): { work: string; manifest: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-e2e-dbt-'));
  const manifest = path.join(work, 'target', 'manifest.json');
  fs.mkdirSync(path.dirname(manifest));
  fs.copyFileSync(path.join(projectRoot, 'core/dbt/fixtures/manifest.json'), manifest);
  return { work, manifest };
}

/** Imports a manifest from the Models screen's Import… form, as an analyst does. */
export async function importDbtManifest(page: Page, manifest: string): Promise<void> {
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dbt = page.getByRole('form', { name: 'Import a dbt manifest' });
  await dbt.getByLabel('manifest.json').fill(manifest);
  await dbt.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('table', { name: 'Imported dbt models' })).toContainText(
    'analytics.customers',
  );
}
