import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, screenshot, test, type RunningApp } from './fixtures';

interface Receiver {
  url: string;
  /** Ids of every non-empty batch received, in order. */
  batches: string[][];
  /** Resolves when the first non-empty batch arrives (its answer may still be held back). */
  firstBatch: Promise<void>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 for one test. The empty test batch `{"batch":[]}` is answered
 * at once; every other batch gets `answer(ids)` after `delayMs` (unless the client gives up first).
 */
async function startReceiver(options: {
  delayMs?: number;
  answer: (ids: string[]) => { status: number; body: unknown };
}): Promise<Receiver> {
  const batches: string[][] = [];
  let arrived!: () => void;
  const firstBatch = new Promise<void>((resolve) => (arrived = resolve));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        batch: { id: string }[];
      };
      const ids = parsed.batch.map((change) => String(change.id));
      const reply = () => {
        const { status, body } = options.answer(ids);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (ids.length === 0) return reply();
      batches.push(ids);
      arrived();
      const timer = setTimeout(reply, options.delayMs ?? 0);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    batches,
    firstBatch,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A model of the first `users` Sample users, a webhook destination and a manual sync. */
async function setUp(
  app: RunningApp,
  url: string,
  users: number,
  batchSize: number,
  ops?: { retrySyncs: number },
) {
  await app.api('models.add', {
    name: 'First users',
    warehouse: 'Sample warehouse',
    sql: `select user_id, email, country from main.users where user_id <= ${users}`,
    idColumn: 'user_id',
  });
  await app.api('destinations.add', {
    name: 'Receiver',
    config: { type: 'webhook', url, batchSize, concurrency: 1 },
  });
  await app.api('syncs.add', {
    name: 'Users to receiver',
    model: 'First users',
    destination: 'Receiver',
    ops,
  });
}

/** 207 for ids ending in 3 (3, 13, 23): those fail, the rest are delivered. */
const refuseEndingIn3 = (message: (id: string) => string) => (ids: string[]) => ({
  status: 207,
  body: {
    errors: ids.filter((id) => id.endsWith('3')).map((id) => ({ id, message: message(id) })),
  },
});

test('cancelling a running sync ends the run "cancelled"', async ({ page, app }) => {
  // Each batch of 5 is answered after 3 s: 40 users take 24 s, long enough to cancel.
  const receiver = await startReceiver({
    delayMs: 3000,
    answer: () => ({ status: 200, body: {} }),
  });
  try {
    await setUp(app, receiver.url, 40, 5);
    await page.goto(app.url);
    await page.keyboard.press('Control+4');
    const detail = page.locator('.sync-detail');
    await expect(detail.getByRole('heading', { name: 'Users to receiver' })).toBeVisible();
    await expect(page.getByRole('tablist', { name: 'Changes' })).toContainText('40');

    await page.getByRole('button', { name: /Sync now/ }).click();
    await expect(page.getByRole('region', { name: 'Run progress' })).toBeVisible();
    await receiver.firstBatch; // the run is sending, its first answer held back
    await screenshot(page, 'sync-running');
    await page.getByRole('button', { name: 'Cancel run' }).click();

    await expect(
      page.getByRole('status').filter({ hasText: 'Users to receiver: cancelled' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: /Sync now/ })).toBeEnabled();
    // The progress stays where the run stopped instead of claiming it is done.
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /^Cancelled/);
    await expect(page.locator('.last-run')).toContainText('cancelled');
    await page.getByRole('tab', { name: 'Run history' }).click();
    const history = page.getByRole('table', { name: 'Run history' });
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
    expect(receiver.batches.length).toBeLessThan(8);
  } finally {
    await receiver.close();
  }
});

test('the error log lists the records the destination refused and downloads as CSV', async ({
  page,
  app,
}) => {
  // 23's message needs quoting.
  const receiver = await startReceiver({
    answer: refuseEndingIn3((id) => (id === '23' ? 'bad, "really"' : 'bad')),
  });
  try {
    await setUp(app, receiver.url, 30, 10);
    await page.goto(app.url);
    await page.keyboard.press('Control+4');
    await expect(page.getByRole('tablist', { name: 'Changes' })).toContainText('30');
    await page.getByRole('button', { name: /Sync now/ }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Users to receiver: partial' }),
    ).toBeVisible();

    await page.getByRole('tab', { name: 'Run history' }).click();
    const history = page.getByRole('table', { name: 'Run history' });
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
  const receiver = await startReceiver({ answer: refuseEndingIn3(() => 'email bounced') });
  try {
    await setUp(app, receiver.url, 30, 10, { retrySyncs: 1 });
    await page.goto(app.url);
    await page.keyboard.press('Control+4');
    await page.getByRole('tab', { name: 'Quarantine' }).click();
    await expect(page.getByRole('heading', { name: 'Nothing in quarantine' })).toBeVisible();
    await page.getByRole('button', { name: /Sync now/ }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Users to receiver: partial' }),
    ).toBeVisible();

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
