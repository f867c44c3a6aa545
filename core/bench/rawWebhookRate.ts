/**
 * How fast can records reach the benchmark webhook receiver?
 *   npx tsx core/bench/rawWebhookRate.ts [--seconds 5] [--connections 4] [--batch 1000] [--busy-core]
 * Starts core/bench/webhookReceiver.ts as its own process, then measures, each in a fresh child
 * process (so peak RSS is per phase):
 *   raw          — a bare keep-alive HTTP client POSTing one identical pre-built body;
 *   destination  — WebhookDestination.send() with pre-built Change[] batches (it serialises
 *                  each batch, as it will in a sync);
 *   raw, busy core — with `--busy-core`, the raw phase again while another process spins on a
 *                  core: what the receiver manages when its neighbour is busy, as it is in a sync
 *                  (Ebb's own work takes the other core; core/diff/README.md, Session 12).
 * Prints one JSON document. The full sync benchmark should reach ≥ 50% of the raw rate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { webhookSettings } from '../destinations/webhook/settings.js';
import type { Change } from '../destinations/types.js';
import { WebhookDestination } from '../destinations/webhook/webhookDestination.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

/** One change of about 158 bytes as JSON; every record has the same size. */
export function benchChange(n: number): Change {
  const id = String(n).padStart(9, '0');
  return {
    op: n % 10 === 0 ? 'updated' : 'new',
    id,
    record: {
      id,
      email: `user${id}@example.com`,
      plan: 'teams',
      mrr: 49.5,
      signed_up: '2024-01-15T10:00:00.000Z',
    },
  };
}

interface PhaseResult {
  phase: string;
  records: number;
  requests: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  /** The client process's CPU seconds while measured. */
  cpuSeconds: number;
  failed?: number;
}

