import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { PostgresAdapter } from '../warehouse/postgresAdapter.js';
import {
  applyAcknowledged,
  commitAcknowledged,
  markInDoubt,
  planDiff,
  readStaged,
  recordAcknowledgedRanges,
} from './index.js';
import { stateTables } from './stateTables.js';
import type { StagedChange } from './types.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const ref = { syncKey: 'sync-1', stateSchema: '_ebb_reverse_etl' };
const model = { ...ref, sql: 'select id, v from t', idColumn: 'id', maxRecords: 1_000 };
const tables = stateTables(ref, 'postgres');

async function withWarehouse(name: string, work: (adapter: PostgresAdapter) => Promise<void>) {
  const adapter = new PostgresAdapter({ kind: 'postgres', url: await server.createDatabase(name) });
  try {
    await adapter.execute(
      `create table t as select g as id, 'v' || g as v from generate_series(0, 199) as g`,
    );
    await adapter.ensureWritableSchema(ref.stateSchema);
    await work(adapter);
  } finally {
    await adapter.close();
  }
}

async function staged(adapter: PostgresAdapter): Promise<StagedChange[]> {
  const all: StagedChange[] = [];
  for await (const batch of readStaged(adapter, ref, 64)) all.push(...batch);
  return all;
}

/** State row by row against the model: every id with exactly the record the model renders. */
async function expectStateEqualsModel(adapter: PostgresAdapter) {
  const rows = await adapter.query(`select id, record from ${tables.state} order by id`);
  expect(rows.map((r) => [Number(r.id), JSON.parse(String(r.record))])).toEqual(
    Array.from({ length: 200 }, (_, i) => [i, { id: i, v: `v${i}` }]),
  );
  const [meta] = await adapter.query(
    `select state_rows from ${tables.meta} where state_table = '${tables.stateName}'`,
  );
  expect(Number(meta?.state_rows)).toBe(200);
}

/** The indexes of a table in the state schema, by their definitions' column lists. */
async function indexes(adapter: PostgresAdapter, table: string) {
  const rows = await adapter.query(
    `select indexdef from pg_indexes where schemaname = '${ref.stateSchema}' and tablename = '${table}'`,
  );
  return rows.map((r) => String(r.indexdef).replace(/^.* USING btree /, '')).sort();
}

test('PostgreSQL: a first sync acknowledged whole becomes state (keyed, counted); applied again, nothing changes', async () => {
  await withWarehouse('whole', async (adapter) => {
    expect(await planDiff(adapter, model)).toMatchObject({ new: 200, staged: 200 });
    const sent = await staged(adapter);
    await commitAcknowledged(adapter, ref, sent);
    await expectStateEqualsModel(adapter);
    const columns = await adapter.query(`select * from ${tables.state} limit 1`);
    expect(Object.keys(columns[0]!)).toEqual(['id', 'fp', 'record']);
    expect(await indexes(adapter, tables.stateName)).toEqual(['(id)']);
    const [key] = await adapter.query(
      `select count(*) as n from pg_constraint
        where conrelid = '${tables.state}'::regclass and contype = 'p'`,
    );
    expect(Number(key?.n)).toBe(1);
    // What stays as staging names the changes by seq for the run log (indexed on seq), and
    // reads as nothing left.
    const kept = await adapter.query(
      `select seq, op, id from ${tables.stage} order by seq limit 2`,
    );
    expect(kept.map((r) => [Number(r.seq), r.op, Number(r.id)])).toEqual([
      [1, 'new', 0],
      [2, 'new', 1],
    ]);
    expect(await indexes(adapter, tables.stageName)).toEqual(['(seq)']);
    expect(await staged(adapter)).toEqual([]);

    // A crash after the commit, before the config store forgot the acknowledgements: the same
    // ranges are applied again and must change nothing; nor does marking them in doubt late.
    await recordAcknowledgedRanges(adapter, ref, [[1, 200]]);
    await applyAcknowledged(adapter, ref);
    await expectStateEqualsModel(adapter);
    expect(await planDiff(adapter, model)).toMatchObject({ new: 0, updated: 0, staged: 0 });

    // The next plans diff against it as against any state.
    await adapter.execute(`update t set v = 'changed' where id = 7`);
    await adapter.execute(`delete from t where id = 8`);
    expect(await planDiff(adapter, model)).toMatchObject({ updated: 1, deleted: 1, staged: 2 });
    await commitAcknowledged(adapter, ref, await staged(adapter));
    const [n] = await adapter.query(`select count(*) as n from ${tables.state}`);
    expect(Number(n?.n)).toBe(199);
    const [meta] = await adapter.query(
      `select state_rows from ${tables.meta} where state_table = '${tables.stateName}'`,
    );
    expect(Number(meta?.state_rows)).toBe(199);
  });
});

test('PostgreSQL: a first sync acknowledged in part is copied: the rest is new again next time', async () => {
  await withWarehouse('part', async (adapter) => {
    await planDiff(adapter, model);
    const sent = await staged(adapter);
    await markInDoubt(adapter, ref, [[50, 50]]);
    // seq 50 never answered: not acknowledged, so state cannot be staging whole.
    await commitAcknowledged(
      adapter,
      ref,
      sent.filter((c) => c.seq !== 50),
    );
    expect(await indexes(adapter, tables.stageName)).toEqual(['(seq)']);
    const again = await planDiff(adapter, model);
    expect(again).toMatchObject({ updated: 1, staged: 1 });
    const [retry] = await staged(adapter);
    expect(retry?.id).toBe(49);
    await commitAcknowledged(adapter, ref, [retry!]);
    await expectStateEqualsModel(adapter);
  });
});
