import { expect, test } from 'vitest';
import { runDuckDb } from '../testing/duckdbFile.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
closeAfterEach(() => [fixture]);

/** A model `codes(code, label)` of these VALUES rows, ids as text, and its mirror sync "codes out" to files. */
async function codesSyncedOut(values: string): Promise<SyncFixture> {
  fixture = await syncFixture(1);
  const { call, warehouseFile, home } = fixture;
  await runDuckDb(
    warehouseFile,
    `create table codes as select * from (values ${values}) as t(code, label)`,
  );
  await call('models.add', {
    name: 'codes',
    warehouse: 'wh',
    sql: 'select code, label from codes',
    idColumn: 'code',
  });
  await call('destinations.add', { name: 'out', config: { type: 'file', path: home } });
  await call('syncs.add', {
    name: 'codes out',
    model: 'codes',
    destination: 'out',
    mode: 'mirror',
  });
  return fixture;
}

test("a new id type that would merge stored ids ('000' and '0' → 0) is a problem at check time, until the sync is reset", async () => {
  const { call } = await codesSyncedOut(
    "('0', 'a'), ('000', 'b'), ('7', 'c'), ('07', 'd'), ('9', 'e')",
  );
  expect(await call('syncs.run', { sync: 'codes out' })).toMatchObject({ delivered: 5 });

  const asBigint = 'select cast(code as bigint) as code, label from codes';
  const draft = { warehouse: 'wh', sql: asBigint, idColumn: 'code' };
  // Without the saved model it edits, a draft has no syncs to ask.
  expect(await call('models.check', draft)).toMatchObject({ ok: true, problems: [] });
  const check = await call('models.check', { ...draft, model: 'codes' });
  expect(check.ok).toBe(false);
  expect(check.problems).toEqual([
    expect.objectContaining({
      code: 'ID_CAST_MERGES_IDS',
      actual: 2,
      message: expect.stringMatching(
        /now BIGINT; sync "codes out" stored its ids as VARCHAR, and 2 groups .*'0' and '000' both become 0.*ebb sync reset "codes out"/,
      ),
    }),
  ]);

  // Saved anyway, the model carries the problem and the sync refuses to run on it.
  await call('models.update', { model: 'codes', sql: asBigint });
  await expect(call('syncs.run', { sync: 'codes out' })).rejects.toThrow(/ID_CAST_MERGES_IDS/);
  // Starting the sync fresh is the way forward the message names.
  await call('syncs.reset', { sync: 'codes out' });
  expect(await call('models.check', { ...draft, model: 'codes' })).toMatchObject({ ok: true });
  // The cast ids are duplicates in the model itself now: rejected with a reason, never merged.
  expect(await call('syncs.run', { sync: 'codes out' })).toMatchObject({
    status: 'succeeded',
    rejected: 4,
    delivered: 1,
  });
});

test('a new id type under which every stored id stays distinct is no problem', async () => {
  const { call } = await codesSyncedOut("('1', 'a'), ('2', 'b'), ('30', 'c')");
  await call('syncs.run', { sync: 'codes out' });
  const sql = 'select cast(code as bigint) as code, label from codes';
  expect(
    await call('models.check', { warehouse: 'wh', sql, idColumn: 'code', model: 'codes' }),
  ).toMatchObject({ ok: true, problems: [] });
  await call('models.update', { model: 'codes', sql });
  expect(await call('syncs.run', { sync: 'codes out' })).toMatchObject({ status: 'succeeded' });
});
