import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createDuckDbFileIfMissing, DuckDbAdapter } from './duckdbAdapter.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function adapterWithRows(rows: number): Promise<DuckDbAdapter> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-duckdb-stream-'));
  const file = path.join(dir, 'w.duckdb');
  await createDuckDbFileIfMissing(file);
  const adapter = new DuckDbAdapter(file);
  await adapter.execute(
    `create table t as select range + 1 as seq, 'row ' || range as body from range(${rows})`,
  );
  return adapter;
}

/** A write, then a checkpoint, which DuckDB refuses while another transaction is open. */
async function expectNoTransactionLeft(adapter: DuckDbAdapter): Promise<void> {
  await adapter.execute(`update t set body = 'changed' where seq <= 10`);
  await expect(adapter.execute('checkpoint')).resolves.toBeUndefined();
}

/**
 * A stream left early (a preview reading only its first rows) must end its query and transaction
 * before its connection closes: one left behind blocked checkpoints, and once left the file's
 * later scans failing with an internal FSST error (core/diff/README.md, "Session 7").
 */
test('a text stream left after its first chunks leaves no transaction behind', async () => {
  const adapter = await adapterWithRows(200_000);
  let read = 0;
  for await (const values of adapter.streamText('select body from t order by seq')) {
    read += values.length;
    if (read >= 4096) break;
  }
  expect(read).toBeLessThan(200_000);
  await expectNoTransactionLeft(adapter);
  const [row] = await adapter.query(
    `select count(*) as n, count(*) filter (body = 'changed') as c from t`,
  );
  expect(Number(row!.n)).toBe(200_000);
  expect(Number(row!.c)).toBe(10);
  await adapter.close();
});

test('a text stream read to its end yields every row in the order of its query', async () => {
  const adapter = await adapterWithRows(50_000);
  const seen: string[] = [];
  for await (const values of adapter.streamText('select seq::varchar from t order by seq'))
    seen.push(...values);
  expect(seen).toHaveLength(50_000);
  expect(seen.every((value, i) => value === String(i + 1))).toBe(true);
  await adapter.execute('checkpoint');
  await adapter.close();
});

test('a model streamed as records and left early leaves no transaction behind', async () => {
  const adapter = await adapterWithRows(200_000);
  let batches = 0;
  for await (const batch of adapter.streamRows('select seq, body from t', 1000)) {
    if (batches === 0) expect(batch[0]).toEqual({ seq: 1, body: 'row 0' });
    if (++batches === 5) break;
  }
  await expectNoTransactionLeft(adapter);
  await adapter.close();
});
