/**
 * Diff benchmark: `npx tsx core/bench/diffBench.ts` prints one JSON document.
 *
 * Scenarios: DuckDB models of 1M and 10M rows, a PostgreSQL and a MariaDB model of 1M rows
 * (7 columns).
 * Each scenario is seeded (a first sync: plan everything, acknowledge everything), then 1% of
 * the rows are updated, 0.5% deleted and 0.5% added, and a fresh process measures:
 * a raw hashing scan of the model (the warehouse's row fingerprint summed over every row), the
 * full diff (planDiff, staging every change), each TRIALS times in turn and taken at its best,
 * the first preview page (previewDiff, 50 samples) and that process's peak RSS. Seeding and measuring run in separate child processes so the
 * seeding's footprint does not count against the diff. On MariaDB the server's CPU seconds of
 * the raw scan and of the diff are reported too (`serverCpu`, the whole server process's, and
 * `sessionThreadCpu`, the session's own thread's): on a shared machine they move far less with
 * the load than wall times do.
 *
 * Options: `--scenarios duckdb-1m,duckdb-10m,postgres-1m,mariadb-1m` to run a subset.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitAcknowledged, planDiff, previewDiff } from '../diff/index.js';
import { startTestMariadb } from '../testing/embeddedMariadb.js';
import { startTestPostgres } from '../testing/embeddedPostgres.js';
import { createDuckDbFileIfMissing } from '../warehouse/duckdbAdapter.js';
import { openWarehouse } from '../warehouse/openWarehouse.js';
import type { WarehouseAdapter, WarehouseConfig } from '../warehouse/types.js';
import {
  DIFF_MODEL_SQL,
  type DiffSourceKind,
  generateDiffSource,
  mutateDiffSource,
} from './diffSetup.js';
import { withProcessCpu, withServerCpu, withSessionThreadCpu } from './serverCpu.js';

interface Scenario {
  name: string;
  kind: DiffSourceKind;
  rows: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'duckdb-1m', kind: 'duckdb', rows: 1_000_000 },
  { name: 'duckdb-10m', kind: 'duckdb', rows: 10_000_000 },
  { name: 'postgres-1m', kind: 'postgres', rows: 1_000_000 },
  { name: 'mariadb-1m', kind: 'mysql', rows: 1_000_000 },
];

const target = (scenario: Scenario) => ({
  syncKey: `bench-${scenario.name}`,
  stateSchema: '_ebb_reverse_etl',
  sql: DIFF_MODEL_SQL,
  idColumn: 'id',
});

interface Job {
  phase: 'seed' | 'measure';
  scenario: Scenario;
  config: WarehouseConfig;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function generate(adapter: WarehouseAdapter, scenario: Scenario) {
  await adapter.execute('drop table if exists bench_src');
  await adapter.execute(generateDiffSource(scenario.kind, scenario.rows));
  if (scenario.kind === 'postgres') await adapter.execute('analyze bench_src');
}

async function mutate(adapter: WarehouseAdapter, scenario: Scenario) {
  for (const sql of mutateDiffSource(scenario.kind, scenario.rows)) await adapter.execute(sql);
  if (scenario.kind === 'postgres') await adapter.execute('vacuum analyze bench_src');
}

async function seed(job: Job) {
  const adapter = openWarehouse(job.config);
  try {
    const [, generateMs] = await timed(() => generate(adapter, job.scenario));
    const [plan, firstPlanMs] = await timed(() =>
      planDiff(adapter, { ...target(job.scenario), maxRecords: 150_000_000 }),
    );
    // The destination acknowledged everything: one range, without reading the records back.
    const [, commitMs] = await timed(() =>
      commitAcknowledged(
        adapter,
        target(job.scenario),
        (function* () {
          for (let seq = 1; seq <= plan.staged; seq++) yield { seq };
        })(),
      ),
    );
    await mutate(adapter, job.scenario);
    return {
      generateS: seconds(generateMs),
      initialPlanS: seconds(firstPlanMs),
      initialCommitS: seconds(commitMs),
      initialStaged: plan.staged,
    };
  } finally {
    await adapter.close();
  }
}

/** How many times the raw scan and the diff are each measured (the best of each counts). */
const TRIALS = 3;

