/**
 * The sync benchmark (`npm run bench:sync`): a 1M-record sync from DuckDB to a webhook receiver
 * running in another process, next to the raw rate of the same receiver taking identical
 * pre-built batches from a bare HTTP client. Prints one JSON document.
 *   npx tsx core/bench/syncBench.ts [--rows 1000000] [--batch 1000] [--connections 4]
 * The sync runs through the `ebb` CLI (electron/bin/ebb.cjs, the bundle users run) in a process of
 * its own, so its peak RSS is the sync's alone; `--breakdown` first runs it in process too (under
 * tsx) with its wall and CPU seconds phase by phase, then resets its state.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../createCore.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { addBenchSync } from './benchSync.js';
import { runEbb } from './cliProcess.js';
import { getStats, phaseResult, startTs } from './rawWebhookRate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Child phase: one sync run on a prepared home; prints its figures. */
async function syncPhase(home: string): Promise<void> {
  const core = createCore({ home, resourcesDir: path.join(root, 'resources'), host: 'cli' });
  const cpuSince = process.cpuUsage();
  const cpuAt = (): number => {
    const cpu = process.cpuUsage(cpuSince);
    return (cpu.user + cpu.system) / 1e6;
  };
  const started = performance.now();
  let loadStarted = 0;
  let commitStarted = 0;
  let planCpu = 0;
  let deliverCpu = 0;
  core.subscribe((event) => {
    if (event.name !== 'run.progress') return;
    if (event.payload.phase === 'load' && !loadStarted) {
      loadStarted = performance.now();
      planCpu = cpuAt();
    }
    if (event.payload.phase === 'commit' && !commitStarted) {
      commitStarted = performance.now();
      deliverCpu = cpuAt() - planCpu;
    }
  });
  // Memory while records go out (the peak of the whole run is the plan's, DuckDB's memory limit).
  const deliverPeak = { rss: 0, heap: 0, external: 0 };
  const sampler = setInterval(() => {
    if (!loadStarted || commitStarted) return;
    const memory = process.memoryUsage();
    deliverPeak.rss = Math.max(deliverPeak.rss, memory.rss);
    deliverPeak.heap = Math.max(deliverPeak.heap, memory.heapUsed);
    deliverPeak.external = Math.max(deliverPeak.external, memory.external);
  }, 50);
  const answer = await core.dispatch('syncs.run', { sync: 'bench' });
  clearInterval(sampler);
  const finished = performance.now();
  core.close();
  if (!answer.ok) throw new Error(answer.error.message);
  const run = answer.data as { delivered: number; failed: number; status: string };
  process.stdout.write(
    `${JSON.stringify({
      status: run.status,
      delivered: run.delivered,
      failed: run.failed,
      seconds: Number(((finished - started) / 1000).toFixed(2)),
      loadSeconds: Number(((finished - loadStarted) / 1000).toFixed(2)),
      recordsPerSecond: Math.round(run.delivered / ((finished - started) / 1000)),
      loadRecordsPerSecond: Math.round(run.delivered / ((finished - loadStarted) / 1000)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      // Wall and CPU seconds (DuckDB's threads included) of each part of the run.
      deliverPeakRssMb: mb(deliverPeak.rss),
      deliverPeakHeapUsedMb: mb(deliverPeak.heap),
      deliverPeakExternalMb: mb(deliverPeak.external),
      planSeconds: seconds(loadStarted - started),
      deliverSeconds: seconds(commitStarted - loadStarted),
      commitSeconds: seconds(finished - commitStarted),
      cpuSeconds: Number(cpuAt().toFixed(2)),
      planCpuSeconds: Number(planCpu.toFixed(2)),
      deliverCpuSeconds: Number(deliverCpu.toFixed(2)),
    })}\n`,
  );
}

