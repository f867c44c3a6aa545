import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { commitAcknowledged, planDiff, readStaged, type StagedChange } from '../diff/index.js';
import { quoteLiteral } from '../values/sqlLiteral.js';
import { registerConformanceTests } from './conformance.js';
import { openWarehouse } from './openWarehouse.js';
import { filesStatePath, warehouseConfig } from './warehouseConfig.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-files-'));
const home = path.join(root, 'home');
const dir = path.join(root, 'exports');
fs.mkdirSync(dir);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

registerConformanceTests('Parquet/CSV folder', () => ({
  async open() {
    return openWarehouse(warehouseConfig({ kind: 'files', dir }, home));
  },
  blobFromBase64: (base64) => `from_base64('${base64}')`,
}));

async function drain(iterable: AsyncIterable<StagedChange[]>): Promise<StagedChange[]> {
  const all: StagedChange[] = [];
  for await (const batch of iterable) all.push(...batch);
  return all;
}

test('models read the folder’s Parquet and CSV files; state stays in Ebb’s home', async () => {
  const folder = path.join(root, 'orders');
  fs.mkdirSync(folder);
  const adapter = openWarehouse(warehouseConfig({ kind: 'files', dir: folder }, home));
  const write = async (ids: string, qty: string) => {
    await adapter.execute(
      `copy (select g as id, 'order ' || g as label, ${qty} as qty from ${ids} as s(g))
         to ${quoteLiteral(path.join(folder, 'orders.parquet'))} (format parquet)`,
    );
  };
  try {
    await write('range(1, 4)', 'g * 10');
    fs.writeFileSync(path.join(folder, 'regions.csv'), 'code,name\nfr,France\nde,Germany\n');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not data');
    const tables = await adapter.listTables();
    expect(tables.map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([
      ['orders.parquet', ['id', 'label', 'qty']],
      ['regions.csv', ['code', 'name']],
    ]);

    // Paths in models are relative to the folder.
    const o = {
      syncKey: 'orders',
      stateSchema: '_ebb_reverse_etl',
      sql: `select o.id, o.label, o.qty, r.name as region
              from 'orders.parquet' as o cross join (from read_csv('regions.csv') where code = 'fr') as r`,
      idColumn: 'id',
      maxRecords: 100,
    };
    const first = await planDiff(adapter, o);
    expect(first).toMatchObject({ new: 3, updated: 0, deleted: 0 });
    await commitAcknowledged(adapter, o, await drain(readStaged(adapter, o, 10)));

    // The export is rewritten: id 1 is gone, 2 changed, 4 is new.
    await write('range(2, 5)', 'case when g = 2 then 99 else g * 10 end');
    const second = await planDiff(adapter, o);
    expect(second).toMatchObject({ new: 1, updated: 1, deleted: 1 });
    const staged = await drain(readStaged(adapter, o, 10));
    expect(staged.map((c) => [c.op, c.id])).toEqual([
      ['deleted', 1],
      ['updated', 2],
      ['new', 4],
    ]);
    expect(staged[1]?.record).toEqual({ id: 2, label: 'order 2', qty: 99, region: 'France' });
    // The folder holds only the user's files; state is in Ebb's home.
    expect(fs.readdirSync(folder).sort()).toEqual(['notes.txt', 'orders.parquet', 'regions.csv']);
    expect(fs.existsSync(filesStatePath(home, folder))).toBe(true);
  } finally {
    await adapter.close();
  }
});

test('a missing folder is named in the error', async () => {
  const adapter = openWarehouse(
    warehouseConfig({ kind: 'files', dir: path.join(root, 'nope') }, home),
  );
  await expect(adapter.test()).rejects.toMatchObject({
    code: 'WAREHOUSE_ERROR',
    message: expect.stringMatching(/Folder not found: .*nope/),
  });
});
