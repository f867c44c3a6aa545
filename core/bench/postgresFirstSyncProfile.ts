/**
 * Where a PostgreSQL → PostgreSQL first sync's time goes: the postgres bench's model (7 columns)
 * planned, read back, upserted by the PostgreSQL destination (its batch size and concurrency,
 * as the engine drives it) and committed, in one process against one embedded server, next to
 * the floor (`COPY (model) TO STDOUT` piped into `COPY … FROM STDIN`). Each phase and each SQL
 * statement of the warehouse is timed in wall, Node CPU and server CPU seconds (every process of
 * the server, read from /proc: the other sessions' load stretches wall time, not CPU).
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx core/bench/postgresFirstSyncProfile.ts [--rows N]
 * PG_BATCH and PG_CONCURRENCY in the environment override the destination's batch size and
 * concurrency (else its defaults).
 * Prints text. Linux only (server CPU from /proc).
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { RecordTextChange } from '../destinations/changeJson.js';
import { PostgresDestination } from '../destinations/postgres/postgresDestination.js';
import { postgresSettings } from '../destinations/postgres/settings.js';
import { commitAcknowledged, planDiff, readStaged } from '../diff/index.js';
import {
  createPgBenchSource,
  PG_MODEL_COLUMNS,
  PG_MODEL_SQL,
  withClient,
} from './postgresBenchSetup.js';
import { startTestPostgres } from '../testing/embeddedPostgres.js';
import { PostgresAdapter } from '../warehouse/postgresAdapter.js';
import type { WarehouseAdapter } from '../warehouse/types.js';

const rowsAt = process.argv.indexOf('--rows');
const ROWS = rowsAt >= 0 ? Number(process.argv[rowsAt + 1]) : 1_000_000;
const MODEL_SQL = PG_MODEL_SQL;

const nodeCpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/** CPU seconds of a process (and of its children it has waited for), from /proc. */
function procCpu(pid: number, withChildren: boolean): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(f[11]) + Number(f[12]);
    return (withChildren ? own + Number(f[13]) + Number(f[14]) : own) / 100;
  } catch {
    return 0;
  }
}

/** The server's CPU so far: the postmaster with the backends it reaped, plus the live ones. */
function serverCpu(postmaster: number): number {
  let total = procCpu(postmaster, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += procCpu(Number(entry), false);
    } catch {
      // gone meanwhile: its time is in the postmaster's children time
    }
  }
  return total;
}

interface Timing {
  sql: string;
  wallS: number;
  nodeS: number;
  serverS: number;
}

const server = await startTestPostgres();
let postmaster = 0;
const cpuNow = () => ({ wall: performance.now(), node: nodeCpu(), server: serverCpu(postmaster) });
const since = (from: ReturnType<typeof cpuNow>, server = true) => {
  const now = { wall: performance.now(), node: nodeCpu() };
  return {
    wallS: (now.wall - from.wall) / 1000,
    nodeS: now.node - from.node,
    serverS: server ? serverCpu(postmaster) - from.server : 0,
  };
};
const fmt = (t: { wallS: number; nodeS: number; serverS: number }) =>
  `wall ${t.wallS.toFixed(2).padStart(7)}  node ${t.nodeS.toFixed(2).padStart(6)}  server ${t.serverS.toFixed(2).padStart(6)}`;

function timeStatements(adapter: WarehouseAdapter, timings: Timing[]): void {
  for (const method of ['execute', 'query'] as const) {
    const original = adapter[method].bind(adapter) as (sql: string) => Promise<unknown>;
    (adapter as unknown as Record<string, unknown>)[method] = async (sql: string) => {
      // readStaged's page queries: wall and Node only. The server's CPU meanwhile is mostly the
      // destination's, and reading /proc around each of them cost Node ~1 s of a 1M sync.
      const page = sql.includes('string_agg');
      const from = page ? { wall: performance.now(), node: nodeCpu(), server: 0 } : cpuNow();
      try {
        return await original(sql);
      } finally {
        const t = since(from, !page);
        timings.push({ sql: sql.replace(/\s+/g, ' ').slice(0, 100), ...t });
      }
    };
  }
}

const phases: string[] = [];
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const from = cpuNow();
  const result = await work();
  phases.push(`${name.padEnd(34)} ${fmt(since(from))}`);
  return result;
}

