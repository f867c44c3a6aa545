import { expect, test } from 'vitest';
import { expectRowsEqual, modelRows } from '../testing/destinationEqualsModel.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startMirrorReceiver, type MirrorReceiver } from '../testing/mirrorReceiver.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
const receivers: MirrorReceiver[] = [];
closeAfterEach(() => [...receivers.splice(0), fixture]);

async function receiver(): Promise<MirrorReceiver> {
  const started = await startMirrorReceiver();
  receivers.push(started);
  return started;
}

/** Row by row: the destination holds exactly the model. */
async function expectDestinationEqualsModel(mirror: MirrorReceiver, sql = 'select * from users') {
  expectRowsEqual(mirror.rows, await modelRows(fixture!.warehouseFile, sql, 'user_id'));
}

async function mirrorSync(mirror: MirrorReceiver, options: { timeoutMs?: number } = {}) {
  await fixture!.call('destinations.add', {
    name: 'hook',
    config: {
      type: 'webhook',
      url: mirror.url,
      batchSize: 10,
      concurrency: 2,
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
    },
  });
  await fixture!.call('syncs.add', {
    name: 'mirror',
    model: 'users',
    destination: 'hook',
    mode: 'mirror',
  });
}

test('changes applied by the destination but never answered (time-out) are resent or deleted after the model reverts them', async () => {
  fixture = await syncFixture(100);
  const mirror = await receiver();
  await mirrorSync(mirror, { timeoutMs: 300 });
  expect(await fixture.call('syncs.run', { sync: 'mirror' })).toMatchObject({
    status: 'succeeded',
    delivered: 100,
  });

  // Run 2 reaches the destination, but no answer comes back.
  await runDuckDb(
    fixture.warehouseFile,
    `update users set score = -1 where user_id between 10 and 14`,
    `delete from users where user_id between 20 and 24`,
    `insert into users select range, 'late ' || range, 0 from range(100, 105)`,
  );
  mirror.answer = 'hang';
  const timedOut = await fixture.call('syncs.run', { sync: 'mirror' });
  expect(timedOut.delivered).toBe(0);
  expect(mirror.rows.get('10')?.score).toBe(-1);
  expect(mirror.rows.has('20')).toBe(false);
  expect(mirror.rows.has('100')).toBe(true);

  // The model reverts all of it; the destination must follow.
  await runDuckDb(
    fixture.warehouseFile,
    `update users set score = user_id * 1.5 where user_id between 10 and 14`,
    `insert into users select range, 'user ' || range, range * 1.5 from range(20, 25)`,
    `delete from users where user_id >= 100`,
  );
  mirror.answer = 'ok';
  const preview = await fixture.call('syncs.preview', { sync: 'mirror', limit: 50 });
  expect(preview.changes).toEqual({ new: 0, updated: 10, deleted: 5 });
  const healed = await fixture.call('syncs.run', { sync: 'mirror' });
  expect(healed).toMatchObject({ status: 'succeeded', changes: { updated: 10, deleted: 5 } });
  await expectDestinationEqualsModel(mirror);

  // Nothing is in doubt any more: the next run sends nothing.
  const quiet = await fixture.call('syncs.run', { sync: 'mirror' });
  expect(quiet.changes).toEqual({ new: 0, updated: 0, deleted: 0 });
});

test('a cancelled run leaves its unanswered batches in doubt, and the next run converges', async () => {
  fixture = await syncFixture(200);
  const mirror = await receiver();
  await mirrorSync(mirror);
  mirror.answer = 'hang';
  const run = fixture.call('syncs.run', { sync: 'mirror' });
  while (mirror.received.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));
  await fixture.call('syncs.cancel', { sync: 'mirror' });
  expect((await run).status).toBe('cancelled');
  mirror.answer = 'ok';
  // What was in flight leaves the model before the next run.
  const inFlight = [...mirror.rows.keys()].slice(0, 5);
  await runDuckDb(
    fixture.warehouseFile,
    `delete from users where user_id in (${inFlight.join(', ')})`,
  );
  await fixture.call('syncs.run', { sync: 'mirror' });
  await expectDestinationEqualsModel(mirror);
});

test('rows that leave the model while state is re-fingerprinted (a column added) are deleted in mirror mode', async () => {
  fixture = await syncFixture(50);
  const mirror = await receiver();
  await mirrorSync(mirror);
  await fixture.call('syncs.run', { sync: 'mirror' });
  const sql = `select *, 'x' as extra from users where user_id >= 5`;
  await fixture.call('models.update', { model: 'users', sql });
  const run = await fixture.call('syncs.run', { sync: 'mirror' });
  expect(run.changes.deleted).toBe(5);
  await expectDestinationEqualsModel(mirror, sql);
});

test('an id whose type changed (BIGINT → VARCHAR) deletes the old ids in mirror mode', async () => {
  fixture = await syncFixture(30);
  const mirror = await receiver();
  await mirrorSync(mirror);
  await fixture.call('syncs.run', { sync: 'mirror' });
  const sql = `select 'u' || user_id as user_id, name, score from users where user_id < 20`;
  await fixture.call('models.update', { model: 'users', sql });
  const run = await fixture.call('syncs.run', { sync: 'mirror' });
  expect(run).toMatchObject({ status: 'succeeded', changes: { new: 20, deleted: 30 } });
  await expectDestinationEqualsModel(mirror, sql);
});

test('pointing a sync at another destination starts its state fresh: the new one receives every record', async () => {
  fixture = await syncFixture(100);
  const first = await receiver();
  const second = await receiver();
  await mirrorSync(first);
  await fixture.call('syncs.run', { sync: 'mirror' });
  await fixture.call('destinations.add', {
    name: 'hook2',
    config: { type: 'webhook', url: second.url },
  });
  await fixture.call('syncs.update', { sync: 'mirror', destination: 'hook2' });
  const preview = await fixture.call('syncs.preview', { sync: 'mirror', limit: 5 });
  expect(preview.changes).toEqual({ new: 100, updated: 0, deleted: 0 });
  const run = await fixture.call('syncs.run', { sync: 'mirror' });
  expect(run).toMatchObject({ status: 'succeeded', delivered: 100 });
  await expectDestinationEqualsModel(second);
  // A changed mapping changes what the destination holds, too.
  await fixture.call('syncs.update', {
    sync: 'mirror',
    mapping: {
      fields: [
        { source: 'user_id', target: 'user_id' },
        { source: 'name', target: 'name' },
        { source: 'score', target: 'score' },
      ],
    },
  });
  const remapped = await fixture.call('syncs.preview', { sync: 'mirror', limit: 5 });
  expect(remapped.changes.new).toBe(100);
});
