import { expect, test } from 'vitest';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
closeAfterEach(() => [fixture]);

test('models.run says whether rows exist past the limit (exactly the limit is not "first N")', async () => {
  fixture = await syncFixture(20);
  const { call } = fixture;
  const draft = { warehouse: 'wh', sql: 'select * from users', idColumn: 'user_id' };
  const exactly = await call('models.run', { ...draft, limit: 20 });
  expect(exactly.rows).toHaveLength(20);
  expect(exactly.truncated).toBe(false);
  const fewer = await call('models.run', { ...draft, limit: 19 });
  expect(fewer.rows).toHaveLength(19);
  expect(fewer.truncated).toBe(true);
  expect((await call('models.run', { ...draft, limit: 100 })).truncated).toBe(false);
});
