import { expect, test } from 'vitest';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startMirrorReceiver, type MirrorReceiver } from '../testing/mirrorReceiver.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
let mirror: MirrorReceiver | undefined;
closeAfterEach(() => [mirror, fixture]);

test('a model column named __segment_id or __proto__ is refused at check (RESERVED_COLUMN_NAME), and no delete goes out with a nulled id', async () => {
  fixture = await syncFixture(10);
  const { call, warehouseFile } = fixture;
  const checked = await call('models.check', {
    warehouse: 'wh',
    sql: 'select user_id, user_id as __segment_id, name as "__proto__" from users',
    idColumn: 'user_id',
  });
  expect(checked.ok).toBe(false);
  expect(checked.problems.map((p) => [p.code, p.message])).toEqual([
    [
      'RESERVED_COLUMN_NAME',
      expect.stringMatching(/"__segment_id" is reserved.*deleted records.*Alias it/),
    ],
    ['RESERVED_COLUMN_NAME', expect.stringMatching(/"__proto__" is reserved.*Alias it/)],
  ]);

  // A mirror sync whose model gains such a column: its deletes would carry "__segment_id": null.
  mirror = await startMirrorReceiver();
  await call('destinations.add', { name: 'hook', config: { type: 'webhook', url: mirror.url } });
  await call('syncs.add', { name: 'mirror', model: 'users', destination: 'hook', mode: 'mirror' });
  expect(await call('syncs.run', { sync: 'mirror' })).toMatchObject({ delivered: 10 });
  await call('models.update', {
    model: 'users',
    sql: 'select user_id, name, user_id as __segment_id from users',
  });
  await runDuckDb(warehouseFile, 'delete from users where user_id < 3');
  await expect(call('syncs.run', { sync: 'mirror' })).rejects.toMatchObject({
    code: 'MODEL_HAS_PROBLEMS',
    message: expect.stringContaining('RESERVED_COLUMN_NAME'),
  });
  expect(mirror.received).toHaveLength(10);
});

test('a mapping to a reserved field name (__proto__, __segment_id) is refused with RESERVED_FIELD_NAME, never dropped', async () => {
  fixture = await syncFixture(3);
  const { call } = fixture;
  mirror = await startMirrorReceiver();
  await call('destinations.add', { name: 'hook', config: { type: 'webhook', url: mirror.url } });
  for (const mapping of [
    { fields: [{ source: 'name', target: '__proto__' }] },
    { fields: [{ source: 'name', target: '__segment_id' }] },
    {
      fields: [{ source: 'name', target: 'name' }],
      constants: [{ target: '__proto__', value: 1 }],
    },
  ]) {
    await expect(
      call('syncs.add', { name: 's', model: 'users', destination: 'hook', mapping }),
    ).rejects.toMatchObject({
      code: 'RESERVED_FIELD_NAME',
      message: expect.stringMatching(/"__(proto__|segment_id)" is reserved/),
    });
  }
  // Any other name goes out exactly as mapped.
  await call('syncs.add', {
    name: 's',
    model: 'users',
    destination: 'hook',
    mapping: { fields: [{ source: 'name', target: 'proto' }] },
  });
  await call('syncs.run', { sync: 's' });
  expect([...mirror.rows.values()]).toContainEqual({ proto: 'user 0' });
});
