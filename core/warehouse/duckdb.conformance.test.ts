import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { registerConformanceTests } from './conformance.js';
import { createDuckDbFileIfMissing, DuckDbAdapter } from './duckdbAdapter.js';
import { openWarehouse } from './openWarehouse.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-duck-'));
const file = path.join(dir, 'warehouse.duckdb');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

registerConformanceTests('DuckDB', () => ({
  async open() {
    await createDuckDbFileIfMissing(file);
    return new DuckDbAdapter(file);
  },
  blobFromBase64: (base64) => `from_base64('${base64}')`,
}));

test('a missing DuckDB file is named in the error', async () => {
  const adapter = openWarehouse({ kind: 'duckdb', path: path.join(dir, 'nope.duckdb') });
  await expect(adapter.test()).rejects.toMatchObject({
    code: 'WAREHOUSE_ERROR',
    message: expect.stringMatching(/DuckDB file not found: .*nope\.duckdb/),
  });
});
