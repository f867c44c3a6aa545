import { expect, test } from 'vitest';
import { withDuckDbWarehouse } from '../testing/duckDbWarehouse.js';
import type { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import {
  applyAcknowledged,
  commitAcknowledged,
  planDiff,
  readStaged,
  recordAcknowledgedRanges,
} from './index.js';
import { stateTables } from './stateTables.js';
import type { StagedChange } from './types.js';

const ref = { syncKey: 'sync-1', stateSchema: '_ebb_reverse_etl' };
const model = { ...ref, sql: 'select id, v from t', idColumn: 'id', maxRecords: 1_000 };

const withWarehouse = (work: (adapter: DuckDbAdapter) => Promise<void>) =>
  withDuckDbWarehouse(
    `create table t as select range as id, 'v' || range as v from range(200)`,
    work,
  );

async function staged(adapter: DuckDbAdapter): Promise<StagedChange[]> {
  const all: StagedChange[] = [];
  for await (const batch of readStaged(adapter, ref, 64)) all.push(...batch);
  return all;
}

/** State row by row against the model: every id with exactly the record the model renders. */
async function expectStateEqualsModel(adapter: DuckDbAdapter) {
  const { state } = stateTables(ref, 'duckdb');
  const rows = await adapter.query(`select id, record from ${state} order by id`);
  expect(rows.map((r) => [Number(r.id), JSON.parse(String(r.record))])).toEqual(
    Array.from({ length: 200 }, (_, i) => [i, { id: i, v: `v${i}` }]),
  );
}

test('a first sync acknowledged whole becomes state as it is; applied again, nothing changes', async () => {
  await withWarehouse(async (adapter) => {
    expect(await planDiff(adapter, model)).toMatchObject({ new: 200, staged: 200 });
    const sent = await staged(adapter);
    await commitAcknowledged(adapter, ref, sent);
    await expectStateEqualsModel(adapter);
    const { state, stage } = stateTables(ref, 'duckdb');
    const columns = await adapter.query(`select * from ${state} limit 1`);
    expect(Object.keys(columns[0]!)).toEqual(['id', 'fp', 'record']);
    // What stays as staging names the changes by seq for the run log, and reads as nothing left.
    const kept = await adapter.query(`select seq, op, id from ${stage} order by seq limit 2`);
    expect(kept.map((r) => [Number(r.seq), r.op, Number(r.id)])).toEqual([
      [1, 'new', 0],
      [2, 'new', 1],
    ]);
    expect(await staged(adapter)).toEqual([]);

    // A crash after the commit, before the config store forgot the acknowledgements: the same
    // ranges are applied again and must change nothing.
    await recordAcknowledgedRanges(adapter, ref, [[1, 200]]);
    await applyAcknowledged(adapter, ref);
    await expectStateEqualsModel(adapter);
    expect(await planDiff(adapter, model)).toMatchObject({ new: 0, updated: 0, staged: 0 });

    // The next plans diff against it as against any state.
    await adapter.execute(`update t set v = 'changed' where id = 7`);
    await adapter.execute(`delete from t where id = 8`);
    expect(await planDiff(adapter, model)).toMatchObject({ updated: 1, deleted: 1, staged: 2 });
  });
});

test('a run not logged to the warehouse keeps no staged ids: staging stays, empty, read as committed', async () => {
  await withWarehouse(async (adapter) => {
    await planDiff(adapter, model);
    await recordAcknowledgedRanges(adapter, ref, [[1, 200]]);
    await applyAcknowledged(adapter, ref, false);
    await expectStateEqualsModel(adapter);
    const { stage } = stateTables(ref, 'duckdb');
    expect(await adapter.query(`select count(*)::int as n from ${stage}`)).toEqual([{ n: 0 }]);
    expect(await staged(adapter)).toEqual([]);
    await recordAcknowledgedRanges(adapter, ref, [[1, 200]]);
    await applyAcknowledged(adapter, ref, false);
    await expectStateEqualsModel(adapter);
    expect(await planDiff(adapter, model)).toMatchObject({ new: 0, updated: 0, staged: 0 });
  });
});

test('a first sync acknowledged in part is copied: the rest is new again next time', async () => {
  await withWarehouse(async (adapter) => {
    await planDiff(adapter, model);
    const sent = await staged(adapter);
    // seq 50 refused by the destination: not acknowledged, so state cannot be staging whole.
    await commitAcknowledged(
      adapter,
      ref,
      sent.filter((c) => c.seq !== 50),
    );
    const again = await planDiff(adapter, model);
    expect(again).toMatchObject({ new: 1, staged: 1 });
    const [retry] = await staged(adapter);
    expect(retry?.id).toBe(49);
    await commitAcknowledged(adapter, ref, [retry!]);
    await expectStateEqualsModel(adapter);
  });
});
