import { DuckDBInstance } from '@duckdb/node-api';
import { runEbb } from './cliProcess.js';

/** The first-sync benches' model: 7 columns of every common type. */
export const MODEL_SQL = 'select id, name, email, qty, price, updated_at, active from bench_src';

/** DuckDB SQL creating bench_src, the model's table, with `rows` rows. */
export function createBenchSourceSql(rows: number): string {
  return `create table bench_src as
    select i as id, 'name_' || i as name, 'user' || i || '@example.com' as email,
           cast((i * 7) % 1000 as integer) as qty, round(i * 1.5, 2) as price,
           timestamp '2024-01-01' + to_seconds(i) as updated_at, i % 2 = 0 as active
      from range(1, ${rows + 1}) as r(i)`;
}

/** A DuckDB file holding bench_src of `rows` rows. */
export async function generate(file: string, rows: number): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    await connection.run(createBenchSourceSql(rows));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** `ebb --home HOME --json …`, which must succeed. */
export async function ebb(home: string, args: string[]) {
  const run = await runEbb(['--home', home, '--json', ...args]);
  if (run.code !== 0) {
    throw new Error(`ebb ${args.join(' ')} exited ${run.code}: ${run.stderr}${run.stdout}`);
  }
  return run;
}

/**
 * A home with warehouse `bench` (the DuckDB file), model `src`, a JSONL file destination `out`
 * in `outDir`, sync `bench` (with `syncFlags`) and no plan limit.
 */
export async function firstSyncHome(
  home: string,
  warehouse: string,
  outDir: string,
  syncFlags: string[] = [],
): Promise<void> {
  await ebb(home, ['warehouse', 'add', 'bench', '--duckdb', warehouse]);
  await ebb(home, [
    'model',
    'add',
    'src',
    '--warehouse',
    'bench',
    '--sql',
    MODEL_SQL,
    '--id',
    'id',
  ]);
  await ebb(home, ['destination', 'add', 'out', '--type', 'file', '--path', outDir]);
  await ebb(home, ['sync', 'add', 'bench', '--model', 'src', '--destination', 'out', ...syncFlags]);
  await ebb(home, ['plan', 'set', 'custom', '--limit', '1000000000000']);
}
