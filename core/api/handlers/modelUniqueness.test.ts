import { expect, test } from 'vitest';
import { runDuckDb } from '../../testing/duckdbFile.js';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
closeAfterEach(() => [fixture]);

test('models.uniqueness counts rows, distinct values and nulls of a candidate id column', async () => {
  fixture = await syncFixture(20);
  const { call, warehouseFile } = fixture;
  await runDuckDb(warehouseFile, "insert into users values (3, 'again', 0), (null, 'nobody', 0)");
  const draft = { warehouse: 'wh', sql: 'select * from users', idColumn: 'user_id' };
  expect(await call('models.uniqueness', { ...draft, column: 'user_id' })).toEqual({
    rows: 22,
    distinct: 20,
    nulls: 1,
  });
  expect(await call('models.uniqueness', { ...draft, column: 'name' })).toEqual({
    rows: 22,
    distinct: 22,
    nulls: 0,
  });
});
