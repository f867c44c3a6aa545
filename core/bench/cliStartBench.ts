/**
 * CLI start: `ebb --json warehouse list` on an empty home, run 9 times (after one warm-up that
 * builds the bundle if needed); prints the median and the best wall time, and bare `node -e 0`
 * on the same machine for scale.
 *   npx tsx core/bench/cliStartBench.ts
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { round, runEbb } from './cliProcess.js';

const RUNS = 9;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bench-cli-'));
try {
  await runEbb(['--home', home, '--json', 'warehouse', 'list']);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await runEbb(['--home', home, '--json', 'warehouse', 'list']);
    if (run.code !== 0) throw new Error(`ebb warehouse list exited ${run.code}: ${run.stderr}`);
    times.push(run.seconds);
  }
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push((performance.now() - started) / 1000);
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  process.stdout.write(
    `${JSON.stringify(
      {
        command: 'ebb --json warehouse list',
        medianS: round(median(times), 3),
        bestS: round(Math.min(...times), 3),
        bareNodeMedianS: round(median(bare), 3),
        loadAverage: os.loadavg().map((n) => round(n, 1)),
        targets: { medianUnder200ms: median(times) <= 0.2 },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}
