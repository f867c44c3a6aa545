/**
 * What `--log-to-warehouse` costs a first sync (issue 14: at most 10%): a DuckDB model of 7
 * columns and 1M rows (EBB_BENCH_ROWS) synced to a JSON Lines file through the CLI, with and
 * without the sync log, each from an empty state in a fresh copy of the same warehouse file.
 * Trials alternate the order of the two (EBB_BENCH_TRIALS, default 3) so drift in the machine's
 * load hits both; medians are compared, in wall time and in the process's CPU time (steadier on
 * a shared machine). The logged runs' record_log must hold one row per record.
 *   npx tsx core/bench/syncLogBench.ts
 * Prints one JSON document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { round } from './cliProcess.js';
import { ebb, firstSyncHome, generate } from './firstSyncSetup.js';

const ROWS = Number(process.env.EBB_BENCH_ROWS?.split(',')[0] ?? 1_000_000);
const TRIALS = Number(process.env.EBB_BENCH_TRIALS ?? 3);

async function countRows(file: string, sql: string): Promise<number> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return Number(reader.getRows()[0]?.[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function firstSync(dir: string, source: string, logged: boolean, trial: number) {
  const base = path.join(dir, `${logged ? 'logged' : 'plain'}-${trial}`);
  fs.mkdirSync(path.join(base, 'out'), { recursive: true });
  const warehouse = path.join(base, 'bench.duckdb');
  fs.copyFileSync(source, warehouse);
  const home = path.join(base, 'home');
  await firstSyncHome(
    home,
    warehouse,
    path.join(base, 'out'),
    logged ? ['--log-to-warehouse'] : [],
  );
  const run = await ebb(home, ['sync', 'run', 'bench']);
  const summary = JSON.parse(run.stdout) as { delivered: number };
  if (summary.delivered !== ROWS) throw new Error(`unexpected run: ${run.stdout}`);
  if (logged) {
    const logRows = await countRows(
      warehouse,
      `select count(*) from _ebb_reverse_etl.record_log where status = 'delivered'`,
    );
    if (logRows !== ROWS) throw new Error(`record_log holds ${logRows} rows, not ${ROWS}`);
  }
  fs.rmSync(base, { recursive: true, force: true });
  return { seconds: run.seconds, cpuSeconds: run.cpuSeconds };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bench-log-'));
try {
  const source = path.join(dir, 'source.duckdb');
  await generate(source, ROWS);
  type Trial = Awaited<ReturnType<typeof firstSync>>;
  const runs: { plain: Trial[]; logged: Trial[] } = { plain: [], logged: [] };
  for (let trial = 0; trial < TRIALS; trial++) {
    const order = trial % 2 === 0 ? [false, true] : [true, false];
    for (const logged of order) {
      runs[logged ? 'logged' : 'plain'].push(await firstSync(dir, source, logged, trial));
    }
  }
  const wall = {
    plain: median(runs.plain.map((r) => r.seconds)),
    logged: median(runs.logged.map((r) => r.seconds)),
  };
  const cpuOf = (list: Trial[]) =>
    list.every((r) => r.cpuSeconds !== null) ? median(list.map((r) => r.cpuSeconds!)) : null;
  const cpu = { plain: cpuOf(runs.plain), logged: cpuOf(runs.logged) };
  const overhead = (plain: number, logged: number) => round(((logged - plain) / plain) * 100, 1);
  const wallOverheadPct = overhead(wall.plain, wall.logged);
  const cpuOverheadPct =
    cpu.plain !== null && cpu.logged !== null ? overhead(cpu.plain, cpu.logged) : null;
  process.stdout.write(
    `${JSON.stringify(
      {
        rows: ROWS,
        trials: TRIALS,
        firstSyncS: { plain: round(wall.plain), logged: round(wall.logged) },
        firstSyncCpuS:
          cpu.plain !== null && cpu.logged !== null
            ? { plain: round(cpu.plain), logged: round(cpu.logged) }
            : null,
        wallOverheadPct,
        cpuOverheadPct,
        each: {
          plain: runs.plain.map((r) => [round(r.seconds), r.cpuSeconds]),
          logged: runs.logged.map((r) => [round(r.seconds), r.cpuSeconds]),
        },
        targets: { logOverheadWithin10pct: (cpuOverheadPct ?? wallOverheadPct) <= 10 },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
