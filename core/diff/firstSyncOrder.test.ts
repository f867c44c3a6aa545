import { expect, test } from 'vitest';
import { withDuckDbWarehouse } from '../testing/duckDbWarehouse.js';
import type { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { planDiff, readStaged, stateTables } from './index.js';

const ref = { syncKey: 'sync-order', stateSchema: '_ebb_reverse_etl' };
const model = { ...ref, sql: 'select id, v from t', idColumn: 'id', maxRecords: 1_000_000 };

/** Plans a first sync of t (made by `create`), noting every statement; answers the staged ids. */
function firstSync(create: string, before?: (adapter: DuckDbAdapter) => Promise<void>) {
  return withDuckDbWarehouse(create, async (adapter, sql) => {
    await before?.(adapter);
    const plan = await planDiff(adapter, model);
    const seqs: number[] = [];
    const ids: number[] = [];
    for await (const batch of readStaged(adapter, ref, 1000)) {
      for (const change of batch) {
        seqs.push(change.seq);
        ids.push(Number(change.id));
      }
    }
    const tables = await adapter.query(
      `select table_name from information_schema.tables where table_schema = '_ebb_reverse_etl'`,
    );
    return { plan, seqs, ids, sql, tables: tables.map((t) => String(t.table_name)) };
  });
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const sortedAgain = (sql: string[]) => sql.some((s) => /_sorted" as select/.test(s));

test('a model already in id order is staged as it reads, without sorting it again', async () => {
  // Several of DuckDB's row groups (122,880 rows): the order check reads them in stored order.
  const n = 300_000;
  const { plan, seqs, ids, sql } = await firstSync(
    `create table t as select range as id, 'v' || range as v from range(1, ${n + 1})`,
  );
  expect(plan).toMatchObject({ new: n, staged: n });
  expect(seqs).toEqual(oneToN(n));
  expect(ids).toEqual(oneToN(n));
  expect(sortedAgain(sql)).toBe(false);
});

test('a model out of id order is sorted from its staged copy; a copy a crash left is dropped', async () => {
  const { plan, seqs, ids, sql, tables } = await firstSync(
    `create table t as select 5001 - range as id, 'v' || range as v from range(1, 5001)`,
    // What a crash between the sorted copy and its rename leaves behind.
    (adapter) =>
      adapter.ensureWritableSchema('_ebb_reverse_etl').then(() =>
        adapter.execute(
          `create table "_ebb_reverse_etl"."${stateTables(ref, 'duckdb').stageName}_sorted"
               as select 1 as leftover`,
        ),
      ),
  );
  expect(plan).toMatchObject({ new: 5000, staged: 5000 });
  expect(seqs).toEqual(oneToN(5000));
  expect(ids).toEqual(oneToN(5000));
  expect(sortedAgain(sql)).toBe(true);
  expect(tables.filter((name) => name.endsWith('_sorted'))).toEqual([]);
});
