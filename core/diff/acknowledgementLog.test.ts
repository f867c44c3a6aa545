import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runDuckDb } from '../testing/duckdbFile.js';
import { tempHome } from '../testing/tempHome.js';
import { DuckDbAdapter } from '../warehouse/duckdbAdapter.js';
import { applyAcknowledged, planDiff, readStaged, recordAcknowledged } from './index.js';
import type { StagedChange } from './types.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

test('acknowledgements recorded by a run that died are applied by the next plan, never resent', async () => {
  const temp = tempHome();
  cleanup = temp.cleanup;
  const file = path.join(temp.home, 'w.duckdb');
  await runDuckDb(file, 'create table t as select range as id, range * 2 as v from range(100)');
  const ref = { syncKey: 'sync-1', stateSchema: '_ebb_reverse_etl' };
  const model = { ...ref, sql: 'select * from t', idColumn: 'id', maxRecords: 1_000 };

  const first = new DuckDbAdapter(file);
  expect(await planDiff(first, model)).toMatchObject({ new: 100, staged: 100 });
  const batches: StagedChange[][] = [];
  for await (const batch of readStaged(first, ref, 30)) batches.push(batch);
  expect(batches.map((b) => b.length)).toEqual([30, 30, 30, 10]);
  // Two batches acknowledged, one of them with a failed record (seq 45); then the process "dies".
  await recordAcknowledged(first, ref, batches[0]!);
  await recordAcknowledged(
    first,
    ref,
    batches[1]!.filter((c) => c.seq !== 45),
  );
  await first.close();

  const second = new DuckDbAdapter(file);
  try {
    const plan = await planDiff(second, model);
    expect(plan).toMatchObject({ new: 41, staged: 41 });
    const resent: unknown[] = [];
    for await (const batch of readStaged(second, ref, 100)) resent.push(...batch.map((c) => c.id));
    expect(resent).toContain(44);
    expect(resent.filter((id) => (id as number) < 60)).toEqual([44]);
    // Applying twice changes nothing.
    await applyAcknowledged(second, ref);
    expect(await planDiff(second, model)).toMatchObject({ new: 41 });
  } finally {
    await second.close();
  }
});
