import { expect, test } from 'vitest';
import { expectRowsEqual, modelRows } from '../testing/destinationEqualsModel.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startMirrorReceiver, type MirrorReceiver } from '../testing/mirrorReceiver.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
const receivers: MirrorReceiver[] = [];
closeAfterEach(() => [...receivers.splice(0), fixture]);

async function mirrorSyncTo(name: string): Promise<MirrorReceiver> {
  const mirror = await startMirrorReceiver();
  receivers.push(mirror);
  await fixture!.call('destinations.add', {
    name,
    config: { type: 'webhook', url: mirror.url, batchSize: 200, concurrency: 2 },
  });
  await fixture!.call('syncs.add', { name, model: 'users', destination: name, mode: 'mirror' });
  return mirror;
}

test('two syncs on one DuckDB file run at once in one core: both destinations equal the model, and neither resends', async () => {
  fixture = await syncFixture(20_000);
  const { call, warehouseFile } = fixture;
  const a = await mirrorSyncTo('a');
  const b = await mirrorSyncTo('b');

  const first = await Promise.all([
    call('syncs.run', { sync: 'a' }),
    call('syncs.run', { sync: 'b' }),
  ]);
  expect(first.map((run) => [run.status, run.delivered, run.message ?? ''])).toEqual([
    ['succeeded', 20_000, ''],
    ['succeeded', 20_000, ''],
  ]);

  await runDuckDb(
    warehouseFile,
    `update users set score = -1 where user_id < 500`,
    `delete from users where user_id between 1000 and 1299`,
    `insert into users select range, 'late', 0 from range(20000, 20400)`,
  );
  const second = await Promise.all([
    call('syncs.run', { sync: 'a' }),
    call('syncs.run', { sync: 'b' }),
  ]);
  for (const run of second) {
    expect(run).toMatchObject({
      status: 'succeeded',
      changes: { new: 400, updated: 500, deleted: 300 },
    });
  }

  const model = await modelRows(warehouseFile, 'select * from users', 'user_id');
  expectRowsEqual(a.rows, model);
  expectRowsEqual(b.rows, model);
  const sentBefore = [a.received.length, b.received.length];
  const quiet = await Promise.all([
    call('syncs.run', { sync: 'a' }),
    call('syncs.run', { sync: 'b' }),
  ]);
  for (const run of quiet) expect(run.changes).toEqual({ new: 0, updated: 0, deleted: 0 });
  expect([a.received.length, b.received.length]).toEqual(sentBefore);
});
