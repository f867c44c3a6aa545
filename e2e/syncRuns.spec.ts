import fs from 'node:fs';
import { startLoopbackApi, type ApiAnswer, type LoopbackApi } from '../core/testing/loopbackApi';
import { expect, screenshot, test, type RunningApp } from './fixtures';
import { openRunHistory, openSyncs, syncNow } from './screens';
import { addDestination, addModel, addSync, firstUsers } from './seed';

/** The ids of a webhook request's batch (none in the empty test batch). */
const batchIds = (body: string) =>
  (JSON.parse(body) as { batch: { id: string }[] }).batch.map((change) => String(change.id));

/** The ids of every non-empty batch `receiver` was sent, in order. */
const batchesOf = (receiver: LoopbackApi) =>
  receiver.requests.map((request) => batchIds(request.body)).filter((ids) => ids.length > 0);

/**
 * A webhook receiver on 127.0.0.1 for one test: each batch gets `answer(ids)`, after `delayMs`
 * when given (an answer to a request the client gave up on goes nowhere).
 */
function startReceiver(answer: (ids: string[]) => ApiAnswer, delayMs?: number) {
  return startLoopbackApi((request) => answer(batchIds(request.body)), { latencyMs: delayMs });
}

/** A model of the first `users` Sample users, a webhook destination and a manual sync. */
async function setUp(
  app: RunningApp,
  url: string,
  users: number,
  batchSize: number,
  ops?: { retrySyncs: number },
) {
  await addModel(app, 'First users', firstUsers(users, 'user_id, email, country'));
  await addDestination(app, 'Receiver', { type: 'webhook', url, batchSize, concurrency: 1 });
  await addSync(app, 'Users to receiver', 'First users', 'Receiver', ops);
}

/** 207 for ids ending in 3 (3, 13, 23): those fail, the rest are delivered. */
const refuseEndingIn3 =
  (message: (id: string) => string) =>
  (ids: string[]): ApiAnswer => ({
    status: 207,
    json: {
      errors: ids.filter((id) => id.endsWith('3')).map((id) => ({ id, message: message(id) })),
    },
  });

test('cancelling a running sync ends the run "cancelled"', async ({ page, app }) => {
  // Each batch of 5 is answered after 3 s: 40 users take 24 s, long enough to cancel.
  const receiver = await startReceiver(() => ({ status: 200, json: {} }), 3000);
  try {
    await setUp(app, `${receiver.url}/hook`, 40, 5);
    await openSyncs(page, app, 'Users to receiver');
    await expect(page.getByRole('tablist', { name: 'Changes' })).toContainText('40');

    await page.getByRole('button', { name: /Sync now/ }).click();
    await expect(page.getByRole('region', { name: 'Run progress' })).toBeVisible();
    // The run is sending, its first answer held back.
    await expect.poll(() => batchesOf(receiver).length).toBeGreaterThan(0);
    await screenshot(page, 'sync-running');
    await page.getByRole('button', { name: 'Cancel run' }).click();

    await expect(
      page.getByRole('status').filter({ hasText: 'Users to receiver: cancelled' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: /Sync now/ })).toBeEnabled();
    // The progress stays where the run stopped instead of claiming it is done.
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /^Cancelled/);
    await expect(page.locator('.last-run')).toContainText('cancelled');
    const history = await openRunHistory(page);
    await expect(history.getByRole('row')).toHaveCount(2);
    await expect(history.getByRole('row').nth(1)).toContainText('cancelled');
    await expect(history.getByRole('columnheader').nth(2)).toHaveText('Changes');
    await expect(history.getByRole('row').nth(1).getByRole('cell').nth(2)).toContainText('40 new');
    await screenshot(page, 'run-cancelled');

    const runs = (await app.api('runs.list', { sync: 'Users to receiver' })) as {
      status: string;
      delivered: number;
    }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('cancelled');
    expect(runs[0]!.delivered).toBeLessThan(40);
    expect(batchesOf(receiver).length).toBeLessThan(8);
  } finally {
    await receiver.close();
  }
});

test('the error log lists the records the destination refused and downloads as CSV', async ({
  page,
  app,
}) => {
  // 23's message needs quoting.
  const receiver = await startReceiver(
    refuseEndingIn3((id) => (id === '23' ? 'bad, "really"' : 'bad')),
  );
  try {
    await setUp(app, `${receiver.url}/hook`, 30, 10);
    await openSyncs(page, app);
    await expect(page.getByRole('tablist', { name: 'Changes' })).toContainText('30');
    await syncNow(page, 'Users to receiver: partial');

    const history = await openRunHistory(page);
    const row = history.getByRole('row').nth(1);
    await expect(row).toContainText('partial');
    const cells = row.getByRole('cell');
    await expect(cells.nth(3)).toHaveText('27'); // delivered
    await expect(cells.nth(4)).toHaveText('3'); // failed
    await row.getByRole('button', { name: 'Error log' }).click();
    const log = page.getByRole('region', { name: 'Error log' });
    await expect(log.getByRole('row')).toHaveCount(4);
    await expect(log.getByRole('row', { name: /^13 / })).toContainText('bad');
    await screenshot(page, 'run-error-log');
    // A header sorts its column; again, the other way (ids compared as numbers).
    const ids = log.getByRole('row').locator('td:first-child');
    await expect(ids).toHaveText(['3', '13', '23']);
    await log.getByRole('button', { name: 'Id' }).click();
    await log.getByRole('button', { name: 'Id' }).click();
    await expect(log.getByRole('columnheader', { name: 'Id' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    await expect(ids).toHaveText(['23', '13', '3']);

    // The records sent are the delivered ones only: none of the refused ids.
    await row.getByRole('button', { name: 'Records sent' }).click();
    const sent = page.getByRole('region', { name: 'Records sent' });
    await expect(sent).toContainText('Every record delivered');
    await expect(sent.getByRole('row')).toHaveCount(28);
    const sentIds = await sent.locator('tbody tr td:first-child').allInnerTexts();
    expect(sentIds.sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => String(i + 1))
        .filter((id) => !id.endsWith('3'))
        .sort(),
    );
    await row.getByRole('button', { name: 'Error log' }).click();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      log.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const runs = (await app.api('runs.list', { sync: 'Users to receiver' })) as { runId: string }[];
    expect(download.suggestedFilename()).toBe(`ebb-Users to receiver-${runs[0]!.runId}-errors.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')).toEqual(['id,reason', '3,bad', '13,bad', '23,"bad, ""really"""', '']);
  } finally {
    await receiver.close();
  }
});

test('records refused past the retry policy are parked in quarantine and listed by a sortable table', async ({
  page,
  app,
}) => {
  const receiver = await startReceiver(refuseEndingIn3(() => 'email bounced'));
  try {
    await setUp(app, `${receiver.url}/hook`, 30, 10, { retrySyncs: 1 });
    await openSyncs(page, app);
    await page.getByRole('tab', { name: 'Quarantine' }).click();
    await expect(page.getByRole('heading', { name: 'Nothing in quarantine' })).toBeVisible();
    await syncNow(page, 'Users to receiver: partial');

    const parked = page.getByRole('table', { name: 'Parked records' });
    await expect(parked.getByRole('row')).toHaveCount(4);
    await parked.getByRole('button', { name: 'Record id' }).click();
    await expect(parked.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('3');
    await expect(parked.getByRole('row').nth(3)).toContainText('email bounced');
    await screenshot(page, 'quarantine');
  } finally {
    await receiver.close();
  }
});
