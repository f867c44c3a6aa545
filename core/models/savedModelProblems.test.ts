import fs from 'node:fs';
import { expect, test } from 'vitest';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
closeAfterEach(() => [fixture]);

test('a model with problems saves as a marked draft; no sync can be created on it or run it', async () => {
  fixture = await syncFixture(3);
  const { call } = fixture;
  const out = await fixture.fileDestination();

  const broken = await call('models.add', {
    name: 'broken',
    warehouse: 'wh',
    sql: 'select user_id, emial from users',
    idColumn: 'user_id',
  });
  expect(broken.problems).toEqual([expect.objectContaining({ code: 'SQL_ERROR' })]);
  const noId = await call('models.add', {
    name: 'no id',
    warehouse: 'wh',
    sql: 'select name from users',
    idColumn: 'id',
  });
  expect(noId.problems!.map((p) => p.code)).toEqual(['ID_COLUMN_MISSING']);
  const listed = await call('models.list', {});
  expect(listed.find((m) => m.name === 'users')!.problems).toEqual([]);
  expect(listed.find((m) => m.name === 'broken')!.problems).toHaveLength(1);

  await expect(
    call('syncs.add', { name: 'out', model: 'no id', destination: 'files' }),
  ).rejects.toMatchObject({
    code: 'MODEL_HAS_PROBLEMS',
    message: expect.stringContaining('- ID_COLUMN_MISSING: The query has no column "id"'),
  });
  expect(await call('syncs.list', {})).toEqual([]);

  // A sync on a good model whose model then breaks (in the warehouse) refuses to run.
  await call('syncs.add', { name: 'out', model: 'users', destination: 'files' });
  await expect(call('syncs.update', { sync: 'out', model: 'broken' })).rejects.toMatchObject({
    code: 'MODEL_HAS_PROBLEMS',
  });
  await call('models.update', { model: 'users', sql: 'select user_id as uid from users' });
  await expect(call('syncs.run', { sync: 'out' })).rejects.toMatchObject({
    code: 'MODEL_HAS_PROBLEMS',
  });
  expect(await call('runs.list', { sync: 'out' })).toEqual([]);
  expect(fs.readdirSync(out)).toEqual([]);

  // Fixed and saved: the mark goes and the sync runs.
  const fixed = await call('models.update', { model: 'users', sql: 'select * from users' });
  expect(fixed.problems).toEqual([]);
  expect((await call('syncs.run', { sync: 'out' })).delivered).toBe(3);
});
