import { expect, test } from 'vitest';
import { withDuckDbWarehouse } from '../testing/duckDbWarehouse.js';
import type { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { commitAcknowledged, markInDoubt, planDiff, readStaged, stateTables } from './index.js';
import type { DiffPlan, StagedChange } from './types.js';

const ref = { syncKey: 'sync-unchanged', stateSchema: '_ebb_reverse_etl' };
const model = { ...ref, sql: 'select id, v from t', idColumn: 'id', maxRecords: 1_000 };

/** A DuckDB warehouse whose model (t: 100 rows) was synced whole; statements are noted. */
function withSyncedWarehouse(work: (adapter: DuckDbAdapter, sql: string[]) => Promise<void>) {
  return withDuckDbWarehouse(
    `create table t as select range as id, 'v' || range as v from range(100)`,
    async (adapter, sql) => {
      expect(await planDiff(adapter, model)).toMatchObject({ new: 100, staged: 100 });
      await commitAcknowledged(adapter, ref, await staged(adapter));
      sql.length = 0;
      await work(adapter, sql);
    },
  );
}

async function staged(adapter: DuckDbAdapter): Promise<StagedChange[]> {
  const all: StagedChange[] = [];
  for await (const batch of readStaged(adapter, ref, 32)) all.push(...batch);
  return all;
}

const ranTheFullDiff = (sql: string[]) => sql.some((s) => /full outer join/i.test(s));

/** Plans, sends and acknowledges every staged change, then compares state with the model. */
async function syncAndCompare(adapter: DuckDbAdapter): Promise<DiffPlan> {
  const plan = await planDiff(adapter, model);
  await commitAcknowledged(adapter, ref, await staged(adapter));
  const { state } = stateTables(ref, 'duckdb');
  const stateRows = await adapter.query(`select id, record from ${state} order by id`);
  const modelRows = await adapter.query(`select id, v from t where id is not null order by id`);
  // Every row of a duplicated id is rejected: the destination keeps what it last acknowledged.
  const expected = new Map<number, unknown>();
  for (const row of modelRows) {
    const id = Number(row.id);
    const twice = modelRows.filter((other) => other.id === row.id).length > 1;
    expected.set(id, twice ? { id, v: `v${id}` } : { id, v: row.v });
  }
  expect(stateRows.map((r) => [Number(r.id), JSON.parse(String(r.record))])).toEqual([...expected]);
  return plan;
}

test('a model equal to state plans nothing without the full diff, and stages nothing', async () => {
  await withSyncedWarehouse(async (adapter, sql) => {
    const plan = await planDiff(adapter, model);
    expect(plan).toMatchObject({ new: 0, updated: 0, deleted: 0, rejected: 0, staged: 0 });
    expect(ranTheFullDiff(sql)).toBe(false);
    expect(await staged(adapter)).toEqual([]);
    // Planned again and again, still nothing (the empty staging and log are what it leaves).
    expect(await syncAndCompare(adapter)).toMatchObject({ staged: 0 });
  });
});

test('a changed row, or a delete and an insert of the same count, still take the full diff', async () => {
  await withSyncedWarehouse(async (adapter, sql) => {
    await adapter.execute(`update t set v = 'changed' where id = 7`);
    expect(await syncAndCompare(adapter)).toMatchObject({ updated: 1, new: 0, deleted: 0 });
    expect(ranTheFullDiff(sql)).toBe(true);
    await adapter.execute(`delete from t where id = 8`);
    await adapter.execute(`insert into t values (1000, 'v1000')`);
    expect(await syncAndCompare(adapter)).toMatchObject({ new: 1, deleted: 1, updated: 0 });
    expect(await syncAndCompare(adapter)).toMatchObject({ staged: 0 });
  });
});

test('a duplicated id or a null id hiding behind an unchanged row count is still found', async () => {
  await withSyncedWarehouse(async (adapter) => {
    // Same row count: id 9 is gone, id 10 is there twice.
    await adapter.execute(`update t set id = 10 where id = 9`);
    expect(await syncAndCompare(adapter)).toMatchObject({ deleted: 1, rejected: 2 });
    await adapter.execute(`update t set id = 9 where id = 10 and v = 'v9'`);
    expect(await syncAndCompare(adapter)).toMatchObject({ new: 1, updated: 0, rejected: 0 });
    // Same row count again: id 11 becomes null.
    await adapter.execute(`update t set id = null where id = 11`);
    expect(await syncAndCompare(adapter)).toMatchObject({ deleted: 1, rejected: 1 });
  });
});

test('rows in doubt are sent again although the model did not change', async () => {
  await withSyncedWarehouse(async (adapter) => {
    await adapter.execute(`update t set v = 'changed' where id in (3, 4)`);
    const plan = await planDiff(adapter, model);
    expect(plan).toMatchObject({ updated: 2, staged: 2 });
    // Sent, never answered (the run died): the destination may or may not hold them.
    await markInDoubt(adapter, ref, [[1, 2]]);
    expect(await syncAndCompare(adapter)).toMatchObject({ updated: 2 });
    expect(await syncAndCompare(adapter)).toMatchObject({ staged: 0 });
  });
});

test('a duplicated id hiding behind an unchanged row is found while rows are in doubt', async () => {
  await withSyncedWarehouse(async (adapter, sql) => {
    await adapter.execute(`update t set v = 'changed' where id = 3`);
    expect(await planDiff(adapter, model)).toMatchObject({ updated: 1, staged: 1 });
    await markInDoubt(adapter, ref, [[1, 1]]);
    // Same row count: id 9 is gone, id 10 is there twice (one copy unchanged). With a row in
    // doubt the check stops at state, so the model's rows are counted on their own.
    await adapter.execute(`update t set id = 10 where id = 9`);
    sql.length = 0;
    expect(await syncAndCompare(adapter)).toMatchObject({ updated: 1, deleted: 1, rejected: 2 });
    // The join's unchanged rows: the model's 100 rows less the changed ones' model rows.
    expect(sql.some((s) => /select 100 - coalesce\(sum\(n_model\), 0\)/.test(s))).toBe(true);
    expect(await syncAndCompare(adapter)).toMatchObject({ staged: 0, rejected: 2 });
  });
});
