/**
 * First sync benchmark: a DuckDB model of 7 columns synced to a JSON Lines file through the CLI
 * (`ebb sync run`), next to DuckDB's own `COPY (select …) TO 'x.json' (format json)` of the same
 * rows in the same run; then a second `ebb sync run` with nothing changed (the no-op sync). At
 * the smallest size the same to a CSV file, next to DuckDB's `COPY … (format csv, header)`.
 *   npx tsx core/bench/firstSyncBench.ts [--rows 1000000,3000000,10000000]
 * Prints one JSON document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { round } from './cliProcess.js';
import { ebb, firstSyncHome, generate, MODEL_SQL } from './firstSyncSetup.js';

function rowCounts(): number[] {
  const at = process.argv.indexOf('--rows');
  const text = at >= 0 ? process.argv[at + 1] : process.env.EBB_BENCH_ROWS;
  return (text ?? '1000000,3000000,10000000').split(',').map(Number);
}

/** DuckDB's own export of the model to a JSON (or CSV) file, timed in a fresh instance (wall, CPU s). */
async function duckDbCopy(
  file: string,
  out: string,
  format: Format = 'jsonl',
): Promise<{ wallS: number; cpuS: number }> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await connection.run(
      `copy (${MODEL_SQL}) to '${out}' (${format === 'csv' ? 'format csv, header' : 'format json'})`,
    );
    const used = process.cpuUsage(cpu);
    return { wallS: (performance.now() - started) / 1000, cpuS: (used.user + used.system) / 1e6 };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

type Format = 'jsonl' | 'csv';

async function scenario(rows: number, format: Format = 'jsonl') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bench-first-'));
  try {
    const warehouse = path.join(dir, 'bench.duckdb');
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    await generate(warehouse, rows);
    const copy = await duckDbCopy(warehouse, path.join(dir, 'copy.out'), format);
    const copyBytes = fs.statSync(path.join(dir, 'copy.out')).size;
    fs.rmSync(path.join(dir, 'copy.out'));
    const home = path.join(dir, 'home');
    await firstSyncHome(home, warehouse, out);
    if (format === 'csv') await ebb(home, ['destination', 'update', 'out', '--set', 'format=csv']);
    const first = await ebb(home, ['sync', 'run', 'bench']);
    const firstRun = JSON.parse(first.stdout) as { delivered: number; status: string };
    const written = fs.readdirSync(out).map((f) => fs.statSync(path.join(out, f)).size);
    const noop = await ebb(home, ['sync', 'run', 'bench']);
    const noopRun = JSON.parse(noop.stdout) as { delivered: number; status: string };
    if (firstRun.delivered !== rows || noopRun.delivered !== 0) {
      throw new Error(`unexpected runs: ${first.stdout} ${noop.stdout}`);
    }
    return {
      rows,
      format,
      duckDbCopyS: round(copy.wallS),
      duckDbCopyMb: Math.round(copyBytes / 2 ** 20),
      firstSyncS: round(first.seconds),
      firstSyncMb: Math.round(written.reduce((a, b) => a + b, 0) / 2 ** 20),
      ratio: round(first.seconds / copy.wallS),
      firstSyncPeakRssMb: first.peakRssMb,
      // The same in CPU seconds (every thread): steadier than wall time on a shared machine.
      duckDbCopyCpuS: round(copy.cpuS),
      firstSyncCpuS: first.cpuSeconds === null ? null : round(first.cpuSeconds),
      cpuRatio: first.cpuSeconds === null ? null : round(first.cpuSeconds / copy.cpuS),
      noopSyncS: round(noop.seconds),
      noopSyncCpuS: noop.cpuSeconds === null ? null : round(noop.cpuSeconds),
      noopPeakRssMb: noop.peakRssMb,
      loadAverage: os.loadavg().map((n) => round(n, 1)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results: Awaited<ReturnType<typeof scenario>>[] = [];
for (const rows of rowCounts()) results.push(await scenario(rows));
// The same model to a CSV file at the smallest size, against DuckDB's COPY … (format csv): not
// one of issue 12's targets, printed beside them.
const csv = await scenario(Math.min(...rowCounts()), 'csv');
const byRows = (n: number) => results.find((r) => r.rows === n);
const small = byRows(1_000_000);
const big = byRows(10_000_000);
process.stdout.write(
  `${JSON.stringify(
    {
      scenarios: results,
      csv,
      targets: {
        ratioWithin3x: results.map((r) => r.ratio <= 3),
        linear10mRatioWithin1_2xOf1m: small && big ? big.ratio <= 1.2 * small.ratio : null,
        peakRss10mUnder400Mb:
          big?.firstSyncPeakRssMb != null ? big.firstSyncPeakRssMb <= 400 : null,
        noopSync1mUnder1s: small ? small.noopSyncS <= 1 : null,
      },
    },
    null,
    2,
  )}\n`,
);
