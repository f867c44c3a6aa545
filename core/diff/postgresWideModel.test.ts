import { afterAll, beforeAll, expect, test } from 'vitest';
import { MAX_COLUMNS } from '../models/limits.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { PostgresAdapter } from '../warehouse/postgresAdapter.js';
import { commitAcknowledged, planDiff, previewDiff, readStaged } from './index.js';
import type { StagedChange } from './types.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

/** An adapter that keeps the statement building `ebb_changes` (the diff's join). */
class ChangesRecorder extends PostgresAdapter {
  changesSql = '';
  override async execute(sql: string): Promise<void> {
    const select = /^\s*create temporary table ebb_changes as([\s\S]*)$/.exec(sql)?.[1];
    if (select !== undefined) this.changesSql = select;
    await super.execute(sql);
  }
}

test('the diff of a model of 512 columns plans in well under a second, not columns squared', async () => {
  const adapter = new ChangesRecorder({
    kind: 'postgres',
    url: await server.createDatabase('wide'),
  });
  try {
    await adapter.execute('create table w (id integer, last_col integer)');
    await adapter.execute('insert into w values (1, 1), (2, 2), (3, 3)');
    const middle = Array.from({ length: MAX_COLUMNS - 2 }, (_, i) =>
      i % 2 ? `'v' || t.id as c${i}` : `t.id * ${i} as c${i}`,
    );
    const o = {
      syncKey: 'wide',
      stateSchema: '_ebb_reverse_etl',
      sql: `select t.id, ${middle.join(', ')}, t.last_col from w t`,
      idColumn: 'id',
      maxRecords: 100,
    };
    await planDiff(adapter, o);
    const staged: StagedChange[] = [];
    for await (const batch of readStaged(adapter, o, 10)) staged.push(...batch);
    await commitAcknowledged(adapter, o, staged);
    await adapter.execute('update w set last_col = 0 where id = 2');
    const preview = await previewDiff(adapter, { ...o, limit: 5 });
    expect(preview.changes).toEqual({ new: 0, updated: 1, deleted: 0 });
    expect(adapter.changesSql).not.toBe('');
    // Before: every column's JSON carried a copy of the fingerprint's whole-row expression,
    // and PostgreSQL took 5.7-8 s to plan this 3-row diff (0.14 s after).
    const rows = await adapter.query(`explain (summary) ${adapter.changesSql}`);
    const text = rows.map((row) => String(Object.values(row)[0])).join('\n');
    const planningMs = Number(/Planning Time: ([\d.]+) ms/.exec(text)?.[1]);
    expect(planningMs).toBeLessThan(2000);
  } finally {
    await adapter.close();
  }
});