try {
  const source = await server.createDatabase('bench_source');
  const target = await server.createDatabase('bench_target');
  postmaster = Number(
    fs
      .readFileSync(
        `${await withClient(source, async (c) => String((await c.query('show data_directory')).rows[0].data_directory))}/postmaster.pid`,
        'utf8',
      )
      .split('\n')[0],
  );
  await createPgBenchSource(source, ROWS);
  await withClient(source, (client) => client.query('checkpoint'));
  await withClient(target, (client) => client.query(`create table raw_copy (${PG_MODEL_COLUMNS})`));
  await phase('floor: COPY TO STDOUT | COPY FROM', () =>
    withClient(source, (from) =>
      withClient(target, (to) =>
        pipeline(
          from.query(copyTo(`copy (${MODEL_SQL}) to stdout`)),
          to.query(copyFrom('copy raw_copy from stdin')),
        ),
      ),
    ),
  );

  const adapter = new PostgresAdapter({ kind: 'postgres', url: source });
  const timings: Timing[] = [];
  timeStatements(adapter, timings);
  const ref = { syncKey: 'profile', stateSchema: '_ebb_reverse_etl' };
  const columns = await adapter.describeQuery(MODEL_SQL);
  await adapter.ensureWritableSchema(ref.stateSchema);
  const planFrom = timings.length;
  const plan = await phase('plan (planDiff)', () =>
    planDiff(adapter, { ...ref, sql: MODEL_SQL, idColumn: 'id', maxRecords: 1e12 }),
  );
  const readFrom = timings.length;
  const destination = new PostgresDestination(
    postgresSettings().parse({
      url: target,
      table: 'synced',
      ...(process.env.PG_CONCURRENCY ? { concurrency: Number(process.env.PG_CONCURRENCY) } : {}),
      ...(process.env.PG_BATCH ? { batchSize: Number(process.env.PG_BATCH) } : {}),
    }),
  );
  await destination.open({
    runId: 'profile',
    syncName: 'profile',
    idColumn: 'id',
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
  });
  let last = 0;
  let sendS = 0;
  await phase('read staged + destination', async () => {
    const inflight = new Set<Promise<void>>();
    for await (const batch of readStaged(adapter, ref, destination.batchSize)) {
      const changes = batch.map((c) => new RecordTextChange(c.op, String(c.id), c.recordJson));
      const started = performance.now();
      const task = destination.send(changes).then(() => {
        sendS += (performance.now() - started) / 1000;
      });
      inflight.add(task);
      void task.finally(() => inflight.delete(task));
      if (inflight.size >= destination.concurrency) await Promise.race(inflight);
      last = batch[batch.length - 1]!.seq;
    }
    await Promise.all(inflight);
  });
  // Per connection: what the destination's backends and the warehouse's one cost (all the run).
  const perBackend = await withClient(source, async (c) =>
    (
      await c.query<{ pid: number; datname: string }>(
        `select pid, datname from pg_stat_activity where pid <> pg_backend_pid() and backend_type = 'client backend'`,
      )
    ).rows.map((r) => `${r.datname} backend ${procCpu(r.pid, false).toFixed(2)} s`),
  );
  await destination.close();
  const commitFrom = timings.length;
  await phase('commit (one range)', () => commitAcknowledged(adapter, ref, range(last)));
  await adapter.close();
  const landed = await withClient(target, async (c) =>
    Number((await c.query('select count(*) as n from synced')).rows[0].n),
  );
  console.log(`rows ${ROWS}, staged ${plan.staged}, landed ${landed}, load ${loadavg()}`);
  console.log(phases.join('\n'));
  const show = (title: string, list: Timing[]) => {
    console.log(`\n${title}`);
    for (const t of list)
      if (t.wallS >= 0.05 || t.serverS >= 0.05) console.log(`${fmt(t)}  ${t.sql}`);
  };
  show('SQL of the plan:', timings.slice(planFrom, readFrom));
  const reads = timings.slice(readFrom, commitFrom).filter((t) => t.sql.includes('string_agg'));
  console.log(
    `\nreadStaged: ${reads.length} page queries, wall ${sum(reads, 'wallS').toFixed(2)} s (their server CPU is not read); destination sends ${sendS.toFixed(2)} s of wall (summed over concurrent sends)`,
  );
  show('SQL of the commit:', timings.slice(commitFrom));
  console.log(`\nbackends' CPU by the end of delivery: ${perBackend.join(', ')}`);
} finally {
  await server.stop();
}

function* range(to: number) {
  for (let seq = 1; seq <= to; seq++) yield { seq };
}

function sum(list: Timing[], key: 'wallS' | 'serverS') {
  return list.reduce((total, t) => total + t[key], 0);
}

function loadavg() {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
