import { expect, test } from 'vitest';
import { closeAfterEach } from '../testing/closeAfterEach.js';
import { expectRowsEqual, modelRows } from '../testing/destinationEqualsModel.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startMirrorReceiver, type MirrorReceiver } from '../testing/mirrorReceiver.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';

/**
 * Changes in doubt (applied by the receiver, never answered) while state is re-fingerprinted: the
 * re-baseline compares state's stored record with the model's, and an id in doubt must not match
 * by the last value acknowledged, since the destination may hold the one sent after it.
 */
let fixture: SyncFixture | undefined;
let mirror: MirrorReceiver | undefined;
closeAfterEach(() => [mirror, fixture]);

async function inDoubtThenReverted(): Promise<SyncFixture> {
  const sync = await syncFixture(50);
  fixture = sync;
  mirror = await startMirrorReceiver();
  await sync.call('destinations.add', {
    name: 'hook',
    config: {
      type: 'webhook',
      url: mirror.url,
      batchSize: 10,
      concurrency: 2,
      timeoutMs: 300,
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
    },
  });
  await sync.call('syncs.add', {
    name: 'mirror',
    model: 'users',
    destination: 'hook',
    mode: 'mirror',
  });
  expect(await sync.call('syncs.run', { sync: 'mirror' })).toMatchObject({ delivered: 50 });

  // Applied by the receiver, never answered: in doubt.
  await runDuckDb(
    sync.warehouseFile,
    `update users set score = -1 where user_id between 10 and 14`,
  );
  mirror.answer = 'hang';
  expect(await sync.call('syncs.run', { sync: 'mirror' })).toMatchObject({ delivered: 0 });
  expect(mirror.rows.get('12')?.score).toBe(-1);
  mirror.answer = 'ok';

  // The model goes back to the values last acknowledged.
  await runDuckDb(
    sync.warehouseFile,
    `update users set score = user_id * 1.5 where user_id between 10 and 14`,
  );
  return sync;
}

test('an id type changed while changes are in doubt (BIGINT → INTEGER, same JSON): the reverted rows are resent', async () => {
  const sync = await inDoubtThenReverted();
  const sql = 'select user_id::integer as user_id, name, score from users';
  await sync.call('models.update', { model: 'users', sql });
  const preview = await sync.call('syncs.preview', { sync: 'mirror', limit: 10 });
  expect(preview.changes).toEqual({ new: 0, updated: 5, deleted: 0 });
  const run = await sync.call('syncs.run', { sync: 'mirror' });
  expect(run).toMatchObject({ status: 'succeeded', changes: { updated: 5 } });
  expectRowsEqual(mirror!.rows, await modelRows(sync.warehouseFile, sql, 'user_id'));
});

test('a fingerprint that changed with the warehouse while changes are in doubt: the reverted rows are resent', async () => {
  const sync = await inDoubtThenReverted();
  // As a warehouse upgrade that changes the hash would leave it: state tagged by another one.
  await runDuckDb(
    sync.warehouseFile,
    `update _ebb_reverse_etl.ebb_sync_meta set fingerprint_tag = 'an older warehouse'`,
  );
  const run = await sync.call('syncs.run', { sync: 'mirror' });
  expect(run).toMatchObject({ status: 'succeeded', changes: { updated: 5 } });
  expectRowsEqual(
    mirror!.rows,
    await modelRows(sync.warehouseFile, 'select * from users', 'user_id'),
  );
});
