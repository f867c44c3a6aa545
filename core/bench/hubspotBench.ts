/**
 * The HubSpot benchmark (`npm run bench:hubspot`): a 100,000-record sync from DuckDB to the
 * HubSpot stand-in answering every request after 50 ms, next to the ceiling HubSpot's 100 inputs
 * a request and the destination's concurrency allow (concurrency × 100 / 0.05 s). Prints JSON.
 *   npx tsx core/bench/hubspotBench.ts [--rows 100000] [--latency 50] [--concurrency 4]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../createCore.js';
import { HUBSPOT_INPUTS_PER_REQUEST } from '../destinations/hubspot/limits.js';
import { startHubspotStandIn } from '../destinations/hubspot/standIn.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { addBenchSync } from './benchSync.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

async function main(): Promise<void> {
  const rows = arg('--rows', 100_000);
  const latencyMs = arg('--latency', 50);
  const concurrency = arg('--concurrency', 4);
  const standIn = await startHubspotStandIn({ latencyMs, keepRequests: false });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bench-hubspot-'));
  const core = createCore({ home, resourcesDir: path.join(root, 'resources'), host: 'cli' });
  try {
    const warehouse = path.join(home, 'bench.duckdb');
    await runDuckDb(
      warehouse,
      `create table contacts as
         select lpad(range::varchar, 9, '0') as ebb_id, 'user ' || range as firstname,
                'user' || range || '@example.com' as email, (range % 1000) * 1.5 as score,
                case when range % 2 = 0 then 'pro' else 'free' end as plan
           from range(${rows})`,
    );
    await addBenchSync(core, {
      warehouse,
      model: { name: 'contacts', sql: 'select * from contacts', idColumn: 'ebb_id' },
      destination: {
        name: 'hubspot',
        config: {
          type: 'hubspot',
          endpoint: standIn.url,
          accessToken: standIn.accessToken,
          idProperty: 'ebb_id',
          concurrency,
        },
      },
    });
    let loadStarted = 0;
    core.subscribe((event) => {
      if (event.name === 'run.progress' && event.payload.phase === 'load' && !loadStarted)
        loadStarted = performance.now();
    });
    const started = performance.now();
    const answer = await core.dispatch('syncs.run', { sync: 'bench' });
    const finished = performance.now();
    const seconds = (finished - started) / 1000;
    const loadSeconds = (finished - (loadStarted || started)) / 1000;
    if (!answer.ok) throw new Error(answer.error.message);
    const run = answer.data as { status: string; delivered: number; failed: number };
    const ceiling = (concurrency * HUBSPOT_INPUTS_PER_REQUEST) / (latencyMs / 1000);
    const recordsPerSecond = Math.round(run.delivered / seconds);
    // The load phase alone (sending), which is what the ceiling bounds; the rest is reading
    // the model and planning the diff.
    const loadRecordsPerSecond = Math.round(run.delivered / loadSeconds);
    process.stdout.write(
      `${JSON.stringify(
        {
          rows,
          latencyMs,
          concurrency,
          status: run.status,
          delivered: run.delivered,
          failed: run.failed,
          heldByStandIn: standIn.byKey('ebb_id').size,
          seconds: Number(seconds.toFixed(2)),
          loadSeconds: Number(loadSeconds.toFixed(2)),
          recordsPerSecond,
          loadRecordsPerSecond,
          ceilingRecordsPerSecond: ceiling,
          loadOfCeiling: `${Math.round((loadRecordsPerSecond / ceiling) * 100)}%`,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    core.close();
    await standIn.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

await main();
