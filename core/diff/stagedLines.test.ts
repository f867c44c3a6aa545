import { expect, test } from 'vitest';
import { withDuckDbWarehouse } from '../testing/duckDbWarehouse.js';
import type { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { planDiff } from './planDiff.js';
import { commitAcknowledged, readStaged } from './staged.js';
import { readStagedLines } from './stagedLines.js';
import type { DiffPlan, StagedChange } from './types.js';
import { awkwardText } from '../testing/awkwardText.js';

const ref = { syncKey: 'lines', stateSchema: '_ebb_reverse_etl' };
const SMALL = { firstRows: 7, maxRows: 40, maxBytes: 1 << 20 };

const plain = (batches: StagedChange[][]) =>
  batches.map((batch) => batch.map(({ seq, op, id, recordJson }) => ({ seq, op, id, recordJson })));

async function collect(batches: AsyncIterable<StagedChange[]>) {
  const all: StagedChange[][] = [];
  for await (const batch of batches) all.push(batch);
  return plain(all);
}

/**
 * Both readers' batches of the staged plan of `sql`, at several batch sizes and starting points;
 * how many `copy` statements the lines took.
 */
async function compare(adapter: DuckDbAdapter, plan: DiffPlan, staged: number) {
  const copies = { count: 0 };
  const query = adapter.query.bind(adapter);
  adapter.query = (sql: string) => {
    if (sql.trimStart().startsWith('copy')) copies.count++;
    return query(sql);
  };
  for (const size of [1, 10, 13]) {
    for (const afterSeq of [0, 5]) {
      const pages = await collect(readStaged(adapter, ref, size, afterSeq));
      const lines = await collect(
        readStagedLines(adapter, ref, size, {
          afterSeq,
          staged,
          inScanOrder: plan.stagedInScanOrder === true,
          chunks: SMALL,
        }),
      );
      expect(lines).toEqual(pages);
      expect(pages.flat()).toHaveLength(Math.max(0, staged - afterSeq));
    }
  }
  adapter.query = query;
  return copies.count;
}

async function planned(create: string, sql: string) {
  return withDuckDbWarehouse(create, async (adapter) => {
    const plan = await planDiff(adapter, { ...ref, sql, idColumn: 'id', maxRecords: 1e9 });
    const copies = await compare(adapter, plan, plan.staged);
    return { plan, copies };
  });
}

test('the same batches as the pages: negative ids, escapes, nested values', async () => {
  const { plan, copies } = await planned(
    `create table t as select range - 100 as id, ${awkwardText} as v,
        range * 1.25 as price, timestamp '2024-01-01' + to_seconds(range) as at,
        {'a': range, 'b': [1, 2]} as nested from range(0, 230)`,
    'select * from t',
  );
  expect(plan.staged).toBe(230);
  expect(copies).toBeGreaterThan(6 * 6);
});

test('the same batches for text ids (escapes, digits) and ids of 16 digits', async () => {
  const text = await planned(
    `create table t as select case range % 4
        when 0 then 'user-' || range || ' é'
        when 1 then 'q"' || range || '\\'
        when 2 then range::varchar
        else '-0' || range end as id, range as n from range(0, 60)`,
    'select * from t',
  );
  expect(text.plan.staged).toBe(60);
  const big = await planned(
    `create table t as select range + 9007199254740000 as id, -range * 1000000000000000 as n
       from range(30)`,
    'select * from t',
  );
  expect(big.plan.staged).toBe(30);
  const negative = await planned(
    `create table t as select -range - 999999999999990 as id from range(30)`,
    'select * from t',
  );
  expect(negative.plan.staged).toBe(30);
});

test('a record with a line break: its range is read from the pages from that line on', async () => {
  const { plan, copies } = await planned(
    `create table t as select range as id,
        case when range in (3, 60) then '{"a":' || chr(10) || '1}' else '{"a":1}' end::json as doc
       from range(1, 101)`,
    'select * from t',
  );
  expect(plan.staged).toBe(100);
  expect(copies).toBeGreaterThan(0);
});

test('an incremental plan with deleted, updated and new changes', async () => {
  await withDuckDbWarehouse(
    `create table t as select range as id, 'v' || range as v, ${awkwardText} as w from range(0, 200)`,
    async (adapter) => {
      const model = { ...ref, sql: 'select * from t', idColumn: 'id', maxRecords: 1e9 };
      const first = await planDiff(adapter, model);
      const seqs = Array.from({ length: first.staged }, (_, i) => i + 1);
      await commitAcknowledged(
        adapter,
        ref,
        seqs.map((seq) => ({ seq })),
      );
      await adapter.execute(`delete from t where id % 7 = 3`);
      await adapter.execute(`update t set v = 'changed' || chr(10) where id % 11 = 2`);
      await adapter.execute(`insert into t select range, 'late', null from range(200, 240)`);
      const plan = await planDiff(adapter, model);
      expect(plan.deleted).toBeGreaterThan(0);
      expect(plan.updated).toBeGreaterThan(0);
      expect(plan.new).toBe(40);
      // Staging of this plan is in seq order: the lines are read, not only the pages.
      expect(await compare(adapter, plan, plan.staged)).toBeGreaterThan(0);
    },
  );
});

test("two reads that overlap leave the warehouse's threads as they found them, ended in either order", async () => {
  await withDuckDbWarehouse(
    `create table t as select range as id, 'v' || range as v from range(0, 120)`,
    async (adapter) => {
      const plan = await planDiff(adapter, {
        ...ref,
        sql: 'select * from t',
        idColumn: 'id',
        maxRecords: 1e9,
      });
      await adapter.execute('set threads = 3');
      const threads = async () =>
        Number((await adapter.query(`select current_setting('threads') as t`))[0]?.t);
      const read = () =>
        readStagedLines(adapter, ref, 10, { staged: plan.staged, chunks: SMALL })[
          Symbol.asyncIterator
        ]();
      const rest = async (reader: AsyncIterator<StagedChange[]>, read: number) => {
        while (!(await reader.next()).done) read++;
        return read;
      };
      for (const lastOut of ['second', 'first'] as const) {
        const first = read();
        expect((await first.next()).done).toBe(false);
        expect(await threads()).toBe(1);
        const second = read();
        expect((await second.next()).done).toBe(false);
        const [early, late] = lastOut === 'second' ? [first, second] : [second, first];
        expect(await rest(early, 1)).toBe(12);
        expect(await rest(late, 1)).toBe(12);
        expect(await threads()).toBe(3);
      }
      // One left early (a cancelled run) ends its hold too.
      const left = read();
      await left.next();
      await left.return?.();
      expect(await threads()).toBe(3);
    },
  );
});