async function measure(job: Job) {
  const adapter = openWarehouse(job.config);
  try {
    const fingerprint = await adapter.fingerprint(await adapter.describeQuery(DIFF_MODEL_SQL));
    // The floor reads and hashes every column of every row, as the diff must. MySQL's
    // fingerprint is text: sum() would turn each into a number with a warning per row (~20%
    // slower, a floor that flatters the ratio), so it takes max() of the same hashes.
    const fold = job.config.kind === 'mysql' ? 'max' : 'sum';
    const rawScanSql = `select count(*) as n, ${fold}(${fingerprint.expression('t')}) as h from (${DIFF_MODEL_SQL}) as t`;
    await adapter.query(rawScanSql); // warm-up: read the table once
    // MySQL/MariaDB also report the server's CPU seconds of the scan and of the diff.
    // DuckDB runs in this process: its CPU seconds are the process's (every thread).
    // On MariaDB also the CPU of the server thread running the session (the profile's CPU is
    // the whole server process's, background threads included).
    const cpuOf = async <T>(
      work: () => Promise<T>,
    ): Promise<[T, number | undefined, number | undefined]> => {
      if (job.config.kind === 'mysql') {
        const [[result, cpu], thread] = await withSessionThreadCpu(adapter, () =>
          withServerCpu(adapter, work),
        );
        return [result, cpu, thread];
      }
      if (job.config.kind === 'duckdb') return [...(await withProcessCpu(work)), undefined];
      return [await work(), undefined, undefined];
    };
    // The raw scan and the diff alternate TRIALS times and each is taken at its best: on a
    // shared machine one slow trial of either (another process's burst) would move the ratio.
    const trials: {
      rawMs: number;
      rawCpu: number | undefined;
      rawThread: number | undefined;
      diffMs: number;
      diffCpu: number | undefined;
      diffThread: number | undefined;
    }[] = [];
    let preview: Awaited<ReturnType<typeof previewDiff>> | undefined;
    let previewMs = 0;
    let plan: Awaited<ReturnType<typeof planDiff>> | undefined;
    for (let trial = 0; trial < TRIALS; trial++) {
      const [[, rawMs], rawCpu, rawThread] = await cpuOf(() =>
        timed(() => adapter.query(rawScanSql)),
      );
      if (!preview) {
        [preview, previewMs] = await timed(() =>
          previewDiff(adapter, { ...target(job.scenario), limit: 50 }),
        );
      }
      const [[planned, diffMs], diffCpu, diffThread] = await cpuOf(() =>
        timed(() => planDiff(adapter, { ...target(job.scenario), maxRecords: 150_000_000 })),
      );
      plan = planned;
      trials.push({ rawMs, rawCpu, rawThread, diffMs, diffCpu, diffThread });
    }
    const best = (pick: (t: (typeof trials)[number]) => number | undefined) => {
      const values = trials.map(pick);
      return values.every((v) => v !== undefined) ? Math.min(...values) : undefined;
    };
    const rawScanMs = best((t) => t.rawMs)!;
    const diffMs = best((t) => t.diffMs)!;
    const [rawScanCpuS, diffCpuS] = [best((t) => t.rawCpu), best((t) => t.diffCpu)];
    const [rawScanThreadS, diffThreadS] = [best((t) => t.rawThread), best((t) => t.diffThread)];
    if (!plan || !preview) throw new Error('no trial ran');
    const n = job.scenario.rows;
    const expected = { new: n / 200, updated: n / 100, deleted: n / 200 };
    return {
      rawScanSql: rawScanSql.replace(DIFF_MODEL_SQL, '<model>'),
      rawScanS: seconds(rawScanMs),
      diffS: seconds(diffMs),
      diffOverRawScan: Math.round((diffMs / rawScanMs) * 100) / 100,
      ...(rawScanCpuS !== undefined && diffCpuS !== undefined
        ? {
            [job.config.kind === 'mysql' ? 'serverCpu' : 'processCpu']: {
              rawScanS: rawScanCpuS,
              diffS: diffCpuS,
              diffOverRawScan: Math.round((diffCpuS / rawScanCpuS) * 100) / 100,
            },
          }
        : {}),
      ...(rawScanThreadS !== undefined && diffThreadS !== undefined
        ? {
            sessionThreadCpu: {
              rawScanS: rawScanThreadS,
              diffS: diffThreadS,
              diffOverRawScan: Math.round((diffThreadS / rawScanThreadS) * 100) / 100,
            },
          }
        : {}),
      trials: trials.map((t) => ({ rawScanS: seconds(t.rawMs), diffS: seconds(t.diffMs) })),
      firstPreviewPageS: seconds(previewMs),
      changes: { new: plan.new, updated: plan.updated, deleted: plan.deleted },
      expectedChanges: expected,
      previewSamples: preview.samples.length,
      staged: plan.staged,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      loadAverage: os.loadavg().map((n) => Math.round(n * 10) / 10),
    };
  } finally {
    await adapter.close();
  }
}

