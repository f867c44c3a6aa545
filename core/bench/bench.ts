/**
 * `npm run bench`: every benchmark of issue 12, each in its own process, then one summary.
 * The whole run is long; run pieces with `npm run bench -- cli first-sync` or
 * `EBB_BENCH=webhook,postgres npm run bench`. Pieces:
 *   cli         `ebb --json warehouse list` start time
 *   first-sync  DuckDB → JSONL file first sync vs DuckDB's COPY … (format json), 1M/3M/10M rows
 *               (EBB_BENCH_ROWS=1000000,3000000 to choose), plus the no-op sync of the same model
 *   webhook     DuckDB → webhook receiver in another process, 1M records, vs its raw rate
 *   postgres    PostgreSQL → PostgreSQL table, 1M rows, vs COPY TO STDOUT | COPY FROM STDIN
 *   diff        DuckDB 10M incremental diff vs the raw hashing scan
 *   mariadb     MariaDB 1M incremental diff vs its raw hashing scan (target ≤ 3×)
 *   hubspot     DuckDB → HubSpot stand-in, 100,000 records, vs the ceiling its limits allow
 *   sync-log    DuckDB → JSONL file first sync of 1M rows with and without --log-to-warehouse
 *               (target: the log costs ≤ 10%)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const PIECES: Record<string, string[]> = {
  cli: ['core/bench/cliStartBench.ts'],
  'first-sync': ['core/bench/firstSyncBench.ts'],
  webhook: ['core/bench/syncBench.ts'],
  postgres: ['core/bench/postgresSyncBench.ts'],
  diff: ['core/bench/diffBench.ts', '--scenarios', 'duckdb-10m'],
  mariadb: ['core/bench/diffBench.ts', '--scenarios', 'mariadb-1m'],
  hubspot: ['core/bench/hubspotBench.ts'],
  'sync-log': ['core/bench/syncLogBench.ts'],
};

const asked = [
  ...process.argv.slice(2),
  ...(process.env.EBB_BENCH ?? '').split(',').filter(Boolean),
];
const unknown = asked.filter((name) => !(name in PIECES));
if (unknown.length > 0) {
  console.error(
    `Unknown bench piece(s): ${unknown.join(', ')}. Pieces: ${Object.keys(PIECES).join(', ')}`,
  );
  process.exit(2);
}
const pieces = asked.length > 0 ? asked : Object.keys(PIECES);

function runPiece(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: path.resolve(import.meta.dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${args[0]} exited ${code}`)),
    );
  });
}

const results: Record<string, unknown> = {};
for (const piece of pieces) {
  console.log(`\n== ${piece} ==`);
  try {
    results[piece] = await runPiece(PIECES[piece]!);
  } catch (error) {
    results[piece] = { error: (error as Error).message };
  }
}
console.log('\n== summary ==');
console.log(JSON.stringify(results));
