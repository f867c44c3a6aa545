import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runDuckDb } from '../testing/duckdbFile.js';
import { syncFixture } from '../testing/syncFixture.js';
import { MAX_ID_COLUMN_NAME_LENGTH, MAX_TIMESTAMP_COLUMN_NAME_LENGTH } from './limits.js';

test('a model keyed by a 191-character id column (and timestamp) saves, syncs and maps its id', async () => {
  const fixture = await syncFixture(1);
  try {
    const id = 'i'.repeat(MAX_ID_COLUMN_NAME_LENGTH);
    const ts = 't'.repeat(MAX_TIMESTAMP_COLUMN_NAME_LENGTH);
    await runDuckDb(
      fixture.warehouseFile,
      `create table k as select range as "${id}", now() as "${ts}", 'v' || range as v from range(3)`,
    );
    const out = await fixture.fileDestination('files');
    const { call } = fixture;
    const model = await call('models.add', {
      name: 'k',
      warehouse: 'wh',
      sql: 'select * from k',
      idColumn: id,
      timestampColumn: ts,
    });
    expect(model.problems ?? []).toEqual([]);
    await call('syncs.add', {
      name: 'sk',
      model: 'k',
      destination: 'files',
      mapping: { fields: [{ source: id, target: 'uid' }] },
    });
    const run = await call('syncs.run', { sync: 'sk' });
    expect([run.status, run.delivered]).toEqual(['succeeded', 3]);
    const [file] = fs.readdirSync(out);
    const records = fs
      .readFileSync(path.join(out, file!), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { record: unknown }).record);
    expect(records).toEqual([{ uid: 0 }, { uid: 1 }, { uid: 2 }]);
  } finally {
    fixture.close();
  }
});