function runChild(job: Job): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', JSON.stringify(job)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let answer: Record<string, unknown> | undefined;
    child.on('message', (message) => {
      answer = message as Record<string, unknown>;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer && !('error' in answer)) resolve(answer);
      else
        reject(
          new Error(`${job.phase} ${job.scenario.name} failed: ${String(answer?.error ?? code)}`),
        );
    });
  });
}

async function child(job: Job) {
  try {
    const result = job.phase === 'seed' ? await seed(job) : await measure(job);
    process.send?.(result, () => process.exit(0));
  } catch (error) {
    process.send?.({ error: (error as Error).stack ?? String(error) }, () => process.exit(1));
  }
}

async function main() {
  const only = process.argv.includes('--scenarios')
    ? (process.argv[process.argv.indexOf('--scenarios') + 1] ?? '').split(',')
    : undefined;
  const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.name));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bench-'));
  const postgres = scenarios.some((s) => s.kind === 'postgres')
    ? await startTestPostgres()
    : undefined;
  const mariadb = scenarios.some((s) => s.kind === 'mysql') ? await startTestMariadb() : undefined;
  const results: Record<string, unknown> = {};
  try {
    for (const scenario of scenarios) {
      let config: WarehouseConfig;
      if (scenario.kind === 'duckdb') {
        const file = path.join(dir, `${scenario.name}.duckdb`);
        await createDuckDbFileIfMissing(file);
        config = { kind: 'duckdb', path: file };
      } else if (scenario.kind === 'mysql') {
        config = { kind: 'mysql', url: await mariadb!.createDatabase(`bench_${scenario.rows}`) };
      } else {
        config = {
          kind: 'postgres',
          url: await postgres!.createDatabase(`bench_${scenario.rows}`),
        };
      }
      const seeded = await runChild({ phase: 'seed', scenario, config });
      const measured = await runChild({ phase: 'measure', scenario, config });
      results[scenario.name] = { rows: scenario.rows, columns: 7, ...measured, seed: seeded };
    }
  } finally {
    await postgres?.stop();
    await mariadb?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const duck10 = results['duckdb-10m'] as
    { diffS: number; diffOverRawScan: number; peakRssMb: number } | undefined;
  const duck1 = results['duckdb-1m'] as { firstPreviewPageS: number } | undefined;
  const pg1 = results['postgres-1m'] as { diffOverRawScan: number } | undefined;
  const maria1 = results['mariadb-1m'] as { diffOverRawScan: number } | undefined;
  const targets = {
    duckdb10mDiffWithin4xRawScan: duck10 ? duck10.diffOverRawScan <= 4 : null,
    duckdb10mDiffUnder5s: duck10 ? duck10.diffS < 5 : null,
    duckdb1mFirstPreviewPageUnder1s: duck1 ? duck1.firstPreviewPageS < 1 : null,
    postgres1mDiffWithin3xRawScan: pg1 ? pg1.diffOverRawScan <= 3 : null,
    mariadb1mDiffWithin3xRawScan: maria1 ? maria1.diffOverRawScan <= 3 : null,
    peakRssUnder400MbAt10m: duck10 ? duck10.peakRssMb < 400 : null,
  };
  process.stdout.write(
    `${JSON.stringify(
      {
        machine: {
          cpus: os.cpus().length,
          memoryGb: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
        },
        scenarios: results,
        targets,
      },
      null,
      2,
    )}\n`,
  );
}

if (process.argv[2] === '--child') {
  await child(JSON.parse(process.argv[3] ?? '{}') as Job);
} else {
  await main();
}