/** Runs `work` on `connections` loops for a warm-up second, then for `seconds` measured. */
async function timed(
  seconds: number,
  connections: number,
  work: () => Promise<number>,
): Promise<{ records: number; requests: number; seconds: number; cpuSeconds: number }> {
  let measuring = false;
  let records = 0;
  let requests = 0;
  let stop = false;
  const loops = Array.from({ length: connections }, async () => {
    while (!stop) {
      const n = await work();
      if (measuring) {
        records += n;
        requests += 1;
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  measuring = true;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  stop = true;
  await Promise.all(loops);
  return { records, requests, seconds: elapsed, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function rawPhase(port: number, seconds: number, connections: number, batchSize: number) {
  const batch = Array.from({ length: batchSize }, (_, i) => benchChange(i));
  const body = Buffer.from(JSON.stringify({ batch }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const post = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/hook',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve(batchSize) : reject(new Error(`${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const result = await timed(seconds, connections, post);
  agent.destroy();
  return { ...result, bodyBytes: body.length, bytesPerRecord: Math.round(body.length / batchSize) };
}

async function destinationPhase(
  port: number,
  seconds: number,
  connections: number,
  batchSize: number,
) {
  // Distinct pre-built batches, so the destination serialises real, varied arrays.
  const batches = Array.from({ length: 64 }, (_, b) =>
    Array.from({ length: batchSize }, (_, i) => benchChange(b * batchSize + i)),
  );
  const dest = new WebhookDestination(
    webhookSettings().parse({
      type: 'webhook',
      url: `http://127.0.0.1:${port}/hook`,
      batchSize,
      concurrency: connections,
    }),
  );
  await dest.open({ runId: 'bench', syncName: 'bench' });
  let next = 0;
  let failed = 0;
  const result = await timed(seconds, connections, async () => {
    const batch = batches[next++ % batches.length] ?? [];
    const answer = await dest.send(batch);
    failed += answer.failed.length;
    return answer.delivered.length;
  });
  await dest.close();
  return { ...result, failed };
}

async function runPhase(phase: string): Promise<void> {
  const port = arg('--port', 0);
  const seconds = arg('--seconds', 5);
  const connections = arg('--connections', 4);
  const batchSize = arg('--batch', 1000);
  const measured =
    phase === 'raw'
      ? await rawPhase(port, seconds, connections, batchSize)
      : await destinationPhase(port, seconds, connections, batchSize);
  const out: PhaseResult = {
    phase,
    ...measured,
    cpuSeconds: Number(measured.cpuSeconds.toFixed(2)),
    recordsPerSecond: Math.round(measured.records / measured.seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/**
 * Starts a TypeScript file under tsx in its own process; answers its first stdout line. With
 * EBB_BENCH_CPU_PROF=<dir> every such process writes a CPU profile there (`node --cpu-prof`).
 */
export function startTs(
  file: string,
  args: string[],
): { child: ChildProcess; firstLine: Promise<string> } {
  const profileDir = process.env.EBB_BENCH_CPU_PROF;
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { child, firstLine };
}

/** A phase run by startTs to its end: the JSON of its first line, once the process exited. */
export async function phaseResult<T>(file: string, args: string[]): Promise<T> {
  const run = startTs(file, args);
  const result = JSON.parse(await run.firstLine) as T;
  await new Promise((resolve) => run.child.once('exit', resolve));
  return result;
}

/** The receiver's counters and its CPU seconds so far. */
export async function getStats(
  port: number,
): Promise<{ records: number; requests: number; cpuSeconds: number }> {
  const res = await fetch(`http://127.0.0.1:${port}/stats`);
  return (await res.json()) as { records: number; requests: number; cpuSeconds: number };
}

async function main(): Promise<void> {
  const phaseAt = process.argv.indexOf('--phase');
  if (phaseAt >= 0) {
    await runPhase(process.argv[phaseAt + 1] ?? 'raw');
    return;
  }
  const receiver = startTs(path.join(here, 'webhookReceiver.ts'), ['--port', '0']);
  const { port } = JSON.parse(await receiver.firstLine) as { port: number };
  const passThrough = ['--seconds', '--connections', '--batch'].flatMap((name) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? [name, process.argv[at + 1] ?? ''] : [];
  });
  const results: Record<
    string,
    PhaseResult & { receiverRecordsWithWarmUp: number; receiverCpuUsPerRecord: number }
  > = {};
  const phases = ['raw', 'destination', ...(process.argv.includes('--busy-core') ? ['busy'] : [])];
  try {
    for (const phase of phases) {
      // A process spinning on one core beside the receiver and the client.
      const spinner =
        phase === 'busy'
          ? spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' })
          : undefined;
      const before = await getStats(port);
      const result = await phaseResult<PhaseResult>(fileURLToPath(import.meta.url), [
        '--phase',
        phase === 'busy' ? 'raw' : phase,
        '--port',
        String(port),
        ...passThrough,
      ]).finally(() => spinner?.kill('SIGKILL'));
      const after = await getStats(port);
      const received = after.records - before.records;
      results[phase] = {
        ...result,
        receiverRecordsWithWarmUp: received,
        // The receiver's CPU for each record it parsed, warm-up included.
        receiverCpuUsPerRecord: Number(
          (((after.cpuSeconds - before.cpuSeconds) * 1e6) / Math.max(1, received)).toFixed(2),
        ),
      };
    }
  } finally {
    receiver.child.kill('SIGTERM');
  }
  const raw = results.raw;
  const dest = results.destination;
  process.stdout.write(
    `${JSON.stringify(
      {
        recordsPerSecond: raw?.recordsPerSecond,
        bytesPerRecord: (raw as { bytesPerRecord?: number } | undefined)?.bytesPerRecord,
        connections: arg('--connections', 4),
        batchSize: arg('--batch', 1000),
        raw,
        webhookDestination: dest,
        destinationShareOfRaw:
          raw && dest ? Number((dest.recordsPerSecond / raw.recordsPerSecond).toFixed(3)) : null,
        ...(results.busy && raw
          ? {
              rawWithBusyCore: results.busy,
              busyCoreShareOfRaw: Number(
                (results.busy.recordsPerSecond / raw.recordsPerSecond).toFixed(3),
              ),
            }
          : {}),
      },
      null,
      2,
    )}\n`,
  );
}

// Run only as a script: syncBench imports startTs from here.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  await main();
