import { expect, test } from 'vitest';
import { MAX_COLUMN_JSON_BYTES } from '../models/limits.js';
import { withDuckDbWarehouse } from '../testing/duckDbWarehouse.js';
import type { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { commitAcknowledged, planDiff, readStaged, stateTables } from './index.js';
import type { DiffPlan, StagedChange } from './types.js';

const ref = { syncKey: 'sync-rejects', stateSchema: '_ebb_reverse_etl' };
const model = { ...ref, sql: 'select id, v from t', idColumn: 'id', maxRecords: 100_000 };

/**
 * 1..5000 with 10 three times, 4000 twice (one copy oversize: a duplicate, not an oversize
 * record), 20 oversize and two null ids; `order` is the order the rows are written in (k is
 * where each extra row sits among the ids).
 */
const table = (order: string) => `create table t as
  select id, v from (
    select range as id, if(range = 20, repeat('y', ${MAX_COLUMN_JSON_BYTES}), 'v' || range) as v,
           range as k
      from range(1, 5001)
    union all select 10, 'again', 10.5
    union all select 10, 'thrice', 10.6
    union all select 4000, repeat('x', ${MAX_COLUMN_JSON_BYTES + 10}), 4000.5
    union all select null, 'no id', 7.5
    union all select null, 'no id 2', 2000.5
  ) as rows order by ${order}`;

/** The rows a sync may send: non-null ids found once, not oversize; as [id, record] by id. */
async function usableRows(adapter: DuckDbAdapter) {
  const rows = await adapter.query(
    `select id, v from t
      where id in (select id from t group by id having count(*) = 1) and length(v) < 1000
      order by id`,
  );
  return rows.map((r) => [Number(r.id), { id: Number(r.id), v: String(r.v) }]);
}

async function plan(
  adapter: DuckDbAdapter,
  firstSyncPath: 'fast' | 'general',
  maxRecords = 100_000,
) {
  // Only the fast path says staging is stored in seq order (the general one is checked).
  const {
    warehouseMs: _,
    stagedInScanOrder,
    ...counts
  } = await planDiff(adapter, { ...model, firstSyncPath, maxRecords });
  const staged: StagedChange[] = [];
  for await (const batch of readStaged(adapter, ref, 1000)) staged.push(...batch);
  return { counts, staged, stagedInScanOrder };
}

const expected: Omit<DiffPlan, 'warehouseMs'> = {
  new: 4997,
  updated: 0,
  deleted: 0,
  rejected: 8,
  pending: 0,
  staged: 4997,
  rejectedSamples: [
    { id: null, reason: '2 rows have a null id' },
    { id: 10, reason: 'duplicate id: 3 rows share it; all are rejected' },
    { id: 4000, reason: 'duplicate id: 2 rows share it; all are rejected' },
    { id: 20, reason: expect.stringMatching(/^column "v" is \d+ bytes as JSON/) as string },
  ],
};

for (const [name, order, sorted] of [
  ['in id order', 'k', false],
  ['out of id order', '(k * 7919)::bigint % 5003, k', true],
] as const) {
  test(`null, duplicated and oversize ids ${name}: the general path's plan, staging and state`, async () => {
    await withDuckDbWarehouse(table(order), async (adapter, sql) => {
      const general = await plan(adapter, 'general');
      sql.length = 0;
      const fast = await plan(adapter, 'fast');
      // Duplicated ids found in staging, not by an aggregate over every id of the model.
      expect(sql.some((s) => /ebb_id_groups as/.test(s))).toBe(false);
      expect(sql.some((s) => /_sorted" as select/.test(s))).toBe(sorted);
      // Duplicates and oversize rows deleted, then the rest numbered once.
      expect(sql.filter((s) => /set seq/.test(s))).toEqual([expect.stringMatching(/row_number/)]);
      expect(fast.counts).toEqual(expected);
      expect([fast.stagedInScanOrder, general.stagedInScanOrder]).toEqual([true, undefined]);
      expect(general.counts).toEqual(expected);
      const rows = await usableRows(adapter);
      const sent = (s: StagedChange[]) =>
        s.map((c) => [c.seq, c.op, c.id, JSON.parse(c.recordJson)]);
      expect(sent(fast.staged)).toEqual(rows.map(([id, record], i) => [i + 1, 'new', id, record]));
      expect(sent(fast.staged)).toEqual(sent(general.staged));

      await commitAcknowledged(adapter, ref, fast.staged);
      const state = await adapter.query(
        `select id, record from ${stateTables(ref, 'duckdb').state} order by id`,
      );
      expect(state.map((r) => [Number(r.id), JSON.parse(String(r.record))])).toEqual(rows);
    });
  });
}

test('more non-null ids than the cap: the id pass runs, and tells whether the usable rows fit', async () => {
  await withDuckDbWarehouse(table('(k * 7919)::bigint % 5003, k'), async (adapter, sql) => {
    // 5003 non-null ids, 4998 usable before the size check: they fit.
    const fits = await plan(adapter, 'fast', 5000);
    expect(sql.some((s) => /ebb_id_groups as/.test(s))).toBe(true);
    expect(fits.counts).toEqual(expected);
    expect(fits.staged.map((c) => c.id)).toEqual((await usableRows(adapter)).map(([id]) => id));
    // They do not: the general path stages the first 1000 in id order.
    sql.length = 0;
    const capped = await plan(adapter, 'fast', 1000);
    expect(sql.some((s) => /ebb_changes as/.test(s))).toBe(true);
    expect(capped.staged.map((c) => c.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });
});
