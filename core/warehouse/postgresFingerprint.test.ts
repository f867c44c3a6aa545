import { afterAll, beforeAll, expect, test } from 'vitest';
import { commitAcknowledged, planDiff, readStaged } from '../diff/index.js';
import type { StagedChange } from '../diff/types.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { PostgresAdapter } from './postgresAdapter.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const ref = { syncKey: 'sync-pg-fp', stateSchema: '_ebb_reverse_etl' };
const model = { ...ref, sql: 'select id, v, at from t', idColumn: 'id', maxRecords: 100_000 };

/** PostgreSQL's fingerprint as Ebb computed it before session 12: md5 of the row's text. */
class Md5Adapter extends PostgresAdapter {
  override fingerprint() {
    return Promise.resolve({
      expression: (alias: string) => `('x' || left(md5(${alias}::text), 16))::bit(64)::bigint`,
      sqlType: 'bigint',
      tag: 'pg-md5-rowtext/16',
    });
  }
}

async function syncAll(adapter: PostgresAdapter) {
  const plan = await planDiff(adapter, model);
  const staged: StagedChange[] = [];
  for await (const batch of readStaged(adapter, ref, 500)) staged.push(...batch);
  await commitAcknowledged(adapter, ref, staged);
  return { plan, staged };
}

test('a state fingerprinted by md5 (Ebb before) is re-baselined to hashtextextended, and nothing unchanged is resent', async () => {
  const url = await server.createDatabase('fp_tag');
  const old = new Md5Adapter({ kind: 'postgres', url });
  try {
    await old.execute(`create table t as select g as id, 'v' || g as v,
      timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute' as at
      from generate_series(1, 2000) as g`);
    await old.ensureWritableSchema(ref.stateSchema);
    expect((await syncAll(old)).plan.new).toBe(2000);
  } finally {
    await old.close();
  }

  const adapter = new PostgresAdapter({ kind: 'postgres', url });
  try {
    const fingerprint = await adapter.fingerprint();
    expect(fingerprint.expression('m')).toContain('hashtextextended');
    // Two rows changed since: only they are sent; the other 1,998 take the new fingerprint.
    await adapter.execute(`update t set v = 'changed' where id in (7, 1500)`);
    const { plan, staged } = await syncAll(adapter);
    expect({ new: plan.new, updated: plan.updated, deleted: plan.deleted }).toEqual({
      new: 0,
      updated: 2,
      deleted: 0,
    });
    expect(staged.map((c) => c.id).sort()).toEqual([1500, 7]);
    // And from then on the new fingerprint is the one compared: nothing left to send.
    expect((await syncAll(adapter)).plan).toMatchObject({ new: 0, updated: 0, deleted: 0 });
    const [row] = await adapter.query(
      `select count(*) as n from ${'"_ebb_reverse_etl"'}.${'"ebb_sync_meta"'} where fingerprint_tag like 'pg-hashtext-rowtext/%'`,
    );
    expect(Number(row?.n)).toBe(1);
  } finally {
    await adapter.close();
  }
});