async function main(): Promise<void> {
  const phaseAt = process.argv.indexOf('--sync-phase');
  if (phaseAt >= 0) return syncPhase(process.argv[phaseAt + 1]!);

  const rows = arg('--rows', 1_000_000);
  const batch = arg('--batch', 1000);
  const connections = arg('--connections', 4);
  const receiver = startTs(path.join(here, 'webhookReceiver.ts'), ['--port', '0']);
  const { port } = JSON.parse(await receiver.firstLine) as { port: number };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-bench-sync-'));
  try {
    const warehouse = path.join(home, 'bench.duckdb');
    // About 158 bytes per change as JSON, like the raw phase's pre-built records.
    await runDuckDb(
      warehouse,
      `create table customers as
         select lpad(range::varchar, 9, '0') as id,
                'user' || lpad(range::varchar, 9, '0') || '@example.com' as email,
                'teams' as plan, 49.5 as mrr, timestamp '2024-01-15 10:00:00' as signed_up
           from range(${rows})`,
    );
    const setup = createCore({ home, resourcesDir: path.join(root, 'resources'), host: 'cli' });
    await addBenchSync(setup, {
      warehouse,
      model: { name: 'customers', sql: 'select * from customers', idColumn: 'id' },
      destination: {
        name: 'receiver',
        config: {
          type: 'webhook',
          url: `http://127.0.0.1:${port}/hook`,
          batchSize: batch,
          concurrency: connections,
        },
      },
    });
    setup.close();

    const load = () => os.loadavg().map((n) => Number(n.toFixed(1)));
    const loadBefore = load();
    const beforeRaw = await getStats(port);
    const rawResult = await phaseResult<{
      recordsPerSecond: number;
      peakRssMb: number;
      bytesPerRecord: number;
      cpuSeconds: number;
      records: number;
    }>(path.join(here, 'rawWebhookRate.ts'), [
      '--phase',
      'raw',
      '--port',
      String(port),
      '--seconds',
      '5',
      '--connections',
      String(connections),
      '--batch',
      String(batch),
    ]);
    const afterRaw = await getStats(port);
    const loadAfterRaw = load();

    // In process (`--breakdown`): where the time and CPU go, phase by phase. Then the headline:
    // the same sync through the `ebb` CLI (the bundle users run), as the first-sync bench does.
    const breakdown = process.argv.includes('--breakdown')
      ? await phaseResult<Record<string, unknown>>(fileURLToPath(import.meta.url), [
          '--sync-phase',
          home,
        ])
      : undefined;
    if (breakdown) await runEbb(['--home', home, '--json', 'sync', 'reset', 'bench']);
    const afterBreakdown = await getStats(port);
    const cli = await runEbb(['--home', home, '--json', 'sync', 'run', 'bench']);
    if (cli.code !== 0) throw new Error(`ebb sync run exited ${cli.code}: ${cli.stderr}`);
    const summary = JSON.parse(cli.stdout) as { status: string; delivered: number; failed: number };
    const syncResult = {
      status: summary.status,
      delivered: summary.delivered,
      failed: summary.failed,
      seconds: Number(cli.seconds.toFixed(2)),
      recordsPerSecond: Math.round(summary.delivered / cli.seconds),
      peakRssMb: cli.peakRssMb ?? 0,
      cpuSeconds: cli.cpuSeconds ?? 0,
    };
    const afterSync = await getStats(port);
    const loadAfterSync = load();
    // CPU microseconds per record: the receiver's share is the same work in both phases, so
    // the client's and the sync's figures say where the difference goes, whatever the load.
    const perRecordUs = (cpuSeconds: number, records: number) =>
      Number(((cpuSeconds / records) * 1e6).toFixed(2));
    const rawReceived = afterRaw.records - beforeRaw.records;
    const syncReceived = afterSync.records - afterBreakdown.records;

    process.stdout.write(
      `${JSON.stringify(
        {
          rows,
          batchSize: batch,
          connections,
          raw: {
            recordsPerSecond: rawResult.recordsPerSecond,
            bytesPerRecord: rawResult.bytesPerRecord,
            peakRssMb: rawResult.peakRssMb,
            clientCpuUsPerRecord: perRecordUs(rawResult.cpuSeconds, rawResult.records),
            receiverCpuUsPerRecord: perRecordUs(
              afterRaw.cpuSeconds - beforeRaw.cpuSeconds,
              rawReceived,
            ),
          },
          sync: {
            ...syncResult,
            cpuUsPerRecord: perRecordUs(syncResult.cpuSeconds, syncReceived),
            receiverCpuUsPerRecord: perRecordUs(
              afterSync.cpuSeconds - afterBreakdown.cpuSeconds,
              syncReceived,
            ),
          },
          ...(breakdown ? { inProcess: breakdown } : {}),
          shareOfRaw: Number((syncResult.recordsPerSecond / rawResult.recordsPerSecond).toFixed(3)),
          targets: { shareOfRaw: 0.5, peakRssMb: 300 },
          loadAverage: { before: loadBefore, afterRaw: loadAfterRaw, afterSync: loadAfterSync },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    receiver.child.kill('SIGTERM');
    fs.rmSync(home, { recursive: true, force: true });
  }
}

await main();
